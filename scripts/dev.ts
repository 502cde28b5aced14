/**
 * `npm run dev`: the whole stack on embedded defaults in one command: installs the local services if
 * needed, starts the Temporal dev server and FerretDB (unless TEMPORAL_ADDRESS / MONGODB_URI point
 * elsewhere), the worker and the API. Ctrl-C or SIGTERM stops everything, children included; the data
 * under DATA_DIR survives a restart.
 */
import path from 'node:path';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { connectDatabase } from '../db/connection';
import { startApi } from '../api/main';
import { createWorker, installRuntimeLogger, workerTuning } from '../worker/create-worker';
import { scheduleCleanUpFromConfig } from '../worker/clean-up-schedule';
import { dataConverterFor, deriveKeys } from '../config/encryption';
import { installServices } from './services/install';
import { startLocalServices, type StartedServices } from './services/local-services';
import { ensureDemoAccounts } from './demo-accounts';
import { ensureConsoleBuilt } from './console-build';
import type { OrgTree } from '../db/org-units';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.LOG_LEVEL, name: 'dev' });
  const cleanups: Array<() => Promise<void>> = [];
  let stopping = false;
  const shutdown = async (reason: string, code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'stopping');
    for (const c of cleanups.reverse()) await c().catch((err: unknown) => log.warn({ err }, 'error while stopping'));
    log.info('stopped');
    log.flush(() => process.exit(code));
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(sig, () => void shutdown(sig, 0));

  try {
    let services: StartedServices | null = null;
    if (!config.TEMPORAL_ADDRESS || !config.MONGODB_URI) {
      installServices();
      services = await startLocalServices({
        dataDir: config.DATA_DIR,
        temporalPort: config.TEMPORAL_PORT,
        mongoPort: config.MONGODB_PORT,
        temporal: !config.TEMPORAL_ADDRESS,
        mongo: !config.MONGODB_URI,
        echo: true,
        uiCodecEndpoint: `http://127.0.0.1:${config.PORT}/codec`,
        log: log.child({ component: 'services' }),
      });
      const s = services;
      cleanups.push(() => s.stop());
    }
    const temporalAddress = config.TEMPORAL_ADDRESS ?? services!.temporalAddress!;
    const mongoUri = config.MONGODB_URI ?? services!.mongoUri!;

    const db = await connectDatabase(mongoUri);
    cleanups.push(() => db.close());
    const workerLog = log.child({ component: 'worker' });
    installRuntimeLogger(workerLog, { metricsPort: config.WORKER_METRICS_PORT });
    log.info('bundling workflows and starting the worker');
    const { worker, connection } = await createWorker({
      temporalAddress,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      models: db.models,
      log: workerLog,
      workflowBundlePath: config.WORKFLOW_BUNDLE_PATH,
      dataConverter: dataConverterFor(deriveKeys(config.DATA_ENCRYPTION_KEY)),
      tuning: workerTuning(config),
    });
    const running = worker.run();
    const scheduleId = await scheduleCleanUpFromConfig(
      connection,
      config,
      dataConverterFor(deriveKeys(config.DATA_ENCRYPTION_KEY)),
      workerLog,
    );
    log.info(
      { scheduleId, everyMinutes: config.CLEANUP_EVERY_MINUTES },
      'clean-up schedule in place (Temporal UI: Schedules)',
    );
    running.catch((err: unknown) => {
      log.error({ err }, 'worker stopped with an error');
      void shutdown('worker failed', 1);
    });
    cleanups.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    });

    ensureConsoleBuilt(log.child({ component: 'console' }));
    // Outside production the demo accounts exist before the port opens: a sign-in the moment /readyz
    // answers 200 must not be refused.
    const beforeListen =
      config.NODE_ENV === 'production'
        ? undefined
        : (models: typeof db.models, tree: OrgTree) => ensureDemoAccounts(models, tree, log);
    const api = await startApi(config, log.child({ component: 'api' }), { temporalAddress, mongoUri }, db, {
      beforeListen,
    });
    cleanups.push(() => api.close());
    log.info(
      {
        api: `http://127.0.0.1:${api.port}`,
        console: `http://127.0.0.1:${api.port}/console/`,
        temporalUi: services?.temporalUiUrl ?? '(external Temporal: use its UI)',
        dataDir: path.resolve(config.DATA_DIR),
      },
      'ready: open the console (sign in as mediator / mediator-demo-2026), or make a token with `npm run token -- --role mediator --org ND-JC-JN-ROOM --sub u-1`',
    );
  } catch (err) {
    log.fatal({ err }, 'start-up failed');
    await shutdown('start-up failed', 1);
  }
}

void main();
