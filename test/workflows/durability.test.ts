/**
 * Durability of a case: a worker restart in the middle loses nothing, a case continues as new with
 * its state and chain intact, and the finished histories replay with the current workflow code.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import request from 'supertest';
import { verifyChain } from '../../domain/hash-chain';
import type { CaseEvent } from '../../domain/case-events';
import { actionUpdate, caseViewQuery, chainHeadQuery, disputeCase, intakeUpdate } from '../../workflows/dispute-case';
import { COURT, probe, ROOM, stepsTo } from '../support/case-script';
import { intakeBody, runKey, startTestStack, TEST_KEYS, type TestStack } from '../support/stack';
import { dataConverterFor } from '../../config/encryption';

let stack: TestStack;
let mediator: string;

beforeAll(async () => {
  stack = await startTestStack();
  mediator = await stack.token('mediator', ROOM, 'u-1');
});
afterAll(() => stack.close());

async function post(path: string, body: object, token = mediator, key?: string) {
  const r = request(stack.app).post(path).set('Authorization', `Bearer ${token}`);
  if (key) r.set('Idempotency-Key', runKey(key));
  return r.send(body);
}

async function storedEvents(id: string): Promise<CaseEvent[]> {
  return stack.db.models.CaseEvent.find({ caseId: id }).sort({ seq: 1 }).lean<CaseEvent[]>();
}

test('when the worker restarts in the middle of cases, then every case goes on with nothing lost or duplicated, and every history replays', async () => {
  const ids: string[] = [];
  for (const stage of ['accepted', 'following_up', 'under_review'] as const) {
    const created = await post(
      '/api/v1/cases',
      intakeBody({ summary: `restart ${stage}` }),
      mediator,
      `restart-${stage}`,
    );
    expect(created.status).toBe(201);
    for (const step of stepsTo(stage)) {
      const token = await stack.token(step.as.role, step.as.org);
      expect((await post(`/api/v1/cases/${created.body.id}/actions/${step.action}`, step.body, token)).status).toBe(
        200,
      );
    }
    ids.push(created.body.id as string);
  }

  await stack.restartWorker();

  // Each case finishes on the new worker.
  const liaison = await stack.token('liaison', COURT);
  expect((await post(`/api/v1/cases/${ids[0]}/actions/withdraw`, { reason: 'settled' })).body).toMatchObject({
    stage: 'closed',
  });
  expect(
    (
      await post(`/api/v1/cases/${ids[1]}/actions/record-follow-up`, {
        ...probe('record-follow-up', 'following_up').body,
        performed: true,
      })
    ).body,
  ).toMatchObject({ outcome: 'resolved' });
  expect(
    (
      await post(
        `/api/v1/cases/${ids[2]}/actions/record-confirmation`,
        probe('record-confirmation', 'under_review').body,
        liaison,
      )
    ).body,
  ).toMatchObject({ stage: 'following_up' });
  expect((await post(`/api/v1/cases/${ids[2]}/actions/withdraw`, { reason: 'parties reconciled' })).body).toMatchObject(
    { outcome: 'withdrawn' },
  );

  for (const id of ids) {
    const events = await storedEvents(id);
    const view = (await stack.db.models.Case.findById(id).lean())!;
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: view.version }, (_, i) => i + 1));
    expect(verifyChain(events).problems).toEqual([]);
    const handle = stack.client.workflow.getHandle(`case-${id}`);
    await handle.result();
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! }, dataConverter: dataConverterFor(TEST_KEYS) },
      history,
      `case-${id}`,
    );
  }
});

test('when a case continues as new, then its state, version and hash chain carry over and actions go on', async () => {
  const caseId = randomUUID();
  const workflowId = `case-${caseId}`;
  const actor = { id: 'u-1', role: 'mediator' as const, org: ROOM };
  const owner = stack.tree.path(ROOM);
  await stack.client.workflow.executeUpdateWithStart(intakeUpdate, {
    args: [
      {
        command: {
          actor,
          category: 'neighbor',
          source: 'walk_in',
          summary: 'long case',
          gridId: null,
          occurredOn: null,
          amountCny: null,
          riskLevel: 'low',
          owner,
          intakeFingerprint: 'f',
          parties: [
            { role: 'applicant', name: 'A', idNumber: null, phone: null },
            { role: 'respondent', name: 'B', idNumber: null, phone: null },
          ],
        },
      },
    ],
    startWorkflowOperation: new WithStartWorkflowOperation(disputeCase, {
      workflowId,
      taskQueue: stack.taskQueue,
      args: [{ caseId, historyLimit: 30 }],
      workflowIdConflictPolicy: 'FAIL',
    }),
  });
  const handle = stack.client.workflow.getHandle(workflowId);
  const firstRun = (await handle.describe()).runId;
  await handle.executeUpdate(actionUpdate, {
    args: [{ command: { type: 'accept', actor, track: 'people', subtrack: null, assigneeId: 'u-1' } }],
  });
  for (let i = 0; i < 12; i++) {
    await handle.executeUpdate(actionUpdate, {
      args: [
        {
          command: {
            type: 'record-session',
            actor,
            heldAt: new Date().toISOString(),
            mode: 'online',
            attendees: ['A'],
            notes: `session ${i}`,
          },
        },
      ],
    });
  }
  // The run has continued as new at least once; the newest run holds the same case.
  const until = Date.now() + 10_000;
  while ((await handle.describe()).runId === firstRun && Date.now() < until)
    await new Promise((r) => setTimeout(r, 100));
  expect((await handle.describe()).runId).not.toBe(firstRun);
  const view = await handle.query(caseViewQuery);
  expect(view).toMatchObject({
    stage: 'in_mediation',
    sessions: expect.arrayContaining([expect.objectContaining({ notes: 'session 11' })]),
  });
  expect(view!.sessions).toHaveLength(12);
  const withdrawn = await handle.executeUpdate(actionUpdate, {
    args: [{ command: { type: 'withdraw', actor, reason: 'done' } }],
  });
  expect((await stack.db.models.Case.findById(caseId).lean())!.stage).toBe('closed');
  const events = await storedEvents(caseId);
  expect(events).toHaveLength(withdrawn.version);
  const { head, problems } = verifyChain(events);
  expect(problems).toEqual([]);
  expect(await handle.query(chainHeadQuery)).toEqual({ seq: withdrawn.version, hash: head });
});
