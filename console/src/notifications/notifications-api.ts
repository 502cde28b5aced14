/** The caller's notifications (api.md "Notifications and live events"): the bell's count, the drawer's pages, read marks. */
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { components } from '../api/schema';
import { ApiError } from '../api/http';

export type Notification = components['schemas']['Notification'];
export type NotificationKind = Notification['kind'];

export interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
  unreadCount: number;
}

/** Every notification query starts with this: one invalidation refreshes the bell and the drawer. */
export const NOTIFICATIONS_KEY = ['notifications'] as const;
const UNREAD_KEY = [...NOTIFICATIONS_KEY, 'unread'] as const;
const LIST_KEY = [...NOTIFICATIONS_KEY, 'list'] as const;
const PAGE_SIZE = 20;

function fail(status: number, error: unknown): never {
  throw new ApiError(status, (error as ApiError['problem']) ?? null, null);
}

export async function fetchNotifications(query: {
  unread?: boolean;
  limit?: number;
  cursor?: string;
}): Promise<NotificationPage> {
  const { data, error, response } = await api.GET('/api/v1/notifications', {
    params: {
      query: {
        ...(query.unread ? { unread: 'true' as const } : {}),
        limit: query.limit ?? PAGE_SIZE,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      },
    },
  });
  if (!data) fail(response.status, error);
  return data;
}

export async function markRead(id: string): Promise<Notification> {
  const { data, error, response } = await api.POST('/api/v1/notifications/{id}/read', {
    params: { path: { id } },
  });
  if (!data) fail(response.status, error);
  return data;
}

export async function markAllRead(): Promise<void> {
  const { error, response } = await api.POST('/api/v1/notifications/read-all');
  if (!response.ok) fail(response.status, error);
}

/** The bell's number. The live stream refreshes it; the interval only covers a stream that is down. */
export function useUnreadCount() {
  return useQuery({
    queryKey: UNREAD_KEY,
    queryFn: async () => (await fetchNotifications({ unread: true, limit: 1 })).unreadCount,
    refetchInterval: 120_000,
    retry: 1,
  });
}

/** The drawer's list, newest first, a page at a time (`nextCursor`). */
export function useNotificationList(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: LIST_KEY,
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchNotifications({ cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useMarkRead() {
  return useMarkMutation(markRead);
}

export function useMarkAllRead() {
  return useMarkMutation(markAllRead);
}

/** Marking read, saying so when it fails (the badge would otherwise stay with no word why). */
function useMarkMutation<T>(mutationFn: (arg: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useMutation({
    mutationFn,
    onError: (err) => void message.error(`${t('saveFailed')}: ${err.message}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}
