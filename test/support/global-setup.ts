/**
 * Starts what the integration tests need, once per run: the local Temporal dev server and FerretDB
 * (unless TEMPORAL_ADDRESS and MONGODB_URI point at running servers), and one workflow bundle that
 * every test worker loads instead of bundling again.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { installServices } from '../../scripts/services/install';
import { PROJECT_ROOT } from '../../scripts/services/paths';
import { startLocalServices, type StartedServices } from '../../scripts/services/local-services';
import { workflowBundleOptions } from '../../worker/create-worker';

declare global {
  var __TEST_SERVICES__: StartedServices | undefined;
}

const quietLog = { info: () => undefined, warn: (o: object, m: string) => console.warn(m, o) };

export default async function globalSetup(): Promise<void> {
  const runDir = path.join(PROJECT_ROOT, '.test-data', `run-${process.pid}`);
  mkdirSync(runDir, { recursive: true });
  const started = Date.now();
  if (!process.env.TEMPORAL_ADDRESS || !process.env.MONGODB_URI) {
    installServices();
    const services = await startLocalServices({
      dataDir: runDir,
      temporal: !process.env.TEMPORAL_ADDRESS,
      mongo: !process.env.MONGODB_URI,
      log: quietLog,
    });
    globalThis.__TEST_SERVICES__ = services;
    process.env.TEMPORAL_ADDRESS ??= services.temporalAddress!;
    process.env.MONGODB_URI ??= services.mongoUri!;
  }
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions(),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
  });
  const bundlePath = path.join(runDir, 'workflow-bundle.js');
  writeFileSync(bundlePath, code);
  process.env.WORKFLOW_BUNDLE_PATH = bundlePath;
  process.env.TEST_RUN_DIR = runDir;
  process.stderr.write(
    `\n[test] services and workflow bundle ready in ${((Date.now() - started) / 1000).toFixed(1)}s (${runDir})\n`,
  );
}
