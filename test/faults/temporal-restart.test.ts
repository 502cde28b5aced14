/**
 * Fault: the Temporal server stops (SIGTERM), or crashes (SIGKILL, with its SQLite file in WAL mode:
 * decision 66), in the middle of a load and comes back 10 s later on the same port with the same SQLite
 * file. While it is away the read side keeps answering from MongoDB and changes
 * get 503; afterwards every case completes with its history intact, and the worker process rode it
 * out without a restart.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/stack';
import {
  expectCasesIntact,
  loadUntilQuarterClosed,
  startOwnServer,
  startWorkerProcess,
  stopProcess,
  type RestartableServer,
} from './fault-harness';

const CASES = Number(process.env.FAULT_CASES ?? 100);
const DOWN_MS = 10_000;
let temporal: RestartableServer;
let stack: TestStack;

beforeAll(async () => {
  temporal = await startOwnServer('temporal', 'temporal-restart');
  stack = await startTestStack({ inProcessWorker: false, logLevel: 'info', temporalAddress: temporal.address });
});
afterAll(async () => {
  await stack?.close();
  await temporal?.stop();
});

test.each([
  ['stops', (server: RestartableServer) => server.stop()],
  ['is killed', (server: RestartableServer) => server.kill()],
] as const)(
  `when the Temporal server %s for ${DOWN_MS / 1000} s during ${CASES} cases, then nothing is lost`,
  async (_how, down) => {
    const worker = startWorkerProcess(stack);
    try {
      const { load, closedIds, started } = await loadUntilQuarterClosed(stack, CASES, _how === 'stops' ? 'trs' : 'trk');

      // The dev server runs its SQLite file in WAL mode (decision 66): the write-ahead log is beside it.
      expect(existsSync(path.join(temporal.dataDir, 'temporal.sqlite-wal'))).toBe(true);
      await down(temporal);
      const downAt = Date.now();
      const auditor = await stack.token('auditor', 'ND-JC', 'aud-trs');
      const read = await request(stack.app)
        .get(`/api/v1/cases/${closedIds[0]}`)
        .set('Authorization', `Bearer ${auditor}`);
      expect(read.status).toBe(200);
      const ready = await request(stack.app).get('/readyz');
      expect(ready.status).toBe(503);
      await new Promise((r) => setTimeout(r, Math.max(0, DOWN_MS - (Date.now() - downAt))));
      await temporal.start();

      const report = await load;
      process.stderr.write(
        `[faults] Temporal ${_how}: ${CASES} cases in ${((Date.now() - started) / 1000).toFixed(0)} s, answers ${JSON.stringify(report.statuses)}${report.serverErrors.map((e) => `\n  500 cause: ${e}`).join('')}\n`,
      );
      expect(worker.exitCode).toBeNull();
      expect(worker.signalCode).toBeNull();
      await expectCasesIntact(stack, report.ids);
    } finally {
      await stopProcess(worker);
    }
  },
  15 * 60_000,
);
