/**
 * Fault: FerretDB (the read side) stops for 30 s in the middle of a load. Reads that need it answer
 * 503 promptly; the workflows keep their clock (deadlines falling due during the outage are warned and
 * breached on time, in Temporal); when the database is back the read side converges to the workflows'
 * state and every case completes with its history intact.
 */
import request from 'supertest';
import type { CaseEventDoc } from '../../db/models';
import { workflowIdFor } from '../../api/case-gateway';
import { caseViewQuery } from '../../workflows/dispute-case';
import { shortPolicy } from '../support/short-policy';
import { intakeBody, startTestStack, type TestStack } from '../support/stack';
import {
  expectCasesIntact,
  loadUntilQuarterClosed,
  startOwnServer,
  startWorkerProcess,
  stopProcess,
  waitUntil,
  type RestartableServer,
} from './fault-harness';

const CASES = Number(process.env.FAULT_CASES ?? 100);
const DOWN_MS = 30_000;
const TIMER_CASES = 10;
/** The timer cases' acceptance period: warned at 75 % (15 s) and due (20 s) while the database is away. */
const ACCEPTANCE_S = 20;
let ferret: RestartableServer;
let stack: TestStack;
let timers: TestStack;

beforeAll(async () => {
  ferret = await startOwnServer('mongo', 'ferretdb-outage');
  stack = await startTestStack({ inProcessWorker: false, logLevel: 'info', mongoUri: ferret.address });
  timers = await startTestStack({
    logLevel: 'info',
    mongoUri: ferret.address,
    policy: shortPolicy({ acceptance: ACCEPTANCE_S }, 3600),
  });
});
afterAll(async () => {
  await timers?.close();
  await stack?.close();
  await ferret?.stop();
});

test(
  `when FerretDB stops for ${DOWN_MS / 1000} s during ${CASES} cases, then reads get 503, deadlines still fire on time and the read side converges`,
  async () => {
    const worker = startWorkerProcess(stack);
    try {
      const { load, closedIds, started } = await loadUntilQuarterClosed(stack, CASES, 'fdb');

      const mediator = await timers.token('mediator', 'ND-JC-JN-ROOM', 'm-timers');
      const timerIds = await Promise.all(
        Array.from({ length: TIMER_CASES }, async (_, i) => {
          const res = await request(timers.app)
            .post('/api/v1/cases')
            .set('Authorization', `Bearer ${mediator}`)
            .set('Idempotency-Key', `timer-${i}`)
            .send(intakeBody());
          expect(res.status).toBe(201);
          return res.body.id as string;
        }),
      );

      await ferret.stop();
      const downAt = Date.now();
      // A read that needs the database answers 503 (problem+json), and promptly.
      const auditor = await stack.token('auditor', 'ND-JC', 'aud-fdb');
      const asked = Date.now();
      const read = await request(stack.app)
        .get(`/api/v1/cases/${closedIds[0]}`)
        .set('Authorization', `Bearer ${auditor}`);
      expect({ status: read.status, type: read.type }).toEqual({ status: 503, type: 'application/problem+json' });
      const readMs = Date.now() - asked;
      expect(readMs).toBeLessThan(10_000);
      expect((await request(stack.app).get('/readyz')).status).toBe(503);

      // The workflows keep their clock: each timer case's acceptance deadline is breached in Temporal
      // while MongoDB is still away.
      const breachedInTemporal = async (): Promise<boolean> => {
        const views = await Promise.all(
          timerIds.map((id) => timers.client.workflow.getHandle(workflowIdFor(id)).query(caseViewQuery)),
        );
        return views.every((v) => v?.deadlines.some((d) => d.kind === 'acceptance' && d.status === 'breached'));
      };
      await waitUntil('every timer case is breached in Temporal', breachedInTemporal, DOWN_MS);
      expect(Date.now() - downAt).toBeLessThan(DOWN_MS);

      await new Promise((r) => setTimeout(r, Math.max(0, DOWN_MS - (Date.now() - downAt))));
      await ferret.start();
      // Every client reconnects: one that never did made every request 503 until the load gave up after
      // 180 s, in whichever step (db/driver-guard.ts). Say so here, by name.
      for (const [name, s] of [
        ['load', stack],
        ['timers', timers],
      ] as const) {
        await waitUntil(
          `the ${name} API reads from FerretDB again`,
          async () => (await request(s.app).get('/readyz')).status === 200,
          30_000,
        );
      }

      const report = await load;
      process.stderr.write(
        `[faults] FerretDB outage: ${CASES} cases in ${((Date.now() - started) / 1000).toFixed(0)} s, read during the outage answered 503 in ${readMs} ms, answers ${JSON.stringify(report.statuses)}${report.serverErrors.map((e) => `\n  500 cause: ${e}`).join('')}\n`,
      );
      await expectCasesIntact(stack, report.ids);

      // The read side converges: each timer case's document reaches its workflow's version, and the
      // warning and breach recorded while the database was away carry their on-time instants.
      for (const id of timerIds) {
        const live = await timers.client.workflow.getHandle(workflowIdFor(id)).query(caseViewQuery);
        await waitUntil(
          `case ${id} converges`,
          async () => (await timers.db.models.Case.findById(id).lean())?.version === live?.version,
          30_000,
        );
        const events = await timers.db.models.CaseEvent.find({ caseId: id }).sort({ seq: 1 }).lean<CaseEventDoc[]>();
        expect(events.map((e) => e.seq)).toEqual(events.map((_, k) => k + 1));
        for (const type of ['deadline.warned', 'deadline.breached']) {
          const e = events.find((x) => x.type === type)!;
          const deadline = (e.data as { deadline: { warnAt: string; dueAt: string } }).deadline;
          const instant = Date.parse(type === 'deadline.warned' ? deadline.warnAt : deadline.dueAt);
          expect({ type, lateMs: Date.parse(e.at) - instant }).toEqual({ type, lateMs: expect.any(Number) });
          expect(Date.parse(e.at) - instant).toBeGreaterThanOrEqual(0);
          expect(Date.parse(e.at) - instant).toBeLessThan(2000);
        }
      }
    } finally {
      await stopProcess(worker);
    }
  },
  15 * 60_000,
);
