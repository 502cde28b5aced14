/**
 * An administrator's outbound notification channels per org unit and their deliveries (api.md
 * "Notifications and live events"). A channel's secret is write-only: reads say whether one is set.
 */
import { Router } from 'express';
import { deliveryRunning, startDeliveryWorkflow, type DeliveryStarter } from '../../activities/deliveries';
import type { ChannelStore } from '../../db/channel-store';
import type { ChannelDoc, DeliveryDoc } from '../../db/models';
import type { OrgTree } from '../../db/org-units';
import { requireCaller, type Caller } from '../auth';
import { signedChannel } from '../../domain/notifications';
import { decodeMarkCursor, encodeMarkCursor } from '../case-queries';
import { AppError } from '../errors';
import { channelsQuerySchema, createChannelSchema, deliveriesQuerySchema, patchChannelSchema } from '../schemas';
import { parse } from '../validate';

export function presentChannel(c: ChannelDoc) {
  return {
    id: c._id,
    orgUnitId: c.orgUnitId,
    kind: c.kind,
    url: c.url,
    hasSecret: c.secret !== null,
    immediate: c.immediate,
    events: c.events,
    disabled: c.disabled,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export function presentDelivery(d: DeliveryDoc) {
  return {
    id: d._id,
    channelId: d.channelId,
    orgUnitId: d.orgUnitId,
    notification: d.payload,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    notBefore: d.notBefore,
    createdAt: d.createdAt,
    sentAt: d.sentAt,
  };
}

export function channelRoutes(deps: {
  channels: ChannelStore;
  orgTree: () => OrgTree;
  delivery: DeliveryStarter;
}): Router {
  const router = Router();

  router.get('/notification-channels', async (req, res) => {
    requireAdmin(req);
    const q = parse(channelsQuerySchema, req.query, 'query');
    res.json({ items: (await deps.channels.list(q.orgUnitId)).map(presentChannel) });
  });

  router.post('/notification-channels', async (req, res) => {
    requireAdmin(req);
    const body = parse(createChannelSchema, req.body, 'request body');
    if (!deps.orgTree().get(body.orgUnitId))
      throw new AppError('validation_failed', `no org unit ${body.orgUnitId}`, [
        { path: 'orgUnitId', message: 'unknown org unit' },
      ]);
    const channel = await deps.channels.create({
      orgUnitId: body.orgUnitId,
      kind: body.kind,
      url: body.url,
      secret: body.secret ?? null,
      immediate: body.immediate,
      events: body.events ?? null,
    });
    res.status(201).json(presentChannel(channel));
  });

  router.patch('/notification-channels/:id', async (req, res) => {
    requireAdmin(req);
    const body = parse(patchChannelSchema, req.body, 'request body');
    const id = String(req.params.id);
    if (body.secret === null) {
      const current = await deps.channels.channel(id);
      if (current && signedChannel(current.kind))
        throw new AppError('validation_failed', 'a webhook or DingTalk channel needs its signing secret', [
          { path: 'secret', message: 'cannot be removed from a signed channel; set a new one instead' },
        ]);
    }
    const channel = await deps.channels.update(id, body);
    if (!channel) throw new AppError('not_found', 'no such channel');
    res.json(presentChannel(channel));
  });

  router.delete('/notification-channels/:id', async (req, res) => {
    requireAdmin(req);
    if (!(await deps.channels.remove(String(req.params.id)))) throw new AppError('not_found', 'no such channel');
    res.status(204).end();
  });

  router.get('/deliveries', async (req, res) => {
    requireAdmin(req);
    const q = parse(deliveriesQuerySchema, req.query, 'query');
    const page = await deps.channels.deliveries({ ...q, after: decodeMarkCursor(q.cursor) });
    res.json({ items: page.items.map(presentDelivery), nextCursor: encodeMarkCursor(page.last) });
  });

  // "Send again": a failed delivery, or a pending one whose run has ended or never started; once per
  // request (the `resends` count names the new run, and a second click finds it running).
  router.post('/deliveries/:id/retry', async (req, res) => {
    requireAdmin(req);
    const id = String(req.params.id);
    const current = await deps.channels.delivery(id);
    if (!current) throw new AppError('not_found', 'no such delivery');
    const stalled = current.status === 'pending' && !(await deliveryRunning(deps.delivery.client, current));
    if (current.status !== 'failed' && !stalled)
      throw new AppError('conflict', `the delivery is ${current.status === 'sent' ? 'sent' : 'being sent'}`);
    const again = await deps.channels.resend(id, current.status, current.resends);
    if (!again) throw new AppError('conflict', 'the delivery changed meanwhile; reload');
    // Should this start fail, the delivery is pending with no run: it may be sent again.
    await startDeliveryWorkflow(deps.delivery, again);
    res.status(202).json(presentDelivery(again));
  });

  return router;
}

function requireAdmin(req: { caller?: Caller }): Caller {
  const caller = requireCaller(req);
  if (caller.role !== 'admin') throw new AppError('forbidden', 'only an administrator manages notification channels');
  return caller;
}
