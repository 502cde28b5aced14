/**
 * Faults from clients: a burst of retried intakes racing on the same keys, and a thousand generated
 * malformed requests. Idempotency must hold under the race, and no input may produce a 5xx.
 */
import fc from 'fast-check';
import request from 'supertest';
import { SignJWT } from 'jose';
import { ACTION_NAMES } from '../../domain/case-decider';
import { intakeBody, startTestStack, TEST_SECRET, type TestStack } from '../support/stack';

let stack: TestStack;
let mediator: string;

beforeAll(async () => {
  stack = await startTestStack({ logLevel: 'info' });
  mediator = await stack.token('mediator', 'ND-JC-JN-ROOM', 'm-abuse');
  const res = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${mediator}`)
    .set('Idempotency-Key', 'fuzz-target')
    .send(intakeBody({ summary: 'fuzz target' }));
  realCaseId = res.body.id as string;
});
afterAll(() => stack.close());

test('when 200 intakes race over 50 idempotency keys, then exactly 50 cases exist and each key gets one body', async () => {
  const KEYS = 50;
  const answers = await Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      const k = i % KEYS;
      const res = await request(stack.app)
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${mediator}`)
        .set('Idempotency-Key', `race-${k}`)
        .send(intakeBody({ summary: `race ${k}` }));
      return { k, status: res.status, body: res.body as { id: string; caseNo: string } };
    }),
  );
  expect(answers.filter((a) => a.status !== 201)).toEqual([]);
  const byKey = new Map<number, string[]>();
  for (const a of answers) byKey.set(a.k, [...(byKey.get(a.k) ?? []), JSON.stringify(a.body)]);
  for (const bodies of byKey.values()) expect(new Set(bodies).size).toBe(1);
  const ids = new Set(answers.map((a) => a.body.id));
  expect(ids.size).toBe(KEYS);
  expect(new Set(answers.map((a) => a.body.caseNo)).size).toBe(KEYS);
  expect(await stack.db.models.Case.countDocuments({ summary: /^race / })).toBe(KEYS);
  expect(await stack.db.models.CaseEvent.countDocuments({ caseId: { $in: [...ids] }, type: 'case.registered' })).toBe(
    KEYS,
  );
});

// --- generated malformed requests -------------------------------------------------------------

const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '..', '%00', '\u0000', '__proto__', 'constructor', '$where', '{"$gt":""}', 'x'.repeat(5000)),
);
const junkValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), junkString, fc.constant({ $gt: '' }));

/** A valid body with fields dropped, replaced by junk, or extra fields added. */
function mutated(base: Record<string, unknown>) {
  const keys = Object.keys(base);
  return fc
    .record({
      drop: fc.subarray(keys),
      replace: fc.dictionary(fc.constantFrom(...keys), junkValue, { maxKeys: 3 }),
      extra: fc.dictionary(fc.oneof(junkString, fc.constantFrom('__proto__', 'constructor')), junkValue, {
        maxKeys: 2,
      }),
    })
    .map(({ drop, replace, extra }) => {
      const out: Record<string, unknown> = { ...base };
      for (const k of drop) delete out[k];
      Object.assign(out, replace);
      for (const [k, v] of Object.entries(extra)) Object.defineProperty(out, k, { value: v, enumerable: true });
      return out;
    });
}

const actionBodies: Record<string, Record<string, unknown>> = {
  accept: { track: 'people', assigneeId: 'u-1' },
  'record-session': { heldAt: '2026-11-20T10:00:00+08:00', mode: 'on_site', attendees: ['A'], notes: 'n' },
  'record-agreement': { terms: 'pay', signedOn: '2026-11-20' },
  extend: { kind: 'mediation', amount: 10, unit: 'days', reason: 'r', consent: true },
  transfer: { toOrgUnitId: 'ND-JC-ZW', reason: 'r' },
};

/** A case that exists (made in beforeAll), so generated requests also reach validation and the workflow. */
let realCaseId = '';
const caseId = fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: junkString });
const idPath = (id: string | null): string => encodeURIComponent(id ?? realCaseId);

const malformedRequest = fc.record({
  // Mostly the routes' own methods and a real case, so the requests get past routing and authentication
  // into validation; now and then anything at all.
  route: fc.oneof(
    { weight: 3, arbitrary: fc.constant({ method: 'POST', path: '/api/v1/cases' }) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(caseId, fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ACTION_NAMES) }, junkString))
        .map(([id, a]) => ({ method: 'POST', path: `/api/v1/cases/${idPath(id)}/actions/${encodeURIComponent(a)}` })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(caseId, fc.constantFrom('', '/timeline', '/state', '/verify', '/export'))
        .map(([id, r]) => ({ method: 'GET', path: `/api/v1/cases/${idPath(id)}${r}` })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          '/api/v1/cases',
          '/api/v1/stats',
          '/api/v1/deadline-preview',
          '/api/v1/policies',
          '/api/v1/org-units',
        )
        .map((path) => ({ method: 'GET', path })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('/codec/decode', '/codec/encode').map((path) => ({ method: 'POST', path })),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        path: junkString.map((j) => `/api/v1/${encodeURIComponent(j)}`),
      }),
    },
  ),
  query: fc.dictionary(
    fc.oneof(
      fc.constantFrom('stage', 'limit', 'cursor', 'q', 'overdue', 'from', 'to', 'orgUnitId', 'asOf', 'kind', 'start'),
      junkString,
    ),
    fc.oneof(junkString, fc.array(junkString, { maxLength: 3 })),
    { maxKeys: 4 },
  ),
  auth: fc.constantFrom(
    'mediator',
    'supervisor',
    'liaison',
    'auditor',
    'admin',
    'none',
    'garbage',
    'alg-none',
    'expired',
  ),
  idempotencyKey: fc.option(junkString),
  ifMatch: fc.option(junkString),
  contentType: fc.oneof(
    { weight: 5, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'image/png') },
  ),
  body: fc.oneof(
    mutated(intakeBody()),
    fc.constantFrom(...Object.keys(actionBodies)).chain((a) => mutated(actionBodies[a]!)),
    junkValue,
    fc.string({ maxLength: 200 }).map((s) => ({ raw: `{${s}` })),
  ),
});

/** Header values a client can send at all (HTTP forbids control and non-Latin-1 characters). */
const printable = (s: string): string => s.replace(/[^\x20-\x7e]/g, '');

async function tokenFor(kind: string): Promise<string | null> {
  const orgs: Record<string, string> = {
    mediator: 'ND-JC-JN-ROOM',
    supervisor: 'ND-JC',
    liaison: 'ND-JC-COURT',
    auditor: 'ND-JC',
    admin: 'ND',
  };
  if (kind in orgs) return stack.token(kind as 'mediator', orgs[kind]!, `fuzz-${kind}`);
  if (kind === 'garbage') return 'not.a.jwt';
  if (kind === 'alg-none') {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: 'x', role: 'admin', org: 'ND' })}.`;
  }
  if (kind === 'expired')
    return new SignJWT({ role: 'mediator', org: 'ND-JC-JN-ROOM' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('old')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(TEST_SECRET));
  return null;
}

test(
  'when 1,000 generated malformed requests arrive, then none gets a 5xx and every error is problem+json',
  async () => {
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(malformedRequest, async (r) => {
        const agent = request(stack.app);
        const { method, path } = r.route;
        let req = agent[method.toLowerCase() as 'get'](path).query(r.query);
        const token = await tokenFor(r.auth);
        if (token) req = req.set('Authorization', `Bearer ${token}`);
        if (r.idempotencyKey !== null) req = req.set('Idempotency-Key', printable(r.idempotencyKey));
        if (r.ifMatch !== null) req = req.set('If-Match', printable(r.ifMatch));
        if (method !== 'GET' && method !== 'DELETE') {
          req = req.set('Content-Type', r.contentType);
          const body = r.body as { raw?: string };
          req = req.send(typeof body?.raw === 'string' ? body.raw : JSON.stringify(r.body));
        }
        const res = await req;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status >= 500) throw new Error(`${res.status} for ${method} ${path}: ${JSON.stringify(res.body)}`);
        // 431 (headers too large) comes from Node's HTTP parser before Express sees the request.
        if (res.status >= 400 && res.status !== 431 && path.startsWith('/api/'))
          expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }),
      { numRuns: 1000 },
    );
    process.stderr.write(`[faults] 1,000 malformed requests: answers ${JSON.stringify(statuses)}\n`);
  },
  10 * 60_000,
);
