/**
 * When MongoDB holds a different event under a seq the case writes (recordEvents fails with the
 * non-retryable EventConflict), the updates waiting for their events to be stored fail with a typed
 * `event_conflict` instead of hanging, later updates are refused at once, and the case's own clock keeps
 * running in Temporal. On the real dev server and FerretDB, with periods of seconds.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import request from 'supertest';
import type { CaseView } from '../../domain/case-view';
import { actionUpdate, caseViewQuery, type ActionInput } from '../../workflows/dispute-case';
import { ROOM } from '../support/case-script';
import { shortPolicy } from '../support/short-policy';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let mediator: string;

beforeAll(async () => {
  stack = await startTestStack({ policy: shortPolicy({ acceptance: 600, mediation: 4 }, 600) });
  mediator = await stack.token('mediator', ROOM, 'u-1');
});
afterAll(() => stack.close());

const actor = { id: 'u-1', role: 'mediator' as const, org: ROOM };

/** The update's failure, within `ms` (a hang fails the test rather than the suite's timeout). */
async function failureOf(p: Promise<unknown>, ms = 15_000): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([
      p.then(
        () => new Error('the update succeeded'),
        (err: unknown) => err,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const typeOf = (err: unknown): string | null =>
  err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure ? (err.cause.type ?? null) : null;

test('when the case file holds a different event under the next seq, then the waiting update fails with event_conflict, later ones are refused, and the clock keeps running', async () => {
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey('conflict'))
    .send(intakeBody());
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const next = (created.body.version as number) + 1;
  // Someone else's event under the seq the case will write next.
  await stack.db.models.CaseEvent.collection.insertOne({
    _id: `${id}:${next}`,
    caseId: id,
    seq: next,
    type: 'case.assigned',
    at: new Date().toISOString(),
    actor,
    reason: null,
    data: { assigneeId: 'intruder' },
    prevHash: 'x'.repeat(64),
    hash: 'y'.repeat(64),
  } as never);

  const handle = stack.client.workflow.getHandle(`case-${id}`);
  const accept: ActionInput = {
    command: { type: 'accept', actor, track: 'people', subtrack: null, assigneeId: 'u-1' },
  };
  const first = await failureOf(handle.executeUpdate(actionUpdate, { args: [accept] }));
  expect(typeOf(first)).toBe('event_conflict');

  const assign: ActionInput = { command: { type: 'assign', actor, assigneeId: 'u-2', reason: 'workload' } };
  const second = await failureOf(handle.executeUpdate(actionUpdate, { args: [assign] }), 5000);
  expect(typeOf(second)).toBe('event_conflict');

  // The accepted case's 4-second mediation period is breached in Temporal all the same.
  const until = Date.now() + 20_000;
  let view: CaseView | null = null;
  while (Date.now() < until) {
    view = await handle.query(caseViewQuery);
    if (view?.deadlines.some((d) => d.id === 'mediation-1' && d.status === 'breached')) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  expect(view?.deadlines.find((d) => d.id === 'mediation-1')).toMatchObject({ status: 'breached' });
  expect(view).toMatchObject({ stage: 'accepted', escalationLevel: 1 });
  // Nothing of it reached the case file: the foreign event still holds the seq.
  expect(await stack.db.models.CaseEvent.findById(`${id}:${next}`).lean()).toMatchObject({ hash: 'y'.repeat(64) });
});
