/**
 * Deadlines act on their own, on the real dev server, with periods of seconds passed as policy data:
 * each kind is warned at 75 % and breached at its due instant, with its breach effect.
 */
import request from 'supertest';
import type { CaseEventDoc } from '../../db/models';
import { COURT, ROOM } from '../support/case-script';
import { shortPolicy } from '../support/short-policy';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';
import { shanghaiToday } from '../support/shanghai-today';

let stack: TestStack;
let mediator: string;
let liaison: string;
// Periods in seconds, distinct per kind: the Temporal server fires any timer shorter than 1 s after
// about 1 s (measured: 1 ms → 1006 ms; 1100 ms → 1114 ms), so two instants less than a second apart
// are handled together. Real periods are days long; the tests keep instants more than 1 s apart.
const SECONDS = {
  acceptance: 4,
  mediation: 4,
  takeover: 6,
  confirmation_window: 4,
  confirmation_decision: 5,
  follow_up: 9,
  risk_response: 4,
};

beforeAll(async () => {
  stack = await startTestStack({ policy: shortPolicy(SECONDS) });
  mediator = await stack.token('mediator', ROOM, 'u-1');
  liaison = await stack.token('liaison', COURT, 'l-1');
});
afterAll(() => stack.close());

async function newCase(key: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey(key))
    .send(intakeBody(overrides));
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function act(id: string, action: string, body: object, token = mediator): Promise<Record<string, unknown>> {
  const res = await request(stack.app)
    .post(`/api/v1/cases/${id}/actions/${action}`)
    .set('Authorization', `Bearer ${token}`)
    .send(body);
  expect({ action, status: res.status, detail: res.body.detail }).toMatchObject({ status: 200 });
  return res.body as Record<string, unknown>;
}

/** Waits until the case's event log satisfies `done` (the workflow acts by itself; we only watch). */
async function waitForEvents(
  id: string,
  done: (events: CaseEventDoc[]) => boolean,
  timeoutMs = 30_000,
): Promise<CaseEventDoc[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const events = await stack.db.models.CaseEvent.find({ caseId: id }).sort({ seq: 1 }).lean<CaseEventDoc[]>();
    if (done(events)) return events;
    if (Date.now() > until) throw new Error(`timed out; events: ${events.map((e) => `${e.seq}:${e.type}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

type DeadlineData = { deadline: { id: string; kind: string; dueAt: string; warnAt: string; status: string } };
const ofKind = (events: CaseEventDoc[], type: string, kind: string) =>
  events.filter((e) => e.type === type && (e.data as DeadlineData).deadline.kind === kind);

/** The warning and breach of a deadline happened at (not before, and within a second of) their instants. */
function expectOnTime(events: CaseEventDoc[], kind: string, breachType = 'deadline.breached'): void {
  const warned = ofKind(events, 'deadline.warned', kind)[0];
  const breached = ofKind(events, breachType, kind)[0];
  if (!warned || !breached) {
    const log = events.map(
      (e) =>
        `${e.seq} ${e.at} ${e.type} ${(e.data as Partial<DeadlineData>).deadline?.kind ?? ''} warnAt=${(e.data as Partial<DeadlineData>).deadline?.warnAt ?? ''} dueAt=${(e.data as Partial<DeadlineData>).deadline?.dueAt ?? ''}`,
    );
    throw new Error(`${kind}: expected a warning and a ${breachType}; events:\n${log.join('\n')}`);
  }
  const w = (warned.data as DeadlineData).deadline;
  const b = (breached.data as DeadlineData).deadline;
  const warnLate = Date.parse(warned.at) - Date.parse(w.warnAt);
  const breachLate = Date.parse(breached.at) - Date.parse(b.dueAt);
  expect(warnLate).toBeGreaterThanOrEqual(0);
  expect(breachLate).toBeGreaterThanOrEqual(0);
  expect(warnLate).toBeLessThan(1500);
  expect(breachLate).toBeLessThan(1500);
}

describe('deadlines act by themselves', () => {
  test('when a registered case is not accepted in time, then acceptance is warned and breached and the supervisor notified', async () => {
    const id = await newCase('acceptance');
    const events = await waitForEvents(id, (e) => ofKind(e, 'deadline.breached', 'acceptance').length > 0);
    expectOnTime(events, 'acceptance');
    const notes = await stack.db.models.Notification.find({ caseId: id }).lean();
    expect(notes.map((n) => `${n.eventType}:${n.target}`).sort()).toEqual([
      'deadline.breached:owner_supervisor',
      'deadline.warned:owner_supervisor',
    ]);
    // Once dispatched, the outbox rows are marked sent (no longer counted as pending by /metrics).
    const until = Date.now() + 15_000;
    let statuses: string[] = [];
    while (Date.now() < until) {
      statuses = (await stack.db.models.Notification.find({ caseId: id }).lean()).map((n) => n.status);
      if (statuses.every((s) => s === 'sent')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(statuses).toEqual(['sent', 'sent']);
  });

  test('when mediation deadlines pass, then the case escalates room → township → county and stops at the top of the ladder', async () => {
    const id = await newCase('mediation-ladder');
    await act(id, 'accept', { track: 'people', assigneeId: 'u-1' });
    const events = await waitForEvents(id, (e) => ofKind(e, 'deadline.breached', 'mediation').length >= 3, 45_000);
    expectOnTime(events, 'mediation');
    const escalations = events
      .filter((e) => e.type === 'case.escalated')
      .map((e) => (e.data as { owner: Array<{ id: string }> }).owner[0]!.id);
    expect(escalations).toEqual(['ND-JC-JN', 'ND-JC']);
    const third = ofKind(events, 'deadline.breached', 'mediation')[2]!;
    expect((third.data as { effect: string }).effect).toMatch(/top of the escalation ladder/);
    // Nothing more happens after the top: no running deadline, no further timer.
    await new Promise((r) => setTimeout(r, SECONDS.mediation * 1000 + 1500));
    const view = (await stack.db.models.Case.findById(id).lean())!;
    expect(view).toMatchObject({ ownerOrgUnitId: 'ND-JC', escalationLevel: 2, nextDueAt: null });
    expect(await stack.db.models.CaseEvent.countDocuments({ caseId: id })).toBe(events.length);
  });

  test('when a transfer is not taken over in time, then takeover is breached; after take-over the court decision deadline runs', async () => {
    const id = await newCase('takeover');
    await act(id, 'accept', { track: 'people', assigneeId: 'u-1' });
    await act(id, 'record-agreement', {
      terms: 'pay',
      signedOn: shanghaiToday(),
    });
    await act(id, 'request-confirmation', { courtId: COURT });
    let events = await waitForEvents(id, (e) => ofKind(e, 'deadline.breached', 'takeover').length > 0);
    expectOnTime(events, 'takeover');
    await act(id, 'take-over', {}, liaison);
    events = await waitForEvents(id, (e) => ofKind(e, 'deadline.breached', 'confirmation_decision').length > 0);
    expectOnTime(events, 'confirmation_decision');
    expectOnTime(events, 'follow_up');
  });

  test('when the confirmation window closes, then it expires and request-confirmation is refused with 409', async () => {
    const id = await newCase('window');
    await act(id, 'accept', { track: 'people', assigneeId: 'u-1' });
    await act(id, 'record-agreement', {
      terms: 'pay',
      signedOn: shanghaiToday(),
    });
    const events = await waitForEvents(id, (e) =>
      e.some((x) => x.type === 'deadline.ended' && (x.data as DeadlineData).deadline.kind === 'confirmation_window'),
    );
    const ended = events.find(
      (x) => x.type === 'deadline.ended' && (x.data as DeadlineData).deadline.kind === 'confirmation_window',
    )!;
    expect((ended.data as DeadlineData).deadline.status).toBe('expired');
    expect(ofKind(events, 'deadline.warned', 'confirmation_window')).toHaveLength(1);
    const res = await request(stack.app)
      .post(`/api/v1/cases/${id}/actions/request-confirmation`)
      .set('Authorization', `Bearer ${mediator}`)
      .send({ courtId: COURT });
    expect(res.status).toBe(409);
  });

  test('when a high risk is not responded to in time, then the breach escalates the case', async () => {
    const id = await newCase('risk');
    await act(id, 'accept', { track: 'people', assigneeId: 'u-1' });
    await act(id, 'pause', { reason: 'appraisal pending' }); // the mediation clock stops; the risk clock does not
    await act(id, 'report-risk', { level: 'critical', reason: 'threats of violence' });
    const events = await waitForEvents(id, (e) => ofKind(e, 'deadline.breached', 'risk_response').length > 0);
    expectOnTime(events, 'risk_response');
    const notified = events.find((e) => e.type === 'risk.reported')!;
    expect((notified.data as { notify: string[] }).notify).toEqual(['police_liaison', 'owner_supervisor']);
    expect(events.some((e) => e.type === 'case.escalated')).toBe(true);
    expect(ofKind(events, 'deadline.breached', 'mediation')).toHaveLength(0);
  });
});
