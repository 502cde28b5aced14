/**
 * Statistics of domain.md "Statistics", computed by aggregation in the database (no case is loaded
 * into Node). Raw counts first; rates are derived from them. Within FerretDB 1.24's subset: $match,
 * $group with $sum, $unwind, $sort, $skip, $limit, $count, and several pipelines instead of $facet.
 */
import type { PipelineStage } from 'mongoose';
import type { Models } from './models';

export interface StatsQuery {
  /** Cases owned by or registered in this unit or any unit below it. */
  orgUnitId: string;
  /** Registration instants, inclusive from, exclusive to. */
  from: string;
  to: string;
  /** For "overdue": running deadlines past their due instant at this instant. */
  now: string;
  /** Kinds counted as grassroots (domain.md). */
  grassrootsKinds: readonly string[];
}

type Counts = Record<string, number>;

export interface CaseStatistics {
  orgUnitId: string;
  from: string;
  to: string;
  total: number;
  byStage: Counts;
  byOutcome: Counts;
  byTrack: Counts;
  byCategory: Counts;
  bySource: Counts;
  byOwnerOrgUnit: Counts;
  byMonth: Counts;
  byEscalationLevel: Counts;
  closed: number;
  resolved: number;
  resolvedAtGrassroots: number;
  unperformedReferred: number;
  mediationDeadlines: { met: number; breached: number };
  overdueOpen: number;
  riskRaised: number;
  medianDaysToClose: number | null;
  rates: {
    resolutionRate: number | null;
    grassrootsRate: number | null;
    onTimeRate: number | null;
    performanceRate: number | null;
  };
}

const ratio = (num: number, den: number): number | null =>
  den === 0 ? null : Math.round((num / den) * 10_000) / 10_000;

export async function caseStatistics(models: Models, q: StatsQuery): Promise<CaseStatistics> {
  const scope: PipelineStage.Match = {
    $match: { $or: [{ ownerPath: q.orgUnitId }, { originPath: q.orgUnitId }], createdAt: { $gte: q.from, $lt: q.to } },
  };
  const agg = <T>(...stages: PipelineStage[]): Promise<T[]> => models.Case.aggregate<T>([scope, ...stages]).exec();
  const countBy = async (field: string): Promise<Counts> => {
    const rows = await agg<{ _id: string | number | null; n: number }>(
      { $group: { _id: `$${field}`, n: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    );
    return Object.fromEntries(rows.map((r) => [r._id === null || r._id === undefined ? 'none' : String(r._id), r.n]));
  };
  const count = async (match: Record<string, unknown>): Promise<number> => {
    const rows = await agg<{ n: number }>({ $match: match }, { $count: 'n' });
    return rows[0]?.n ?? 0;
  };

  const [byStage, byOutcome, byTrack, byCategory, bySource, byOwnerOrgUnit, byMonth, byEscalationLevel] =
    await Promise.all([
      countBy('stage'),
      countBy('outcome'),
      countBy('track'),
      countBy('category'),
      countBy('source'),
      countBy('ownerOrgUnitId'),
      countBy('createdMonth'),
      countBy('escalationLevel'),
    ]);
  const [resolvedAtGrassroots, overdueOpen, deadlineRows, riskRows, closedCount] = await Promise.all([
    count({ outcome: 'resolved', ownerKind: { $in: [...q.grassrootsKinds] } }),
    count({ stage: { $ne: 'closed' }, nextDueAt: { $lt: q.now } }),
    agg<{ _id: string; n: number }>(
      { $unwind: '$deadlines' },
      { $match: { 'deadlines.kind': 'mediation', 'deadlines.status': { $in: ['met', 'breached'] } } },
      { $group: { _id: '$deadlines.status', n: { $sum: 1 } } },
    ),
    agg<{ _id: string }>(
      { $unwind: '$deadlines' },
      { $match: { 'deadlines.kind': 'risk_response' } },
      { $group: { _id: '$_id' } },
    ),
    count({ stage: 'closed' }),
  ]);
  // Median of days to close: sort in the database and read the middle value(s) only.
  let medianDaysToClose: number | null = null;
  if (closedCount > 0) {
    const middle = await agg<{ daysToClose: number }>(
      { $match: { stage: 'closed' } },
      { $sort: { daysToClose: 1 } },
      { $skip: Math.floor((closedCount - 1) / 2) },
      { $limit: closedCount % 2 === 0 ? 2 : 1 },
    );
    medianDaysToClose = middle.reduce((s, r) => s + r.daysToClose, 0) / middle.length;
  }

  const total = Object.values(byStage).reduce((s, n) => s + n, 0);
  const resolved = byOutcome.resolved ?? 0;
  const unperformedReferred = byOutcome.unperformed_referred ?? 0;
  const met = deadlineRows.find((r) => r._id === 'met')?.n ?? 0;
  const breached = deadlineRows.find((r) => r._id === 'breached')?.n ?? 0;
  return {
    orgUnitId: q.orgUnitId,
    from: q.from,
    to: q.to,
    total,
    byStage,
    byOutcome: Object.fromEntries(Object.entries(byOutcome).filter(([k]) => k !== 'none')),
    byTrack,
    byCategory,
    bySource,
    byOwnerOrgUnit,
    byMonth,
    byEscalationLevel,
    closed: closedCount,
    resolved,
    resolvedAtGrassroots,
    unperformedReferred,
    mediationDeadlines: { met, breached },
    overdueOpen,
    riskRaised: riskRows.length,
    medianDaysToClose,
    rates: {
      resolutionRate: ratio(resolved, closedCount),
      grassrootsRate: ratio(resolvedAtGrassroots, resolved),
      onTimeRate: ratio(met, met + breached),
      performanceRate: ratio(resolved, resolved + unperformedReferred),
    },
  };
}
