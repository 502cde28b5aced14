/**
 * The worker's Temporal SDK metrics: the real worker process (`worker/main.ts`) with WORKER_METRICS_PORT
 * serves the Runtime's Prometheus exporter, and a scrape shows the worker polling this test's queue and
 * running the workflow and activity tasks of a case registered through the API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { freePort } from '../../scripts/services/local-services';
import { countTalliesWorkflowId } from '../../worker/clean-up-schedule';
import { tallyPassesQuery } from '../../workflows/clean-up';
import type { TalliesCounted } from '../../activities/case-tallies';
import { intakeBody, runKey, startTestStack, TEST_KEYS, type TestStack } from '../support/stack';

const ROOT = path.join(__dirname, '..', '..');
let stack: TestStack;
let worker: ChildProcess;
let metricsUrl: string;

beforeAll(async () => {
  // No worker in the test process: the child's is the only one on the queue.
  stack = await startTestStack({ inProcessWorker: false });
  const port = await freePort();
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
  const logDir = path.join(process.env.TEST_RUN_DIR ?? path.join(ROOT, '.test-data'), 'logs');
  mkdirSync(logDir, { recursive: true });
  const log = openSync(path.join(logDir, `worker-metrics-${process.pid}.log`), 'a');
  worker = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'worker', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
      MONGODB_URI: stack.mongoUri,
      DATA_ENCRYPTION_KEY: TEST_KEYS.master.toString('base64'),
      WORKER_METRICS_PORT: String(port),
      // The worker keeps the clean-up schedule pointed at its queue: as seldom as allowed after the test.
      CLEANUP_EVERY_MINUTES: '10080',
    },
    stdio: ['ignore', log, log],
  });
});
afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) {
    const exited = new Promise((r) => worker.once('exit', r));
    worker.kill('SIGTERM');
    await exited;
  }
  await stack?.close();
});

/** Sum of a series' samples with the given labels (any others allowed), from a scrape. */
function total(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

/** Scrapes the worker until `ready` holds of the text; fails if the worker exits or time runs out. */
async function scrapeUntil(what: string, ready: (text: string) => boolean, ms = 60_000): Promise<string> {
  let last = '';
  for (const until = Date.now() + ms; ;) {
    if (worker.exitCode !== null) throw new Error(`the worker exited (${worker.exitCode}) before ${what}`);
    last = await fetch(metricsUrl).then(
      (r) => (r.ok ? r.text() : ''),
      () => '',
    );
    if (ready(last)) return last;
    if (Date.now() > until) throw new Error(`no ${what} at ${metricsUrl} within ${ms} ms; last scrape:\n${last}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test("when the worker runs with WORKER_METRICS_PORT, then its SDK metrics show it polling and running a case's tasks", async () => {
  const queue = { task_queue: stack.taskQueue };
  const polling = await scrapeUntil(
    'started worker polling its queue',
    (t) =>
      total(t, 'temporal_worker_start', queue) >= 1 &&
      total(t, 'temporal_num_pollers', { ...queue, poller_type: 'workflow_task' }) >= 1,
  );
  expect(polling).toMatch(/^# TYPE temporal_worker_start counter$/m);
  expect(polling).toMatch(/^# TYPE temporal_num_pollers gauge$/m);

  const mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'worker-metrics');
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey('worker-metrics'))
    .send(intakeBody());
  expect(created.status).toBe(201);

  const ran = await scrapeUntil(
    'workflow and activity tasks',
    (t) =>
      total(t, 'temporal_workflow_task_execution_latency_count', { ...queue, workflow_type: 'disputeCase' }) >= 1 &&
      total(t, 'temporal_activity_execution_latency_count', { ...queue, activity_type: 'recordEvents' }) >= 1,
  );
  expect(ran).toMatch(/^# TYPE temporal_workflow_task_execution_latency histogram$/m);
});

test('when the worker starts, then it counts the cases the /metrics tallies miss on its queue', async () => {
  // Started by the worker's start (worker/clean-up-schedule.ts); an empty store has none behind. The run
  // then waits 10 minutes for a second pass: the test ends it once its first pass is made.
  const count = stack.client.workflow.getHandle(countTalliesWorkflowId(stack.taskQueue));
  let passes: TalliesCounted[] = [];
  for (const until = Date.now() + 60_000; passes.length === 0; await new Promise((r) => setTimeout(r, 250))) {
    if (Date.now() > until) throw new Error('no pass of the count within 60 s of the worker polling');
    passes = await count.query(tallyPassesQuery).catch(() => []);
  }
  await count.terminate('test done');
  expect(passes[0]).toMatchObject({ counted: 0, failedCount: 0 });
});
