/**
 * `GET /cases/:id/allowed-actions` agrees with what the action route does, for every stage (paused and
 * not) × action × role: where it says not allowed, the action answers the status of its code (409
 * invalid-transition, 403 forbidden) and records nothing; where it says allowed, the action applies
 * (200) on a case in the same state. A caller who may not see the case gets 404 from both.
 */
import request from 'supertest';
import { ACTION_NAMES, type ActionName } from '../../domain/case-decider';
import type { Role, Stage } from '../../domain/case-types';
import { COUNTY, COURT, ROOM, preconditions, probe, stepsTo, type Step } from '../support/case-script';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

interface Who {
  role: Role;
  org: string;
}
// One of each role, from where they would meet the case: the room that registered it, the county
// above it, the court it may go to, the unit a transfer goes to, a unit elsewhere, and the city.
const CALLERS: Who[] = [
  { role: 'mediator', org: ROOM },
  { role: 'supervisor', org: COUNTY },
  { role: 'liaison', org: COURT },
  { role: 'mediator', org: 'ND-JC-ZW' },
  { role: 'mediator', org: 'ND-JC-CN' },
  { role: 'auditor', org: 'ND' },
  { role: 'admin', org: 'ND' },
];
const STATUS_OF_CODE: Record<string, number> = { invalid_transition: 409, forbidden: 403 };

interface Variant {
  stage: Stage;
  paused: boolean;
}
const VARIANTS: Variant[] = [
  ...(['registered', 'accepted', 'in_mediation', 'following_up', 'transferred', 'under_review', 'closed'] as const).map(
    (stage) => ({ stage, paused: false }),
  ),
  ...(['accepted', 'in_mediation', 'following_up', 'under_review'] as const).map((stage) => ({ stage, paused: true })),
];

async function send(id: string, step: Step, as: Who = step.as) {
  const token = await stack.token(as.role, as.org);
  return request(stack.app)
    .post(`/api/v1/cases/${id}/actions/${step.action}`)
    .set('Authorization', `Bearer ${token}`)
    .send(step.body);
}

/** A new case brought to the variant's state with the steps a real case would see. */
async function caseIn(v: Variant, label: string): Promise<string> {
  const token = await stack.token('mediator', ROOM, 'u-1');
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', runKey(`allowed-${v.stage}-${v.paused}-${label}`))
    .send(intakeBody());
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const steps = [...stepsTo(v.stage), ...(v.paused ? preconditions('resume', v.stage) : [])];
  for (const step of steps) {
    const res = await send(id, step);
    expect({ step: step.action, status: res.status, detail: res.body.detail }).toMatchObject({ status: 200 });
  }
  return id;
}

async function allowedActions(id: string, who: Who) {
  const token = await stack.token(who.role, who.org);
  return request(stack.app).get(`/api/v1/cases/${id}/allowed-actions`).set('Authorization', `Bearer ${token}`);
}

/** Fails with who did what, what allowed-actions said and what the action route answered. */
function expectStatus(
  who: Who,
  action: ActionName,
  res: { status: number; body: { detail?: string } },
  expected: number,
  said: string,
): void {
  if (res.status !== expected)
    throw new Error(
      `${who.role}@${who.org} ${action}: allowed-actions said "${said}", the route answered ${res.status} (${res.body.detail ?? ''}), expected ${expected}`,
    );
}

/** A deadline that policy 2026.1 lets staff extend with the parties' consent, in its own unit. */
function consentExtension(stage: Stage): Record<string, unknown> {
  return ['following_up', 'under_review'].includes(stage)
    ? { kind: 'follow_up', amount: 5, unit: 'days' }
    : { kind: 'mediation', amount: 1, unit: 'months' };
}

const eventCount = (id: string): Promise<number> => stack.db.models.CaseEvent.countDocuments({ caseId: id });

test.concurrent.each(VARIANTS)(
  'when a case is in stage $stage (paused: $paused), then every caller is allowed exactly what the action route does',
  async (v) => {
    const id = await caseIn(v, 'base');
    const allowedCells: Array<{ action: ActionName; who: Who }> = [];
    for (const who of CALLERS) {
      const res = await allowedActions(id, who);
      const probeWith = (action: ActionName): Step => ({ ...probe(action, v.stage), as: who });
      if (res.status !== 200) {
        // Not visible (404) or not a case role at all (403): the action route answers the same.
        expect([403, 404]).toContain(res.status);
        for (const action of ACTION_NAMES) expect((await send(id, probeWith(action))).status).toBe(res.status);
        continue;
      }
      const list = res.body as Array<{ action: ActionName; allowed: boolean; code: string | null; reason: string }>;
      expect(list.map((e) => e.action)).toEqual([...ACTION_NAMES]);
      for (const entry of list) {
        if (entry.allowed) {
          allowedCells.push({ action: entry.action, who });
          continue;
        }
        expect(entry.reason).toMatch(/[\u4e00-\u9fff]/); // Chinese by default
        const before = await eventCount(id);
        const acted = await send(id, probeWith(entry.action));
        expectStatus(who, entry.action, acted, STATUS_OF_CODE[entry.code!]!, entry.reason);
        expect(await eventCount(id)).toBe(before);
      }
    }
    // Each allowed cell on a case of its own in the same state: the action applies.
    for (const [i, { action, who }] of allowedCells.entries()) {
      const fresh = await caseIn(v, `${i}-${action}-${who.role}`);
      const step = probe(action, v.stage);
      // "Per policy": the probe's deadline may need a supervisor; staff extend one the parties agree to.
      if (action === 'extend' && who.role !== 'supervisor') step.body = { ...step.body, ...consentExtension(v.stage) };
      const acted = await send(fresh, { ...step, as: who });
      expectStatus(who, action, acted, 200, 'allowed');
    }
  },
  600_000,
);

test('when the caller asks for English, then the reasons are English', async () => {
  const id = await caseIn({ stage: 'registered', paused: false }, 'english');
  const token = await stack.token('mediator', ROOM);
  const res = await request(stack.app)
    .get(`/api/v1/cases/${id}/allowed-actions`)
    .set('Authorization', `Bearer ${token}`)
    .set('Accept-Language', 'en');
  expect(res.status).toBe(200);
  const recordSession = (res.body as Array<{ action: string; reason: string }>).find(
    (e) => e.action === 'record-session',
  );
  expect(recordSession?.reason).toMatch(/not allowed in stage registered/);
});
