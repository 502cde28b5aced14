/**
 * Statistics of domain.md "Statistics" from one consistent read: a single `find` of the cases in scope,
 * projected to the fields the metrics read, then computed in Node by domain/case-statistics.ts. FerretDB
 * 1.24 has no transactions or snapshots, so separate aggregations (one per count) could each see another
 * state of the collection, and its SQLite backend scans the collection for every one of them.
 */
import {
  statsBuckets,
  statsMetrics,
  type CaseStatsRow,
  type StatsBucket,
  type StatsGrouping,
  type StatsMetrics,
} from '../domain/case-statistics';
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

export interface CaseStatistics extends StatsMetrics {
  orgUnitId: string;
  from: string;
  to: string;
}

export interface GroupedCaseStatistics {
  orgUnitId: string;
  from: string;
  to: string;
  groupBy: StatsGrouping;
  total: StatsMetrics;
  buckets: StatsBucket[];
}

/** The stored fields the metrics read (db/models.ts CaseDoc, domain/case-view.ts). */
const PROJECTION = {
  _id: 0,
  stage: 1,
  outcome: 1,
  track: 1,
  category: 1,
  source: 1,
  ownerOrgUnitId: 1,
  ownerKind: 1,
  ownerPath: 1,
  originPath: 1,
  createdMonth: 1,
  escalationLevel: 1,
  nextDueAt: 1,
  daysToClose: 1,
  'deadlines.kind': 1,
  'deadlines.status': 1,
} as const;

type StoredRow = Partial<Omit<CaseStatsRow, 'deadlines'>> & {
  deadlines?: Array<{ kind?: string; status?: string }> | null;
};

/** The cases in scope, one read. Absent fields read as null, as the aggregations counted them. */
export async function readStatsRows(models: Models, q: StatsQuery): Promise<CaseStatsRow[]> {
  const docs = await models.Case.collection
    .find<StoredRow>(
      { $or: [{ ownerPath: q.orgUnitId }, { originPath: q.orgUnitId }], createdAt: { $gte: q.from, $lt: q.to } },
      { projection: PROJECTION },
    )
    .toArray();
  return docs.map((d) => ({
    stage: d.stage ?? null,
    outcome: d.outcome ?? null,
    track: d.track ?? null,
    category: d.category ?? null,
    source: d.source ?? null,
    ownerOrgUnitId: d.ownerOrgUnitId ?? null,
    ownerKind: d.ownerKind ?? null,
    ownerPath: d.ownerPath ?? [],
    originPath: d.originPath ?? [],
    createdMonth: d.createdMonth ?? null,
    escalationLevel: d.escalationLevel ?? null,
    nextDueAt: d.nextDueAt ?? null,
    daysToClose: d.daysToClose ?? null,
    deadlines: (d.deadlines ?? []).map((x) => ({ kind: x.kind ?? '', status: x.status ?? '' })),
  }));
}

export async function caseStatistics(models: Models, q: StatsQuery): Promise<CaseStatistics> {
  const rows = await readStatsRows(models, q);
  return { orgUnitId: q.orgUnitId, from: q.from, to: q.to, ...statsMetrics(rows, q) };
}

/** The period's metrics and the same metrics per bucket, from the same rows. */
export async function groupedCaseStatistics(
  models: Models,
  q: StatsQuery & { groupBy: StatsGrouping; months: readonly string[] },
): Promise<GroupedCaseStatistics> {
  const rows = await readStatsRows(models, q);
  return {
    orgUnitId: q.orgUnitId,
    from: q.from,
    to: q.to,
    groupBy: q.groupBy,
    total: statsMetrics(rows, q),
    buckets: statsBuckets(rows, q.groupBy, { ...q, unitId: q.orgUnitId }),
  };
}
