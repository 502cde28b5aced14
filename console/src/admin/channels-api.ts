/** An administrator's outbound channels and their deliveries (api.md "Notifications and live events"), typed. */
import { useQuery } from '@tanstack/react-query';
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
/** The most the API lists at once. */
export const DELIVERY_LIMIT = 100;

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

export function useDeliveries(filter: { status?: DeliveryStatus; orgUnitId?: string }, enabled: boolean) {
  return useQuery({
    queryKey: [...DELIVERIES_KEY, filter.status ?? null, filter.orgUnitId ?? null],
    enabled,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/deliveries', {
        params: {
          query: {
            limit: DELIVERY_LIMIT,
            ...(filter.status ? { status: filter.status } : {}),
            ...(filter.orgUnitId ? { orgUnitId: filter.orgUnitId } : {}),
          },
        },
      });
      if (!data) fail(response.status, error);
      return data.items;
    },
    // While something is on its way, its outcome shows without a click.
    refetchInterval: (q) => (q.state.data?.some((d) => d.status === 'pending') ? 5_000 : false),
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
