import request from 'supertest';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ rateLimitPerMinute: 5 });
});
afterAll(() => stack.close());

test('when one user goes over the per-user limit, then 429 with Retry-After while another user is still served', async () => {
  const noisy = await stack.token('auditor', 'ND-JC', 'noisy');
  const quiet = await stack.token('auditor', 'ND-JC', 'quiet');
  const statuses: number[] = [];
  let limited: request.Response | undefined;
  for (let i = 0; i < 7; i++) {
    const res = await request(stack.app).get('/api/v1/org-units').set('Authorization', `Bearer ${noisy}`);
    statuses.push(res.status);
    if (res.status === 429) limited = res;
  }
  expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
  expect(statuses.slice(5)).toEqual([429, 429]);
  expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
  expect(limited!.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(limited!.body).toMatchObject({ status: 429, correlationId: expect.any(String) });
  expect((await request(stack.app).get('/api/v1/org-units').set('Authorization', `Bearer ${quiet}`)).status).toBe(200);
});

test('when anything goes wrong, then responses carry a request id, security headers and never a stack trace', async () => {
  const token = await stack.token('auditor', 'ND-JC', 'headers');
  const res = await request(stack.app)
    .get('/api/v1/cases/not-a-case')
    .set('Authorization', `Bearer ${token}`)
    .set('x-request-id', 'req-123');
  expect(res.status).toBe(404);
  expect(res.headers['x-request-id']).toBe('req-123');
  expect(res.body.correlationId).toBe('req-123');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-powered-by']).toBeUndefined();
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
});
