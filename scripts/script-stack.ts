/**
 * For scripts (benchmarks, history recording): the services (TEMPORAL_ADDRESS / MONGODB_URI when set,
 * else local ones in a temporary folder), a fresh database, a worker on its own task queue and a client.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Server } from 'node:http';
import pino, { type Logger } from 'pino';
import { createApp } from '../api/app';
import { CURRENT_POLICY } from '../domain/deadline-policy';
import { connectDatabase, isFerretDb, type Database } from '../db/connection';
import { caseNumberAllocator, type AllocateCaseNo } from '../db/case-numbers';
import { shanghaiYear } from '../domain/civil-date';
import { OrgTree, readOrgUnitSeed, upsertOrgUnits } from '../db/org-units';
import { createWorker, installRuntimeLogger } from '../worker/create-worker';
import { loadConfig } from '../config';
import { dataConverterFor, deriveKeys, type DerivedKeys } from '../config/encryption';
import { PiiVault } from '../api/pii-vault';
import { disputeCase, intakeUpdate, type DisputeCaseInput } from '../workflows/dispute-case';
import { installServices } from './services/install';
import { PROJECT_ROOT } from './services/paths';
import { startLocalServices } from './services/local-services';

export const SEED_FILE = path.join(PROJECT_ROOT, 'db', 'seed', 'ningde-org-units.json');

export interface ScriptStack {
  temporalAddress: string;
  mongoUri: string;
  /** The URI of this script's own database (mongoUri with its database name). */
  dbUri: string;
  db: Database;
  client: Client;
  tree: OrgTree;
  taskQueue: string;
  /** Null when the script runs its worker elsewhere (`inProcessWorker: false`). */
  worker: Worker | null;
  log: Logger;
  vault: PiiVault;
  keys: DerivedKeys;
  /** Case numbers for `startCase`, as the API allocates them (db/case-numbers.ts). */
  allocateCaseNo: AllocateCaseNo;
  /** Pids of the local service processes (empty when external servers are used). */
  servicePids: { temporal?: number; ferretdb?: number };
  close(): Promise<void>;
}

export async function startScriptStack(opts: {
  name: string;
  workerTuning?: Parameters<typeof createWorker>[0]['tuning'];
  /** Payload keys; DATA_ENCRYPTION_KEY's by default. */
  keys?: DerivedKeys;
  /** Start no worker here (the script runs `worker/main.ts` as its own process). */
  inProcessWorker?: boolean;
}): Promise<ScriptStack> {
  // On stderr: a script's stdout is its result (`npm run bench` parses its parts' JSON).
  const log = pino({ level: 'warn' }, pino.destination(2));
  installRuntimeLogger(log);
  let stopServices = (): Promise<void> => Promise.resolve();
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let mongoUri = process.env.MONGODB_URI;
  const tmp = mkdtempSync(path.join(tmpdir(), `${opts.name}-`));
  const servicePids: ScriptStack['servicePids'] = {};
  if (!temporalAddress || !mongoUri) {
    installServices();
    const s = await startLocalServices({
      dataDir: tmp,
      temporal: !temporalAddress,
      mongo: !mongoUri,
      log: { info: () => undefined, warn: (o, m) => log.warn(o, m) },
    });
    temporalAddress ??= s.temporalAddress!;
    mongoUri ??= s.mongoUri!;
    stopServices = () => s.stop();
    const [t, f] = s.children;
    if (t?.pid) servicePids.temporal = t.pid;
    if (f?.pid) servicePids.ferretdb = f.pid;
  }
  const dbUri = mongoUri.replace(/\/[^/?]*(\?|$)/, `/${opts.name}_${Date.now()}$1`);
  const db = await connectDatabase(dbUri);
  const units = readOrgUnitSeed(SEED_FILE);
  await upsertOrgUnits(db.models, units);
  const taskQueue = `${opts.name}-${randomUUID()}`;
  const keys = opts.keys ?? deriveKeys(loadConfig().DATA_ENCRYPTION_KEY);
  const dataConverter = dataConverterFor(keys);
  const own =
    opts.inProcessWorker === false
      ? null
      : await createWorker({
          dataConverter,
          temporalAddress,
          namespace: 'default',
          taskQueue,
          models: db.models,
          log,
          ...(opts.workerTuning ? { tuning: opts.workerTuning } : {}),
        });
  const running = own?.worker.run();
  const client = new Client({ connection: await Connection.connect({ address: temporalAddress }), dataConverter });
  return {
    temporalAddress,
    mongoUri,
    dbUri,
    db,
    client,
    tree: new OrgTree(units),
    taskQueue,
    worker: own?.worker ?? null,
    log,
    vault: new PiiVault(keys),
    keys,
    allocateCaseNo: caseNumberAllocator(db.models, { serializeCounter: await isFerretDb(db.conn) }),
    servicePids,
    close: async () => {
      own?.worker.shutdown();
      await running;
      await own?.connection.close();
      await client.connection.close();
      await db.conn.dropDatabase().catch(() => undefined);
      await db.close();
      await stopServices();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Registers a case directly through the workflow's intake update (no HTTP), as the API would. */
export async function startCase(
  stack: ScriptStack,
  opts: { summary: string; orgUnitId?: string; input?: Partial<DisputeCaseInput> },
): Promise<{ caseId: string; handle: ReturnType<Client['workflow']['getHandle']> }> {
  const caseId = randomUUID();
  const workflowId = `case-${caseId}`;
  const org = opts.orgUnitId ?? 'ND-JC-JN-ROOM';
  const year = shanghaiYear(Date.now());
  const { caseNo } = await stack.allocateCaseNo({ caseId, prefix: opts.input?.caseNoPrefix ?? 'ND', year });
  await stack.client.workflow.executeUpdateWithStart(intakeUpdate, {
    args: [
      {
        caseNo,
        command: {
          actor: { id: 'u-1', role: 'mediator', org },
          category: 'neighbor',
          source: 'walk_in',
          summary: opts.summary,
          gridId: null,
          occurredOn: null,
          amountCny: 3000,
          riskLevel: 'low',
          owner: stack.tree.path(org),
          intakeFingerprint: opts.summary,
          parties: [
            {
              role: 'applicant',
              name: '林某',
              idNumber: stack.vault.seal('idNumber', '350902198001011237'),
              phone: null,
            },
            { role: 'respondent', name: '陈某', idNumber: null, phone: null },
          ],
        },
      },
    ],
    startWorkflowOperation: new WithStartWorkflowOperation(disputeCase, {
      workflowId,
      taskQueue: stack.taskQueue,
      args: [{ caseId, ...opts.input }],
      workflowIdConflictPolicy: 'FAIL',
    }),
  });
  return { caseId, handle: stack.client.workflow.getHandle(workflowId) };
}

/** The real API app for a script, listening on a free loopback port, without rate limits. */
export function listenScriptApi(stack: ScriptStack, jwtSecret: string): Promise<Server> {
  const app = createApp({
    db: stack.db,
    temporal: stack.client,
    namespace: 'default',
    taskQueue: stack.taskQueue,
    orgTree: () => stack.tree,
    policy: CURRENT_POLICY,
    jwtSecret,
    caseNoPrefix: 'ND',
    log: pino({ level: 'silent' }),
    vault: stack.vault,
    codec: { keys: stack.keys, corsOrigins: [] },
    rateLimitPerMinute: 0,
  });
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });
}
