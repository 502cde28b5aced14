/**
 * Side effects of a case workflow: the read model, the event log, the notification outbox and case
 * numbers. Built by a factory that receives its dependencies; every activity is idempotent, keyed by
 * case id and event `seq`, so a retry after a crash writes nothing twice.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from 'pino';
import type { CaseEvent } from '../domain/case-events';
import type { CaseDocFields, CaseWhereabouts } from '../domain/case-view';
import {
  driverCollection,
  eventCollection,
  eventDocument,
  ignoringDuplicates,
  isDuplicateKey,
  survivesStorage,
  type Models,
  type LiveEventDoc,
  type NotificationDoc,
} from '../db/models';
import { writeToFeed } from '../db/live-feed-writes';
import { caseNumberAllocator } from '../db/case-numbers';
import { bestTally, keepCaseTally, tallyUpdate } from '../db/case-tally';
import type { DeliveryStarter } from './deliveries';
import { createNotificationDispatch } from './notification-dispatch';
import { notificationTargets } from '../domain/notifications';

export interface RecordEventsInput {
  caseId: string;
  events: CaseEvent[];
  /** The case view after the events, without its append-only lists (they come from the events). */
  view: CaseDocFields;
  /** The case as last stored, before these events; null for a new case (absent from older workers). */
  before?: CaseWhereabouts | null;
  /** The case as each event that calls for a notification left it, by `seq` (absent from older workers:
   * the view after the batch stands in). */
  noticesAt?: Record<string, CaseWhereabouts>;
}

export function createCaseActivities(deps: {
  models: Models;
  log: Logger;
  delivery?: DeliveryStarter;
  /** One counter increment at a time in this process (default): needed on FerretDB, not on MongoDB. */
  serializeCounter?: boolean;
}) {
  const { models, log } = deps;
  const dispatch = createNotificationDispatch(deps);

  /** Appends events to `case_events` (refusing a different event under an existing seq), writes the
   * outbox entries they call for, then the case document if it is newer than the stored one. */
  async function recordEvents(input: RecordEventsInput): Promise<void> {
    const docs = input.events.map(eventDocument);
    for (const doc of docs.filter((d) => !survivesStorage(d))) {
      // The workflow has hashed and adopted it: refusing it would wedge the case for good. It is stored as
      // BSON can hold it, verify will flag this seq, and this line says why.
      log.error({ caseId: doc.caseId, seq: doc.seq, type: doc.type }, 'event cannot be stored exactly as hashed');
    }
    try {
      // The native driver: mongoose's document layer (minimize, casting) must not reshape hashed content.
      await eventCollection(models).insertMany(docs, { ordered: false });
    } catch (err) {
      if (!isDuplicateKey(err) && !(err as { writeErrors?: unknown[] }).writeErrors) throw err;
      // Some were written by an earlier attempt: they must be the very same events. Read one by one by
      // `_id`, the one filter the embedded FerretDB answers from an index (a `caseId` filter scans).
      for (const doc of docs) {
        const stored = await eventCollection(models).findOne({ _id: doc._id }, { projection: { hash: 1 } });
        if (!stored) throw err;
        if (stored.hash !== doc.hash) {
          throw ApplicationFailure.create({
            type: 'EventConflict',
            message: `case ${input.caseId} already has a different event at seq ${doc.seq}`,
            nonRetryable: true,
          });
        }
      }
    }

    const notifications: NotificationDoc[] = [];
    for (const e of input.events) {
      for (const target of notificationTargets(e)) {
        notifications.push({
          _id: `${e.caseId}:${e.seq}:${target}`,
          caseId: e.caseId,
          seq: e.seq,
          eventType: e.type,
          target,
          orgUnitId: input.noticesAt?.[e.seq]?.ownerOrgUnitId ?? input.view.ownerOrgUnitId,
          at: e.at,
          status: 'pending',
        });
      }
    }
    if (notifications.length > 0) {
      await driverCollection(models.Notification)
        .insertMany(notifications, { ordered: false })
        .catch(ignoringDuplicates);
    }

    const { id, ...rest } = input.view;
    const sessions = input.events.flatMap((e) => (e.type === 'session.recorded' ? [e.data.session] : []));
    const followUps = input.events.flatMap((e) => (e.type === 'follow_up.recorded' ? [e.data.followUp] : []));
    const lists = { sessions: { $each: sessions }, followUps: { $each: followUps } };
    const tally = tallyUpdate(input.events, input.view.version);
    const newer = { _id: id, version: { $lt: input.view.version } };
    // Conditional on version: applied once, in order (the workflow awaits each write before the next), so
    // the lists are appended and the tally added to once per batch; the tally only when it counts the case
    // up to this batch (db/case-tally.ts), else the case is stored without it.
    // The driver: the input is JSON (no dates, no undefined), so mongoose's casting has nothing to do and
    // cost twice the driver's CPU per update (0.81 against 0.36 ms, 3,000 updates, 2026-11-28).
    const cases = driverCollection(models.Case);
    // Whether the case's own tally now misses a batch: its count is then kept beside it, after the feed.
    let untallied = false;
    try {
      const tallied =
        tally &&
        (await cases.updateOne(
          { ...newer, ...tally.filter },
          {
            $set: { ...rest, id, ...tally.set },
            $push: lists,
            ...(Object.keys(tally.inc).length > 0 ? { $inc: tally.inc } : {}),
          },
          { upsert: tally.upsert },
        ));
      if (!tallied || tallied.matchedCount + tallied.upsertedCount === 0) {
        await cases.updateOne(newer, { $set: { ...rest, id }, $push: lists }, { upsert: true });
        untallied = true;
      }
    } catch (err) {
      // The stored document is already at this version or newer (a retry): only its kept count may be left.
      if (!isDuplicateKey(err)) throw err;
      const stored = await cases.findOne({ _id: id }, { projection: { version: 1, tallyVersion: 1 } });
      untallied = !!stored && bestTally(stored, undefined).untallied;
    }
    // Announced right after the case is stored, before notifying (which reads and writes a good deal): the
    // list rows (api/case-index.ts) learn of a change from this entry only, so until it is written a list
    // can disagree with the case's own view.
    await writeToFeed(models, (stamp) => [caseChanged(stamp, input.view, input.before ?? null)], {
      onLate: (tookMs) => log.warn({ caseId: input.caseId, tookMs }, 'live feed: writes kept coming back late'),
    });
    // A count for /metrics only: a failure leaves it to the clean-up schedule's run, never retries the write.
    if (untallied)
      await keepCaseTally(models, input.caseId, input.view.version, input.events).catch((err: unknown) => {
        log.warn({ err, caseId: input.caseId }, 'case tallies: count not kept (the clean-up counts the case)');
      });
    await dispatch(input.events, input.view, input.noticesAt ?? {});
    log.debug({ caseId: input.caseId, seqs: input.events.map((e) => e.seq) }, 'case events recorded');
  }

  /** For an intake sent without its case number (db/case-numbers.ts). */
  const allocateCaseNo = caseNumberAllocator(models, { serializeCounter: deps.serializeCounter !== false });

  return { recordEvents, allocateCaseNo };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;

/** The live feed's entry for a stored case change (api/live-feed.ts), with what visibility needs: who may
 * see the case now, and the units it has just left (their queues refresh; they are not told the case). */
function caseChanged(at: string, view: RecordEventsInput['view'], before: CaseWhereabouts | null): LiveEventDoc {
  const now = [view.ownerOrgUnitId, view.originOrgUnitId, view.transfer?.toOrgUnitId];
  const left = [before?.ownerOrgUnitId, before?.transfer?.toOrgUnitId].filter(
    (u): u is string => !!u && !now.includes(u),
  );
  return {
    _id: `${at}|c|${view.id}:${view.version}`,
    at,
    type: 'case.changed',
    caseId: view.id,
    version: view.version,
    scope: {
      ownerOrgUnitId: view.ownerOrgUnitId,
      originOrgUnitId: view.originOrgUnitId,
      transferTo: view.transfer?.toOrgUnitId ?? null,
      courtsInvolved: view.courtsInvolved,
      left: [...new Set(left)],
    },
  };
}
