/**
 * One test file's slice of the real stack: its own MongoDB database, its own task queue and worker
 * (on the shared dev server and FerretDB), and the Express app for supertest. Nothing is mocked.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Worker, NativeConnection } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import pino from 'pino';
import { REDACT_PATHS } from '../../config/logger';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { signToken } from '../../api/auth';
import { connectDatabase, type Database } from '../../db/connection';
import { readOrgUnitSeed, upsertOrgUnits, type OrgTree } from '../../db/org-units';
import { OrgTreeCache } from '../../db/org-unit-store';
import { CURRENT_POLICY, type DeadlinePolicy } from '../../domain/deadline-policy';
import type { Role } from '../../domain/case-types';
import { createWorker, installRuntimeLogger } from '../../worker/create-worker';
import { dataConverterFor, deriveKeys } from '../../config/encryption';
import { PiiVault } from '../../api/pii-vault';
import { CaseAuditor } from '../../api/case-audit';

export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
/** The test master key: test-only, like the secret above. */
export const TEST_KEYS = deriveKeys(Buffer.from('test-only-key-for-the-test-suite', 'utf8'));
/** Outbound deliveries retry within seconds in tests (minutes in production). */
export const TEST_DELIVERY_RETRY = { initialIntervalMs: 200, maximumIntervalMs: 1_000, maximumAttempts: 6 };
export const SEED_FILE = path.join(__dirname, '..', '..', 'db', 'seed', 'ningde-org-units.json');

/**
 * This test run's id. Case ids (and so workflow ids, `case-<id>`) derive from the caller and the intake
 * Idempotency-Key, and a long-lived Temporal (TEMPORAL_ADDRESS) remembers every earlier run's
 * workflows: keys are made unique to the run, so a second run never meets the first one's cases.
 */
export const RUN_ID = randomUUID();

/** `key`, unique to this run: the same `key` gives the same result within the run (so a test that
 * reuses a key on purpose still does), a different one in the next run. */
export function runKey(key: string): string {
  return `${RUN_ID}:${key}`;
}

export interface TestStack {
  app: Express;
  temporalAddress: string;
  mongoUri: string;
  db: Database;
  client: Client;
  taskQueue: string;
  tree: OrgTree;
  worker: Worker;
  token(role: Role, org: string, sub?: string): Promise<string>;
  /** Stops the worker (as a crash or deploy would) and starts a fresh one on the same queue. */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestStack(
  opts: {
    policy?: DeadlinePolicy;
    logLevel?: string;
    rateLimitPerMinute?: number;
    inProcessWorker?: boolean;
    /** Servers of the test's own (the fault tests stop and restart them); the run's shared ones by default. */
    temporalAddress?: string;
    mongoUri?: string;
  } = {},
): Promise<TestStack> {
  const temporalAddress = opts.temporalAddress ?? process.env.TEMPORAL_ADDRESS!;
  const baseUri = opts.mongoUri ?? process.env.MONGODB_URI!;
  const dbName = `test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const uri = baseUri.replace(/\/[^/?]*(\?|$)/, `/${dbName}$1`);
  // Everything is logged to a file of the run, at debug level: the teardown scans it for personal data.
  const logFile = path.join(process.env.TEST_RUN_DIR ?? '.test-data', 'logs', `test-${process.pid}.log`);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = pino(
    { level: opts.logLevel ?? 'debug', redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    pino.destination({ dest: logFile, sync: true }),
  );
  installRuntimeLogger(log.child({ component: 'temporal-sdk' }));
  const db = await connectDatabase(uri);
  await upsertOrgUnits(db.models, readOrgUnitSeed(SEED_FILE));
  const orgTree = await OrgTreeCache.load(db.models);
  const taskQueue = `test-${randomUUID()}`;
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection, dataConverter: dataConverterFor(TEST_KEYS) });
  const policy = opts.policy ?? CURRENT_POLICY;

  let running: { worker: Worker; connection: NativeConnection; done: Promise<void> } | null = null;
  const start = async (): Promise<void> => {
    const w = await createWorker({
      temporalAddress,
      namespace: 'default',
      taskQueue,
      models: db.models,
      log,
      workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
      dataConverter: dataConverterFor(TEST_KEYS),
      deliveryRetry: TEST_DELIVERY_RETRY,
    });
    running = { ...w, done: w.worker.run() };
  };
  const stop = async (): Promise<void> => {
    if (!running) return;
    running.worker.shutdown();
    await running.done;
    await running.connection.close();
    running = null;
  };
  if (opts.inProcessWorker !== false) await start();

  const app = createApp({
    db,
    temporal: client,
    namespace: 'default',
    taskQueue,
    orgTree: () => orgTree.current(),
    reloadOrgTree: () => orgTree.refresh(),
    policy,
    pinPolicy: opts.policy !== undefined,
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
    jwtSecret: TEST_SECRET,
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 10_000,
    loginsPerMinute: 10_000,
    vault: new PiiVault(TEST_KEYS),
    codec: { keys: TEST_KEYS, corsOrigins: ['http://127.0.0.1:8233'] },
    caseNoPrefix: 'ND',
    log,
    deliveryRetry: TEST_DELIVERY_RETRY,
    liveFeed: { pollMs: 250, lookbackMs: 2_000, heartbeatMs: 1_000 },
  });
  return {
    app,
    temporalAddress,
    mongoUri: uri,
    db,
    client,
    taskQueue,
    get tree() {
      return orgTree.current();
    },
    get worker() {
      if (!running) throw new Error('this stack runs no in-process worker');
      return running.worker;
    },
    token: (role, org, sub = `${role}-${org}`) => signToken(TEST_SECRET, { sub, role, org }),
    restartWorker: async () => {
      await stop();
      await start();
    },
    close: async () => {
      await stop();
      await connection.close();
      await dumpForScan(db, dbName).catch(() => undefined);
      await db.conn.dropDatabase().catch(() => undefined);
      await db.close();
    },
  };
}

/**
 * Writes every document of the test's database to the run directory before it is dropped, so that the
 * run's personal-data scan (global teardown) covers what was stored, not only the database files.
 */
async function dumpForScan(db: Database, dbName: string): Promise<void> {
  const dir = path.join(process.env.TEST_RUN_DIR ?? '.test-data', 'db-dumps');
  mkdirSync(dir, { recursive: true });
  const native = db.conn.db!;
  for (const { name } of await native.listCollections({}, { nameOnly: true }).toArray()) {
    const docs = await native.collection(name).find({}).toArray();
    writeFileSync(path.join(dir, `${dbName}.${name}.jsonl`), docs.map((d) => JSON.stringify(d)).join('\n'));
  }
}

/** The auditor the API builds (verify, export), over this stack's Temporal and store. */
export function stackAuditor(stack: TestStack): CaseAuditor {
  return new CaseAuditor({
    client: stack.client,
    models: stack.db.models,
    dataConverter: dataConverterFor(TEST_KEYS),
    workflowBundle: () => Promise.resolve({ codePath: process.env.WORKFLOW_BUNDLE_PATH! }),
  });
}

/** A valid intake body (resident ID with a correct check digit). */
export function intakeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    category: 'neighbor',
    summary: 'Water leaking from the flat above damaged the ceiling.',
    source: 'walk_in',
    gridId: 'ND-JC-JN-G03',
    orgUnitId: 'ND-JC-JN-ROOM',
    occurredOn: '2026-11-20',
    amountCny: 3000,
    riskLevel: 'low',
    parties: [
      { role: 'applicant', name: '林某', idNumber: '350902198001011237', phone: '13800000000' },
      { role: 'respondent', name: '陈某' },
    ],
    ...overrides,
  };
}
