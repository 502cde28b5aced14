/** The OpenAPI paths of notifications, live events, channels and deliveries (api.md "Notifications and
 * live events"; api/routes/notifications.ts, live-events.ts, channels.ts). */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { CHANNEL_KINDS, NOTIFICATION_KINDS } from '../domain/notifications';
import {
  channelsQuerySchema,
  createChannelSchema,
  deliveriesQuerySchema,
  notificationsQuerySchema,
  patchChannelSchema,
} from './schemas';

type Response = NonNullable<RouteConfig['responses']>[string];

export function registerNotificationPaths(
  path: (config: RouteConfig) => void,
  json: (schema: z.ZodType, description: string) => Response,
  problems: (...statuses: number[]) => Record<string, Response>,
): void {
  const notification = z
    .object({
      id: z.string(),
      caseId: z.string(),
      caseNo: z.string(),
      kind: z.enum(NOTIFICATION_KINDS),
      title: z.string(),
      detail: z.string(),
      at: z.string().meta({ format: 'date-time' }),
      readAt: z.string().meta({ format: 'date-time' }).nullable(),
    })
    .meta({ id: 'Notification' });
  const channel = z
    .object({
      id: z.string(),
      orgUnitId: z.string(),
      kind: z.enum(CHANNEL_KINDS),
      url: z.string(),
      hasSecret: z.boolean().meta({ description: 'the secret itself is never shown' }),
      immediate: z.boolean(),
      events: z.array(z.enum(NOTIFICATION_KINDS)).nullable(),
      disabled: z.boolean(),
      createdAt: z.string(),
      updatedAt: z.string(),
    })
    .meta({ id: 'NotificationChannel' });
  const delivery = z
    .object({
      id: z.string(),
      channelId: z.string(),
      orgUnitId: z.string(),
      notification: z.object({
        id: z.string(),
        caseId: z.string(),
        caseNo: z.string(),
        kind: z.enum(NOTIFICATION_KINDS),
        title: z.string(),
        detail: z.string(),
        at: z.string(),
      }),
      status: z.enum(['pending', 'sent', 'failed']),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      notBefore: z.string().meta({ description: 'not sent before (a routine one waits for working hours)' }),
      createdAt: z.string(),
      sentAt: z.string().nullable(),
    })
    .meta({ id: 'Delivery' });
  const id = z.object({ id: z.string() });

  path({
    method: 'get',
    path: '/api/v1/notifications',
    operationId: 'listNotifications',
    summary: "The caller's notifications, newest first",
    request: { query: notificationsQuerySchema },
    responses: {
      200: json(
        z.object({ items: z.array(notification), nextCursor: z.string().nullable(), unreadCount: z.number().int() }),
        'a page of notifications and the unread count',
      ),
      ...problems(400, 401, 429),
    },
  });
  path({
    method: 'post',
    path: '/api/v1/notifications/{id}/read',
    operationId: 'readNotification',
    summary: 'Mark one notification read',
    request: { params: id },
    responses: { 200: json(notification, 'marked read'), ...problems(401, 403, 404, 429) },
  });
  path({
    method: 'post',
    path: '/api/v1/notifications/read-all',
    operationId: 'readAllNotifications',
    summary: "Mark all the caller's notifications read",
    responses: {
      200: json(z.object({ marked: z.number().int(), unreadCount: z.number().int() }), 'marked read'),
      ...problems(401, 403, 429),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/events',
    operationId: 'liveEvents',
    summary: 'Server-sent events for the caller',
    description:
      '`text/event-stream`: `notification.created` (a Notification), `case.changed` (`{ id, version }`) for cases the caller may see, `counts.changed` (`{}`: refetch the queue counts), `resync` (`{}`: `Last-Event-ID` is older than the feed holds; reload); a heartbeat comment every 15 s. Send `Last-Event-ID` to resume; an event may come twice, never not at all. Each API process polls the feed once a second.',
    request: {
      headers: z.object({
        'Last-Event-ID': z.string().max(300).optional().meta({ description: 'the `id` of the last event received' }),
      }),
    },
    responses: {
      200: { description: 'the event stream', content: { 'text/event-stream': { schema: z.string() } } },
      ...problems(401, 429),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/notification-channels',
    operationId: 'listNotificationChannels',
    summary: 'Outbound notification channels (admin)',
    request: { query: channelsQuerySchema },
    responses: { 200: json(z.object({ items: z.array(channel) }), 'channels'), ...problems(400, 401, 403, 429) },
  });
  path({
    method: 'post',
    path: '/api/v1/notification-channels',
    operationId: 'createNotificationChannel',
    summary: 'Add an outbound channel to an org unit (admin): webhook, DingTalk or WeCom robot',
    description:
      'A webhook is sent `POST` JSON `{ id, caseId, caseNo, kind, title, detail, at }` with `X-Notification-Id` (stable across retries), `X-Timestamp` and `X-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. A unit\'s channels get the notifications whose recipients are in that unit.',
    request: { body: { required: true, content: { 'application/json': { schema: createChannelSchema } } } },
    responses: { 201: json(channel, 'created'), ...problems(400, 401, 403, 415, 429) },
  });
  path({
    method: 'patch',
    path: '/api/v1/notification-channels/{id}',
    operationId: 'updateNotificationChannel',
    summary: 'Change a channel (admin)',
    request: {
      params: id,
      body: { required: true, content: { 'application/json': { schema: patchChannelSchema } } },
    },
    responses: { 200: json(channel, 'changed'), ...problems(400, 401, 403, 404, 415, 429) },
  });
  path({
    method: 'delete',
    path: '/api/v1/notification-channels/{id}',
    operationId: 'deleteNotificationChannel',
    summary: 'Remove a channel (admin)',
    request: { params: id },
    responses: { 204: { description: 'removed' }, ...problems(401, 403, 404, 429) },
  });
  path({
    method: 'get',
    path: '/api/v1/deliveries',
    operationId: 'listDeliveries',
    summary: 'Outbound deliveries, newest first (admin)',
    request: { query: deliveriesQuerySchema },
    responses: {
      200: json(
        z.object({
          items: z.array(delivery),
          nextCursor: z.string().nullable().meta({ description: 'the next page, or null at the end' }),
        }),
        'deliveries',
      ),
      ...problems(400, 401, 403, 429),
    },
  });
  path({
    method: 'post',
    path: '/api/v1/deliveries/{id}/retry',
    operationId: 'retryDelivery',
    summary: 'Send a failed delivery again (admin)',
    description: 'Only a failed delivery (else 409); a new run, retried with backoff like the first.',
    request: { params: id },
    responses: { 202: json(delivery, 'sending again'), ...problems(401, 403, 404, 409, 429) },
  });
}
