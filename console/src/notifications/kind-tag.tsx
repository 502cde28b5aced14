/** A notification's kind as colour and icon and text (console.md: colour is never the only signal). */
import type { ReactNode } from 'react';
import { Tag } from 'antd';
import { AlertOutlined, ClockCircleOutlined, InboxOutlined, WarningOutlined } from '@ant-design/icons';
import type { NotificationKind } from './notifications-api';
import { useNotificationText } from './messages';

export const KIND_LOOK: Record<NotificationKind, { color: string; icon: ReactNode }> = {
  'deadline.warned': { color: 'warning', icon: <ClockCircleOutlined /> },
  'deadline.breached': { color: 'error', icon: <WarningOutlined /> },
  'risk.reported': { color: 'volcano', icon: <AlertOutlined /> },
  'case.transferred': { color: 'processing', icon: <InboxOutlined /> },
};

export function KindTag({ kind }: { kind: NotificationKind }) {
  const text = useNotificationText();
  const look = KIND_LOOK[kind] ?? KIND_LOOK['deadline.warned'];
  return (
    <Tag color={look.color} icon={look.icon} style={{ marginInlineEnd: 0 }} data-testid="notification-kind">
      {text.kind[kind] ?? kind}
    </Tag>
  );
}
