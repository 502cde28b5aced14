/**
 * The notification screens' words (console.md S9), Chinese first. Kept beside the feature rather than
 * in i18n/messages.ts; `en` must have every key `zh` has: the type says so.
 */
import type { Lang } from '../i18n/lang';
import { useLang } from '../i18n/use-lang';
import type { NotificationKind } from './notifications-api';

const zh = {
  bell: (unread: number) => (unread > 0 ? `消息，${unread} 条未读` : '消息，没有未读'),
  drawerTitle: '消息',
  unreadSummary: (unread: number) => (unread > 0 ? `${unread} 条未读` : '全部已读'),
  readAll: '全部已读',
  readAllDone: '已全部标为已读',
  loadMore: '加载更多',
  empty: '暂无消息',
  unread: '未读',
  failed: '消息加载失败，请稍后重试',
  retry: '重试',
  openCase: '查看案件',
  live: '实时',
  offline: '连接中断，正在重连…',
  kind: {
    'deadline.warned': '预警',
    'deadline.breached': '超期',
    'risk.reported': '风险',
    'case.transferred': '待接收',
  } satisfies Record<NotificationKind, string>,
  justNow: '刚刚',
};

type Messages = typeof zh;

const en: Messages = {
  bell: (unread) => (unread > 0 ? `Notifications, ${unread} unread` : 'Notifications, none unread'),
  drawerTitle: 'Notifications',
  unreadSummary: (unread) => (unread > 0 ? `${unread} unread` : 'All read'),
  readAll: 'Mark all read',
  readAllDone: 'All marked read',
  loadMore: 'Load more',
  empty: 'No notifications',
  unread: 'Unread',
  failed: 'Could not load notifications; try again shortly',
  retry: 'Retry',
  openCase: 'Open case',
  live: 'Live',
  offline: 'Connection lost, reconnecting…',
  kind: {
    'deadline.warned': 'Due soon',
    'deadline.breached': 'Overdue',
    'risk.reported': 'Risk',
    'case.transferred': 'Incoming',
  },
  justNow: 'just now',
};

export const NOTIFICATION_MESSAGES: Record<Lang, Messages> = { zh, en };

export function useNotificationText(): Messages {
  return NOTIFICATION_MESSAGES[useLang()];
}
