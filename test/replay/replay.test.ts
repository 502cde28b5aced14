/**
 * Replays every stored history (test/replay/*.json, recorded by scripts/record-replay-histories.ts)
 * with the current workflow code: a change that would break running cases fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { workflowBundleOptions } from '../../worker/create-worker';
import { dataConverterFor } from '../../config/encryption';
import { REPLAY_FIXTURE_KEYS } from './fixture-key';

const dataConverter = dataConverterFor(REPLAY_FIXTURE_KEYS);

// One folder per recording (scripts/record-replay-histories.ts): histories of cases started by the code
// of that day, which running cases of that age still replay against.
const generations = readdirSync(__dirname, { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^\d{4}-\d{2}-\d{2}$/.test(d.name))
  .map((d) => d.name)
  .sort();
const files = generations.flatMap((g) =>
  readdirSync(path.join(__dirname, g))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(g, f)),
);
const load = (file: string) => historyFromJSON(JSON.parse(readFileSync(path.join(__dirname, file), 'utf8')));
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

let current: { code: string };

beforeAll(async () => {
  current = await bundleWorkflowCode({
    ...workflowBundleOptions(),
    logger: quiet,
  });
});

test.each(generations)('%s holds a history of every representative scenario', (generation) => {
  const scenarios = new Set(
    files.filter((f) => f.startsWith(`${generation}/`)).map((f) => path.basename(f).replace(/(\.run\d+)?\.json$/, '')),
  );
  expect([...scenarios].sort()).toEqual([
    'continued-as-new',
    'escalated-automatically-by-breach',
    'escalated-by-supervisor-then-withdrawn',
    'judicial-confirmation',
    'paused-extended-risk',
    'rejected-at-registration',
    'resolved-after-follow-up',
    'transferred-and-taken-over',
  ]);
});

test.each(files)('%s replays with the current workflow code', async (file) => {
  await Worker.runReplayHistory({ workflowBundle: current, dataConverter }, load(file), `replay-${file}`);
});

test('a drifted workflow fails the replay with a determinism violation', async () => {
  const drifted = await bundleWorkflowCode({ workflowsPath: require.resolve('./drifted'), logger: quiet });
  await expect(
    Worker.runReplayHistory(
      { workflowBundle: drifted, dataConverter },
      load(`${generations[generations.length - 1]}/resolved-after-follow-up.json`),
      'replay-drifted',
    ),
  ).rejects.toMatchObject({
    name: 'DeterminismViolationError',
  });
});

// Recorded by the worker of 7b30f9b from an intake that carried the API's case number (API_CASE_NO_PATCH):
// the API deployed before the workers. That worker ignored the number and asked its activity.
test('an intake with a case number, handled by a worker that did not know of it, replays', async () => {
  await Worker.runReplayHistory(
    { workflowBundle: current, dataConverter },
    load('rolling-deploy/case-no-sent-to-an-older-worker.json'),
    'replay-rolling-deploy',
  );
});

// Recorded by the worker of aa4f245, before a clean-up run also counted the cases the tallies miss
// (COUNT_TALLIES_PATCH): a run in flight across the deploy replays without that count.
test('a clean-up run from before the tallies were counted replays', async () => {
  await Worker.runReplayHistory(
    { workflowBundle: current, dataConverter },
    load('rolling-deploy/clean-up-before-tallies.json'),
    'replay-clean-up',
  );
});
