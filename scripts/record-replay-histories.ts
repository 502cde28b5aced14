/**
 * Records the Temporal histories of representative cases into test/replay/<today>/ (one JSON file
 * each), so CI replays them with the current code: a change that would break running cases fails CI.
 * Older folders stay: they are the cases started by older code. Record a new folder after a
 * deliberate, patched change of the workflow: `npm run record:replay`.
 * Uses TEMPORAL_ADDRESS / MONGODB_URI when set, else starts the local services in a temporary folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startCase, startScriptStack } from './script-stack';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { buildActionCommand } from '../api/action-commands';
import type { ActionName } from '../domain/case-decider';
import type { Role } from '../domain/case-types';
import { CURRENT_POLICY, type DeadlinePolicy } from '../domain/deadline-policy';
import { actionUpdate } from '../workflows/dispute-case';
import { PROJECT_ROOT } from './services/paths';
import { REPLAY_FIXTURE_KEYS } from '../test/replay/fixture-key';

const OUT = path.join(PROJECT_ROOT, 'test', 'replay', new Date().toISOString().slice(0, 10));
const ROOM = 'ND-JC-JN-ROOM';
type As = { role: Role; org: string };
type Step = [ActionName, Record<string, unknown>, As] | ['wait', number];

const mediator: As = { role: 'mediator', org: ROOM };
const supervisor: As = { role: 'supervisor', org: 'ND-JC' };
const liaison: As = { role: 'liaison', org: 'ND-JC-COURT' };
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const session: Step = [
  'record-session',
  { heldAt: new Date().toISOString(), mode: 'on_site', attendees: ['A', 'B'], notes: 'n' },
  mediator,
];
const accept: Step = ['accept', { track: 'people', assigneeId: 'u-1' }, mediator];
const agreement: Step = ['record-agreement', { terms: 'pay 3000', signedOn: today }, mediator];

const shortPolicy: DeadlinePolicy = {
  ...CURRENT_POLICY,
  version: 'replay-short',
  entries: CURRENT_POLICY.entries.map((e) => ({ ...e, amount: e.kind === 'mediation' ? 2 : 600, unit: 'seconds' })),
};

const SCENARIOS: Record<string, { steps: Step[]; policy?: DeadlinePolicy; historyLimit?: number }> = {
  'resolved-after-follow-up': {
    steps: [
      accept,
      session,
      agreement,
      ['record-follow-up', { visitedOn: today, performed: true, notes: 'paid' }, mediator],
    ],
  },
  'escalated-by-supervisor-then-withdrawn': {
    steps: [accept, ['escalate', { reason: 'complex' }, supervisor], ['withdraw', { reason: 'settled' }, supervisor]],
  },
  'escalated-automatically-by-breach': {
    policy: shortPolicy,
    steps: [accept, ['wait', 5500], ['withdraw', { reason: 'settled' }, supervisor]],
  },
  'transferred-and-taken-over': {
    steps: [
      accept,
      ['transfer', { toOrgUnitId: 'ND-JC-ZW', reason: 'jurisdiction' }, supervisor],
      ['take-over', {}, { role: 'mediator', org: 'ND-JC-ZW' }],
      ['record-failure', { reason: 'no agreement', referral: 'none' }, { role: 'mediator', org: 'ND-JC-ZW' }],
    ],
  },
  'judicial-confirmation': {
    steps: [
      accept,
      session,
      agreement,
      ['request-confirmation', { courtId: 'ND-JC-COURT' }, mediator],
      ['take-over', {}, liaison],
      ['record-confirmation', { decision: 'confirmed', ruledOn: today }, liaison],
      ['record-follow-up', { visitedOn: today, performed: false, notes: 'late' }, mediator],
      ['record-follow-up', { visitedOn: today, performed: false, notes: 'refused' }, mediator],
    ],
  },
  'paused-extended-risk': {
    steps: [
      accept,
      ['pause', { reason: 'in hospital' }, mediator],
      ['report-risk', { level: 'high', reason: 'threats' }, mediator],
      ['resume', {}, mediator],
      ['extend', { kind: 'mediation', amount: 1, unit: 'months', reason: 'appraisal', consent: true }, mediator],
      ['report-risk', { level: 'low', reason: 'calmed down' }, mediator],
      ['withdraw', { reason: 'withdrawn' }, mediator],
    ],
  },
  'rejected-at-registration': {
    steps: [['reject', { reason: 'not a civil dispute', referral: 'administrative' }, supervisor]],
  },
  'continued-as-new': {
    historyLimit: 25,
    steps: [accept, ...Array.from({ length: 8 }, () => session), ['withdraw', { reason: 'done' }, mediator]],
  },
};

async function main(): Promise<void> {
  const stack = await startScriptStack({ name: 'replay', keys: REPLAY_FIXTURE_KEYS });
  const { client, tree } = stack;
  mkdirSync(OUT, { recursive: true });
  try {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      const { caseId, handle } = await startCase(stack, {
        summary: name,
        input: {
          ...(scenario.policy ? { policy: scenario.policy } : {}),
          ...(scenario.historyLimit ? { historyLimit: scenario.historyLimit } : {}),
        },
      });
      const workflowId = `case-${caseId}`;
      for (const step of scenario.steps) {
        if (step[0] === 'wait') {
          await new Promise((r) => setTimeout(r, step[1]));
          continue;
        }
        const [action, body, as] = step;
        const command = buildActionCommand(action, body, { id: `${as.role}-1`, ...as }, (id) => tree.path(id));
        await handle.executeUpdate(actionUpdate, { args: [{ command }] });
      }
      await handle.result();
      // Every run of the case, oldest first (continue-as-new chains them).
      const runs = [];
      let runId: string | undefined;
      for (;;) {
        const h = await client.workflow.getHandle(workflowId, runId).fetchHistory();
        runs.unshift(h);
        runId = h.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
        if (!runId) break;
      }
      runs.forEach((h, i) => {
        const file = path.join(OUT, `${name}${runs.length > 1 ? `.run${i + 1}` : ''}.json`);
        writeFileSync(file, `${historyToJSON(h)}\n`);
        process.stdout.write(
          `recorded ${path.relative(PROJECT_ROOT, file)} (${h.events?.length ?? 0} history events)\n`,
        );
      });
    }
  } finally {
    await stack.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
