/**
 * Statistics of domain.md "Statistics people report", computed from the cases of one read: each metric's
 * rule lives here once, and serves the whole period and every bucket of a `groupBy` alike. Raw counts
 * first; rates are derived from them.
 */
import type { IsoDate } from './civil-date';

/** What a case contributes to the statistics: the fields of the stored case view (case-view.ts) they read. */
export interface CaseStatsRow {
  stage: string | null;
  outcome: string | null;
  track: string | null;
  category: string | null;
  source: string | null;
  ownerOrgUnitId: string | null;
  ownerKind: string | null;
  /** `[owner, parent, …, root]`. */
  ownerPath: readonly string[];
  /** `[registering unit, parent, …, root]`. */
  originPath: readonly string[];
  /** Asia/Shanghai month of registration, `YYYY-MM`. */
  createdMonth: string | null;
  escalationLevel: number | null;
  nextDueAt: string | null;
  daysToClose: number | null;
  deadlines: ReadonlyArray<{ kind: string; status: string }>;
}

export type Counts = Record<string, number>;

/** The metrics of a set of cases: the whole period's, or one bucket's. */
export interface StatsMetrics {
  total: number;
  byStage: Counts;
  /** Closed cases by outcome (open ones have none and are not listed). */
  byOutcome: Counts;
  byTrack: Counts;
  byCategory: Counts;
  bySource: Counts;
  byOwnerOrgUnit: Counts;
  byMonth: Counts;
  byEscalationLevel: Counts;
  closed: number;
  resolved: number;
  /** Resolved while owned by a grassroots unit. */
  resolvedAtGrassroots: number;
  unperformedReferred: number;
  /** Mediation deadlines that ended, met or breached (a case may have several). */
  mediationDeadlines: { met: number; breached: number };
  /** Open cases with a running deadline past due at `now`. */
  overdueOpen: number;
  /** Cases with a risk_response deadline. */
  riskRaised: number;
  medianDaysToClose: number | null;
  rates: {
    /** 化解率: resolved / closed. */
    resolutionRate: number | null;
    /** 矛盾不上交: resolved at grassroots / resolved. */
    grassrootsRate: number | null;
    /** 按期办结率: mediation deadlines met / (met + breached). */
    onTimeRate: number | null;
    /** 履行率: resolved / (resolved + unperformed_referred). */
    performanceRate: number | null;
  };
}

export interface StatsRules {
  /** For `overdueOpen`: the instant deadlines are compared with (ISO 8601, UTC). */
  now: string;
  /** Org unit kinds counted as grassroots (domain.md). */
  grassrootsKinds: readonly string[];
}

export const STATS_GROUPINGS = ['month', 'childUnit', 'category', 'track'] as const;
export type StatsGrouping = (typeof STATS_GROUPINGS)[number];

export interface StatsBucket {
  key: string;
  metrics: StatsMetrics;
}

/** A rate to four decimals; null when there is nothing to divide by. */
export const ratio = (num: number, den: number): number | null =>
  den === 0 ? null : Math.round((num / den) * 10_000) / 10_000;

/** The key a missing value is counted under. */
const NONE = 'none';
const keyOf = (v: string | number | null | undefined): string => (v === null || v === undefined ? NONE : String(v));

function countBy(rows: readonly CaseStatsRow[], key: (r: CaseStatsRow) => string): Counts {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  return Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor((sorted.length - 1) / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid]! + sorted[mid + 1]!) / 2;
}

/** Every metric of a set of cases. */
export function statsMetrics(rows: readonly CaseStatsRow[], rules: StatsRules): StatsMetrics {
  const grassroots = new Set(rules.grassrootsKinds);
  let closed = 0;
  let resolved = 0;
  let resolvedAtGrassroots = 0;
  let unperformedReferred = 0;
  let met = 0;
  let breached = 0;
  let overdueOpen = 0;
  let riskRaised = 0;
  const days: number[] = [];
  for (const r of rows) {
    if (r.stage === 'closed') {
      closed++;
      // The view sets daysToClose on every closed case (case-view.ts).
      if (typeof r.daysToClose === 'number') days.push(r.daysToClose);
    } else if (typeof r.nextDueAt === 'string' && r.nextDueAt < rules.now) overdueOpen++;
    if (r.outcome === 'resolved') {
      resolved++;
      if (r.ownerKind !== null && grassroots.has(r.ownerKind)) resolvedAtGrassroots++;
    }
    if (r.outcome === 'unperformed_referred') unperformedReferred++;
    for (const d of r.deadlines) {
      if (d.kind !== 'mediation') continue;
      if (d.status === 'met') met++;
      else if (d.status === 'breached') breached++;
    }
    if (r.deadlines.some((d) => d.kind === 'risk_response')) riskRaised++;
  }
  const byOutcome = countBy(
    rows.filter((r) => r.outcome !== null && r.outcome !== undefined),
    (r) => keyOf(r.outcome),
  );
  return {
    total: rows.length,
    byStage: countBy(rows, (r) => keyOf(r.stage)),
    byOutcome,
    byTrack: countBy(rows, (r) => keyOf(r.track)),
    byCategory: countBy(rows, (r) => keyOf(r.category)),
    bySource: countBy(rows, (r) => keyOf(r.source)),
    byOwnerOrgUnit: countBy(rows, (r) => keyOf(r.ownerOrgUnitId)),
    byMonth: countBy(rows, (r) => keyOf(r.createdMonth)),
    byEscalationLevel: countBy(rows, (r) => keyOf(r.escalationLevel)),
    closed,
    resolved,
    resolvedAtGrassroots,
    unperformedReferred,
    mediationDeadlines: { met, breached },
    overdueOpen,
    riskRaised,
    medianDaysToClose: median(days),
    rates: {
      resolutionRate: ratio(resolved, closed),
      grassrootsRate: ratio(resolvedAtGrassroots, resolved),
      onTimeRate: ratio(met, met + breached),
      performanceRate: ratio(resolved, resolved + unperformedReferred),
    },
  };
}

/**
 * The direct child of `unitId` under which a case lies, for `groupBy=childUnit`: along the owner's path
 * when the owner is `unitId` or below it, else along the registering unit's path (a case escalated or
 * transferred out still counts where it was registered). A case owned (or, failing that, registered) by
 * `unitId` itself falls under `unitId`.
 */
export function childUnitOf(row: Pick<CaseStatsRow, 'ownerPath' | 'originPath'>, unitId: string): string {
  const path = row.ownerPath.includes(unitId) ? row.ownerPath : row.originPath;
  const at = path.indexOf(unitId);
  return at > 0 ? path[at - 1]! : unitId;
}

/** Each `YYYY-MM` from the month of `from` to the month of `to`, both included. */
export function monthsOfPeriod(from: IsoDate, to: IsoDate): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    if (month > last) return months;
    months.push(month);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
}

/**
 * The cases split by `groupBy`, each bucket with every metric. `month`: the registration month, every
 * month of `months` listed even with no case (oldest first). `childUnit`: `childUnitOf(row, unitId)`,
 * most cases first. `category`, `track`: the case's value (`none` when it has none), most cases first.
 * Ties go by key. Every case is in exactly one bucket, so the buckets' totals add up to the period's.
 */
export function statsBuckets(
  rows: readonly CaseStatsRow[],
  groupBy: StatsGrouping,
  rules: StatsRules & { unitId: string; months: readonly string[] },
): StatsBucket[] {
  const keyFor: Record<StatsGrouping, (r: CaseStatsRow) => string> = {
    month: (r) => keyOf(r.createdMonth),
    childUnit: (r) => childUnitOf(r, rules.unitId),
    category: (r) => keyOf(r.category),
    track: (r) => keyOf(r.track),
  };
  const groups = new Map<string, CaseStatsRow[]>(groupBy === 'month' ? rules.months.map((m) => [m, []]) : []);
  for (const r of rows) {
    const key = keyFor[groupBy](r);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  const byKey = (a: StatsBucket, b: StatsBucket): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const buckets = [...groups].map(([key, group]) => ({ key, metrics: statsMetrics(group, rules) }));
  return buckets.sort(groupBy === 'month' ? byKey : (a, b) => b.metrics.total - a.metrics.total || byKey(a, b));
}
