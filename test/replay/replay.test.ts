/**
 * Replays every stored history (test/replay/*.json, recorded by scripts/record-replay-histories.ts)
 * with the current workflow code: a change that would break running cases fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../worker/create-worker';

const files = readdirSync(__dirname)
  .filter((f) => f.endsWith('.json'))
  .sort();
const load = (file: string) => historyFromJSON(JSON.parse(readFileSync(path.join(__dirname, file), 'utf8')));
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

let current: { code: string };

beforeAll(async () => {
  current = await bundleWorkflowCode({
    workflowsPath: require.resolve(WORKFLOWS_PATH.replace(/\.ts$/, '')),
    logger: quiet,
  });
});

test('there are stored histories of every representative scenario', () => {
  const scenarios = new Set(files.map((f) => f.replace(/(\.run\d+)?\.json$/, '')));
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
  await Worker.runReplayHistory({ workflowBundle: current }, load(file), `replay-${file}`);
});

test('a drifted workflow fails the replay with a determinism violation', async () => {
  const drifted = await bundleWorkflowCode({ workflowsPath: require.resolve('./drifted'), logger: quiet });
  await expect(
    Worker.runReplayHistory({ workflowBundle: drifted }, load('resolved-after-follow-up.json'), 'replay-drifted'),
  ).rejects.toMatchObject({
    name: 'DeterminismViolationError',
  });
});
