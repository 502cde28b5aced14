/**
 * API process: `npm run start:api` (production, against TEMPORAL_ADDRESS and MONGODB_URI) and the API
 * part of `npm run dev`. Loads and upserts the org unit seed, loads the deadline policy new cases get
 * (DEADLINE_POLICY_FILE, else the bundled one) and records its version, then listens; SIGTERM closes cleanly.
 */
import { createServer, type Server } from 'node:http';
import express from 'express';
import { Client, Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../config';
import { createLogger } from '../config/logger';
import { connectDatabase, type Database } from '../db/connection';
import { readOrgUnitSeed, upsertOrgUnits, type OrgTree } from '../db/org-units';
import { OrgTreeCache } from '../db/org-unit-store';

/** How often each API process checks the org tree's version (one read by id). */
const ORG_TREE_POLL_MS = 5000;
import { CURRENT_POLICY, type DeadlinePolicy } from '../domain/deadline-policy';
import { loadPolicyFile } from '../config/policy-file';
import { CalendarStore } from '../db/calendar-store';
import { PolicyStore } from '../db/policy-store';
import { createApp } from './app';
import { createMetrics } from './metrics';
import { dataConverterFor, deriveKeys } from '../config/encryption';
import { PiiVault } from './pii-vault';

export interface RunningApi {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export interface StartApiOptions {
  /** Runs once the org units are in place and before the port opens, so nothing it makes (the dev
   * server's demo accounts) is missing when the first request arrives. */
  beforeListen?: (models: Database['models'], tree: OrgTree) => Promise<void>;
}

export async function startApi(
  config: Config,
  log: Logger,
  addresses: { temporalAddress: string; mongoUri: string },
  db?: Database,
  options: StartApiOptions = {},
): Promise<RunningApi> {
  if (config.usingDevSecret)
    log.warn('AUTH_JWT_SECRET is not set: using the dev-only secret; never do this in production');
  // Fail fast on a bad policy file, before anything connects.
  const policy: DeadlinePolicy = config.DEADLINE_POLICY_FILE
    ? loadPolicyFile(config.DEADLINE_POLICY_FILE)
    : CURRENT_POLICY;
  const ownDb = db ?? (await connectDatabase(addresses.mongoUri));
  await upsertOrgUnits(ownDb.models, readOrgUnitSeed(config.ORG_UNITS_FILE));
  await new PolicyStore(ownDb.conn).register(policy);
  log.info(
    { policyVersion: policy.version, calendarVersion: (await new CalendarStore(ownDb.conn).newest()).version },
    'new cases get this deadline policy and calendar',
  );
  const orgTree = await OrgTreeCache.load(ownDb.models);
  // Audit reads whole histories: allow pages larger than gRPC's default 4 MB.
  const connection = await Connection.connect({
    address: addresses.temporalAddress,
    channelArgs: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 },
  });
  const keys = deriveKeys(config.DATA_ENCRYPTION_KEY);
  if (config.usingDevDataKey)
    log.warn('DATA_ENCRYPTION_KEY is not set: using the dev-only key; never do this in production');
  const client = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverterFor(keys),
  });
  const metrics = createMetrics(ownDb.models);
  const app = createApp({
    metrics,
    warmReadModels: true,
    metricsRoute: config.METRICS_PORT === undefined,
    db: ownDb,
    temporal: client,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    orgTree: () => orgTree.current(),
    reloadOrgTree: () => orgTree.refresh(),
    policy,
    jwtSecret: config.AUTH_JWT_SECRET,
    vault: new PiiVault(keys),
    codec: {
      keys,
      corsOrigins: config.CODEC_CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      allowAnonymous: config.usingDevSecret,
    },
    caseNoPrefix: config.CASE_NO_PREFIX,
    log: log.child({ component: 'api' }),
    bodyLimit: config.BODY_LIMIT,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    cookieSecurity: config.COOKIE_SECURE,
    workflowBundlePath: config.WORKFLOW_BUNDLE_PATH,
  });
  // An administrator's change to the org tree reaches this process within ORG_TREE_POLL_MS.
  orgTree.start(ORG_TREE_POLL_MS, (err: unknown) => log.warn({ err }, 'org unit refresh failed'));
  await options.beforeListen?.(ownDb.models, orgTree.current());
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log.info({ port, url: `http://127.0.0.1:${port}` }, 'API listening');
  // Metrics on a port of their own, unauthenticated like /metrics on the API port (api.md).
  const metricsServer =
    config.METRICS_PORT === undefined
      ? null
      : await new Promise<Server>((resolve, reject) => {
          const s = createServer(express().get('/metrics', metrics.serve)).listen(config.METRICS_PORT, () =>
            resolve(s),
          );
          s.once('error', reject);
        });
  if (metricsServer) log.info({ url: `http://127.0.0.1:${config.METRICS_PORT}/metrics` }, 'metrics listening');
  return {
    server,
    port,
    close: async () => {
      orgTree.stop();
      metricsServer?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await connection.close();
      if (!db) await ownDb.close();
    },
  };
}

if (require.main === module) {
  const config = loadConfig();
  const log = createLogger({ level: config.LOG_LEVEL, name: 'api' });
  if (!config.TEMPORAL_ADDRESS || !config.MONGODB_URI) {
    log.fatal('start:api needs TEMPORAL_ADDRESS and MONGODB_URI (npm run dev starts embedded services)');
    process.exit(1);
  }
  startApi(config, log, { temporalAddress: config.TEMPORAL_ADDRESS, mongoUri: config.MONGODB_URI })
    .then((api) => {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) {
        process.once(sig, () => {
          log.info({ signal: sig }, 'shutting down');
          api.close().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        });
      }
    })
    .catch((err: unknown) => {
      log.fatal({ err }, 'API failed to start');
      process.exit(1);
    });
}
