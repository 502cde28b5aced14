/**
 * Every action in every stage through the HTTP API: applied (200) exactly where api.md allows it,
 * otherwise 409 invalid-transition with nothing recorded. One fresh case per cell. The oracle is the
 * hand transcription of api.md's table (test/support/api-md-actions.ts), not the code's own table.
 */
import request from 'supertest';
import { ACTION_NAMES } from '../../domain/case-decider';
import { STAGES } from '../../domain/case-types';
import { apiMdAllows } from '../support/api-md-actions';
import { preconditions, probe, ROOM, stepsTo, type Step } from '../support/case-script';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';

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

test.concurrent.each(cells)(
  'when a case in stage %s gets %s, then it answers 200 where api.md allows it and 409 otherwise',
  async (stage, action) => {
    const mediator = await stack.token('mediator', ROOM, 'u-1');
    const created = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediator}`)
      .set('Idempotency-Key', runKey(`matrix-${stage}-${action}`))
      .send(intakeBody());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (const step of [...stepsTo(stage), ...preconditions(action, stage)]) {
      const res = await send(id, step);
      expect({ step: step.action, status: res.status, detail: res.body.detail }).toMatchObject({ status: 200 });
    }
    const before = await stack.db.models.CaseEvent.countDocuments({ caseId: id });
    const res = await send(id, probe(action, stage));
    if (apiMdAllows(action, stage)) {
      expect({ status: res.status, detail: res.body.detail }).toMatchObject({ status: 200 });
      expect(await stack.db.models.CaseEvent.countDocuments({ caseId: id })).toBeGreaterThan(before);
    } else {
      expect(res.status).toBe(409);
      expect(res.body.type).toMatch(/\/invalid-transition$/);
      expect(await stack.db.models.CaseEvent.countDocuments({ caseId: id })).toBe(before);
    }
  },
);
