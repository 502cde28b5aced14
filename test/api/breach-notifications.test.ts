/**
 * A breach that escalates a case is told to those it was taken from. domain.md: the `mediation`
 * deadline's breach escalates the case to the parent unit, and the policy's notify column names the
 * owner's supervisor; issue 11: the case's assignee hears of its own deadlines, and the notification
 * says the breach's effect (「已自动升级至…」). The owner and the assignee are those of the moment the
 * deadline ran out: the village committee and its mediator, not the township centre the breach moved the
 * case to (which clears the assignee). Real workflow, deadlines shortened to seconds.
 */
import request from 'supertest';
import { shortPolicy } from '../support/short-policy';
import { createAccount } from '../support/accounts';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';

const VILLAGE = 'ND-JC-JN-V01';
const TOWNSHIP = 'ND-JC-JN';
const TOWNSHIP_NAME = '蕉南街道矛盾纠纷调处中心';
const MEDIATION_S = 8;

let stack: TestStack;
let admin: string;

const createUser = (login: string, role: string, org: string) => createAccount(stack.app, admin, login, role, org);

interface Item {
  caseId: string;
  kind: string;
  title: string;
  detail: string;
}

async function inboxOf(token: string): Promise<Item[]> {
  const res = await request(stack.app).get('/api/v1/notifications?limit=100').set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  return res.body.items as Item[];
}

async function until<T>(what: string, get: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  stack = await startTestStack({ policy: shortPolicy({ mediation: MEDIATION_S }, 3600) });
  admin = await stack.token('admin', 'ND', 'admin-1');
});
afterAll(() => stack.close());

test('an escalating mediation breach reaches the supervisor and the mediator the case was taken from', async () => {
  const villageSupervisor = await stack.token(
    'supervisor',
    VILLAGE,
    await createUser('v01.sup', 'supervisor', VILLAGE),
  );
  const mediatorId = await createUser('v01.med', 'mediator', VILLAGE);
  const mediator = await stack.token('mediator', VILLAGE, mediatorId);
  const townshipSupervisor = await stack.token(
    'supervisor',
    TOWNSHIP,
    await createUser('jn.sup', 'supervisor', TOWNSHIP),
  );

  const c = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey('breach-escalates'))
    .send(intakeBody({ orgUnitId: VILLAGE }));
  expect(c.status).toBe(201);
  const caseId = c.body.id as string;
  await request(stack.app)
    .post(`/api/v1/cases/${caseId}/actions/accept`)
    .set('Authorization', `Bearer ${mediator}`)
    .send({ track: 'people', assigneeId: mediatorId })
    .expect(200);

  const breachOf = (items: Item[]) => items.find((i) => i.caseId === caseId && i.kind === 'deadline.breached');
  const told = await until(
    'the breach in the village supervisor’s inbox',
    async () => breachOf(await inboxOf(villageSupervisor)),
    MEDIATION_S * 1000 + 20_000,
  );
  expect(told.title).toContain('调解期限已超期');
  expect(told.detail).toContain(`已自动升级至${TOWNSHIP_NAME}`);
  const mediatorTold = await until(
    'the breach in the assignee’s inbox',
    async () => breachOf(await inboxOf(mediator)),
    5000,
  );
  expect(mediatorTold.detail).toContain(`已自动升级至${TOWNSHIP_NAME}`);

  // The case did move: the township centre owns it now, with nobody assigned.
  const view = await request(stack.app)
    .get(`/api/v1/cases/${caseId}`)
    .set('Authorization', `Bearer ${townshipSupervisor}`);
  expect(view.status).toBe(200);
  expect(view.body).toMatchObject({ ownerOrgUnitId: TOWNSHIP, assigneeId: null, escalationLevel: 1 });
}, 60_000);
