/** Worker process entry point: `npm run start:worker` (production) or part of `npm run dev`. */
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { connectDatabase } from '../db/connection';
import { createWorker, installRuntimeLogger, workerTuning } from './create-worker';
import { scheduleCleanUpFromConfig } from './clean-up-schedule';
import { dataConverterFor, deriveKeys } from '../config/encryption';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.LOG_LEVEL, name: 'worker' });
  if (!config.TEMPORAL_ADDRESS || !config.MONGODB_URI)
    throw new Error('start:worker needs TEMPORAL_ADDRESS and MONGODB_URI (npm run dev starts embedded services)');
  installRuntimeLogger(log, { metricsPort: config.WORKER_METRICS_PORT });
  if (config.WORKER_METRICS_PORT !== undefined)
    log.info({ url: `http://127.0.0.1:${config.WORKER_METRICS_PORT}/metrics` }, 'Temporal SDK metrics listening');
  const db = await connectDatabase(config.MONGODB_URI);
  const dataConverter = dataConverterFor(deriveKeys(config.DATA_ENCRYPTION_KEY));
  const { worker, connection } = await createWorker({
    temporalAddress: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    models: db.models,
    log,
    workflowBundlePath: config.WORKFLOW_BUNDLE_PATH,
    dataConverter,
    tuning: workerTuning(config),
  });
  const scheduleId = await scheduleCleanUpFromConfig(connection, config, dataConverter, log);
  log.info({ scheduleId, everyMinutes: config.CLEANUP_EVERY_MINUTES }, 'clean-up schedule in place');
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => worker.shutdown());
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker polling');
  await worker.run();
  await connection.close();
  await db.close();
  log.info('worker stopped');
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
