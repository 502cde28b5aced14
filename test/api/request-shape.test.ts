/**
 * Requests of the wrong shape get the HTTP status for it (issue 13; RFC 9110 §15.5.6 and §15.5.16): a
 * body that is not declared JSON is 415 and records nothing, whatever it holds; a method a path does
 * not serve is 405 with an `Allow` header listing the methods the OpenAPI document gives that path.
 */
import request from 'supertest';
import { intakeBody, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let mediator: string;

beforeAll(async () => {
  stack = await startTestStack();
  mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'shape');
});
afterAll(() => stack.close());

const body = JSON.stringify(intakeBody({ summary: 'shape check' }));

describe('when a valid JSON intake is sent without declaring it JSON', () => {
  test.each([
    ['as text/plain', 'text/plain'],
    ['as a form', 'application/x-www-form-urlencoded'],
    ['as XML', 'application/xml'],
  ])('%s, then 415 saying to send Content-Type: application/json, and no case is created', async (_how, type) => {
    const before = await stack.db.models.Case.countDocuments();
    const res = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediator}`)
      .set('Idempotency-Key', `shape-${type}`)
      .set('Content-Type', type)
      .send(body);
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 415, detail: expect.stringContaining('Content-Type: application/json') });
    expect(await stack.db.models.Case.countDocuments()).toBe(before);
  });

  test('without any Content-Type, then 415 too', async () => {
    const res = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediator}`)
      .set('Idempotency-Key', 'shape-none')
      .serialize((x: unknown) => x as string)
      .unset('Content-Type')
      .send(Buffer.from(body));
    expect({ status: res.status, detail: res.body.detail }).toEqual({
      status: 415,
      detail: expect.stringMatching(/no Content-Type/),
    });
  });
});

test('when it is declared JSON with a charset, then it is registered', async () => {
  const res = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', 'shape-charset')
    .set('Content-Type', 'application/json; charset=utf-8')
    .send(body);
  expect(res.status).toBe(201);
});

describe('when a path is called with a method it does not serve', () => {
  test.each([
    ['TRACE', '/api/v1/cases', ['GET', 'HEAD', 'POST']],
    ['DELETE', '/api/v1/cases/some-case', ['GET', 'HEAD']],
    ['PUT', '/api/v1/org-units', ['GET', 'HEAD', 'POST']],
  ])('%s %s, then 405 with Allow: %j', async (method, path, allowed) => {
    const res = await request(stack.app)
      [method.toLowerCase() as 'trace' | 'delete' | 'put'](path)
      .set('Authorization', `Bearer ${mediator}`);
    expect(res.status).toBe(405);
    expect(String(res.headers.allow).split(/,\s*/).sort()).toEqual(allowed);
  });

  test('and a path that does not exist at all is still 404', async () => {
    const res = await request(stack.app).delete('/api/v1/no-such-thing').set('Authorization', `Bearer ${mediator}`);
    expect(res.status).toBe(404);
  });
});

test('when a header is invalid, then the problem names the header, not an empty path', async () => {
  const res = await request(stack.app)
    .post('/api/v1/cases/some-case/actions/pause')
    .set('Authorization', `Bearer ${mediator}`)
    .set('If-Match', 'not-a-version')
    .send({ reason: 'x' });
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual([expect.objectContaining({ path: 'If-Match header' })]);
});
