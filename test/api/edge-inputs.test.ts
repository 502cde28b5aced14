/** Inputs at the edge of what the API can read answer 400 problem+json, never 500 (found by hand). */
import request from 'supertest';
import { ROOM } from '../support/case-script';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';
import { shanghaiToday } from '../support/shanghai-today';

let stack: TestStack;
let mediator: string;
beforeAll(async () => {
  stack = await startTestStack();
  mediator = await stack.token('mediator', ROOM, 'u-1');
});
afterAll(() => stack.close());

test('when a case id is not valid percent-encoded UTF-8, then the answer is 400 problem+json', async () => {
  const res = await request(stack.app).get('/api/v1/cases/%ff%fe').set('Authorization', `Bearer ${mediator}`);
  expect(res.status).toBe(400);
  expect(res.type).toBe('application/problem+json');
});

test('when a deadline preview starts in the year 9999, then the answer is 400 naming the field', async () => {
  const res = await request(stack.app)
    .get('/api/v1/deadline-preview?kind=mediation&track=people&start=9999-12-31')
    .set('Authorization', `Bearer ${mediator}`);
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'start' })]));
});

test('when an agreement is due for performance in the year 9999, then the answer is 400 and nothing is recorded', async () => {
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey('edge-9999'))
    .send(intakeBody());
  const id = created.body.id as string;
  await request(stack.app)
    .post(`/api/v1/cases/${id}/actions/accept`)
    .set('Authorization', `Bearer ${mediator}`)
    .send({ track: 'people', assigneeId: 'u-1' })
    .expect(200);
  const today = shanghaiToday();
  const res = await request(stack.app)
    .post(`/api/v1/cases/${id}/actions/record-agreement`)
    .set('Authorization', `Bearer ${mediator}`)
    .send({ terms: 'pay 3000', signedOn: today, performanceDueOn: '9999-12-31' });
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'performanceDueOn' })]));
});
