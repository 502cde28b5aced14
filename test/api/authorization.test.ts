/**
 * Object-level authorization over every route, every role, and cases of the caller's own unit, of
 * another unit, and transferred to the caller's court. Expectations are written out by hand.
 * 404 hides cases the caller may not see; 403 is for what the role may never do.
 */
import request from 'supertest';
import type { Role } from '../../domain/case-types';
import { stepsTo } from '../support/case-script';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
/** own: registered by ND-JC-JN-ROOM, accepted; transferred: sent by that room to ND-JC-COURT for confirmation. */
const cases: Record<'own' | 'transferred', string> = { own: '', transferred: '' };

const CALLERS: Record<string, { role: Role; org: string }> = {
  'mediator@room': { role: 'mediator', org: 'ND-JC-JN-ROOM' },
  'mediator@other': { role: 'mediator', org: 'ND-FA-CY-ROOM' },
  'supervisor@county': { role: 'supervisor', org: 'ND-JC' },
  'supervisor@other': { role: 'supervisor', org: 'ND-FA' },
  'liaison@court': { role: 'liaison', org: 'ND-JC-COURT' },
  'liaison@other': { role: 'liaison', org: 'ND-FA-COURT' },
  'auditor@county': { role: 'auditor', org: 'ND-JC' },
  'auditor@other': { role: 'auditor', org: 'ND-FA' },
  admin: { role: 'admin', org: 'ND' },
};

beforeAll(async () => {
  stack = await startTestStack();
  const mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'm-1');
  for (const [key, stage] of [
    ['own', 'accepted'],
    ['transferred', 'under_review'],
  ] as const) {
    const c = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediator}`)
      .set('Idempotency-Key', runKey(`authz-${key}`))
      .send(intakeBody());
    for (const step of stepsTo(stage)) {
      const t = await stack.token(step.as.role, step.as.org);
      await request(stack.app)
        .post(`/api/v1/cases/${c.body.id}/actions/${step.action}`)
        .set('Authorization', `Bearer ${t}`)
        .send(step.body)
        .expect(200);
    }
    cases[key] = c.body.id as string;
  }
});
afterAll(() => stack.close());

type Route = 'view' | 'action' | 'timeline' | 'state' | 'verify' | 'export';
const call = (route: Route, id: string, token: string) => {
  const base = `/api/v1/cases/${id}`;
  const r = (m: 'get' | 'post', path: string) => request(stack.app)[m](path).set('Authorization', `Bearer ${token}`);
  switch (route) {
    case 'view':
      return r('get', base);
    case 'action':
      return r('post', `${base}/actions/report-risk`).send({ level: 'medium', reason: 'neighbours quarrel again' });
    case 'timeline':
      return r('get', `${base}/timeline`);
    case 'state':
      return r('get', `${base}/state`).query({ asOf: new Date().toISOString() });
    case 'verify':
      return r('get', `${base}/verify`);
    case 'export':
      return r('get', `${base}/export`);
  }
};

// [caller, case, view, action, timeline, state, verify, export]
const EXPECTED: Array<[string, 'own' | 'transferred', number, number, number, number, number, number]> = [
  ['mediator@room', 'own', 200, 200, 200, 403, 403, 403],
  ['mediator@room', 'transferred', 200, 403, 200, 403, 403, 403], // its origin; the court owns it now
  ['mediator@other', 'own', 404, 404, 404, 403, 403, 403],
  ['mediator@other', 'transferred', 404, 404, 404, 403, 403, 403],
  ['supervisor@county', 'own', 200, 200, 200, 200, 403, 403],
  ['supervisor@county', 'transferred', 200, 403, 200, 200, 403, 403],
  ['supervisor@other', 'own', 404, 404, 404, 404, 403, 403],
  ['supervisor@other', 'transferred', 404, 404, 404, 404, 403, 403],
  ['liaison@court', 'own', 404, 404, 404, 403, 403, 403], // never sent to the court
  ['liaison@court', 'transferred', 200, 200, 200, 403, 403, 403],
  ['liaison@other', 'own', 404, 404, 404, 403, 403, 403],
  ['liaison@other', 'transferred', 404, 404, 404, 403, 403, 403],
  ['auditor@county', 'own', 200, 403, 200, 200, 200, 200],
  ['auditor@county', 'transferred', 200, 403, 200, 200, 200, 200],
  ['auditor@other', 'own', 404, 403, 404, 404, 404, 404],
  ['auditor@other', 'transferred', 404, 403, 404, 404, 404, 404],
  ['admin', 'own', 403, 403, 403, 403, 403, 403],
  ['admin', 'transferred', 403, 403, 403, 403, 403, 403],
];
const ROUTES: Route[] = ['view', 'action', 'timeline', 'state', 'verify', 'export'];

test.each(
  EXPECTED.flatMap(([who, which, ...statuses]) => ROUTES.map((route, i) => [who, which, route, statuses[i]!] as const)),
)('%s on the %s case: %s answers %i', async (who, which, route, status) => {
  const caller = CALLERS[who]!;
  const res = await call(route, cases[which], await stack.token(caller.role, caller.org, who));
  expect(res.status).toBe(status);
  if (status >= 400) expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
});

test.each([
  ['mediator@room', { own: true, transferred: true }],
  ['mediator@other', { own: false, transferred: false }],
  ['supervisor@county', { own: true, transferred: true }],
  ['supervisor@other', { own: false, transferred: false }],
  ['liaison@court', { own: false, transferred: true }],
  ['liaison@other', { own: false, transferred: false }],
  ['auditor@county', { own: true, transferred: true }],
  ['auditor@other', { own: false, transferred: false }],
] as const)('%s lists exactly the cases it may see', async (who, expected) => {
  const caller = CALLERS[who]!;
  const res = await request(stack.app)
    .get('/api/v1/cases?limit=100')
    .set('Authorization', `Bearer ${await stack.token(caller.role, caller.org, who)}`);
  expect(res.status).toBe(200);
  const ids = new Set((res.body.items as Array<{ id: string }>).map((c) => c.id));
  expect({ own: ids.has(cases.own), transferred: ids.has(cases.transferred) }).toEqual(expected);
});

test.each([
  ['mediator@room', 201],
  ['supervisor@county', 201],
  ['liaison@court', 403],
  ['auditor@county', 403],
  ['admin', 403],
] as const)('%s registering a case in ND-JC-JN-ROOM answers %i', async (who, status) => {
  const caller = CALLERS[who]!;
  const res = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${await stack.token(caller.role, caller.org, who)}`)
    .set('Idempotency-Key', runKey(`authz-intake-${who}`))
    .send(intakeBody());
  expect(res.status).toBe(status);
});

test('admins see no cases at all; reference data is open to every role; no token is 401 everywhere', async () => {
  const admin = await stack.token('admin', 'ND');
  expect((await request(stack.app).get('/api/v1/cases').set('Authorization', `Bearer ${admin}`)).status).toBe(403);
  for (const path of [
    '/api/v1/org-units',
    '/api/v1/policies',
    '/api/v1/deadline-preview?kind=acceptance&start=2026-09-30',
  ]) {
    expect((await request(stack.app).get(path).set('Authorization', `Bearer ${admin}`)).status).toBe(200);
    expect((await request(stack.app).get(path)).status).toBe(401);
  }
  for (const route of ROUTES) expect((await call(route, cases.own, 'not-a-token')).status).toBe(401);
});

test('personal data is shown in full only to the owning unit', async () => {
  const seen = async (who: string) => {
    const caller = CALLERS[who]!;
    const res = await call('view', cases.own, await stack.token(caller.role, caller.org, who));
    return res.body.parties[0] as Record<string, unknown>;
  };
  expect(await seen('mediator@room')).toMatchObject({
    idNumber: '350902198001011237',
    idNumberMasked: '350902********1237',
  });
  for (const who of ['supervisor@county', 'auditor@county']) {
    const p = await seen(who);
    expect(p.idNumber).toBeUndefined();
    expect(p.idNumberMasked).toBe('350902********1237');
  }
});

describe('when a validly signed token names no real user or unit (issue 13)', () => {
  test.each([
    ['an org unit that does not exist', 'ND-JC-NOWHERE', 'u-1'],
    ['an empty subject', 'ND-JC-JN-ROOM', ''],
    ['a blank subject', 'ND-JC-JN-ROOM', '   '],
  ])('for %s, then 401 and it reads nothing', async (_what, org, sub) => {
    const token = await stack.token('mediator', org, sub);
    const res = await request(stack.app).get('/api/v1/cases').set('Authorization', `Bearer ${token}`);
    expect({ status: res.status, type: res.body.type }).toEqual({
      status: 401,
      type: expect.stringMatching(/unauthorized$/),
    });
    expect(res.body.items).toBeUndefined();
  });
});
