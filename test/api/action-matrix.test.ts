/**
 * Every action in every stage through the HTTP API: applied (200) exactly where api.md allows it,
 * otherwise 409 invalid-transition with nothing recorded. One fresh case per cell.
 */
import request from 'supertest';
import { ACTION_NAMES, ACTION_STAGES } from '../../domain/case-decider';
import { STAGES } from '../../domain/case-types';
import { preconditions, probe, ROOM, stepsTo, type Step } from '../support/case-script';
import { intakeBody, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

async function send(id: string, step: Step) {
  const token = await stack.token(step.as.role, step.as.org);
  return request(stack.app)
    .post(`/api/v1/cases/${id}/actions/${step.action}`)
    .set('Authorization', `Bearer ${token}`)
    .send(step.body);
}

const cells = STAGES.flatMap((stage) => ACTION_NAMES.map((action) => [stage, action] as const));

test.concurrent.each(cells)('in stage %s, %s answers 200 where allowed and 409 otherwise', async (stage, action) => {
  const mediator = await stack.token('mediator', ROOM, 'u-1');
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', `matrix-${stage}-${action}`)
    .send(intakeBody());
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  for (const step of [...stepsTo(stage), ...preconditions(action, stage)]) {
    const res = await send(id, step);
    expect({ step: step.action, status: res.status, detail: res.body.detail }).toMatchObject({ status: 200 });
  }
  const before = await stack.db.models.CaseEvent.countDocuments({ caseId: id });
  const res = await send(id, probe(action, stage));
  if (ACTION_STAGES[action].includes(stage)) {
    expect({ status: res.status, detail: res.body.detail }).toMatchObject({ status: 200 });
    expect(await stack.db.models.CaseEvent.countDocuments({ caseId: id })).toBeGreaterThan(before);
  } else {
    expect(res.status).toBe(409);
    expect(res.body.type).toMatch(/\/invalid-transition$/);
    expect(await stack.db.models.CaseEvent.countDocuments({ caseId: id })).toBe(before);
  }
});
