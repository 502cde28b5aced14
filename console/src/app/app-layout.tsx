import { App, Button, Flex, Layout, Space, Tag, Typography, theme } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { NavMenu } from './nav-menu';
import { Suspense } from 'react';
import { Spin } from 'antd';
import { useSession } from '../auth/session';
import { LanguageSwitch } from '../auth/language-switch';
import { FontSizeSwitch } from './font-size-switch';
import { NotificationBell } from '../notifications/notification-bell';
import { ROLE_LABELS, labelOf } from '../labels/labels';
import { useLang } from '../i18n/use-lang';

export function AppLayout() {
  const { t } = useTranslation();
  const lang = useLang();
  const { me, signOut } = useSession();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* At the larger text sizes the header wraps onto a second line rather than hiding the menu. */}
      <Layout.Header
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          height: 'auto',
          minHeight: 64,
          lineHeight: 'normal',
          paddingInline: 24,
          paddingBlock: 8,
          columnGap: 24,
          rowGap: 4,
        }}
      >
        <Link to="/" style={{ color: '#fff', fontSize: token.fontSizeHeading4, fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('appTitle')}
        </Link>
        <NavMenu />
        <Flex flex={1} justify="end" align="center" gap={16} wrap>
          {me && (
            <Space size={8} style={{ color: 'rgba(255,255,255,.85)' }} data-testid="who">
              <span>{me.name}</span>
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                {labelOf(ROLE_LABELS, me.role, lang)}
              </Tag>
              <Typography.Text style={{ color: 'rgba(255,255,255,.65)' }}>{me.orgName}</Typography.Text>
            </Space>
          )}
          <NotificationBell />
          <FontSizeSwitch />
          <LanguageSwitch />
          <Button
            icon={<LogoutOutlined />}
            data-testid="logout"
            onClick={() => void signOut().catch(() => void message.error(t('logoutFailed')))}
          >
            {t('logout')}
          </Button>
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: '16px 24px' }}>
        <Suspense fallback={<Spin style={{ display: 'block', margin: '10vh auto' }} />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
