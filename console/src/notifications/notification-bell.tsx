/**
 * 消息 (console.md S9): the header's bell with the unread count, a drawer of the caller's notifications
 * newest first (预警 / 超期 with its effect / 风险 / 待接收), and a toast when something urgent arrives.
 * Mounting it opens the tab's live stream (useLiveEvents): mount it once, in the signed-in layout.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent, type RefObject } from 'react';
import { App, Alert, Badge, Button, Drawer, Empty, Flex, Spin, Typography, notification, theme } from 'antd';
import { AlertOutlined, BellOutlined, WarningOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useServerNow } from '../components/use-server-now';
import { formatInstant } from '../components/format';
import { useLang } from '../i18n/use-lang';
import { isUrgentKind, useLiveEvents } from './live-events';
import { useNotificationText } from './messages';
import { KindTag } from './kind-tag';
import { relativeTime } from './relative-time';
import {
  useMarkAllRead,
  useMarkRead,
  useNotificationList,
  useUnreadCount,
  type Notification,
} from './notifications-api';

const casePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;

export function NotificationBell() {
  const text = useNotificationText();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  // The toasts' own instance, below the header (which wraps onto a second line at the larger text
  // sizes), so the bell and the header's switches stay in reach.
  const bellRef = useRef<HTMLSpanElement>(null);
  const headerHeight = useHeaderHeight(bellRef);
  const toastConfig = useMemo(() => ({ top: headerHeight + 16, stack: { threshold: 3 } }), [headerHeight]);
  const [toasts, toastHolder] = notification.useNotification(toastConfig);
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount().data ?? 0;
  const markRead = useMarkRead();

  const openCase = useCallback(
    (n: Notification) => {
      if (!n.readAt) markRead.mutate(n.id);
      void navigate(casePath(n.caseId));
    },
    [markRead, navigate],
  );

  const toast = useCallback(
    (n: Notification) => {
      if (!isUrgentKind(n.kind)) return;
      const breached = n.kind === 'deadline.breached';
      const colour = breached ? token.colorError : token.colorWarning;
      const show = breached ? toasts.error : toasts.warning;
      show({
        key: n.id,
        title: (
          <Flex gap={8} align="center" wrap>
            <KindTag kind={n.kind} />
            <span>{n.title}</span>
          </Flex>
        ),
        description: n.detail,
        icon: breached ? <WarningOutlined style={{ color: colour }} /> : <AlertOutlined style={{ color: colour }} />,
        style: { borderInlineStart: `4px solid ${colour}` },
        duration: 30,
        role: 'alert',
        actions: (
          <a
            href={`/console${casePath(n.caseId)}`}
            data-testid="toast-open-case"
            onClick={(e: MouseEvent) => {
              e.preventDefault();
              toasts.destroy(n.id);
              openCase(n);
            }}
          >
            {text.openCase}
          </a>
        ),
        props: { 'data-testid': 'notification-toast' },
      });
    },
    [toasts, openCase, text, token],
  );

  const status = useLiveEvents(toast);

  return (
    <>
      {toastHolder}
      <Badge ref={bellRef} count={unread} overflowCount={99} offset={[-4, 4]}>
        <Button
          type="text"
          shape="circle"
          size="large"
          aria-label={text.bell(unread)}
          aria-haspopup="dialog"
          data-testid="bell"
          data-unread={unread}
          icon={<BellOutlined style={{ color: '#fff', fontSize: 20 }} />}
          data-live={status === 'live'}
          onClick={() => {
            // The drawer lists what the toasts said.
            toasts.destroy();
            setOpen(true);
          }}
        />
      </Badge>
      <NotificationDrawer
        open={open}
        unread={unread}
        offline={status === 'reconnecting'}
        onClose={() => setOpen(false)}
        onPick={(n) => {
          setOpen(false);
          openCase(n);
        }}
      />
    </>
  );
}

/** The height of the page header around `inside`, kept up to date as it wraps and unwraps. */
function useHeaderHeight(inside: RefObject<HTMLElement | null>): number {
  const [height, setHeight] = useState(64);
  useEffect(() => {
    const header = inside.current?.closest('header');
    if (!header || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setHeight(Math.round(header.getBoundingClientRect().height)));
    observer.observe(header);
    return () => observer.disconnect();
  }, [inside]);
  return height;
}

function NotificationDrawer(props: {
  open: boolean;
  unread: number;
  offline: boolean;
  onClose: () => void;
  onPick: (n: Notification) => void;
}) {
  const text = useNotificationText();
  const { message } = App.useApp();
  const list = useNotificationList(props.open);
  const markAll = useMarkAllRead();
  const { token } = theme.useToken();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const now = useServerNow(30_000);
  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      // Wider with the larger text sizes (fontSize 14 / 17 / 20 px), never wider than the window.
      size={Math.min(token.fontSize * 32, window.innerWidth)}
      data-testid="notification-drawer"
      title={
        <Flex align="baseline" gap={12} style={{ whiteSpace: 'nowrap' }}>
          <span>{text.drawerTitle}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: '0.875em' }}>
            {text.unreadSummary(props.unread)}
          </Typography.Text>
        </Flex>
      }
      extra={
        <Button
          data-testid="read-all"
          disabled={props.unread === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate(undefined, { onSuccess: () => void message.success(text.readAllDone) })}
        >
          {text.readAll}
        </Button>
      }
      styles={{ body: { padding: 0 } }}
    >
      {props.offline && <Alert type="warning" showIcon banner title={text.offline} />}
      {list.isPending ? (
        <Spin style={{ display: 'block', margin: '48px auto' }} />
      ) : list.isError ? (
        <Alert
          type="error"
          showIcon
          style={{ margin: 16 }}
          title={text.failed}
          action={<Button onClick={() => void list.refetch()}>{text.retry}</Button>}
        />
      ) : items.length === 0 ? (
        <Empty style={{ marginTop: 48 }} description={text.empty} />
      ) : (
        <>
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="notification-list">
            {items.map((n) => (
              <NotificationItem key={n.id} n={n} now={now} onPick={props.onPick} />
            ))}
          </ul>
          {list.hasNextPage && (
            <Flex justify="center" style={{ padding: 16 }}>
              <Button
                data-testid="load-more"
                loading={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {text.loadMore}
              </Button>
            </Flex>
          )}
        </>
      )}
    </Drawer>
  );
}

function NotificationItem({ n, now, onPick }: { n: Notification; now: number; onPick: (n: Notification) => void }) {
  const text = useNotificationText();
  const lang = useLang();
  const { token } = theme.useToken();
  const unread = !n.readAt;
  return (
    <li style={{ borderBottom: `1px solid ${token.colorSplit}` }}>
      <a
        href={`/console${casePath(n.caseId)}`}
        data-testid="notification-item"
        data-unread={unread}
        onClick={(e) => {
          e.preventDefault();
          onPick(n);
        }}
        style={{
          display: 'block',
          padding: '12px 16px 12px 13px',
          borderInlineStart: `3px solid ${unread ? token.colorPrimary : 'transparent'}`,
          background: unread ? token.colorPrimaryBg : undefined,
          color: token.colorText,
        }}
      >
        <Flex justify="space-between" align="center" gap={8}>
          <Flex align="center" gap={8} wrap>
            <KindTag kind={n.kind} />
            <Typography.Text strong>{n.caseNo}</Typography.Text>
            {unread && (
              <Typography.Text style={{ color: token.colorPrimary, fontSize: '0.875em' }}>
                ● {text.unread}
              </Typography.Text>
            )}
          </Flex>
          <time
            dateTime={n.at}
            title={formatInstant(n.at, lang)}
            style={{ color: token.colorTextSecondary, whiteSpace: 'nowrap' }}
          >
            {relativeTime(n.at, now, lang, text.justNow)}
          </time>
        </Flex>
        <div style={{ marginTop: 6, fontWeight: unread ? 600 : 'normal' }}>{withoutCaseNo(n)}</div>
        <div style={{ marginTop: 2, color: token.colorTextSecondary }}>{n.detail}</div>
      </a>
    </li>
  );
}

/** The title less the case number it starts with: the row shows the number already. */
function withoutCaseNo(n: Notification): string {
  return n.title.startsWith(n.caseNo) ? n.title.slice(n.caseNo.length).trim() || n.title : n.title;
}
