/**
 * Fault: the worker process is killed with SIGKILL again and again while cases are driven through the
 * API. Every case must complete, with no event duplicated or missing in `case_events` and every
 * `/verify` ok. The worker is a real child process (`worker/main.ts`), restarted after each kill.
 */
import type { ChildProcess } from 'node:child_process';
import { startTestStack, type TestStack } from '../support/stack';
import { driveLifecycles, expectCasesIntact, startWorkerProcess, stopProcess } from './fault-harness';

const CASES = Number(process.env.FAULT_CASES ?? 200);
const KILL_EVERY_MS = 10_000;
let stack: TestStack;

beforeAll(async () => {
  // The in-process worker of the test stack is not started: only the killable child process polls.
  stack = await startTestStack({ inProcessWorker: false, logLevel: 'info' });
});
afterAll(() => stack.close());

const title = `when the worker is SIGKILLed every ${KILL_EVERY_MS / 1000} s during ${CASES} cases, then every case completes with its history intact`;
test(
  title,
  async () => {
    let worker = startWorkerProcess(stack);
    const killed: ChildProcess[] = [];
    let running = true;
    const killer = (async () => {
      while (running) {
        await new Promise((r) => setTimeout(r, KILL_EVERY_MS));
        if (!running) break;
        worker.kill('SIGKILL');
        killed.push(worker);
        worker = startWorkerProcess(stack);
      }
    })();
    try {
      const started = Date.now();
      const load = await driveLifecycles(stack, { cases: CASES, concurrency: 32, prefix: 'kill' }).finally(() => {
        running = false;
      });
      await killer;
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      process.stderr.write(
        `[faults] worker kill: ${CASES} cases in ${seconds} s, ${killed.length} kills, answers ${JSON.stringify(load.statuses)}${load.serverErrors.map((e) => `\n  500 cause: ${e}`).join('')}\n`,
      );
      expect(killed.length).toBeGreaterThanOrEqual(3);
      // A worker that dies mid-update is an outage (503, retried), never a server error.
      expect({ serverErrors: load.statuses[500] ?? 0, causes: load.serverErrors }).toEqual({
        serverErrors: 0,
        causes: [],
      });
      expect(killed.every((p) => p.signalCode === 'SIGKILL')).toBe(true);
      await expectCasesIntact(stack, load.ids);
    } finally {
      running = false;
      await killer;
      await stopProcess(worker);
    }
  },
  15 * 60_000,
);
