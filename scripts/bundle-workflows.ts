/** Pre-builds the workflow bundle for production workers: `tsx scripts/bundle-workflows.ts <out.js>`. */
import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../worker/create-worker';

const out = process.argv[2] ?? 'dist/workflow-bundle.js';
bundleWorkflowCode(workflowBundleOptions())
  .then(({ code }) => {
    writeFileSync(out, code);
    process.stdout.write(`workflow bundle written to ${out}\n`);
  })
  .catch((err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
