/**
 * Fault: the worker is SIGKILLed while an outbound delivery is pending (issue 11: "a worker killed while
 * deliveries are pending loses none of them"). The receiver refuses (503) until after the kill; a fresh
 * worker process picks the delivery up from Temporal, and the receiver ends with exactly one accepted
 * request for the notification id, the delivery recorded as sent.
 */
import request from 'supertest';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';
import { receiver } from '../support/webhook-receiver';
import { startWorkerProcess, stopProcess } from './fault-harness';

const VILLAGE = 'ND-JC-JN-V01';
const SECRET = 'fault-test-webhook-secret';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ inProcessWorker: false, logLevel: 'info' });
});
afterAll(() => stack.close());

async function until<T>(what: string, get: () => T | undefined | false | Promise<T | undefined | false>, ms = 120_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a delivery pending when the worker is killed is still delivered, once', async () => {
  let accepting = false;
  const hook = await receiver(SECRET, () => (accepting ? 200 : 503));
  let worker = startWorkerProcess(stack);
  try {
    const admin = await stack.token('admin', 'ND', 'admin-1');
    await request(stack.app)
      .post('/api/v1/notification-channels')
      .set('Authorization', `Bearer ${admin}`)
      .send({ orgUnitId: VILLAGE, kind: 'webhook', url: hook.url, secret: SECRET, immediate: true })
      .expect(201);
    const mediator = await stack.token('mediator', VILLAGE, 'u-fault-mediator');
    const c = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediator}`)
      .set('Idempotency-Key', runKey('delivery-kill'))
      .send(intakeBody({ orgUnitId: VILLAGE }))
      .expect(201);
    await request(stack.app)
      .post(`/api/v1/cases/${c.body.id}/actions/report-risk`)
      .set('Authorization', `Bearer ${mediator}`)
      .send({ level: 'critical', reason: '当事人持械威胁' })
      .expect(200);
    await until('a first, refused attempt', () => hook.got.length >= 1);
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    expect(worker.signalCode).toBe('SIGKILL');
    accepting = true;
    worker = startWorkerProcess(stack);
    await until('the delivery to be accepted', () => hook.got.some((g) => g.answered === 200));
    await new Promise((r) => setTimeout(r, 2_000));
    const accepted = hook.got.filter((g) => g.answered === 200);
    expect(accepted).toHaveLength(1);
    expect(new Set(hook.got.map((g) => g.headers['x-notification-id'])).size).toBe(1);
    const deliveries = await request(stack.app)
      .get(`/api/v1/deliveries?orgUnitId=${VILLAGE}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(deliveries.body.items).toEqual([expect.objectContaining({ status: 'sent', lastError: null })]);
    process.stderr.write(
      `[faults] delivery kill: ${hook.got.length} requests (${hook.got.map((g) => g.answered).join(', ')}), one accepted\n`,
    );
  } finally {
    await stopProcess(worker);
    await hook.close();
  }
}, 300_000);
