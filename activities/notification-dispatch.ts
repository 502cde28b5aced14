/**
 * Turns the notifications a batch of case events calls for into what reaches people (issue 11): one
 * inbox item per recipient, an entry on the live feed for their event streams, and one delivery per
 * outbound channel of the recipients' units, sent by its own Temporal workflow. Everything is keyed by
 * case id and `seq`, so a retried activity writes no second inbox item and starts no second delivery (its
 * live-feed entries it may write again: streams are at least once, and clients drop a repeated item id).
 */
import type { Logger } from 'pino';
import type { Model } from 'mongoose';
import { CalendarStore } from '../db/calendar-store';
import type { ChannelDoc, InboxItemDoc, LiveEventDoc, Models } from '../db/models';
import { driverCollection, ignoringDuplicates } from '../db/models';
import { writeToFeed } from '../db/live-feed-writes';
import { OrgTreeCache } from '../db/org-unit-store';
import type { OrgTree } from '../db/org-units';
import { RecipientResolver } from '../db/recipients';
import { resolveCalendar, type Calendar } from '../domain/calendar';
import type { CaseEvent } from '../domain/case-events';
import type { CaseDocFields, CaseWhereabouts } from '../domain/case-view';
import { channelSendAt, notificationTargets, notificationText } from '../domain/notifications';
import { startDelivery, type DeliveryStarter } from './deliveries';

export function createNotificationDispatch(deps: { models: Models; log: Logger; delivery?: DeliveryStarter }) {
  const { models, log } = deps;
  // The org tree as of its version: one read by id per batch instead of every unit (25 ms at 500 units
  // on the embedded FerretDB, against 0.5 ms; issue 14). Loaded at the first batch, retried if that fails.
  let cache: Promise<OrgTreeCache> | null = null;
  const currentTree = async (): Promise<OrgTree> => {
    const loading = (cache ??= OrgTreeCache.load(models).catch((err: unknown) => {
      cache = null;
      throw err;
    }));
    const trees = await loading;
    await trees.refresh();
    return trees.current();
  };

  /** `noticesAt`: the case as each event left it (domain/notifications `noticeWhereabouts`), which the
   * targets are resolved against; `view`, the case after the batch, where it is missing. */
  return async function dispatch(
    events: CaseEvent[],
    view: CaseDocFields,
    noticesAt: Record<string, CaseWhereabouts>,
  ): Promise<void> {
    const noticed = events.filter((e) => notificationTargets(e).length > 0);
    if (noticed.length === 0) return;
    const tree = await currentTree();
    const resolver = new RecipientResolver(models, tree);
    // Read only for a channel that waits for working hours: most events reach no such channel.
    let calendar: Calendar | null = null;
    const workingCalendar = async () =>
      (calendar ??= resolveCalendar(await new CalendarStore(models.User.db).newest()));
    for (const e of noticed) {
      const asOf: CaseDocFields = { ...view, ...noticesAt[e.seq] };
      const atTop = !tree.get(asOf.ownerOrgUnitId)?.parentId;
      const text = notificationText(e, view.caseNo, (id) => resolver.name(id), atTop);
      if (!text) continue;
      const notificationId = `${e.caseId}:${e.seq}`;
      const base = { notificationId, caseId: e.caseId, caseNo: view.caseNo, kind: text.kind, at: e.at };
      const items = new Map<string, InboxItemDoc>();
      // Each unit whose channels are sent it, with the walk-up note of the target that reached it.
      const units = new Map<string, string | null>();
      const withNote = (note: string | null | undefined) => (note ? `${text.detail}（${note}）` : text.detail);
      const add = (userId: string, note: string | null) => {
        if (items.has(userId)) return;
        const detail = withNote(note);
        items.set(userId, {
          _id: `${notificationId}:${userId}`,
          userId,
          ...base,
          title: text.title,
          detail,
          readAt: null,
        });
      };
      for (const target of notificationTargets(e)) {
        const found = await resolver.resolve(target, asOf);
        if (found.userIds.length === 0)
          log.warn({ caseId: e.caseId, seq: e.seq, target }, 'notification: no account to notify up to the root');
        for (const unitId of found.unitIds) if (!units.get(unitId)) units.set(unitId, found.note);
        for (const userId of found.userIds) add(userId, found.note);
      }
      // The assignee hears of their own case's deadlines.
      if ((e.type === 'deadline.warned' || e.type === 'deadline.breached') && asOf.assigneeId)
        add(asOf.assigneeId, null);
      await insertIgnoringDuplicates(models.InboxItem, [...items.values()]);
      await writeToFeed(
        models,
        (stamp) =>
          [...items.values()].map((item): LiveEventDoc => ({
            // Stamped when written (the feed is polled by write time), unique per item.
            _id: `${stamp}|n|${item._id}`,
            at: e.at,
            type: 'notification.created',
            caseId: e.caseId,
            userId: item.userId,
            item,
          })),
        {
          onLate: (tookMs) =>
            log.warn({ caseId: e.caseId, seq: e.seq, tookMs }, 'live feed: writes kept coming back late'),
        },
      );
      const channels = await models.Channel.find({ orgUnitId: { $in: [...units.keys()] }, disabled: false })
        .lean<ChannelDoc[]>()
        .exec();
      for (const channel of channels.filter((c) => !c.events || c.events.includes(text.kind))) {
        // From when it is sent: an event written late (after an outage) is not sent at night for its time.
        const from = Math.max(Date.parse(e.at), Date.now());
        const notBefore = channel.immediate ? from : channelSendAt(e, from, await workingCalendar());
        await startDelivery(models, deps.delivery, {
          _id: `${notificationId}:${channel._id}`,
          channelId: channel._id,
          orgUnitId: channel.orgUnitId,
          payload: {
            id: notificationId,
            caseId: e.caseId,
            caseNo: view.caseNo,
            kind: text.kind,
            title: text.title,
            detail: withNote(units.get(channel.orgUnitId)),
            at: e.at,
          },
          status: 'pending',
          attempts: 0,
          lastError: null,
          notBefore: new Date(notBefore).toISOString(),
          createdAt: new Date().toISOString(),
          sentAt: null,
          resends: 0,
        });
      }
      // By `_id` (caseId:seq:target, as recordEvents wrote them): the one filter FerretDB answers by index;
      // `{ caseId, seq }` read every notification stored, once per event (issue 14).
      for (const target of notificationTargets(e))
        await driverCollection(models.Notification).updateOne(
          { _id: `${e.caseId}:${e.seq}:${target}` },
          { $set: { status: 'sent' } },
        );
    }
  };
}

async function insertIgnoringDuplicates<T>(model: Model<T>, docs: T[]): Promise<void> {
  if (docs.length === 0) return;
  await model.collection.insertMany(docs as never[], { ordered: false }).catch(ignoringDuplicates);
}
