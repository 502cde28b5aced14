/** The screens a role may open, in the header: the current one highlighted. */
import { Menu, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { Role } from '../../../domain/case-types';
import type { MessageKey } from '../i18n/messages';
import { useSession } from '../auth/session';

const ITEMS: Array<{ path: string; label: MessageKey; roles: readonly Role[] }> = [
  { path: '/', label: 'navQueue', roles: ['mediator', 'supervisor'] },
  { path: '/court', label: 'navCourt', roles: ['liaison'] },
  { path: '/audit', label: 'navAudit', roles: ['auditor', 'supervisor'] },
  { path: '/stats', label: 'navStats', roles: ['supervisor', 'auditor'] },
  { path: '/org', label: 'navOrg', roles: ['mediator', 'supervisor', 'liaison', 'auditor', 'admin'] },
  { path: '/admin/users', label: 'navAdmin', roles: ['admin'] },
  { path: '/admin/channels', label: 'navChannels', roles: ['admin'] },
];

export function NavMenu() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { pathname } = useLocation();
  const { token } = theme.useToken();
  if (!me) return null;
  const items = ITEMS.filter((i) => i.roles.includes(me.role));
  const selected = items.find((i) => i.path !== '/' && pathname.startsWith(i.path))?.path ?? '/';
  return (
    <Menu
      theme="dark"
      mode="horizontal"
      selectedKeys={[selected]}
      // Wide enough for every label at the chosen text size: a horizontal menu folds what does not fit into「…」.
      style={{
        flex: 'none',
        minWidth: items.reduce((w, i) => w + t(i.label).length * token.fontSize + 48, 0),
        background: 'transparent',
      }}
      items={items.map((i) => ({ key: i.path, label: <Link to={i.path}>{t(i.label)}</Link> }))}
      data-testid="nav"
    />
  );
}
