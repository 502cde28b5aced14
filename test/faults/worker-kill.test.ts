/**
 * Fault: the worker process is killed with SIGKILL again and again while cases are driven through the
 * API. Every case must complete, with no event duplicated or missing in `case_events` and every
 * `/verify` ok. The worker is a real child process (`worker/main.ts`), restarted after each kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { intakeBody, startTestStack, TEST_KEYS, type TestStack } from '../support/stack';

const ROOT = path.join(__dirname, '..', '..');
const CASES = Number(process.env.FAULT_CASES ?? 40);
let stack: TestStack;

function startWorkerProcess(taskQueue: string): ChildProcess {
  // One process (node with tsx's loader), so SIGKILL hits the worker itself; the tsx CLI would run it
  // in a child process that outlives a killed parent.
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'worker', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_TASK_QUEUE: taskQueue,
      MONGODB_URI: stack.mongoUri,
      DATA_ENCRYPTION_KEY: TEST_KEYS.master.toString('base64'),
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
}

beforeAll(async () => {
  // The in-process worker of the test stack is stopped: only the killable child process polls.
  stack = await startTestStack({ inProcessWorker: false });
});
afterAll(() => stack.close());

test(`when the worker is SIGKILLed repeatedly during ${CASES} cases, then every case completes with its history intact`, async () => {
  let worker = startWorkerProcess(stack.taskQueue);
  let kills = 0;
  const killed: ChildProcess[] = [];
  let running = true;
  const killer = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 4000));
      if (!running) break;
      worker.kill('SIGKILL');
      killed.push(worker);
      kills++;
      worker = startWorkerProcess(stack.taskQueue);
    }
  })();

  const mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'm-fault');
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const post = async (p: string, body: object, headers: Record<string, string> = {}) => {
    // A client retries with the same Idempotency-Key until it gets an answer, as a real one would.
    for (let attempt = 0; ; attempt++) {
      const res = await request(stack.app).post(p).set('Authorization', `Bearer ${mediator}`).set(headers).send(body);
      if (res.status < 500 || attempt > 30) return res;
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const ids = await Promise.all(
    Array.from({ length: CASES }, async (_, i) => {
      const created = await post('/api/v1/cases', intakeBody({ summary: `fault case ${i}` }), {
        'Idempotency-Key': `fault-${i}`,
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const steps: Array<[string, object]> = [
        ['accept', { track: 'people', assigneeId: 'u-1' }],
        ['record-session', { heldAt: new Date().toISOString(), mode: 'on_site', attendees: ['A'], notes: 'n' }],
        ['record-agreement', { terms: 'pay', signedOn: today }],
        ['record-follow-up', { visitedOn: today, performed: true, notes: 'paid' }],
      ];
      for (const [action, body] of steps) {
        const res = await post(`/api/v1/cases/${id}/actions/${action}`, body, {
          'Idempotency-Key': `fault-${i}-${action}`,
        });
        expect({ action, status: res.status, detail: res.body.detail }).toMatchObject({ status: 200 });
      }
      return id;
    }),
  );
  running = false;
  await killer;
  expect(kills).toBeGreaterThanOrEqual(2);
  expect(killed.every((p) => p.signalCode === 'SIGKILL')).toBe(true);

  const auditor = await stack.token('auditor', 'ND-JC', 'aud-fault');
  for (const id of ids) {
    const view = (await stack.db.models.Case.findById(id).lean())!;
    expect(view).toMatchObject({ stage: 'closed', outcome: 'resolved' });
    const seqs = (await stack.db.models.CaseEvent.find({ caseId: id }).select({ seq: 1 }).sort({ seq: 1 }).lean()).map(
      (e) => e.seq,
    );
    expect(seqs).toEqual(Array.from({ length: view.version }, (_, k) => k + 1));
    const report = await request(stack.app).get(`/api/v1/cases/${id}/verify`).set('Authorization', `Bearer ${auditor}`);
    expect(report.body).toMatchObject({ ok: true });
  }
  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));
});
