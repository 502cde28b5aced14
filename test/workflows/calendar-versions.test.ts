/**
 * Rule data is pinned per case, and official calendars move open cases through events, on the real dev
 * server and FerretDB. Cases registered today with a 60-day people's mediation period have provisional
 * due dates in 2027 (chinese-days 1.5.7 has official data to 2026). Then the current rules change: a
 * 45-day policy, and a fake official 2027 schedule installed as the administrator would. Open cases keep
 * their due dates until they are migrated; new cases take the new rules; migrating moves each
 * provisional deadline through a `deadline.recalculated` event that verifies like any other.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { PiiVault } from '../../api/pii-vault';
import { CalendarStore } from '../../db/calendar-store';
import type { CaseEventDoc } from '../../db/models';
import type { CalendarSpec } from '../../domain/calendar';
import type { Deadline } from '../../domain/case-types';
import { CURRENT_POLICY, type DeadlinePolicy } from '../../domain/deadline-policy';
import { calendarAdmin, installCalendarFile, migrateOpenCases } from '../../scripts/calendar-migration';
import { COUNTY, ROOM } from '../support/case-script';
import { TEST_KEYS, TEST_SECRET, intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';

const LEGACY = 'chinese-days@1.5.7/2004-2026';
const DAY = 86_400_000;

/** The bundled policy with people's mediation (no subtrack) set to `days` days. */
const policyOf = (version: string, days: number): DeadlinePolicy => ({
  ...CURRENT_POLICY,
  version,
  entries: CURRENT_POLICY.entries.map((e) =>
    e.kind === 'mediation' && e.track === 'people' && e.subtrack === null ? { ...e, amount: days, unit: 'days' } : e,
  ),
});
const OLD_POLICY = policyOf('test-60-days', 60);
const NEW_POLICY = policyOf('test-45-days', 45);

// Civil dates by plain UTC arithmetic, independent of the domain code under test.
const utc = (d: string): Date => new Date(`${d}T00:00:00Z`);
const iso = (t: Date): string => t.toISOString().slice(0, 10);
const plusDays = (d: string, n: number): string => iso(new Date(utc(d).getTime() + n * DAY));
const weekday = (d: string): number => utc(d).getUTCDay();
const isWeekend = (d: string): boolean => weekday(d) === 0 || weekday(d) === 6;
/** The first Saturday after `d`. */
const nextSaturday = (d: string): string => plusDays(d, (6 - weekday(d) + 7) % 7 || 7);

/**
 * domain.md's roll-over rule under an official year: a rest day (a listed holiday, or a weekend that is
 * not a listed make-up working day) rolls to the next day until a working day.
 */
function rollUnder(official: { holidays: string[]; workdays: string[] }, d: string): string {
  let x = d;
  while (official.holidays.includes(x) || (isWeekend(x) && !official.workdays.includes(x))) x = plusDays(x, 1);
  return x;
}

let stack: TestStack;
let newRulesApp: Express;
let mediator: string;
let supervisor: string;
let auditor: string;
let installed: CalendarSpec;
let fake2027: { holidays: string[]; workdays: string[] };
/** Registered and accepted before the rules changed. */
const before: Record<'pinned' | 'migrated' | 'labor', { id: string; deadlines: Deadline[] }> = {} as never;

async function call(app: Express, method: 'get' | 'post', url: string, token: string, body?: object) {
  const req = request(app)[method](url).set('Authorization', `Bearer ${token}`);
  return body ? req.send(body) : req;
}

async function openCase(app: Express, key: string, subtrack: string | null = null): Promise<string> {
  const created = await request(app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey(key))
    .send(intakeBody());
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const accepted = await call(app, 'post', `/api/v1/cases/${id}/actions/accept`, mediator, {
    track: 'people',
    ...(subtrack ? { subtrack } : {}),
    assigneeId: 'u-1',
  });
  expect({ status: accepted.status, detail: accepted.body.detail }).toMatchObject({ status: 200 });
  return id;
}

async function view(id: string): Promise<{ policyVersion: string; deadlines: Deadline[] }> {
  const res = await call(stack.app, 'get', `/api/v1/cases/${id}`, mediator);
  expect(res.status).toBe(200);
  return res.body as { policyVersion: string; deadlines: Deadline[] };
}
const mediation = (deadlines: Deadline[], id = 'mediation-1'): Deadline => deadlines.find((d) => d.id === id)!;

beforeAll(async () => {
  stack = await startTestStack({ policy: OLD_POLICY });
  mediator = await stack.token('mediator', ROOM, 'u-1');
  supervisor = await stack.token('supervisor', COUNTY, 's-1');
  auditor = await stack.token('auditor', COUNTY, 'aud-1');

  for (const [name, subtrack] of [
    ['pinned', null],
    ['migrated', null],
    ['labor', 'labor'],
  ] as const) {
    const id = await openCase(stack.app, `calendar-${name}`, subtrack);
    before[name] = { id, deadlines: (await view(id)).deadlines };
  }

  // A fake official 2027: the working days from the provisional cases' last day to the Friday after are
  // holidays, and the Saturday after is a make-up working day, so those cases must move to that Saturday.
  const raw = mediation(before.migrated.deadlines).rawDueDate;
  const saturday = nextSaturday(raw);
  const block = Array.from({ length: 7 }, (_, i) => plusDays(raw, i)).filter((d) => d < saturday && !isWeekend(d));
  fake2027 = { holidays: ['2027-01-01', ...block], workdays: [saturday] };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'calendar-')), 'calendar-2027.json');
  writeFileSync(file, JSON.stringify({ version: 'fake-2027', source: 'test', years: { '2027': fake2027 } }));
  installed = (await installCalendarFile(new CalendarStore(stack.db.conn), file, 'admin-1')).spec;

  // The API after a deploy with a new current policy: same database, queue and worker.
  newRulesApp = createApp({
    db: stack.db,
    temporal: stack.client,
    namespace: 'default',
    taskQueue: stack.taskQueue,
    orgTree: () => stack.tree,
    policy: NEW_POLICY,
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
    jwtSecret: TEST_SECRET,
    vault: new PiiVault(TEST_KEYS),
    codec: { keys: TEST_KEYS, corsOrigins: [] },
    caseNoPrefix: 'ND',
    log: pino({ level: 'silent' }),
    rateLimitPerMinute: 0,
  });
});
afterAll(() => stack.close());

describe('rules pinned per case', () => {
  test('the cases registered before the change had provisional 2027 due dates, except the 15-day labour case', () => {
    expect(mediation(before.pinned.deadlines)).toMatchObject({
      provisional: true,
      calendarVersion: LEGACY,
      amount: 60,
    });
    expect(mediation(before.pinned.deadlines).dueDate.startsWith('2027-')).toBe(true);
    expect(mediation(before.labor.deadlines)).toMatchObject({ provisional: false, amount: 15 });
  });

  test('when the current policy and calendar change, then a new case takes them', async () => {
    const id = await openCase(newRulesApp, 'calendar-new-case');
    const v = await view(id);
    const d = mediation(v.deadlines);
    expect(v.policyVersion).toBe(NEW_POLICY.version);
    expect(d).toMatchObject({
      amount: 45,
      calendarVersion: installed.version,
      provisional: false,
      dueDate: rollUnder(fake2027, plusDays(d.startedOn, 45)),
    });
    const policies = await call(newRulesApp, 'get', '/api/v1/policies', mediator);
    expect(policies.body).toMatchObject({
      version: NEW_POLICY.version,
      effectiveFrom: NEW_POLICY.effectiveFrom,
      current: NEW_POLICY.version,
      calendar: { current: installed.version },
    });
    expect(policies.body.entries).toHaveLength(NEW_POLICY.entries.length);
  });

  test('when the current policy and calendar change, then an open case keeps its due dates, also after a worker restart, and counts later deadlines with its own rules', async () => {
    const { id } = before.pinned;
    await stack.restartWorker(); // the next task replays the case's history from the start
    const assigned = await call(newRulesApp, 'post', `/api/v1/cases/${id}/actions/assign`, supervisor, {
      assigneeId: 'u-2',
      reason: 'workload',
    });
    expect(assigned.status).toBe(200);
    const kept = await view(id);
    expect(kept.policyVersion).toBe(OLD_POLICY.version);
    expect(kept.deadlines).toEqual(before.pinned.deadlines);

    const escalated = await call(newRulesApp, 'post', `/api/v1/cases/${id}/actions/escalate`, supervisor, {
      reason: 'complex dispute',
    });
    expect(escalated.status).toBe(200);
    const restarted = mediation((await view(id)).deadlines, 'mediation-2');
    expect(restarted).toMatchObject({ amount: 60, calendarVersion: LEGACY, provisional: true });
    expect(restarted.rawDueDate).toBe(plusDays(restarted.startedOn, 60));
  });
});

describe('migrating open cases to an installed official calendar', () => {
  test('when open cases are migrated, then each provisional deadline moves through deadline.recalculated and the rest stay', async () => {
    const { id } = before.migrated;
    const old = mediation(before.migrated.deadlines);
    const expected = nextSaturday(old.rawDueDate);
    const report = await migrateOpenCases({
      client: stack.client,
      models: stack.db.models,
      calendar: installed,
      actor: calendarAdmin('admin-1'),
    });
    expect(report.failed).toEqual([]);
    expect(report.recalculated).toBeGreaterThanOrEqual(2); // this case, and the pinned case's restarted period

    const events = await stack.db.models.CaseEvent.find({ caseId: id }).sort({ seq: 1 }).lean<CaseEventDoc[]>();
    const added = events.slice(-2);
    expect(added.map((e) => e.type)).toEqual(['calendar.adopted', 'deadline.recalculated']);
    expect(added[0]).toMatchObject({
      actor: { id: 'admin-1', role: 'admin' },
      data: { from: LEGACY, to: installed.version },
    });
    expect(added[1]!.data).toMatchObject({
      from: { dueDate: old.dueDate, provisional: true, calendarVersion: LEGACY },
      to: { dueDate: expected, provisional: false, calendarVersion: installed.version },
    });

    const moved = mediation((await view(id)).deadlines);
    expect(moved).toMatchObject({
      dueDate: expected,
      provisional: false,
      calendarVersion: installed.version,
      dueAt: new Date(Date.parse(`${expected}T00:00:00+08:00`) + DAY).toISOString(),
    });
    const timeline = await call(stack.app, 'get', `/api/v1/cases/${id}/timeline`, auditor);
    const types = (timeline.body.events as Array<{ type: string }>).map((e) => e.type);
    expect(types).toContain('deadline.recalculated');

    // The labour case's 15-day period ends in 2026: not provisional, never moved.
    const labor = await stack.db.models.CaseEvent.find({ caseId: before.labor.id }).lean<CaseEventDoc[]>();
    expect(labor.filter((e) => e.type === 'deadline.recalculated')).toEqual([]);
    expect((await view(before.labor.id)).deadlines).toEqual(before.labor.deadlines);
  });

  test('when the cases were migrated, then they verify, and migrating again changes nothing', async () => {
    for (const id of [before.migrated.id, before.pinned.id, before.labor.id]) {
      const report = await call(stack.app, 'get', `/api/v1/cases/${id}/verify`, auditor);
      expect({ id, ...report.body }).toMatchObject({
        id,
        ok: true,
        chainOk: true,
        headMatchesWorkflow: true,
        replayOk: true,
      });
    }
    const again = await migrateOpenCases({
      client: stack.client,
      models: stack.db.models,
      calendar: installed,
      actor: calendarAdmin('admin-1'),
    });
    expect(again).toMatchObject({ moved: 0, recalculated: 0, failed: [] });
  });
});
