/**
 * Benchmark: how long `verify` takes for a case with N events (default 1,000): the chain from
 * MongoDB, the comparison with the events recorded in Temporal's history (all runs), and the replay.
 * `npm run bench:verify -- [--events 1000] [--repeat 5]`. Prints a JSON summary.
 */
import { parseArgs } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import { CaseAuditor } from '../api/case-audit';
import { dataConverterFor } from '../config/encryption';
import { actionUpdate } from '../workflows/dispute-case';
import { workflowBundleOptions } from '../worker/create-worker';
import { startCase, startScriptStack } from './script-stack';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { events: { type: 'string', default: '1000' }, repeat: { type: 'string', default: '5' } },
  });
  const target = Number(values.events);
  const repeat = Number(values.repeat);
  const stack = await startScriptStack({ name: 'bench-verify' });
  try {
    const { caseId, handle } = await startCase(stack, { summary: 'a long case' });
    const actor = { id: 'u-1', role: 'mediator' as const, org: 'ND-JC-JN-ROOM' };
    let view = await handle.executeUpdate(actionUpdate, {
      args: [{ command: { type: 'accept', actor, track: 'people', subtrack: null, assigneeId: 'u-1' } }],
    });
    const started = Date.now();
    while (view.version < target) {
      view = await handle.executeUpdate(actionUpdate, {
        args: [
          {
            command: {
              type: 'record-session',
              actor,
              heldAt: new Date().toISOString(),
              mode: 'online',
              attendees: ['A'],
              notes: `session ${view.version}`,
            },
          },
        ],
      });
      if (view.version % 100 === 0) process.stderr.write(`\r${view.version}/${target} events`);
    }
    process.stderr.write(`\r${view.version}/${target} events in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    const { code } = await bundleWorkflowCode(workflowBundleOptions());
    const auditor = new CaseAuditor({
      client: stack.client,
      models: stack.db.models,
      dataConverter: dataConverterFor(stack.keys),
      workflowBundle: () => Promise.resolve({ code }),
    });
    const times: number[] = [];
    // The first verification replays every run (what an auditor waits for after a deploy); later ones
    // replay only what changed since.
    const t0 = process.hrtime.bigint();
    let report = await auditor.verify(caseId);
    const firstMs = Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
    const firstTimings = report.timings;
    for (let i = 0; i < repeat; i++) {
      const t = process.hrtime.bigint();
      report = await auditor.verify(caseId);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const runs = (await auditor.histories(caseId)).length;
    times.sort((a, b) => a - b);
    const result = {
      benchmark: 'verify',
      firstVerify: { ms: firstMs, timings: firstTimings },
      repeatVerifyTimings: report.timings,
      events: report.events,
      temporalRuns: runs,
      ok: report.ok,
      repeat,
      msMedian: Math.round(times[Math.floor(times.length / 2)]!),
      msMax: Math.round(times[times.length - 1]!),
      msAll: times.map(Math.round),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (!report.ok) process.exitCode = 1;
  } finally {
    await stack.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
