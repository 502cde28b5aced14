/** Answers the fuzzer found the document could not describe, fixed in the server (api.md, issue 13). */
import express from 'express';
import request from 'supertest';
import { problemHandler } from '../../api/errors';
import { codecRoutes } from '../../api/routes/codec';
import { ROOM } from '../support/case-script';
import { intakeBody, runKey, startTestStack, TEST_KEYS, TEST_SECRET, type TestStack } from '../support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

test('when a bearer caller signs out, then 404: a bearer token has no session to end', async () => {
  const token = await stack.token('mediator', 'ND-JC-JN-ROOM');
  const res = await request(stack.app).delete('/api/v1/session').set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(404);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
});

test('when OPTIONS asks about /api/v1/session, then Allow lists every method the path has', async () => {
  const res = await request(stack.app).options('/api/v1/session');
  expect(res.status).toBe(204);
  expect(res.headers.allow?.split(', ').sort()).toEqual(['DELETE', 'OPTIONS', 'POST']);
});

test('when the codec gets payloads that are not objects, then 400 naming them', async () => {
  const token = await stack.token('auditor', 'ND-JC');
  const res = await request(stack.app)
    .post('/codec/decode')
    .set('Authorization', `Bearer ${token}`)
    .send({ payloads: [null, 3] });
  expect(res.status).toBe(400);
  expect((res.body as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual([
    'payloads.0',
    'payloads.1',
  ]);
});

test('when a text query is blank or a date is not a calendar day, then 400', async () => {
  const token = await stack.token('supervisor', 'ND-JC');
  const res = await request(stack.app).get('/api/v1/stats?from=2026-02-29').set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(400);
  expect((await request(stack.app).get('/api/v1/cases?q=%20%20').set('Authorization', `Bearer ${token}`)).status).toBe(
    400,
  );
});

async function acceptedCase(name: string): Promise<{ id: string; token: string }> {
  const token = await stack.token('mediator', ROOM, 'u-1');
  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', runKey(name))
    .send(intakeBody());
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const accepted = await request(stack.app)
    .post(`/api/v1/cases/${id}/actions/accept`)
    .set('Authorization', `Bearer ${token}`)
    .send({ track: 'people', assigneeId: 'u-1' });
  expect(accepted.status).toBe(200);
  return { id, token };
}

test('when a court field names an agency, then 400 at that field, before any version check', async () => {
  const { id, token } = await acceptedCase('edges-wrong-kind');
  // ND-JC-TRAFFIC is an agency in the bundled county; the stale If-Match would be 412 if checked first.
  const res = await request(stack.app)
    .post(`/api/v1/cases/${id}/actions/record-failure`)
    .set('Authorization', `Bearer ${token}`)
    .set('If-Match', '"99"')
    .send({ referral: 'litigation', courtId: 'ND-JC-TRAFFIC', reason: '调解不成' });
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual([expect.objectContaining({ path: 'courtId' })]);
  expect(await stack.db.models.CaseEvent.countDocuments({ caseId: id, type: 'mediation.failed' })).toBe(0);
});

test('when an idempotent answer was stored before nextDueKind and warned existed, then its replay has them', async () => {
  const { id, token } = await acceptedCase('edges-old-answer');
  const key = runKey('edges-old-answer-session');
  const body = { heldAt: new Date().toISOString(), mode: 'on_site', attendees: ['林某'], notes: '' };
  const send = () =>
    request(stack.app)
      .post(`/api/v1/cases/${id}/actions/record-session`)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', key)
      .send(body);
  const first = await send();
  expect(first.status).toBe(200);
  expect(first.body.nextDueKind).toBe('mediation');
  const unset = await stack.db.models.Idempotency.updateOne(
    { caseId: id, 'view.stage': 'in_mediation' },
    { $unset: { 'view.nextDueKind': 1, 'view.warned': 1 } },
  );
  expect(unset.modifiedCount).toBe(1);
  const replay = await send();
  expect(replay.status).toBe(200);
  expect([replay.body.nextDueKind, replay.body.warned]).toEqual([first.body.nextDueKind, first.body.warned]);
});

describe('when a deadline preview cannot name one policy entry, then 400 at the query field', () => {
  const preview = async (query: string) => {
    const token = await stack.token('mediator', ROOM);
    return request(stack.app).get(`/api/v1/deadline-preview?${query}`).set('Authorization', `Bearer ${token}`);
  };
  test.each([
    ['kind=mediation&start=2026-11-02', 'track'],
    ['kind=mediation&subtrack=labor&start=2026-11-02', 'track'],
    ['kind=mediation&track=people&subtrack=traffic&start=2026-11-02', 'subtrack'],
  ])('%s → 400 at %s', async (query, field) => {
    const res = await preview(query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((res.body.errors as Array<{ path: string }>).map((e) => e.path)).toContain(field);
  });
  test('and a coherent pair is answered', async () => {
    expect((await preview('kind=mediation&track=administrative&subtrack=traffic&start=2026-11-02')).status).toBe(200);
  });
});

describe('the payload codec', () => {
  const damaged = {
    metadata: { encoding: Buffer.from('binary/encrypted').toString('base64') },
    data: Buffer.from('not a sealed payload at all').toString('base64'),
  };
  test('when a payload cannot be decoded, then 400 names it, never 500', async () => {
    const auditor = await stack.token('auditor', 'ND-JC');
    const res = await request(stack.app)
      .post('/codec/decode')
      .set('Authorization', `Bearer ${auditor}`)
      .send({ payloads: [damaged] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'payloads.0' })]);
  });
  test('when the body is not JSON, then 415', async () => {
    const auditor = await stack.token('auditor', 'ND-JC');
    const res = await request(stack.app)
      .post('/codec/decode')
      .set('Authorization', `Bearer ${auditor}`)
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ payloads: [] }));
    expect(res.status).toBe(415);
  });
  test('when an auditor token names a unit that does not exist, then 401 as on the API', async () => {
    const token = await stack.token('auditor', 'NOPE-UNIT');
    const res = await request(stack.app).post('/codec/decode').set('Authorization', `Bearer ${token}`).send({
      payloads: [],
    });
    expect(res.status).toBe(401);
  });
  test('when the development codec is called without a token, then only the local UI origin is served', async () => {
    const app = express();
    app.use(
      '/codec',
      express.json(),
      codecRoutes({
        keys: TEST_KEYS,
        corsOrigins: ['http://127.0.0.1:8233'],
        allowAnonymous: true,
        jwtSecret: TEST_SECRET,
        knowsOrg: () => true,
      }),
    );
    app.use(problemHandler);
    const decode = (origin?: string) => {
      const r = request(app).post('/codec/decode');
      return (origin ? r.set('Origin', origin) : r).send({ payloads: [] });
    };
    expect((await decode('http://127.0.0.1:8233')).status).toBe(200);
    expect((await decode('http://evil.example')).status).toBe(401);
    expect((await decode()).status).toBe(401);
  });
});
