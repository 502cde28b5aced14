/** Answers the fuzzer found the document could not describe, fixed in the server (api.md, issue 13). */
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/stack';

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
