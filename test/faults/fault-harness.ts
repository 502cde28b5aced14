/**
 * What the fault tests share: servers of their own that a test may stop and restart (same port, same
 * data), the worker as a real child process that may be killed, a client-like load of full case
 * lifecycles over HTTP, and the checks that nothing was lost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { freePort, startLocalServices, type StartedServices } from '../../scripts/services/local-services';
import { intakeBody, TEST_KEYS, type TestStack } from '../support/stack';
import { shanghaiToday } from '../support/shanghai-today';

const ROOT = path.join(__dirname, '..', '..');
const quiet = { info: () => undefined, warn: () => undefined };

/** One embedded server (Temporal dev server or FerretDB) that can be stopped and started again in place. */
export interface RestartableServer {
  address: string;
  /** Where its files are (the Temporal dev server's `temporal.sqlite`, FerretDB's directory). */
  dataDir: string;
  stop(): Promise<void>;
  /** Kills it (SIGKILL), as a crash or the OOM killer would: nothing closed, its files left as they are
   * (what it wrote is in the OS's cache; a power cut, which could lose that, is not simulated). */
  kill(): Promise<void>;
  start(): Promise<void>;
}

export async function startOwnServer(kind: 'temporal' | 'mongo', name: string): Promise<RestartableServer> {
  const dataDir = path.join(process.env.TEST_RUN_DIR ?? path.join(ROOT, '.test-data'), `fault-${name}`);
  const port = await freePort();
  const launch = () =>
    startLocalServices({
      dataDir,
      temporal: kind === 'temporal',
      mongo: kind === 'mongo',
      ...(kind === 'temporal' ? { temporalPort: port } : { mongoPort: port }),
      log: quiet,
    });
  let running: StartedServices | null = await launch();
  const address = (kind === 'temporal' ? running.temporalAddress : running.mongoUri)!;
  return {
    address,
    dataDir,
    stop: async () => {
      await running?.stop();
      running = null;
    },
    kill: async () => {
      const children = running?.children ?? [];
      running = null;
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGKILL');
            }),
        ),
      );
    },
    start: async () => {
      if (!running) running = await launch();
    },
  };
}

const logDir = (): string => path.join(process.env.TEST_RUN_DIR ?? path.join(ROOT, '.test-data'), 'logs');

/**
 * The worker as its own process (node with tsx's loader, one process, so SIGKILL hits the worker
 * itself). Its log, every incarnation appended, is `logs/worker-<test pid>.log` beside the test's own.
 */
export function startWorkerProcess(stack: TestStack): ChildProcess {
  mkdirSync(logDir(), { recursive: true });
  const log = openSync(path.join(logDir(), `worker-${process.pid}.log`), 'a');
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'worker', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
      MONGODB_URI: stack.mongoUri,
      DATA_ENCRYPTION_KEY: TEST_KEYS.master.toString('base64'),
      LOG_LEVEL: process.env.FAULT_WORKER_LOG_LEVEL ?? 'info',
    },
    stdio: ['ignore', log, log],
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export interface LoadReport {
  ids: string[];
  /** How many answers of each status the clients got, retries included. */
  statuses: Record<number, number>;
  /** The distinct causes the API logged for its 500 answers (empty when there were none). */
  serverErrors: string[];
}

/**
 * What the API logged as the cause of each 500 answered since `since` (the `request failed` lines of
 * this process's test log, which every fault test of the run appends to; 503s are logged the same way).
 */
function loggedServerErrors(since: number): string[] {
  const file = path.join(logDir(), `test-${process.pid}.log`);
  const causes = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"request failed"')) continue;
    const entry = JSON.parse(line) as {
      time: number;
      status?: number;
      err?: { type?: string; message?: string };
    };
    if (entry.time < since || entry.status !== 500) continue;
    causes.add(`${entry.err?.type ?? '?'}: ${(entry.err?.message ?? '').slice(0, 200)}`);
  }
  return [...causes];
}

/**
 * Drives `cases` cases from intake to closed (accept, session, agreement, follow-up), `concurrency`
 * at a time. Like a real client, each request is retried with the same Idempotency-Key on 5xx and 429
 * until it gets an answer, for up to `patienceMs`.
 */
export async function driveLifecycles(
  stack: TestStack,
  opts: {
    cases: number;
    concurrency: number;
    prefix: string;
    patienceMs?: number;
    onClosed?: (id: string) => void;
  },
): Promise<LoadReport> {
  const started = Date.now();
  const patience = opts.patienceMs ?? 180_000;
  const mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', `m-${opts.prefix}`);
  const statuses: Record<number, number> = {};
  const post = async (p: string, body: object, key: string): Promise<request.Response> => {
    const giveUp = Date.now() + patience;
    for (;;) {
      // A client gives up on an answer after 60 s and retries with the same key (counted as status 0).
      const res = await request(stack.app)
        .post(p)
        .set('Authorization', `Bearer ${mediator}`)
        .set('Idempotency-Key', key)
        .timeout(60_000)
        .send(body)
        .catch((err: unknown) => {
          if ((err as { timeout?: number }).timeout === undefined) throw err;
          return null;
        });
      const status = res?.status ?? 0;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (Date.now() > giveUp && !res) throw new Error(`${p}: no answer within ${patience / 1000} s of retries`);
      if (res && ((res.status < 500 && res.status !== 429) || Date.now() > giveUp)) return res;
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const ids: string[] = new Array<string>(opts.cases);
  let next = 0;
  const runOne = async (i: number): Promise<void> => {
    const created = await post(
      '/api/v1/cases',
      intakeBody({ summary: `${opts.prefix} case ${i}` }),
      `${opts.prefix}-${i}`,
    );
    expect({ step: 'intake', status: created.status, detail: created.body.detail }).toEqual({
      step: 'intake',
      status: 201,
      detail: undefined,
    });
    const id = created.body.id as string;
    ids[i] = id;
    const today = shanghaiToday();
    const steps: Array<[string, object]> = [
      ['accept', { track: 'people', assigneeId: 'u-1' }],
      ['record-session', { heldAt: new Date().toISOString(), mode: 'on_site', attendees: ['A'], notes: 'n' }],
      ['record-agreement', { terms: 'pay', signedOn: today }],
      ['record-follow-up', { visitedOn: today, performed: true, notes: 'paid' }],
    ];
    for (const [action, body] of steps) {
      const res = await post(`/api/v1/cases/${id}/actions/${action}`, body, `${opts.prefix}-${i}-${action}`);
      expect({ step: action, status: res.status, detail: res.body.detail }).toEqual({
        step: action,
        status: 200,
        detail: undefined,
      });
    }
    opts.onClosed?.(id);
  };
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < opts.cases) await runOne(next++);
    }),
  );
  return { ids, statuses, serverErrors: statuses[500] ? loggedServerErrors(started) : [] };
}

/**
 * Every case closed as resolved; its events numbered 1..version with none missing or repeated; and
 * `/verify` ok: the chain, its head equal to the workflow's (so the read model is at the workflow's
 * version), the events the workflow recorded, and the replay of its history.
 */
export async function expectCasesIntact(stack: TestStack, ids: string[]): Promise<void> {
  const auditor = await stack.token('auditor', 'ND-JC', 'aud-fault');
  let next = 0;
  const checkOne = async (id: string): Promise<void> => {
    const doc = (await stack.db.models.Case.findById(id).lean())!;
    expect({ id, stage: doc.stage, outcome: doc.outcome }).toEqual({ id, stage: 'closed', outcome: 'resolved' });
    const seqs = (await stack.db.models.CaseEvent.find({ caseId: id }).select({ seq: 1 }).sort({ seq: 1 }).lean()).map(
      (e) => e.seq,
    );
    expect(seqs).toEqual(Array.from({ length: doc.version }, (_, k) => k + 1));
    const report = await request(stack.app).get(`/api/v1/cases/${id}/verify`).set('Authorization', `Bearer ${auditor}`);
    expect({ id, status: report.status, body: report.body }).toMatchObject({ id, status: 200, body: { ok: true } });
  };
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < ids.length) await checkOne(ids[next++]!);
    }),
  );
}

/** Polls `done` every 200 ms until it holds, or fails after `timeoutMs` saying what was awaited. */
export async function waitUntil(
  what: string,
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  // A probe that hangs (a query to a stuck worker) counts as "not yet" once the time is up.
  const probe = (): Promise<boolean> =>
    Promise.race([
      Promise.resolve(done()),
      new Promise<boolean>((r) => setTimeout(() => r(false), Math.max(0, until - Date.now()) + 1000).unref()),
    ]);
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts a load of `cases` lifecycles, 16 at a time, and resolves once a quarter of them are closed:
 * the moment the outage tests strike. `load` settles when every case has been driven to the end.
 */
export async function loadUntilQuarterClosed(
  stack: TestStack,
  cases: number,
  prefix: string,
): Promise<{ load: Promise<LoadReport>; closedIds: string[]; started: number }> {
  const closedIds: string[] = [];
  const started = Date.now();
  const load = driveLifecycles(stack, { cases, concurrency: 16, prefix, onClosed: (id) => closedIds.push(id) });
  await waitUntil('a quarter of the cases are closed', () => closedIds.length >= cases / 4, 300_000);
  return { load, closedIds, started };
}
