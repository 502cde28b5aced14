/**
 * Builds the Temporal worker: activities wired to their dependencies, workflows from a pre-built
 * bundle when one is given (tests and production), else bundled from `workflows/`.
 */
import type { Config } from '../config';
import path from 'node:path';
import {
  NativeConnection,
  Runtime,
  Worker,
  type WorkerOptions,
  type LogLevel,
  type LogMetadata,
} from '@temporalio/worker';
import type { Logger } from 'pino';
import { Client } from '@temporalio/client';
import { createCaseActivities } from '../activities/case-activities';
import { createCleanUpActivities } from '../activities/clean-up';
import { createTallyActivities } from '../activities/case-tallies';
import { createDeliveryActivities, DEFAULT_DELIVERY_RETRY, type DeliveryStarter } from '../activities/deliveries';
import { isFerretDb } from '../db/connection';
import type { Models } from '../db/models';
import type { DataConverter } from '@temporalio/common';

let runtimeInstalled = false;

/**
 * Installs the SDK's Runtime (once per process, before any connection or worker): its core and workflow
 * logs go to pino and, with `metricsPort`, its metrics (workers, pollers, task latencies, in ms) are
 * served for Prometheus at `http://<host>:<metricsPort>/metrics`, on all interfaces. One Runtime serves
 * every worker of the process, so there is one metrics port per process.
 */
export function installRuntimeLogger(log: Logger, opts: { metricsPort?: number } = {}): void {
  if (runtimeInstalled) {
    if (opts.metricsPort !== undefined) throw new Error('the Temporal Runtime is already installed, without metrics');
    return;
  }
  runtimeInstalled = true;
  const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'trace',
    DEBUG: 'debug',
    INFO: 'info',
    WARN: 'warn',
    ERROR: 'error',
  };
  const forward = (level: LogLevel, message: string, meta?: LogMetadata): void =>
    log[levels[level]]({ ...meta }, message);
  Runtime.install({
    logger: {
      log: forward,
      trace: (m, meta) => forward('TRACE', m, meta),
      debug: (m, meta) => forward('DEBUG', m, meta),
      info: (m, meta) => forward('INFO', m, meta),
      warn: (m, meta) => forward('WARN', m, meta),
      error: (m, meta) => forward('ERROR', m, meta),
    },
    ...(opts.metricsPort === undefined
      ? {}
      : { telemetryOptions: { metrics: { prometheus: { bindAddress: `0.0.0.0:${opts.metricsPort}` } } } }),
  });
}

const WORKFLOWS_PATH = path.join(__dirname, '..', 'workflows', 'index.ts');

/** The domain modules a case workflow uses, loaded once into the worker's workflow context and shared by
 * every workflow in it (decision 70): pure functions and tables only read (the calendar's days, the
 * rules), so one case cannot reach another's state. Otherwise each cached case and each replay builds
 * its own copy of them. Their module objects are frozen after loading. */
const SHARED_DOMAIN_MODULES = [
  'case-decider',
  'case-view',
  'case-rules',
  'calendar',
  'calendar-change',
  'deadline-policy',
  'hash-chain',
  'notifications',
  'civil-date',
];

function bundleAtStart(): Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions'> {
  const { workflowsPath, preloadModules } = workflowBundleOptions();
  return { workflowsPath, bundlerOptions: { preloadModules } };
}

/** What every workflow bundle is made from: the worker's, the prebuilt one, the tests' and the auditor's. */
export function workflowBundleOptions(): { workflowsPath: string; preloadModules: string[] } {
  return {
    workflowsPath: require.resolve(WORKFLOWS_PATH.replace(/\.ts$/, '')),
    preloadModules: SHARED_DOMAIN_MODULES.map((m) => require.resolve(path.join(__dirname, '..', 'domain', m))),
  };
}

/** The worker's tuning from its configuration (README "Configuration"), for `worker/main.ts` and `npm run dev`. */
export function workerTuning(
  config: Pick<Config, 'WORKER_ACTIVITY_CONCURRENCY' | 'WORKER_CACHED_WORKFLOWS'>,
): CreateWorkerOptions['tuning'] {
  return {
    maxConcurrentActivityTaskExecutions: config.WORKER_ACTIVITY_CONCURRENCY,
    ...(config.WORKER_CACHED_WORKFLOWS !== undefined ? { maxCachedWorkflows: config.WORKER_CACHED_WORKFLOWS } : {}),
  };
}

export interface CreateWorkerOptions {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  models: Models;
  log: Logger;
  /** Path of a bundle made by `bundleWorkflowCode`; without it the worker bundles at start. */
  workflowBundlePath?: string;
  /** Encrypts payloads (config/encryption.ts); must match the clients'. */
  dataConverter?: DataConverter;
  /** Retry policy of outbound notification deliveries (tests make it short). */
  deliveryRetry?: DeliveryStarter['retry'];
  tuning?: Partial<
    Pick<
      WorkerOptions,
      'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions' | 'maxCachedWorkflows'
    >
  >;
}

export async function createWorker(
  opts: CreateWorkerOptions,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: opts.temporalAddress });
  const workflowSource = opts.workflowBundlePath
    ? { workflowBundle: { codePath: opts.workflowBundlePath } }
    : bundleAtStart();
  const activityLog = opts.log.child({ component: 'activities' });
  // Deliveries are started on this worker's own queue, through a client on its connection.
  const delivery: DeliveryStarter = {
    client: new Client({
      connection,
      namespace: opts.namespace,
      ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
    }),
    taskQueue: opts.taskQueue,
    retry: opts.deliveryRetry ?? DEFAULT_DELIVERY_RETRY,
  };
  const worker = await Worker.create({
    connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...workflowSource,
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
    activities: {
      ...createCaseActivities({
        models: opts.models,
        log: activityLog,
        delivery,
        serializeCounter: await isFerretDb(opts.models.Counter.db),
      }),
      ...createDeliveryActivities({ models: opts.models, log: activityLog }),
      ...createCleanUpActivities({ models: opts.models, log: activityLog }),
      ...createTallyActivities({ models: opts.models, log: activityLog }),
    },
    maxConcurrentActivityTaskExecutions: 16,
    ...opts.tuning,
  });
  return { worker, connection };
}
