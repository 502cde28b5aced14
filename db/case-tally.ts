/**
 * The tally `/metrics` sums (domain/case-tally.ts), kept on each case document by the case's own write:
 * `tallyUpdate` adds a batch's events with `$inc` in the conditional update that stores the view, and only
 * when the stored tally counts the case up to the batch's first event, so it is added once per batch
 * however often the write is retried and never to a tally with a gap. A case stored before the tally, or
 * written meanwhile by a worker from before it, keeps a tally that is not whole (`tallyVersion` behind
 * `version`); the worker counts such a case's events and keeps the count in `case_tallies`, when it
 * stores the case and, for every case left behind, at a worker's start and at the clean-up schedule's run; the API only reads
 * them (decisions 77, 78). Only the case's workflow writes the case document: FerretDB 1.24 writes a
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

/** A case's events counted up to `version`. */
export interface CountedTally {
  version: number;
  tally: Partial<CaseTally> | null;
}

/** The tallies kept for cases whose own is not whole, by case. */
export type KeptTallies = Map<string, CountedTally>;

/** What counts most of a stored case: its own tally (up to `tallyVersion`) or the count kept for it in
 * `case_tallies`. The case is untallied while that is behind its version. */
export function bestTally(
  doc: { version: number; tallyVersion?: unknown; tally?: unknown },
  kept: { version: number; tally?: CountedTally['tally'] } | undefined,
): CountedTally & { untallied: boolean } {
  const ownVersion = typeof doc.tallyVersion === 'number' ? doc.tallyVersion : 0;
  const best =
    kept && kept.version >= ownVersion
      ? { version: kept.version, tally: kept.tally ?? null }
      : { version: ownVersion, tally: (doc.tally as Partial<CaseTally> | undefined) ?? null };
  return { ...best, untallied: best.version < doc.version };
}

/** The counts kept for these cases (all of them when `ids` is omitted: one read of the collection). */
export async function keptTallies(models: Models, ids?: readonly string[]): Promise<KeptTallies> {
  const tallies = driverCollection(models.CaseTally);
  const docs = [];
  if (!ids) docs.push(...(await tallies.find({}).toArray()));
  else
    for (let i = 0; i < ids.length; i += READ_AT_ONCE) {
      const found = await Promise.all(ids.slice(i, i + READ_AT_ONCE).map((_id) => tallies.findOne({ _id })));
      for (const d of found) if (d) docs.push(d);
    }
  return new Map(docs.map((d) => [d._id, { version: d.version, tally: sumTallies([d.tally]) }]));
}

const READ_AT_ONCE = 16;

/**
 * Keeps the count of a case's events up to `version` in `case_tallies` (the worker's, for a case whose own
 * tally is not whole). With the batch just stored, the kept count of the case up to the batch is added to
 * when there is one; else every event is counted. A count of that version or a later one is never replaced.
 */
export async function keepCaseTally(
  models: Models,
  caseId: string,
  version: number,
  batch: ReadonlyArray<Pick<CaseEvent, 'type' | 'data' | 'seq'>> = [],
): Promise<void> {
  const tallies = driverCollection(models.CaseTally);
  const first = batch[0]?.seq;
  if (first !== undefined) {
    const kept = await tallies.findOne({ _id: caseId });
    if (kept && kept.version >= version) return;
    if (kept?.version === first - 1) {
      const tally = sumTallies([kept.tally, tallyEvents(batch)]);
      const added = await tallies.replaceOne({ _id: caseId, version: first - 1 }, { version, tally });
      if (added.matchedCount > 0) return;
    }
  }
  const events = await readCaseEvents(eventCollection(models), caseId, version);
  const tally = tallyEvents(events.filter((e) => e.seq <= version));
  await tallies
    .replaceOne({ _id: caseId, version: { $lt: version } }, { version, tally }, { upsert: true })
    .catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err; // a count of this version or a later one is kept
    });
}

/** Cases counted at once by `keepUntalliedCases`. */
const COUNTED_AT_ONCE = 4;
/** Failed cases a run reports by name: its result is a Temporal payload, which must stay small. */
const FAILED_SHOWN = 20;

/**
 * Keeps a count in `case_tallies` for every untallied case (`bestTally`): the cases stored before the
 * tally, and the few written by an older worker since (a worker's start and the clean-up schedule's run,
 * activities/case-tallies.ts). Reads every case's version, once; a run stopped half-way resumes where it
 * stopped, as the cases counted are then kept.
 */
export async function keepUntalliedCases(
  models: Models,
  onProgress: (done: { counted: number; of: number }) => void = () => undefined,
): Promise<{ cases: number; counted: number; failedCount: number; failed: Array<{ caseId: string; error: string }> }> {
  const cases = await driverCollection(models.Case)
    .find({}, { projection: { _id: 1, version: 1, tallyVersion: 1 } })
    .toArray();
  const kept = await driverCollection(models.CaseTally)
    .find({}, { projection: { _id: 1, version: 1 } })
    .toArray();
  const keptVersion = new Map(kept.map((d) => [d._id, { version: d.version }]));
  const behind = cases.filter((c) => bestTally(c, keptVersion.get(c._id)).untallied);
  onProgress({ counted: 0, of: behind.length });
  // A case that cannot be counted is left for the next run; the others are counted meanwhile.
  const failed: Array<{ caseId: string; error: string }> = [];
  for (let i = 0; i < behind.length; i += COUNTED_AT_ONCE) {
    const batch = behind.slice(i, i + COUNTED_AT_ONCE);
    const settled = await Promise.allSettled(batch.map((c) => keepCaseTally(models, c._id, c.version)));
    settled.forEach((r, k) => {
      if (r.status === 'rejected') failed.push({ caseId: batch[k]!._id, error: String(r.reason) });
    });
    onProgress({ counted: i + batch.length, of: behind.length });
  }
  return {
    cases: cases.length,
    counted: behind.length - failed.length,
    failedCount: failed.length,
    failed: failed.slice(0, FAILED_SHOWN),
  };
}
