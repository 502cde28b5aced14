/** Statistics against a hand-counted fixture written straight into the read model. */
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;

const path = (id: string): string[] => stack.tree.path(id).map((u) => u.id);
const past = new Date(Date.now() - 86_400_000).toISOString();
const future = new Date(Date.now() + 86_400_000).toISOString();

function doc(
  id: string,
  o: {
    owner: string;
    origin?: string;
    created: string;
    stage: string;
    outcome?: string;
    level?: number;
    deadlines?: Array<[string, string]>;
    nextDueAt?: string | null;
    days?: number | null;
  },
) {
  return {
    _id: id,
    id,
    caseNo: `ND-2026-${id}`,
    version: 5,
    stage: o.stage,
    outcome: o.outcome ?? null,
    track: 'people',
    category: 'neighbor',
    source: 'walk_in',
    ownerOrgUnitId: o.owner,
    ownerKind: stack.tree.get(o.owner)!.kind,
    ownerPath: path(o.owner),
    originOrgUnitId: o.origin ?? o.owner,
    originPath: path(o.origin ?? o.owner),
    escalationLevel: o.level ?? 0,
    courtsInvolved: [],
    deadlines: (o.deadlines ?? []).map(([kind, status]) => ({ kind, status })),
    nextDueAt: o.nextDueAt ?? null,
    createdAt: o.created,
    createdMonth: o.created.slice(0, 7),
    daysToClose: o.days ?? null,
    parties: [],
  };
}

beforeAll(async () => {
  stack = await startTestStack();
  const oct = (d: number) => `2026-10-${String(d).padStart(2, '0')}T02:00:00.000Z`;
  await stack.db.models.Case.collection.insertMany([
    doc('000001', {
      owner: 'ND-JC-JN-ROOM',
      created: oct(1),
      stage: 'closed',
      outcome: 'resolved',
      deadlines: [['mediation', 'met']],
      days: 10,
    }),
    doc('000002', {
      owner: 'ND-JC',
      origin: 'ND-JC-JN-V01',
      level: 2,
      created: oct(3),
      stage: 'closed',
      outcome: 'resolved',
      deadlines: [
        ['mediation', 'breached'],
        ['mediation', 'breached'],
        ['mediation', 'met'],
        ['risk_response', 'met'],
      ],
      days: 40,
    }),
    doc('000003', {
      owner: 'ND-JC-ZW',
      created: oct(5),
      stage: 'closed',
      outcome: 'unperformed_referred',
      deadlines: [
        ['mediation', 'met'],
        ['follow_up', 'met'],
      ],
      days: 30,
    }),
    doc('000004', {
      owner: 'ND-JC-JN-ROOM',
      created: oct(7),
      stage: 'closed',
      outcome: 'withdrawn',
      deadlines: [['mediation', 'cancelled']],
      days: 2,
    }),
    doc('000005', {
      owner: 'ND-JC-JN-ROOM',
      created: oct(9),
      stage: 'in_mediation',
      deadlines: [
        ['mediation', 'running'],
        ['risk_response', 'running'],
      ],
      nextDueAt: past,
    }),
    doc('000006', {
      owner: 'ND-JC-JN-ROOM',
      created: oct(31).replace('T02', 'T15'),
      stage: 'accepted',
      deadlines: [['mediation', 'running']],
      nextDueAt: future,
    }), // 23:00 on Oct 31 in Shanghai: still October
    doc('000007', { owner: 'ND-FA-CY-ROOM', created: oct(2), stage: 'closed', outcome: 'resolved', days: 5 }), // another county
    doc('000009', { owner: 'ND-JC-JN-ROOM', created: '2026-10-31T16:30:00.000Z', stage: 'registered' }), // 00:30 on Nov 1 in Shanghai
    doc('000008', { owner: 'ND-JC-JN-ROOM', created: '2026-12-01T02:00:00.000Z', stage: 'registered' }), // outside the period
  ] as never[]);
});
afterAll(() => stack.close());

const stats = async (role: 'supervisor' | 'auditor', org: string, query: Record<string, string>) =>
  request(stack.app)
    .get('/api/v1/stats')
    .query(query)
    .set('Authorization', `Bearer ${await stack.token(role, org)}`);

test('when a county supervisor asks for October, then every count and rate matches the hand count', async () => {
  const res = await stats('supervisor', 'ND-JC', { from: '2026-10-01', to: '2026-10-31' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    total: 6,
    byStage: { closed: 4, in_mediation: 1, accepted: 1 },
    byOutcome: { resolved: 2, unperformed_referred: 1, withdrawn: 1 },
    byOwnerOrgUnit: { 'ND-JC-JN-ROOM': 4, 'ND-JC': 1, 'ND-JC-ZW': 1 },
    byMonth: { '2026-10': 6 },
    byEscalationLevel: { '0': 5, '2': 1 },
    closed: 4,
    resolved: 2,
    resolvedAtGrassroots: 1,
    unperformedReferred: 1,
    mediationDeadlines: { met: 3, breached: 2 },
    overdueOpen: 1,
    riskRaised: 2,
    medianDaysToClose: 20,
    rates: { resolutionRate: 0.5, grassrootsRate: 0.5, onTimeRate: 0.6, performanceRate: 0.6667 },
  });
});

test('when a township asks, then cases registered there count even after they were escalated away', async () => {
  const res = await stats('auditor', 'ND-JC-JN', { from: '2026-10-01', to: '2026-10-31', orgUnitId: 'ND-JC-JN' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ total: 5, resolved: 2, resolvedAtGrassroots: 1, rates: { grassrootsRate: 0.5 } });
});

test('when the caller asks about a unit outside its scope, a mediator asks, or the dates are bad, then 403/403/400', async () => {
  expect(
    (await stats('supervisor', 'ND-JC-JN', { from: '2026-10-01', to: '2026-10-31', orgUnitId: 'ND-JC' })).status,
  ).toBe(403);
  const mediator = await stack.token('mediator', 'ND-JC-JN-ROOM');
  expect(
    (
      await request(stack.app)
        .get('/api/v1/stats?from=2026-10-01&to=2026-10-31')
        .set('Authorization', `Bearer ${mediator}`)
    ).status,
  ).toBe(403);
  expect((await stats('supervisor', 'ND-JC', { from: '2026-10-31', to: '2026-10-01' })).status).toBe(400);
  expect((await stats('supervisor', 'ND-JC', { from: 'October', to: '2026-10-01' })).status).toBe(400);
});

describe('without from and to', () => {
  // api.md: "GET /api/v1/stats without from/to covers the current year to date (Asia/Shanghai)".
  // Shanghai is UTC+8 all year, so its calendar is the UTC calendar of the instant 8 hours later.
  const SHANGHAI = 8 * 3_600_000;
  const now = Date.now();
  const year = new Date(now + SHANGHAI).getUTCFullYear();
  const yearStart = Date.UTC(year, 0, 1) - SHANGHAI; // 00:00 on 1 January in Shanghai
  const today = new Date(now + SHANGHAI).toISOString().slice(0, 10);
  const tomorrowStart = Date.parse(`${today}T00:00:00Z`) + 86_400_000 - SHANGHAI; // 00:00 tomorrow in Shanghai
  const at = (ms: number) => new Date(ms).toISOString();
  const unit = 'ND-FA-SY'; // a township no other fixture here uses

  beforeAll(async () => {
    await stack.db.models.Case.collection.insertMany([
      doc('ytd-001', { owner: 'ND-FA-SY-ROOM', created: at(yearStart), stage: 'registered' }), // the first instant of the year
      doc('ytd-002', { owner: 'ND-FA-SY-V01', created: at(now - 1000), stage: 'accepted' }), // just now
      doc('ytd-003', { owner: 'ND-FA-SY-ROOM', created: at(yearStart - 1), stage: 'registered' }), // last year, in Shanghai
      doc('ytd-004', { owner: 'ND-FA-SY-ROOM', created: at(tomorrowStart), stage: 'registered' }), // tomorrow in Shanghai
    ] as never[]);
  });

  test('when a supervisor asks with neither date, then the current Shanghai year to date is counted', async () => {
    const res = await stats('supervisor', unit, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: at(yearStart), to: at(tomorrowStart), total: 2 });
  });

  test('when only from is given, then to is today; when only to is given, from is 1 January of its year', async () => {
    const fromOnly = await stats('supervisor', unit, { from: `${year}-01-01` });
    expect(fromOnly.body).toMatchObject({ from: at(yearStart), to: at(tomorrowStart), total: 2 });
    const toOnly = await stats('supervisor', unit, { to: today });
    expect(toOnly.body).toMatchObject({ from: at(yearStart), to: at(tomorrowStart), total: 2 });
  });

  test('when the OpenAPI document is read, then it says what the defaults are', async () => {
    const doc = await request(stack.app).get('/openapi.json');
    const op = doc.body.paths['/api/v1/stats'].get;
    expect(op.description).toMatch(/year to date/);
    const params = Object.fromEntries(
      (op.parameters as Array<{ name: string; required?: boolean; description?: string }>).map((p) => [p.name, p]),
    );
    expect(params.from).toMatchObject({ required: false, description: expect.stringMatching(/1 January/) });
    expect(params.to).toMatchObject({ required: false, description: expect.stringMatching(/today/) });
  });
});
