/**
 * A case workflow's search attributes (workflows/search-attributes.ts), which the Temporal UI filters by:
 * after each action they show the case's stage, track and owning unit as the API's case view has them
 * (api.md), and the next instant its clock acts (a running deadline's warning or due instant), also after
 * an action that changes only one of them or none.
 */
import request from 'supertest';
import { workflowIdFor } from '../../api/case-gateway';
import { CASE_NEXT_DUE, CASE_OWNER, CASE_STAGE, CASE_TRACK } from '../../workflows/search-attributes';
import { COUNTY, ROOM } from '../support/case-script';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

/** The workflow's search attributes, as the Temporal UI shows them. */
async function shown(caseId: string) {
  const { typedSearchAttributes: sa } = await stack.client.workflow.getHandle(workflowIdFor(caseId)).describe();
  return {
    stage: sa.get(CASE_STAGE),
    track: sa.get(CASE_TRACK),
    owner: sa.get(CASE_OWNER),
    nextDue: sa.get(CASE_NEXT_DUE)?.toISOString(),
  };
}

/** What the API's case view says of them (api.md: stage, track, ownerOrgUnitId, nextDueAt). */
function matchesView(attributes: Awaited<ReturnType<typeof shown>>, view: Record<string, unknown>): void {
  expect({ stage: attributes.stage, track: attributes.track, owner: attributes.owner }).toEqual({
    stage: view.stage,
    track: view.track ?? undefined,
    owner: view.ownerOrgUnitId,
  });
  expect(attributes.nextDue).toEqual(nextActs(view));
}

/** When the case's clock next acts (api.md: a running deadline warns at `warnAt`, is breached at `dueAt`). */
function nextActs(view: Record<string, unknown>): string | undefined {
  type Shown = { status: string; warned?: boolean; warnAt: string; dueAt: string };
  const instants = (view.deadlines as Shown[])
    .filter((d) => d.status === 'running')
    .map((d) => (d.warned ? Date.parse(d.dueAt) : Math.min(Date.parse(d.warnAt), Date.parse(d.dueAt))));
  return instants.length === 0 ? undefined : new Date(Math.min(...instants)).toISOString();
}

test('when a case goes through its actions, then its search attributes follow the case view after each, including an action that changes none of them', async () => {
  const mediator = await stack.token('mediator', ROOM, 'u-1');
  const supervisor = await stack.token('supervisor', COUNTY, 'u-2');
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey('search-attributes'))
    .send(intakeBody());
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  matchesView(await shown(id), created.body as Record<string, unknown>);
  expect(created.body).toMatchObject({ stage: 'registered', ownerOrgUnitId: ROOM });

  const act = async (action: string, body: object, token = mediator) => {
    const res = await request(stack.app)
      .post(`/api/v1/cases/${id}/actions/${action}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body);
    expect(res.status).toBe(200);
    matchesView(await shown(id), res.body as Record<string, unknown>);
    return res.body as Record<string, unknown>;
  };
  const session = { heldAt: new Date().toISOString(), mode: 'on_site', attendees: ['A', 'B'], notes: 'n' };
  expect(await act('accept', { track: 'people', assigneeId: 'u-1' })).toMatchObject({ stage: 'accepted' });
  expect(await act('record-session', session)).toMatchObject({ stage: 'in_mediation' });
  // Nothing of the four changes.
  const before = await shown(id);
  await act('record-session', session);
  expect(await shown(id)).toEqual(before);
  // Only the owner changes (and the mediation deadline restarts for the new level).
  const supervisorOfRoom = await stack.token('supervisor', ROOM, 'u-3');
  const escalated = await act('escalate', { reason: 'beyond the room' }, supervisorOfRoom);
  expect(escalated).toMatchObject({ stage: 'in_mediation', ownerOrgUnitId: 'ND-JC-JN' });
  expect(await act('withdraw', { reason: 'settled' }, supervisor)).toMatchObject({ stage: 'closed', nextDueAt: null });
  expect((await shown(id)).nextDue).toBeUndefined();
});
