/**
 * The statistics rules (domain.md "Statistics people report") over six hand-made cases in county C, whose
 * children are C-A and C-B. Paths are `[self, parent, …, root]`. Expected values counted by hand.
 *
 * | row | owner path          | origin path         | month   | stage        | outcome              | track    | category | deadlines (kind status)                    | nextDueAt  | days |
 * | r1  | C-A-R C-A C ROOT    | same                | 2026-01 | closed       | resolved             | people   | neighbor | mediation met                              |            | 10   |
 * | r2  | C-B C ROOT          | same                | 2026-03 | closed       | withdrawn            | people   | contract | mediation breached, risk_response running  | 2026-01-01 | 3    |
 * | r3  | C-B-V C-B C ROOT    | C-A-R C-A C ROOT    | 2026-01 | in_mediation |                      | judicial | neighbor | mediation running                          | 2026-01-05 |      |
 * | r4  | X ROOT (outside)    | C-B-V C-B C ROOT    | 2026-03 | registered   |                      |          | neighbor |                                            | 2026-09-01 |      |
 * | r5  | C ROOT              | same                | 2026-01 | closed       | resolved             | people   | contract | mediation met, mediation breached          |            | 30   |
 * | r6  | C-A-R C-A C ROOT    | same                | 2026-01 | closed       | unperformed_referred | people   | neighbor |                                            |            | 20   |
 *
 * Owner kinds: C-A-R station_room, C-B township_center, C-B-V village_committee, C county_center, X other.
 * r5 was escalated once. `now` is 2026-02-01.
 */
import { statsCsv } from '../../api/routes/stats';
import {
  childUnitOf,
  monthsOfPeriod,
  statsBuckets,
  statsMetrics,
  type CaseStatsRow,
} from '../../domain/case-statistics';

const KINDS: Record<string, string> = {
  'C-A-R': 'station_room',
  'C-B': 'township_center',
  'C-B-V': 'village_committee',
  C: 'county_center',
  X: 'county_center',
};
const PATHS: Record<string, string[]> = {
  'C-A-R': ['C-A-R', 'C-A', 'C', 'ROOT'],
  'C-B': ['C-B', 'C', 'ROOT'],
  'C-B-V': ['C-B-V', 'C-B', 'C', 'ROOT'],
  C: ['C', 'ROOT'],
  X: ['X', 'ROOT'],
};

function row(
  owner: string,
  o: Partial<CaseStatsRow> & { origin?: string; deadlines?: Array<{ kind: string; status: string }> },
): CaseStatsRow {
  return {
    stage: 'registered',
    outcome: null,
    track: null,
    category: 'neighbor',
    source: 'walk_in',
    ownerOrgUnitId: owner,
    ownerKind: KINDS[owner]!,
    ownerPath: PATHS[owner]!,
    originPath: PATHS[o.origin ?? owner]!,
    createdMonth: '2026-01',
    escalationLevel: 0,
    nextDueAt: null,
    daysToClose: null,
    deadlines: [],
    ...o,
  };
}

const ROWS: CaseStatsRow[] = [
  row('C-A-R', {
    stage: 'closed',
    outcome: 'resolved',
    track: 'people',
    deadlines: [{ kind: 'mediation', status: 'met' }],
    daysToClose: 10,
  }),
  row('C-B', {
    createdMonth: '2026-03',
    stage: 'closed',
    outcome: 'withdrawn',
    track: 'people',
    category: 'contract',
    deadlines: [
      { kind: 'mediation', status: 'breached' },
      { kind: 'risk_response', status: 'running' },
    ],
    nextDueAt: '2026-01-01T00:00:00.000Z',
    daysToClose: 3,
  }),
  row('C-B-V', {
    origin: 'C-A-R',
    stage: 'in_mediation',
    track: 'judicial',
    deadlines: [{ kind: 'mediation', status: 'running' }],
    nextDueAt: '2026-01-05T00:00:00.000Z',
  }),
  row('X', { origin: 'C-B-V', createdMonth: '2026-03', nextDueAt: '2026-09-01T00:00:00.000Z' }),
  row('C', {
    stage: 'closed',
    outcome: 'resolved',
    track: 'people',
    category: 'contract',
    escalationLevel: 1,
    deadlines: [
      { kind: 'mediation', status: 'met' },
      { kind: 'mediation', status: 'breached' },
    ],
    daysToClose: 30,
  }),
  row('C-A-R', { stage: 'closed', outcome: 'unperformed_referred', track: 'people', daysToClose: 20 }),
];

const RULES = {
  now: '2026-02-01T00:00:00.000Z',
  grassrootsKinds: ['village_committee', 'station_room', 'township_center'],
};

test('when the whole set is counted, then every count and rate is the hand count', () => {
  expect(statsMetrics(ROWS, RULES)).toEqual({
    total: 6,
    byStage: { closed: 4, in_mediation: 1, registered: 1 },
    byOutcome: { resolved: 2, unperformed_referred: 1, withdrawn: 1 },
    byTrack: { judicial: 1, none: 1, people: 4 },
    byCategory: { contract: 2, neighbor: 4 },
    bySource: { walk_in: 6 },
    byOwnerOrgUnit: { C: 1, 'C-A-R': 2, 'C-B': 1, 'C-B-V': 1, X: 1 },
    byMonth: { '2026-01': 4, '2026-03': 2 },
    byEscalationLevel: { '0': 5, '1': 1 },
    closed: 4,
    resolved: 2,
    resolvedAtGrassroots: 1, // r1 (station room); r5 was resolved by the county
    unperformedReferred: 1,
    mediationDeadlines: { met: 2, breached: 2 },
    overdueOpen: 1, // r3; r2 is past due but closed, r4 not yet due
    riskRaised: 1,
    medianDaysToClose: 15, // 3 10 | 20 30
    rates: { resolutionRate: 0.5, grassrootsRate: 0.5, onTimeRate: 0.5, performanceRate: 0.6667 },
  });
});

test('when grouped by child unit, then the owner decides inside the subtree, the origin outside it, C itself its own', () => {
  expect(ROWS.map((r) => childUnitOf(r, 'C'))).toEqual(['C-A', 'C-B', 'C-B', 'C-B', 'C', 'C-A']);
  const buckets = statsBuckets(ROWS, 'childUnit', { ...RULES, unitId: 'C', months: [] });
  expect(buckets.map((b) => [b.key, b.metrics.total])).toEqual([
    ['C-B', 3],
    ['C-A', 2],
    ['C', 1],
  ]);
  const [cb, ca, c] = buckets.map((b) => b.metrics);
  expect(cb).toMatchObject({
    closed: 1,
    resolved: 0,
    mediationDeadlines: { met: 0, breached: 1 },
    overdueOpen: 1,
    riskRaised: 1,
    medianDaysToClose: 3,
    rates: { resolutionRate: 0, grassrootsRate: null, onTimeRate: 0, performanceRate: null },
  });
  expect(ca).toMatchObject({
    closed: 2,
    resolved: 1,
    resolvedAtGrassroots: 1,
    unperformedReferred: 1,
    medianDaysToClose: 15,
    rates: { resolutionRate: 0.5, grassrootsRate: 1, onTimeRate: 1, performanceRate: 0.5 },
  });
  expect(c).toMatchObject({
    closed: 1,
    resolved: 1,
    resolvedAtGrassroots: 0,
    medianDaysToClose: 30,
    rates: { resolutionRate: 1, grassrootsRate: 0, onTimeRate: 0.5, performanceRate: 1 },
  });
});

test('when grouped by month, then each month of the period is there, the empty one with zero counts and no rates', () => {
  const months = monthsOfPeriod('2026-01-01', '2026-03-31');
  expect(months).toEqual(['2026-01', '2026-02', '2026-03']);
  const buckets = statsBuckets(ROWS, 'month', { ...RULES, unitId: 'C', months });
  expect(buckets.map((b) => [b.key, b.metrics.total])).toEqual([
    ['2026-01', 4],
    ['2026-02', 0],
    ['2026-03', 2],
  ]);
  expect(buckets[1]!.metrics).toMatchObject({
    byStage: {},
    medianDaysToClose: null,
    rates: { resolutionRate: null, grassrootsRate: null, onTimeRate: null, performanceRate: null },
  });
});

test('when grouped by track or category, then none stands for no value and ties go by key', () => {
  const rules = { ...RULES, unitId: 'C', months: [] };
  expect(statsBuckets(ROWS, 'track', rules).map((b) => [b.key, b.metrics.total])).toEqual([
    ['people', 4],
    ['judicial', 1],
    ['none', 1],
  ]);
  expect(statsBuckets(ROWS, 'category', rules).map((b) => [b.key, b.metrics.resolved])).toEqual([
    ['neighbor', 1],
    ['contract', 1],
  ]);
});

test('when a period spans a new year or a single day, then its months are listed in order', () => {
  expect(monthsOfPeriod('2025-11-30', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  expect(monthsOfPeriod('2026-10-31', '2026-10-31')).toEqual(['2026-10']);
});

test('when a CSV cell holds a comma, a quote or a formula, then it is quoted per RFC 4180 and defused', () => {
  const total = statsMetrics([], RULES);
  const csv = statsCsv(
    'childUnit',
    [
      { key: 'U1', name: '一村,"二"组', ...total },
      { key: 'U2', name: '=1+1', ...total },
    ],
    total,
  );
  const lines = csv.split('\r\n');
  expect(lines).toHaveLength(5); // heading, two buckets, 合计, and the empty string after the last CRLF
  expect(lines[1]!.startsWith('U1,"一村,""二""组",0,')).toBe(true);
  expect(lines[2]!.startsWith("U2,'=1+1,0,")).toBe(true);
  expect(lines[3]).toBe('合计,,0,0,0,0,0,0,0,0,0,,,,,');
});
