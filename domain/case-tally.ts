/**
 * What `/metrics` counts of a case's events (README "Operations"): its registration, its closes by outcome,
 * its deadline warnings and breaches by the deadline's kind. Kept on the case document by the case's own
 * write and summed over the API's case rows (decision 77), so a count no longer reads the event log.
 */
import type { CaseEvent } from './case-events';

export interface CaseTally {
  opened: number;
  /** By outcome. */
  closed: Record<string, number>;
  /** By deadline kind. */
  warned: Record<string, number>;
  /** By deadline kind. */
  breached: Record<string, number>;
}

/** One counted occurrence: a series and, for the labelled ones, its label. */
type TallyItem = { series: 'opened' } | { series: 'closed' | 'warned' | 'breached'; label: string };

/** What an event adds to its case's tally, if anything. A label the event lacks reads `unknown`. */
function tallyItem(event: Pick<CaseEvent, 'type' | 'data'>): TallyItem | null {
  const e = event as CaseEvent;
  switch (e.type) {
    case 'case.registered':
      return { series: 'opened' };
    case 'case.closed':
      return { series: 'closed', label: e.data.outcome ?? 'unknown' };
    case 'deadline.warned':
      return { series: 'warned', label: e.data.deadline?.kind ?? 'unknown' };
    case 'deadline.breached':
      return { series: 'breached', label: e.data.deadline?.kind ?? 'unknown' };
    default:
      return null;
  }
}

/** The events' tally. */
export function tallyEvents(events: ReadonlyArray<Pick<CaseEvent, 'type' | 'data'>>): CaseTally {
  const out: CaseTally = { opened: 0, closed: {}, warned: {}, breached: {} };
  for (const event of events) {
    const item = tallyItem(event);
    if (!item) continue;
    if (item.series === 'opened') out.opened += 1;
    else out[item.series][item.label] = (out[item.series][item.label] ?? 0) + 1;
  }
  return out;
}

/** The tallies added up (each as stored: only the series and labels it has counted). */
export function sumTallies(tallies: Iterable<Partial<CaseTally> | null | undefined>): CaseTally {
  const total: CaseTally = { opened: 0, closed: {}, warned: {}, breached: {} };
  for (const t of tallies) {
    total.opened += t?.opened ?? 0;
    for (const series of ['closed', 'warned', 'breached'] as const)
      for (const [label, n] of Object.entries(t?.[series] ?? {}))
        total[series][label] = (total[series][label] ?? 0) + n;
  }
  return total;
}
