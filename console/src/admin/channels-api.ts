/** An administrator's outbound channels and their deliveries (api.md "Notifications and live events"), typed. */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { components, operations } from '../api/schema';
import { ApiError } from '../api/http';

export type Channel = components['schemas']['NotificationChannel'];
export type ChannelKind = Channel['kind'];
export type Delivery = components['schemas']['Delivery'];
export type DeliveryStatus = Delivery['status'];
export type ChannelCreate = operations['createNotificationChannel']['requestBody']['content']['application/json'];
export type ChannelPatch = operations['updateNotificationChannel']['requestBody']['content']['application/json'];

export const CHANNEL_KINDS: readonly ChannelKind[] = ['webhook', 'dingtalk', 'wecom'];
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'sent', 'failed'];
/** Deliveries asked for at once (the API gives at most 100). */
export const DELIVERY_PAGE = 50;

export const CHANNELS_KEY = ['notification-channels'] as const;
export const DELIVERIES_KEY = ['deliveries'] as const;

function fail(status: number, error: unknown): never {
  throw new ApiError(status, (error as ApiError['problem']) ?? null, null);
}

export function useChannels(enabled: boolean) {
  return useQuery({
    queryKey: CHANNELS_KEY,
    enabled,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/notification-channels');
      if (!data) fail(response.status, error);
      return data.items;
    },
  });
}

/** Deliveries newest first, a page at a time (`nextCursor`). */
export function useDeliveries(filter: { status?: DeliveryStatus; orgUnitId?: string }, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...DELIVERIES_KEY, filter.status ?? null, filter.orgUnitId ?? null],
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/api/v1/deliveries', {
        params: {
          query: {
            limit: DELIVERY_PAGE,
            ...(filter.status ? { status: filter.status } : {}),
            ...(filter.orgUnitId ? { orgUnitId: filter.orgUnitId } : {}),
            ...(pageParam ? { cursor: pageParam } : {}),
          },
        },
      });
      if (!data) fail(response.status, error);
      return data;
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While something is on its way, its outcome shows without a click.
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.items.some((d) => d.status === 'pending')) ? 5_000 : false,
  });
}

export async function createChannel(body: ChannelCreate): Promise<Channel> {
  const { data, error, response } = await api.POST('/api/v1/notification-channels', { body });
  if (!data) fail(response.status, error);
  return data;
}

export async function updateChannel(id: string, body: ChannelPatch): Promise<Channel> {
  const { data, error, response } = await api.PATCH('/api/v1/notification-channels/{id}', {
    params: { path: { id } },
    body,
  });
  if (!data) fail(response.status, error);
  return data;
}

export async function deleteChannel(id: string): Promise<void> {
  const { error, response } = await api.DELETE('/api/v1/notification-channels/{id}', { params: { path: { id } } });
  if (!response.ok) fail(response.status, error);
}

export async function retryDelivery(id: string): Promise<Delivery> {
  const { data, error, response } = await api.POST('/api/v1/deliveries/{id}/retry', { params: { path: { id } } });
  if (!data) fail(response.status, error);
  return data;
}
