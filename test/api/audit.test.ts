/**
 * Auditors: tampering directly in MongoDB is found with the right seq; the state at any instant is
 * the live view at that instant; an export can be verified offline.
 */
import request from 'supertest';
import type { CaseEvent } from '../../domain/case-events';
import { chainEvents, GENESIS_HASH, verifyChain } from '../../domain/hash-chain';
import { ROOM, probe, stepsTo } from '../support/case-script';
import { workflowHeadOf } from '../../api/case-audit';
import { intakeBody, runKey, stackAuditor, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let auditor: string;
let mediator: string;

beforeAll(async () => {
  stack = await startTestStack();
  auditor = await stack.token('auditor', 'ND-JC', 'aud-1');
  mediator = await stack.token('mediator', ROOM, 'u-1');
});
afterAll(() => stack.close());

async function caseInFollowUp(key: string): Promise<string> {
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey(key))
    .send(intakeBody());
  for (const step of stepsTo('following_up')) {
    const token = await stack.token(step.as.role, step.as.org);
    await request(stack.app)
      .post(`/api/v1/cases/${created.body.id}/actions/${step.action}`)
      .set('Authorization', `Bearer ${token}`)
      .send(step.body)
      .expect(200);
  }
  return created.body.id as string;
}

const verify = async (id: string): Promise<Record<string, unknown> & { problems: unknown[] }> => {
  const res = await request(stack.app).get(`/api/v1/cases/${id}/verify`).set('Authorization', `Bearer ${auditor}`);
  expect(res.status).toBe(200);
  return res.body as Record<string, unknown> & { problems: unknown[] };
};
const coll = () => stack.db.models.CaseEvent.collection;

/** A forged event chained right after the case's stored head (correct seq, prevHash and hash), not stored. */
async function forgedAfterHead(id: string, reason: string): Promise<{ forged: CaseEvent; storedCount: number }> {
  const stored = await coll().find({ caseId: id }).sort({ seq: 1 }).toArray();
  const last = stored[stored.length - 1]!;
  const [forged] = chainEvents(id, { seq: last.seq as number, hash: last.hash as string }, [
    {
      type: 'case.assigned',
      data: { assigneeId: 'someone-else' },
      at: new Date().toISOString(),
      actor: { id: 'x', role: 'supervisor', org: 'ND-JC' },
      reason,
    },
  ]);
  return { forged: forged!, storedCount: stored.length };
}

/** `GET …/export` as the auditor: its JSON Lines text. */
async function exportText(id: string): Promise<string> {
  const exported = await request(stack.app)
    .get(`/api/v1/cases/${id}/export`)
    .set('Authorization', `Bearer ${auditor}`)
    .buffer(true)
    .parse((res, cb) => {
      let data = '';
      res.on('data', (c: Buffer) => (data += c.toString()));
      res.on('end', () => cb(null, data));
    });
  expect(exported.status).toBe(200);
  return exported.body as string;
}

describe('an action in flight', () => {
  test("when the last recordEvents has not completed yet, then the events it stored still count as the workflow's, and only those", async () => {
    const id = await caseInFollowUp('audit-in-flight');
    const auditor = stackAuditor(stack);
    // The history as it was just before its last recordEvents completed: cut at that completion.
    const histories = await auditor.histories(id);
    const last = histories[histories.length - 1]!;
    const events = last.events ?? [];
    const recordEventsIds = new Set(
      events
        .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordEvents')
        .map((e) => String(e.eventId)),
    );
    const completions = events
      .map((e, i) => (recordEventsIds.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId)) ? i : -1))
      .filter((i) => i >= 0);
    const cutAt = completions[completions.length - 1] ?? -1;
    expect(cutAt).toBeGreaterThan(0);
    const before = [...histories.slice(0, -1), { ...last, events: events.slice(0, cutAt) }];
    const recording = await auditor.recordingOf(before);
    expect(recording.pending.length).toBeGreaterThan(0);

    const stored = (await coll().find({ caseId: id }).sort({ seq: 1 }).toArray()) as unknown as CaseEvent[];
    const storedHead = { seq: stored[stored.length - 1]!.seq, hash: stored[stored.length - 1]!.hash };
    const completed = recording.recorded[recording.recorded.length - 1]!;
    expect(completed.seq).toBeLessThan(storedHead.seq);
    // The store already holds that batch: the head goes on to the stored head.
    expect(workflowHeadOf(recording, stored)).toEqual(storedHead);
    // A planted event in its place instead: the head stays at the last completed event.
    const { forged } = await forgedAfterHead(id, 'planted');
    const plantedInstead = [...stored.filter((e) => e.seq <= completed.seq), { ...forged, seq: completed.seq + 1 }];
    expect(workflowHeadOf(recording, plantedInstead)).toEqual({ seq: completed.seq, hash: completed.hash });
  });
});

describe('verify', () => {
  test('when nothing was touched, then the case verifies ok', async () => {
    const id = await caseInFollowUp('audit-clean');
    const report = await verify(id);
    expect(report).toMatchObject({
      ok: true,
      chainOk: true,
      headMatchesWorkflow: true,
      replayOk: true,
      firstBadSeq: null,
      problems: [],
    });
    expect(report.events).toBeGreaterThan(5);
  });

  test('when an event is edited in MongoDB, then verify reports it at its seq', async () => {
    const id = await caseInFollowUp('audit-edit');
    await coll().updateOne({ caseId: id, seq: 4 }, { $set: { reason: 'rewritten later' } });
    const report = await verify(id);
    expect(report).toMatchObject({ ok: false, chainOk: false, firstBadSeq: 4 });
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ seq: 4, problem: 'hash_mismatch' }),
        expect.objectContaining({ seq: 4, problem: 'altered_event' }),
      ]),
    );
  });

  test('when an event is deleted from MongoDB, then verify reports the missing seq', async () => {
    const id = await caseInFollowUp('audit-delete');
    await coll().deleteOne({ caseId: id, seq: 3 });
    const report = await verify(id);
    expect(report).toMatchObject({ ok: false, firstBadSeq: 3 });
    expect(report.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ seq: 3, problem: 'missing_event' })]),
    );
  });

  test('when a forged event is appended with a correct hash, then the chain holds but verify reports it against the workflow', async () => {
    const id = await caseInFollowUp('audit-insert');
    const { forged } = await forgedAfterHead(id, 'forged');
    await coll().insertOne({ ...forged, _id: `${id}:${forged.seq}` } as never);
    const report = await verify(id);
    expect(report).toMatchObject({ ok: false, chainOk: true, headMatchesWorkflow: false, firstBadSeq: forged.seq });
    expect(report.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ seq: forged.seq, problem: 'unexpected_event' })]),
    );
  });

  test.each([
    ['under an _id of its own', 'own-id', (id: string, seq: number) => ({ _id: `planted-${id}`, seq })],
    ['past a missing seq', 'past-gap', (id: string, seq: number) => ({ _id: `${id}:${seq + 1}`, seq: seq + 1 })],
  ])('when a forged event is stored %s, then the export carries it', async (_how, key, place) => {
    const id = await caseInFollowUp(`audit-planted-${key}`);
    const { forged, storedCount } = await forgedAfterHead(id, 'planted');
    const { _id, seq } = place(id, forged.seq);
    await coll().insertOne({ ...forged, seq, _id } as never);
    const lines = (await exportText(id)).trim().split('\n');
    expect(lines).toHaveLength(storedCount + 2);
    expect(lines.some((l) => l.includes('"reason":"planted"'))).toBe(true);
    // The manifest names the head the workflow recorded, the one the forgery was chained onto.
    expect(JSON.parse(lines[lines.length - 1]!)).toMatchObject({
      chainHead: { seq, hash: forged.hash },
      workflowHead: { seq: forged.seq - 1, hash: forged.prevHash },
    });
  });

  test('when an event is rewritten and the whole chain rehashed, then verify still finds the first altered seq', async () => {
    const id = await caseInFollowUp('audit-rehash');
    const stored = (await coll().find({ caseId: id }).sort({ seq: 1 }).toArray()) as unknown as CaseEvent[];
    const rewritten = stored.map((e) => (e.seq === 5 ? { ...e, reason: 'history rewritten' } : e));
    const rechained = chainEvents(
      id,
      { seq: 0, hash: GENESIS_HASH },
      rewritten.map(({ seq: _s, hash: _h, prevHash: _p, caseId: _c, ...rest }) => rest as never),
    );
    await coll().deleteMany({ caseId: id });
    await coll().insertMany(rechained.map((e) => ({ ...e, _id: `${id}:${e.seq}` })) as never);
    const report = await verify(id);
    expect(report).toMatchObject({ ok: false, chainOk: true, headMatchesWorkflow: false, firstBadSeq: 5 });
    expect(report.problems[0]).toMatchObject({ seq: 5, problem: 'altered_event' });
  });

  test("when a mediator asks for verification, then 403; a case out of the auditor's scope is 404", async () => {
    const id = await caseInFollowUp('audit-roles');
    await request(stack.app).get(`/api/v1/cases/${id}/verify`).set('Authorization', `Bearer ${mediator}`).expect(403);
    const elsewhere = await stack.token('auditor', 'ND-FA');
    await request(stack.app).get(`/api/v1/cases/${id}/verify`).set('Authorization', `Bearer ${elsewhere}`).expect(404);
  });
});

test('when the state is asked as of each event of a long case, then it equals the live view at that moment', async () => {
  const supervisor = await stack.token('supervisor', 'ND-JC', 'sup-1');
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey('asof-long'))
    .send(intakeBody());
  const id = created.body.id as string;
  const live = async () =>
    (await request(stack.app).get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${supervisor}`).expect(200))
      .body as Record<string, unknown>;
  const snapshots = [await live()];
  const steps = [
    ...stepsTo('under_review'),
    {
      action: 'record-confirmation',
      body: { decision: 'rejected', ruledOn: probe('record-confirmation', 'under_review').body.ruledOn },
      as: { role: 'liaison', org: 'ND-JC-COURT' },
    },
    ...stepsTo('following_up').slice(1),
  ];
  for (const step of steps) {
    const token = await stack.token(step.as.role as never, step.as.org);
    await request(stack.app)
      .post(`/api/v1/cases/${id}/actions/${step.action}`)
      .set('Authorization', `Bearer ${token}`)
      .send(step.body)
      .expect(200);
    snapshots.push(await live());
  }
  expect(snapshots.length).toBeGreaterThan(8);
  for (const snapshot of snapshots) {
    const asOf = snapshot.updatedAt as string;
    const res = await request(stack.app)
      .get(`/api/v1/cases/${id}/state`)
      .query({ asOf })
      .set('Authorization', `Bearer ${supervisor}`);
    expect(res.status).toBe(200);
    const { asOf: _a, ...state } = res.body;
    expect(state).toEqual(snapshot);
  }
  const before = new Date(Date.parse(snapshots[0]!.createdAt as string) - 1).toISOString();
  await request(stack.app)
    .get(`/api/v1/cases/${id}/state`)
    .query({ asOf: before })
    .set('Authorization', `Bearer ${supervisor}`)
    .expect(404);
});

test('when an auditor reads the timeline, then events come in order with personal data masked; the export verifies offline', async () => {
  const id = await caseInFollowUp('audit-export');
  const timeline = await request(stack.app)
    .get(`/api/v1/cases/${id}/timeline`)
    .set('Authorization', `Bearer ${auditor}`)
    .expect(200);
  const evs = timeline.body.events as Array<{ seq: number; type: string }>;
  expect(evs.map((e) => e.seq)).toEqual(evs.map((_, i) => i + 1));
  expect(JSON.stringify(timeline.body)).not.toContain('350902198001011237');
  expect(JSON.stringify(timeline.body)).toContain('350902********1237');

  const lines = (await exportText(id))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const manifest = lines.pop()!;
  const { head, problems } = verifyChain(lines as unknown as CaseEvent[]);
  expect(problems).toEqual([]);
  expect(manifest).toMatchObject({
    manifest: true,
    events: lines.length,
    chainHead: { seq: lines.length, hash: head },
    workflowHead: { seq: lines.length, hash: head },
  });
});
