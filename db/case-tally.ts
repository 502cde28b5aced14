/**
 * The tally `/metrics` sums (domain/case-tally.ts), kept on each case document by the case's own write:
 * `tallyUpdate` adds a batch's events with `$inc` in the conditional update that stores the view, and only
 * when the stored tally counts the case up to the batch's first event, so it is added once per batch
 * however often the write is retried and never to a tally with a gap. A case stored before the tally, or
 * written meanwhile by a worker from before it, keeps a tally that is not whole (`tallyVersion` behind
 * `version`); an API process counts such a case's events itself and keeps the count in `case_tallies` for
 * the others (decision 77). Only the case's workflow writes the case document: FerretDB 1.24 writes a
 * whole document back after checking an update's filter, so a second writer could undo a case's change.
 */
import { sumTallies, tallyEvents, type CaseTally } from '../domain/case-tally';
import type { CaseEvent } from '../domain/case-events';
import { readCaseEvents } from './case-event-reads';
import { driverCollection, eventCollection, isDuplicateKey, type Models } from './models';

/** The filter and update parts that add a batch's events to its case's tally: the batch must follow what
 * the tally counts (a new case's first batch needs no tally). */
export function tallyUpdate(
  events: ReadonlyArray<Pick<CaseEvent, 'type' | 'data' | 'seq'>>,
  version: number,
): {
  filter: Record<string, unknown>;
  set: { tallyVersion: number };
  inc: Record<string, number>;
  /** A new case's first batch creates the case. */
  upsert: boolean;
} | null {
  const first = events[0]?.seq;
  if (first === undefined) return null;
  const counted = tallyEvents(events);
  const inc: Record<string, number> = counted.opened > 0 ? { 'tally.opened': counted.opened } : {};
  for (const series of ['closed', 'warned', 'breached'] as const)
    for (const [label, n] of Object.entries(counted[series])) inc[`tally.${series}.${label}`] = n;
  const upsert = first === 1;
  return { filter: upsert ? {} : { tallyVersion: first - 1 }, set: { tallyVersion: version }, inc, upsert };
}

/** Whether a stored case's own tally counts all of it. */
export const wholeTally = (doc: { version: number; tallyVersion?: unknown }): boolean =>
  doc.tallyVersion === doc.version;

/** Every tally an API process counted, by case (one read, at its first count). */
export async function countedTallies(models: Models): Promise<Map<string, { version: number; tally: CaseTally }>> {
  const docs = await driverCollection(models.CaseTally).find({}).toArray();
  return new Map(docs.map((d) => [d._id, { version: d.version, tally: sumTallies([d.tally]) }]));
}

/** The tally of a case's events up to `version`: as `case_tallies` holds it when another process counted
 * it, else counted and kept there (written whole, and at best: two processes counting the same case write
 * the same, and a count for an older version is counted again by the next process that finds it behind). */
export async function countTally(models: Models, caseId: string, version: number): Promise<CaseTally> {
  const tallies = driverCollection(models.CaseTally);
  const kept = await tallies.findOne({ _id: caseId });
  if (kept?.version === version) return sumTallies([kept.tally]);
  const events = await readCaseEvents(eventCollection(models), caseId, version);
  const tally = tallyEvents(events.filter((e) => e.seq <= version));
  await tallies.replaceOne({ _id: caseId }, { version, tally }, { upsert: true }).catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err; // another process stored its count first
  });
  return tally;
}
