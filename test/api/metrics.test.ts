/**
 * `GET /metrics` (api.md: Prometheus metrics, unauthenticated): request counts and latencies by method,
 * matched route and status — the route as a pattern, never a raw case id — the process's own figures,
 * and the read-model gauges.
 */
import request from 'supertest';
import { intakeBody, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

/** The value of one series in Prometheus's text format, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('when a case is registered and read, then /metrics counts both by route pattern and shows the case by stage', async () => {
  const mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'metrics');
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', 'metrics-1')
    .send(intakeBody({ summary: 'counted' }));
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await request(stack.app).get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${mediator}`)).status).toBe(
    200,
  );

  const res = await request(stack.app).get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  const text = res.text;
  expect(sample(text, 'http_requests_total{method="POST",route="/api/v1/cases",status="201"}')).toBeGreaterThanOrEqual(
    1,
  );
  expect(
    sample(text, 'http_requests_total{method="GET",route="/api/v1/cases/:id",status="200"}'),
  ).toBeGreaterThanOrEqual(1);
  expect(
    sample(text, 'http_request_duration_seconds_count{method="POST",route="/api/v1/cases",status="201"}'),
  ).toBeGreaterThanOrEqual(1);
  expect(text).not.toContain(id);
  expect(sample(text, 'mediation_cases{stage="registered"}')).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'mediation_notifications_pending')).toBeGreaterThanOrEqual(0);
  expect(text).toMatch(/^process_cpu_seconds_total /m);
});
