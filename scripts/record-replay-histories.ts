/**
 * Records the Temporal histories of representative cases into test/replay/ (one JSON file each), so
 * CI can replay them with the current code: a change that would break running cases fails CI.
 * Run after a deliberate, compatible change of the workflow: `npx tsx scripts/record-replay-histories.ts`.
 * Uses TEMPORAL_ADDRESS / MONGODB_URI when set, else starts the local services in a temporary folder.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import pino from 'pino';
import { connectDatabase } from '../db/connection';
import { OrgTree, readOrgUnitSeed } from '../db/org-units';
import { buildActionCommand } from '../api/action-commands';
import type { ActionName } from '../domain/case-decider';
import type { Role } from '../domain/case-types';
import { CURRENT_POLICY, type DeadlinePolicy } from '../domain/deadline-policy';
import { actionUpdate, disputeCase, intakeUpdate } from '../workflows/dispute-case';
import { createWorker, installRuntimeLogger } from '../worker/create-worker';
import { installServices } from './services/install';
import { PROJECT_ROOT } from './services/paths';
import { startLocalServices } from './services/local-services';

const OUT = path.join(PROJECT_ROOT, 'test', 'replay');
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
      ['extend', { kind: 'mediation', amount: 10, unit: 'days', reason: 'appraisal', consent: true }, mediator],
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
  const log = pino({ level: 'warn' });
  installRuntimeLogger(log);
  let stop = (): Promise<void> => Promise.resolve();
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let mongoUri = process.env.MONGODB_URI;
  const tmp = mkdtempSync(path.join(tmpdir(), 'replay-'));
  if (!temporalAddress || !mongoUri) {
    installServices();
    const s = await startLocalServices({
      dataDir: tmp,
      log: { info: () => undefined, warn: (o, m) => log.warn(o, m) },
    });
    temporalAddress ??= s.temporalAddress!;
    mongoUri ??= s.mongoUri!;
    stop = () => s.stop();
  }
  const db = await connectDatabase(mongoUri.replace(/\/[^/?]*(\?|$)/, `/replay_${Date.now()}$1`));
  const tree = new OrgTree(readOrgUnitSeed(path.join(PROJECT_ROOT, 'db', 'seed', 'ningde-org-units.json')));
  const taskQueue = `replay-${randomUUID()}`;
  const { worker, connection: workerConnection } = await createWorker({
    temporalAddress,
    namespace: 'default',
    taskQueue,
    models: db.models,
    log,
  });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address: temporalAddress }) });
  mkdirSync(OUT, { recursive: true });
  try {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      const caseId = randomUUID();
      const workflowId = `case-${caseId}`;
      const actor = { id: 'u-1', role: 'mediator' as const, org: ROOM };
      await client.workflow.executeUpdateWithStart(intakeUpdate, {
        args: [
          {
            command: {
              actor,
              category: 'neighbor',
              source: 'walk_in',
              summary: name,
              gridId: null,
              occurredOn: null,
              amountCny: 3000,
              riskLevel: 'low',
              owner: tree.path(ROOM),
              intakeFingerprint: name,
              parties: [
                { role: 'applicant', name: '林某', idNumber: '350902198001011237' },
                { role: 'respondent', name: '陈某' },
              ],
            },
          },
        ],
        startWorkflowOperation: new WithStartWorkflowOperation(disputeCase, {
          workflowId,
          taskQueue,
          args: [
            {
              caseId,
              ...(scenario.policy ? { policy: scenario.policy } : {}),
              ...(scenario.historyLimit ? { historyLimit: scenario.historyLimit } : {}),
            },
          ],
          workflowIdConflictPolicy: 'FAIL',
        }),
      });
      const handle = client.workflow.getHandle(workflowId);
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
    worker.shutdown();
    await running;
    await workerConnection.close();
    await db.conn.dropDatabase();
    await db.close();
    await stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
