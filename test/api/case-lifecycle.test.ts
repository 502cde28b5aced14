import request from 'supertest';
import { mongo } from 'mongoose';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';
import { shanghaiToday } from '../support/shanghai-today';

let stack: TestStack;
let mediator: string;

beforeAll(async () => {
  stack = await startTestStack();
  mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'u-1');
});
afterAll(() => stack.close());

async function newCase(key: string): Promise<string> {
  const res = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', runKey(key))
    .send(intakeBody());
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const act = (id: string, action: string, body: object, headers: Record<string, string> = {}, token = mediator) =>
  request(stack.app)
    .post(`/api/v1/cases/${id}/actions/${action}`)
    .set('Authorization', `Bearer ${token}`)
    .set(headers)
    .send(body);

describe('a case from intake to closed', () => {
  test('when staff accept, hold a session, record an agreement and a performed follow-up, then the case is closed as resolved', async () => {
    const id = await newCase('life-1');
    const accepted = await act(id, 'accept', { track: 'people', assigneeId: 'u-17' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.stage).toBe('accepted');
    expect((accepted.body.deadlines as Array<{ kind: string; status: string }>).map((d) => [d.kind, d.status])).toEqual(
      [
        ['acceptance', 'met'],
        ['mediation', 'running'],
      ],
    );
    const session = await act(id, 'record-session', {
      heldAt: new Date().toISOString(),
      mode: 'on_site',
      attendees: ['林某', '陈某'],
      notes: 'first',
    });
    expect(session.body.stage).toBe('in_mediation');
    const agreed = await act(id, 'record-agreement', {
      terms: '陈某赔偿林某3000元',
      signedOn: shanghaiToday(),
    });
    expect(agreed.status).toBe(200);
    expect(agreed.body.stage).toBe('following_up');
    const closed = await act(id, 'record-follow-up', {
      visitedOn: shanghaiToday(),
      performed: true,
      notes: 'paid',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ stage: 'closed', outcome: 'resolved' });

    const read = await request(stack.app).get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${mediator}`);
    expect(read.body).toMatchObject({ stage: 'closed', outcome: 'resolved', version: closed.body.version });
    const events = await stack.db.models.CaseEvent.find({ caseId: id }).sort({ seq: 1 }).lean();
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: closed.body.version }, (_, i) => i + 1));
  });

  test('when an action is not allowed in the stage, then 409 and nothing is recorded', async () => {
    const id = await newCase('life-409');
    const before = await stack.db.models.CaseEvent.countDocuments({ caseId: id });
    const res = await act(id, 'record-agreement', { terms: 't', signedOn: '2026-11-01' });
    expect(res.status).toBe(409);
    expect(res.body.type).toMatch(/\/invalid-transition$/);
    expect(await stack.db.models.CaseEvent.countDocuments({ caseId: id })).toBe(before);
  });

  test('when a case is withdrawn, then further actions get 409', async () => {
    const id = await newCase('life-withdraw');
    expect((await act(id, 'withdraw', { reason: 'the parties settled privately' })).body).toMatchObject({
      stage: 'closed',
      outcome: 'withdrawn',
    });
    expect((await act(id, 'withdraw', { reason: 'again' })).status).toBe(409);
  });

  test('when If-Match names an old version, then 412; with the current version the action applies', async () => {
    const id = await newCase('life-412');
    const view = await request(stack.app).get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${mediator}`);
    const stale = await act(
      id,
      'accept',
      { track: 'people', assigneeId: 'u-1' },
      { 'If-Match': `"${view.body.version - 1}"` },
    );
    expect(stale.status).toBe(412);
    const fresh = await act(
      id,
      'accept',
      { track: 'people', assigneeId: 'u-1' },
      { 'If-Match': String(view.headers.etag) },
    );
    expect(fresh.status).toBe(200);
  });

  test('when an action is retried with the same Idempotency-Key, then it is applied once and answers the same', async () => {
    const id = await newCase('life-idem');
    await act(id, 'accept', { track: 'people', assigneeId: 'u-1' }).expect(200);
    const body = { heldAt: new Date().toISOString(), mode: 'online', attendees: ['a'], notes: 'n' };
    const [a, b] = await Promise.all([
      act(id, 'record-session', body, { 'Idempotency-Key': runKey('s-1') }),
      act(id, 'record-session', body, { 'Idempotency-Key': runKey('s-1') }),
    ]);
    const c = await act(id, 'record-session', body, { 'Idempotency-Key': runKey('s-1') });
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(b.body).toEqual(a.body);
    expect(c.body).toEqual(a.body);
    expect(a.body.sessions).toHaveLength(1);
  });

  test('when an action was applied but its answer failed (503) and it is retried with another body under the key, then 422, and its own body gets its outcome once', async () => {
    const id = await newCase('life-idem-lost');
    await act(id, 'accept', { track: 'people', assigneeId: 'u-1' }).expect(200);
    const first = { heldAt: new Date().toISOString(), mode: 'online', attendees: ['林某'], notes: '第一次' };
    const key = { 'Idempotency-Key': runKey('s-lost') };
    // The case takes the session; storing the answer fails as the database drops (api.md: 503, retry).
    const store = jest
      .spyOn(stack.db.models.Idempotency, 'updateOne')
      .mockRejectedValueOnce(new mongo.MongoNetworkError('connection closed'));
    const lost = await act(id, 'record-session', first, key);
    store.mockRestore();
    expect(lost.status).toBe(503);

    // api.md: an Idempotency-Key reused with a different body is 422, not the first body's outcome.
    const edited = await act(id, 'record-session', { ...first, notes: '第一次（更正）' }, key);
    expect(edited.status).toBe(422);
    const again = await act(id, 'record-session', first, key);
    expect(again.status).toBe(200);
    expect(again.body.sessions).toHaveLength(1);
    expect(again.body.sessions[0].notes).toBe('第一次');
  });

  test('when an action is refused (409), then its key may carry a corrected request', async () => {
    const id = await newCase('life-idem-refused');
    const key = { 'Idempotency-Key': runKey('a-refused') };
    await act(
      id,
      'record-session',
      { heldAt: new Date().toISOString(), mode: 'online', attendees: ['a'], notes: 'n' },
      key,
    ).expect(409);
    await act(id, 'accept', { track: 'people', assigneeId: 'u-1' }, key).expect(200);
  });

  test('when a mediator of another unit asks for the case, then 404', async () => {
    const id = await newCase('life-404');
    const stranger = await stack.token('mediator', 'ND-FA-CY-ROOM');
    expect(
      (await request(stack.app).get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${stranger}`)).status,
    ).toBe(404);
    expect((await act(id, 'accept', { track: 'people', assigneeId: 'x' }, {}, stranger)).status).toBe(404);
  });
});
