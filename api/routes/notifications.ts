/** The caller's notifications (api.md "Notifications and live events"): newest first, read per user. */
import { Router } from 'express';
import type { InboxItemDoc } from '../../db/models';
import { requireCaller } from '../auth';
import type { InboxIndex } from '../inbox-index';
import { decodeMarkCursor, encodeMarkCursor } from '../case-queries';
import { AppError } from '../errors';
import { notificationsQuerySchema } from '../schemas';
import { parse } from '../validate';

/** A notification as the API shows it. */
export function presentNotification(item: InboxItemDoc) {
  return {
    id: item._id,
    caseId: item.caseId,
    caseNo: item.caseNo,
    kind: item.kind,
    title: item.title,
    detail: item.detail,
    at: item.at,
    readAt: item.readAt,
  };
}

export function notificationRoutes(deps: { inbox: InboxIndex }): Router {
  const router = Router();

  router.get('/notifications', async (req, res) => {
    const caller = requireCaller(req);
    const q = parse(notificationsQuerySchema, req.query, 'query');
    const page = await deps.inbox.page(caller.sub, {
      unread: q.unread === 'true',
      limit: q.limit,
      after: decodeMarkCursor(q.cursor),
    });
    res.set('Cache-Control', 'no-store').json({
      items: page.items.map(presentNotification),
      nextCursor: encodeMarkCursor(page.last),
      unreadCount: page.unreadCount,
    });
  });

  router.post('/notifications/read-all', async (req, res) => {
    const caller = requireCaller(req);
    res.json(await deps.inbox.markAllRead(caller.sub, new Date()));
  });

  router.post('/notifications/:id/read', async (req, res) => {
    const caller = requireCaller(req);
    const item = await deps.inbox.markRead(caller.sub, String(req.params.id), new Date());
    if (!item) throw new AppError('not_found', 'no such notification');
    res.json(presentNotification(item));
  });

  return router;
}
