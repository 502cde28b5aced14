/**
 * The tally `/metrics` sums (domain/case-tally.ts), on each case document: the case's write adds its
 * batch's events with `$inc` in the same conditional update that stores the view, so it is added once per
 * batch however often the write is retried; a case first stored by this code is `tallied` from its first
 * write. A case stored before has a partial tally until `completeTally` counts its events once (decision 77).
 */
import type { mongo } from 'mongoose';
import { sumTallies, tallyEvents, tallyItem, type CaseTally } from '../domain/case-tally';
import type { CaseEvent } from '../domain/case-events';
import { readCaseEvents } from './case-event-reads';
import { driverCollection, eventCollection, type CaseDoc, type Models } from './models';

/** The `$inc` that adds a batch's events to its case's tally (empty when none counts). */
export function tallyIncrements(events: ReadonlyArray<Pick<CaseEvent, 'type' | 'data'>>): Record<string, number> {
  const inc: Record<string, number> = {};
  for (const event of events) {
    const item = tallyItem(event);
    if (!item) continue;
    const path = item.series === 'opened' ? 'tally.opened' : `tally.${item.series}.${item.label}`;
    inc[path] = (inc[path] ?? 0) + 1;
  }
  return inc;
}

type TallyFields = Pick<CaseDoc, '_id' | 'version' | 'tally' | 'tallied'>;

const ATTEMPTS = 5;

/**
 * The case's complete tally: as stored when it is `tallied`, else counted from its events up to the stored
 * version and stored, on condition that the case did not change meanwhile (tried again if it did). The
 * case's own later writes add to what is stored here. Null when no such case is stored.
 */
export async function completeTally(models: Models, caseId: string): Promise<CaseTally | null> {
  const cases = driverCollection(models.Case) as unknown as mongo.Collection<TallyFields>;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const doc = await cases.findOne({ _id: caseId }, { projection: { version: 1, tally: 1, tallied: 1 } });
    if (!doc) return null;
    if (doc.tallied) return sumTallies([doc.tally]);
    const events = await readCaseEvents(eventCollection(models), caseId, doc.version);
    const tally = tallyEvents(events.filter((e) => e.seq <= doc.version));
    const done = await cases.updateOne(
      { _id: caseId, version: doc.version, tallied: { $ne: true } },
      { $set: { tally, tallied: true } },
    );
    if (done.matchedCount === 1) return tally;
  }
  throw new Error(`case ${caseId} kept changing while its tally was counted`);
}
