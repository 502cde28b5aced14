/**
 * No input gets a 500 (api.md "Errors": every refusal is an RFC 9457 problem). Generated requests over
 * every route of the served OpenAPI document (path parameters, query strings, headers and bodies, as
 * every role and as nobody) and the inputs found by hand (bad percent-encoding, the year 9999, wrong
 * content types, lone surrogates, huge and deep bodies) are answered below 500, and every 4xx is
 * `application/problem+json` whose `status` is the HTTP status, naming what was wrong by a non-empty path.
 *
 * The generated requests go to `stack.app` over a plain node:http socket rather than supertest, so that
 * the path and body reach the server byte for byte as generated (no URL normalisation of `..`, no
 * re-encoding), a header can be left out entirely, and the event stream (`GET /api/v1/events`) can be
 * let go of once its status is known. The fixed cases use supertest like the rest of the suite.
 *
 * A failure prints fast-check's seed and path; `FUZZ_SEED=<seed>` replays that run.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import request from 'supertest';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';
import { shanghaiToday } from '../support/shanghai-today';

let stack: TestStack;
let server: http.Server;
let port = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const tokens: Record<string, string> = {};
let realCaseId = '';

interface Operation {
  method: string;
  /** The OpenAPI template, `/api/v1/cases/{id}`. */
  template: string;
  query: Array<{ name: string; values: string[] }>;
  headers: string[];
  /** The request body's top-level fields (of every member of a `oneOf`), with the enum values each takes. */
  fields: Array<{ name: string; values: unknown[] }>;
  hasBody: boolean;
  /** Answers with an event stream (`text/event-stream`) rather than JSON. */
  streams: boolean;
}
let operations: Operation[] = [];

const ROLES = {
  mediator: 'ND-JC-JN-ROOM',
  supervisor: 'ND-JC',
  auditor: 'ND-JC',
  liaison: 'ND-JC-COURT',
  admin: 'ND',
} as const;

beforeAll(async () => {
  stack = await startTestStack({ logLevel: 'info' });
  for (const [role, org] of Object.entries(ROLES))
    tokens[role] = await stack.token(role as keyof typeof ROLES, org, `fuzz-${role}`);
  server = http.createServer(stack.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  const created = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${tokens.mediator}`)
    .set('Idempotency-Key', runKey('input-fuzz-target'))
    .send(intakeBody({ summary: 'input fuzz target' }));
  expect(created.status).toBe(201);
  realCaseId = created.body.id as string;

  // The routes come from the served document, the API's one list of them: a new route is fuzzed too.
  const doc = await request(stack.app).get('/openapi.json').expect(200);
  operations = operationsOf(doc.body as OpenApiDocument);
  expect(operations.length).toBeGreaterThan(40);
});

afterAll(async () => {
  agent.destroy();
  await new Promise((resolve) => server?.close(resolve));
  await stack?.close();
});

// --- the OpenAPI document as routes ---------------------------------------------------------------

interface SchemaObject {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, SchemaObject>;
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  items?: SchemaObject;
}
interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ name: string; in: string; schema?: SchemaObject }>;
        requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
        responses?: Record<string, { content?: Record<string, unknown> }>;
      }
    >
  >;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function enumValues(schema: SchemaObject | undefined): unknown[] {
  if (!schema) return [];
  const own = schema.enum ?? [];
  const members = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].flatMap(enumValues);
  return [...own, ...members, ...(schema.items ? enumValues(schema.items) : [])];
}

function fieldsOf(schema: SchemaObject | undefined): Operation['fields'] {
  if (!schema) return [];
  const own = Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, values: enumValues(s) }));
  return [...own, ...[...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].flatMap(fieldsOf)];
}

function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => {
        const params = op.parameters ?? [];
        return {
          method: method.toUpperCase(),
          template,
          query: params
            .filter((p) => p.in === 'query')
            .map((p) => ({ name: p.name, values: enumValues(p.schema).map(String) })),
          headers: params.filter((p) => p.in === 'header').map((p) => p.name),
          fields: fieldsOf(op.requestBody?.content?.['application/json']?.schema),
          hasBody: op.requestBody !== undefined,
          streams: Object.values(op.responses ?? {}).some((r) => 'text/event-stream' in (r.content ?? {})),
        };
      }),
  );
}

// --- sending exactly what was generated ----------------------------------------------------------

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}
interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function send(r: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...r.headers };
    if (r.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(r.body));
    const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers, agent }, (res) => {
      const status = res.statusCode ?? 0;
      if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        // A stream that opened: its status is all there is to check.
        res.destroy();
        resolve({ status, headers: res.headers, text: '' });
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error('no answer within 15 s')));
    req.end(r.body);
  });
}

const clip = (s: string, n = 300): string => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

function describeRequest(r: Sent): string {
  const body = r.body === undefined ? '(none)' : clip(Buffer.isBuffer(r.body) ? r.body.toString('hex') : r.body);
  const headers = Object.fromEntries(
    Object.entries(r.headers).map(([k, v]) => [k, k === 'Authorization' ? clip(v, 40) : clip(v, 120)]),
  );
  return `${r.method} ${clip(r.path, 500)}\nheaders ${JSON.stringify(headers)}\nbody ${body}`;
}

/**
 * The oracle, from the contract rather than the code: below 500; a 4xx is problem+json whose `status` is
 * the HTTP status, with a `type` and a `title`; a 400's field errors each name a path; a 405 says `Allow`.
 * Returns what is wrong, or null.
 */
function wrongWith(r: Sent, a: Answer): string | null {
  if (a.status >= 500) return `answered ${a.status}: ${clip(a.text, 1000)}`;
  if (a.status < 400) return null;
  const type = String(a.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json'))
    return `answered ${a.status} as ${type || 'no Content-Type'}: ${clip(a.text)}`;
  if (a.status === 405 && !a.headers.allow) return 'answered 405 without an Allow header';
  if (r.method === 'HEAD') return null;
  let body: { type?: unknown; title?: unknown; status?: unknown; errors?: unknown };
  try {
    body = JSON.parse(a.text) as typeof body;
  } catch {
    return `answered ${a.status} with a problem that is not JSON: ${clip(a.text)}`;
  }
  if (typeof body.type !== 'string' || typeof body.title !== 'string' || body.status !== a.status)
    return `answered ${a.status} with a problem lacking type, title or the status: ${clip(a.text)}`;
  if (a.status === 400 && body.errors !== undefined) {
    const errors = body.errors as Array<{ path?: unknown; message?: unknown }>;
    if (
      !Array.isArray(errors) ||
      errors.some((e) => typeof e.path !== 'string' || e.path === '' || typeof e.message !== 'string')
    )
      return `answered 400 with a field error without a path: ${clip(a.text)}`;
  }
  return null;
}

const statuses: Record<string, Record<number, number>> = {};

async function check(label: string, r: Sent): Promise<void> {
  let a: Answer;
  try {
    a = await send(r);
  } catch (err) {
    const failure = `no answer (${(err as Error).message}) to\n${describeRequest(r)}`;
    // Written at once too: a hang can outlast the test's timeout before fast-check reports it.
    process.stderr.write(`[input-fuzz] ${failure}\n`);
    throw new Error(failure);
  }
  const tally = (statuses[label] ??= {});
  tally[a.status] = (tally[a.status] ?? 0) + 1;
  const wrong = wrongWith(r, a);
  if (wrong) throw new Error(`${wrong}\nfor\n${describeRequest(r)}`);
}

// --- generators ------------------------------------------------------------------------------------

const hex = (b: number): string => `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
/** Every byte of the UTF-8 form that is not unreserved, percent-encoded (lone surrogates become U+FFFD:
 * the encoded surrogates are among the constants). */
const percentEncode = (s: string): string =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : hex(b)))
    .join('');

/** Characters a client may put raw in a request target (node:http refuses controls, spaces and
 * non-Latin-1), less `/`, `?` and `#`, which would end the segment. */
const RAW_CHARS = 'abcXYZ019-._~!$&\'()*+,;=:@%"<>[]\\^`{|}'.split('');
const rawText = (maxLength: number) => fc.array(fc.constantFrom(...RAW_CHARS), { maxLength }).map((cs) => cs.join(''));

const HOSTILE_SEGMENTS = [
  '%ff%fe',
  '%',
  '%zz',
  '%E',
  '%ED%A0%80', // a lone high surrogate, encoded
  '%ED%B0%80', // a lone low surrogate
  '%E2%82', // a truncated sequence
  '%C0%AF', // an overlong `/`
  '%F4%90%80%80', // past U+10FFFF
  '%00',
  '%2F',
  '%2F..%2F..%2F',
  '%252F',
  '.',
  '..',
  '...',
  '%2e%2e',
  'x'.repeat(4000),
  '%41'.repeat(1500),
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '$where',
  '%7B%22%24gt%22%3A%22%22%7D', // {"$gt":""}
  'null',
  'undefined',
  '0',
  '-1',
  '1e309',
  '9999-12-31',
  'me',
  'ND',
  'ND-JC-JN-ROOM',
];

const segment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map(percentEncode) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }).map((bytes) => [...bytes].map(hex).join('')) },
  { weight: 2, arbitrary: rawText(30) },
);

const QUERY_VALUES = [
  '',
  '9999-12-31',
  '0000-01-01',
  '0000-00-00',
  '2026-02-30',
  '1900-01-01',
  '2099-12-31',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '2026-11-20T10:00:00+08:00',
  '1e309',
  '99999999999999999999999',
  '9007199254740993',
  '-1',
  '0',
  '1',
  '1.5',
  '100',
  '101',
  'NaN',
  'Infinity',
  'true',
  'false',
  'me',
  'null',
  '%ff',
  '%ED%A0%80',
  '%',
  '__proto__',
  'x'.repeat(3000),
];

const queryValue = (declared: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...QUERY_VALUES) },
    { weight: declared.length > 0 ? 3 : 0, arbitrary: fc.constantFrom(...(declared.length > 0 ? declared : [''])) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map(percentEncode) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()).map(String) },
    { weight: 1, arbitrary: rawText(15).map((s) => s.replace(/[&=%]/g, '')) },
  );

/** A query string: the route's own parameters (with their enum values), junk keys, repeated keys. */
const queryFor = (op: Operation) => {
  const names = op.query.map((q) => q.name);
  const key = fc.oneof(
    { weight: names.length > 0 ? 4 : 0, arbitrary: fc.constantFrom(...(names.length > 0 ? names : ['x'])) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'limit',
        'cursor',
        '__proto__',
        'constructor',
        'toString',
        'limit[]',
        'limit[0]',
        'a[b]',
        '%ff',
        '',
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }).map(percentEncode) },
  );
  const declared = (name: string) => op.query.find((q) => q.name === name)?.values ?? [];
  const pair = key.chain((k) => queryValue(declared(k)).map((v) => `${k}=${v}`));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 6, arbitrary: fc.array(pair, { maxLength: 5 }).map((ps) => (ps.length > 0 ? `?${ps.join('&')}` : '')) },
    // The same key twice, as `limit=10&limit=20`.
    { weight: 2, arbitrary: fc.tuple(pair, pair).map(([p, q]) => `?${p}&${p.split('=')[0]}=${q.split('=')[1] ?? ''}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '?',
        '?&&&',
        '?=',
        '?=x',
        '?a',
        '?%',
        '?limit=10&limit=20',
        '?asOf=9999-12-31T00:00:00Z',
      ),
    },
  );
};

/** Header values a client can send at all (node:http refuses controls and non-Latin-1 characters). */
const headerText = (maxLength: number) =>
  fc.string({
    maxLength,
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((c) => c < 0x7f || c >= 0xa0)
      .map((c) => String.fromCharCode(c)),
  });

const AUTHS = ['mediator', 'supervisor', 'auditor', 'liaison', 'admin'] as const;
const authorization = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...AUTHS).map((role) => ({ role })) },
  { weight: 1, arbitrary: fc.constant({ role: 'none' }) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Bearer a.b.c',
          'Bearer not.a.jwt',
          'Basic dXNlcjpwYXNz',
          'bearer x',
          'Bearer %ff',
        ),
        headerText(60),
        headerText(40).map((s) => `Bearer ${s}`),
      )
      .map((raw) => ({ raw })),
  },
);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset="utf-8"',
  'application/json;;',
  'APPLICATION/JSON',
  'application/merge-patch+json',
  'application/problem+json',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----fuzz',
  'application/xml',
  'application/octet-stream',
  '*/*',
  'application/',
  ';',
];

const headersFor = (op: Operation) =>
  fc.record(
    {
      auth: authorization,
      contentType: fc.oneof(
        { weight: 16, arbitrary: fc.constant('application/json') },
        { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: headerText(40) },
      ),
      ifMatch: fc.option(
        fc.oneof(
          fc.constantFrom(
            '"1"',
            '"0"',
            'W/"1"',
            '*',
            '"-1"',
            '"1e3"',
            '"99999999999999999999999"',
            '1',
            '""',
            '"',
            'W/',
            '"1", "2"',
          ),
          headerText(30),
        ),
        { freq: op.headers.includes('If-Match') ? 2 : 6 },
      ),
      idempotencyKey: fc.option(
        fc.oneof(fc.constantFrom('', ' ', 'k'.repeat(300), '%ff', '__proto__'), headerText(40)),
        { freq: op.headers.includes('Idempotency-Key') ? 2 : 6 },
      ),
      contentEncoding: fc.option(fc.constantFrom('gzip', 'deflate', 'br', 'zstd', 'identity', 'x-fuzz', 'gzip, gzip'), {
        freq: 12,
      }),
      accept: fc.option(
        fc.oneof(fc.constantFrom('text/event-stream', '*/*', 'application/xml', 'text/html'), headerText(30)),
        {
          freq: 6,
        },
      ),
      lastEventId: fc.option(fc.oneof(fc.constantFrom('0', '-1', '9999999999999999999999', '%ff'), headerText(40)), {
        freq: 6,
      }),
      cookie: fc.option(
        fc.oneof(fc.constantFrom('session=x', 'session=', 'session=%ff', 'a=b; session=a.b.c'), headerText(60)),
        {
          freq: 8,
        },
      ),
      requestId: fc.option(headerText(140), { freq: 8 }),
    },
    { requiredKeys: ['auth', 'contentType'] },
  );

const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }), // lone surrogates, which JSON.stringify writes as `\ud800`
  fc.constantFrom(
    '',
    ' ',
    '\ud800',
    'a\udc00b',
    '\u0000',
    '__proto__',
    '9999-12-31',
    '0000-01-01',
    '2026-11-20',
    'x'.repeat(5000),
  ),
);
const junkValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  junkString,
  fc.constantFrom(1e308, -1, 0, 1.5, 2 ** 53 + 2, null, true, [], {}, { $gt: '' }),
);

const DEEP = 10_000;
const RAW_BODIES = [
  'null',
  'true',
  '0',
  '"x"',
  '"\\ud800"',
  '{"summary":"\\ud800"}',
  '{"reason":"\\udc00x\\ud800"}',
  '{"\\ud800":1}',
  '',
  ' ',
  '{',
  '[',
  '{"a":1,}',
  "{'a':1}",
  'nul',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '['.repeat(DEEP),
  `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`,
  `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`,
  `{"summary":"${'x'.repeat(150_000)}"}`, // over the 100 kB limit: 413
  '\ufeff{}',
];

/** A body: absent, arbitrary JSON, the route's own fields with junk (or their enum values), or raw bytes. */
const bodyFor = (op: Operation) => {
  const fieldNames = op.fields.map((f) => f.name);
  const fieldValue = (name: string) => {
    const values = op.fields.filter((f) => f.name === name).flatMap((f) => f.values);
    return values.length > 0 ? fc.oneof(fc.constantFrom(...values), junkValue) : junkValue;
  };
  const fields =
    fieldNames.length > 0
      ? fc
          .uniqueArray(fc.constantFrom(...fieldNames), { maxLength: fieldNames.length })
          .chain((names) => fc.tuple(...names.map((n) => fieldValue(n).map((v) => [n, v] as const))))
          .map((pairs) => JSON.stringify(Object.fromEntries(pairs)))
      : fc.constant('{}');
  return fc.oneof(
    { weight: op.hasBody ? 1 : 4, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: op.hasBody ? 4 : 1, arbitrary: fields },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_BODIES) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) },
  );
};

function pathOf(op: Operation, params: string[]): string {
  let i = 0;
  return op.template.replace(/\{[^}]+\}/g, () => params[i++] ?? 'x');
}

/** An operation of the document, called with its own method or (now and then) another one. */
const generatedRequest = fc
  .integer({ min: 0, max: 10_000 })
  .map((i) => operations[i % operations.length]!)
  .chain((op) =>
    fc.record({
      op: fc.constant(op),
      method: fc.oneof(
        { weight: 8, arbitrary: fc.constant(op.method) },
        { weight: 1, arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE') },
      ),
      // A case route's `{id}` is the real case half the time, so requests get past the lookup.
      params: fc.array(
        op.template.startsWith('/api/v1/cases/{id}') ? fc.oneof(fc.constant(realCaseId), segment) : segment,
        { minLength: 4, maxLength: 4 },
      ),
      query: queryFor(op),
      headers: headersFor(op),
      body: bodyFor(op),
    }),
  );

function toSent(g: {
  op: Operation;
  method: string;
  params: string[];
  query: string;
  headers: {
    auth: { role: string } | { raw: string };
    contentType?: string;
    ifMatch?: string | null;
    idempotencyKey?: string | null;
    contentEncoding?: string | null;
    accept?: string | null;
    lastEventId?: string | null;
    cookie?: string | null;
    requestId?: string | null;
  };
  body: string | Buffer | undefined;
}): Sent {
  const h = g.headers;
  const headers: Record<string, string> = {};
  if ('raw' in h.auth) headers.Authorization = h.auth.raw;
  else if (h.auth.role !== 'none') headers.Authorization = `Bearer ${tokens[h.auth.role]}`;
  if (h.contentType !== undefined && g.body !== undefined) headers['Content-Type'] = h.contentType;
  if (h.ifMatch != null) headers['If-Match'] = h.ifMatch;
  if (h.idempotencyKey != null) headers['Idempotency-Key'] = h.idempotencyKey;
  if (h.contentEncoding != null && g.body !== undefined) headers['Content-Encoding'] = h.contentEncoding;
  if (h.accept != null) headers.Accept = h.accept;
  if (h.lastEventId != null) headers['Last-Event-ID'] = h.lastEventId;
  if (h.cookie != null) headers.Cookie = h.cookie;
  if (h.requestId != null) headers['X-Request-Id'] = h.requestId;
  const { body, method } = g;
  if (body === undefined) {
    delete headers['Content-Type'];
    delete headers['Content-Encoding'];
  }
  return { method, path: `${pathOf(g.op, g.params)}${g.query}`, headers, body };
}

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** About 15 s and 10 s on two cores; FUZZ_RUNS multiplies both for a longer local run. */
const ROUTE_RUNS = 4000 * Number(process.env.FUZZ_RUNS ?? 1);
const ACTION_RUNS = 400 * Number(process.env.FUZZ_RUNS ?? 1);

afterAll(() => {
  for (const [label, tally] of Object.entries(statuses))
    process.stderr.write(`[input-fuzz] ${label}: answers ${JSON.stringify(tally)}\n`);
});

test('when generated requests reach every route, with hostile paths, queries, headers and bodies, then none gets a 5xx and every 4xx is a problem', async () => {
  await fc.assert(
    fc.asyncProperty(generatedRequest, async (g) => {
      await check('every route', toSent(g));
    }),
    { numRuns: ROUTE_RUNS, seed },
  );
});

// --- actions on a case that exists -----------------------------------------------------------------

/** Today in China (UTC+8): dates of events on a case registered today may not be earlier. */
const today = shanghaiToday();

/** Valid bodies to start from (api.md "Actions"), so that mutations land near the accepted shape. The actions
 * that close the case (reject, withdraw, record-failure) start from junk only, so the case stays open longer. */
const VALID_ACTION_BODIES: Record<string, Record<string, unknown>> = {
  accept: { track: 'people', assigneeId: 'fuzz-mediator' },
  assign: { assigneeId: 'fuzz-mediator', reason: 'r' },
  'record-session': { heldAt: `${today}T00:00:01+08:00`, mode: 'on_site', attendees: ['A'], notes: 'n' },
  pause: { reason: 'r' },
  resume: { reason: 'r' },
  extend: { kind: 'mediation', amount: 10, unit: 'days', reason: 'r', consent: true },
  'record-agreement': { terms: 'pay', signedOn: today },
  'request-confirmation': { courtId: 'ND-JC-COURT' },
  'record-confirmation': { decision: 'confirmed', ruledOn: today },
  'record-follow-up': { visitedOn: today, performed: true, notes: 'n' },
  transfer: { toOrgUnitId: 'ND-JC-ZW', reason: 'r' },
  escalate: { reason: 'r' },
  'take-over': { reason: 'r' },
  'report-risk': { level: 'high', reason: 'r' },
};

test('when generated action bodies are posted to a real case, then none gets a 5xx and every 4xx is a problem', async () => {
  const actions = operations.filter((o) => o.template.startsWith('/api/v1/cases/{id}/actions/'));
  expect(actions.length).toBeGreaterThan(10);
  const actionBody = fc.constantFrom(...actions).chain((op) => {
    const name = op.template.split('/').pop()!;
    const valid = VALID_ACTION_BODIES[name] ?? {};
    const fieldNames = op.fields.map((f) => f.name);
    const junkFields = fc.dictionary(
      fc.oneof(
        fc.constantFrom(...(fieldNames.length > 0 ? fieldNames : ['reason'])),
        fc.constantFrom('__proto__', 'extra'),
      ),
      junkValue,
      { maxKeys: 2 },
    );
    return fc.record({
      op: fc.constant(op),
      body: fc.oneof(
        { weight: 3, arbitrary: fc.constant(JSON.stringify(valid)) },
        {
          weight: 4,
          arbitrary: fc
            .tuple(fc.subarray(Object.keys(valid), { maxLength: Math.min(1, Object.keys(valid).length) }), junkFields)
            .map(([drop, junk]) => {
              const out: Record<string, unknown> = { ...valid };
              for (const k of drop) delete out[k];
              for (const [k, v] of Object.entries(junk)) Object.defineProperty(out, k, { value: v, enumerable: true });
              return JSON.stringify(out);
            }),
        },
        { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) },
      ),
      // Mostly the roles that take actions, so that requests get past authorization into the workflow.
      role: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom<(typeof AUTHS)[number]>('mediator', 'supervisor') },
        { weight: 1, arbitrary: fc.constantFrom(...AUTHS) },
      ),
      ifMatch: fc.option(
        fc.constantFrom('"1"', '"2"', '"3"', '"0"', '"-1"', '"99999999999999999999"', 'W/"1"', '*', 'x'),
        {
          freq: 4,
        },
      ),
      idempotencyKey: fc.option(fc.oneof(fc.uuid(), fc.constantFrom('', 'k'.repeat(300)), headerText(20)), {
        freq: 2,
      }),
    });
  });
  await fc.assert(
    fc.asyncProperty(actionBody, async (a) => {
      const headers: Record<string, string> = {
        Authorization: `Bearer ${tokens[a.role]}`,
        'Content-Type': 'application/json',
      };
      if (a.ifMatch !== null) headers['If-Match'] = a.ifMatch;
      if (a.idempotencyKey !== null) headers['Idempotency-Key'] = a.idempotencyKey;
      await check('actions on a real case', {
        method: 'POST',
        path: pathOf(a.op, [encodeURIComponent(realCaseId)]),
        headers,
        body: a.body,
      });
    }),
    { numRuns: ACTION_RUNS, seed },
  );
});

// --- the inputs of the issue, one by one ------------------------------------------------------------

const asMediator = () => ({ Authorization: `Bearer ${tokens.mediator}` });

function expectProblem(res: request.Response, status: number): void {
  expect({ status: res.status, type: res.type }).toEqual({ status, type: 'application/problem+json' });
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
}

describe('when a path segment is not valid percent-encoded UTF-8', () => {
  test.each(['%ff%fe', '%', '%zz', '%ED%A0%80', '%E2%82'])('(%s), then 400 naming the path', async (seg) => {
    for (const path of [`/api/v1/cases/${seg}`, `/api/v1/cases/${seg}/timeline`, `/api/v1/org-units/${seg}/history`]) {
      const res = await request(stack.app).get(path).set('Authorization', `Bearer ${tokens.admin}`);
      expect([path, res.status]).toEqual([path, 400]);
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'path' })]);
    }
  });
});

test('when query dates are in the year 9999 or 0000, then 400 naming the parameter', async () => {
  const supervisor = { Authorization: `Bearer ${tokens.supervisor}` };
  for (const [path, param, as] of [
    ['/api/v1/deadline-preview?kind=mediation&track=people&start=9999-12-31', 'start', asMediator()],
    ['/api/v1/deadline-preview?kind=mediation&track=people&start=0000-01-01', 'start', asMediator()],
    ['/api/v1/stats?from=9999-12-31&to=9999-12-31', 'from', supervisor],
    ['/api/v1/stats?from=0000-01-01&to=2026-01-01', 'from', supervisor],
    ['/api/v1/cases?dueBefore=9999-99-99T00:00:00Z', 'dueBefore', asMediator()],
  ] as const) {
    const res = await request(stack.app).get(path).set(as);
    expectProblem(res, 400);
    expect([path, res.body.errors]).toEqual([path, expect.arrayContaining([expect.objectContaining({ path: param })])]);
  }
  // A year the API accepts, far ahead: an instant in 9999 is still an instant.
  const state = await request(stack.app)
    .get(`/api/v1/cases/${realCaseId}/state?asOf=9999-12-31T23:59:59Z`)
    .set(asMediator());
  expect(state.status).toBeLessThan(500);
});

test('when limit is given twice or out of range, then 400 saying in plain words what limit takes', async () => {
  for (const path of [
    '/api/v1/cases?limit=10&limit=20',
    '/api/v1/cases?limit=0',
    '/api/v1/cases?limit=1.5',
    '/api/v1/cases?limit=99999999999999999999999',
    '/api/v1/notifications?limit=10&limit=20',
  ]) {
    const res = await request(stack.app).get(path).set(asMediator());
    expectProblem(res, 400);
    expect([path, res.body.errors]).toEqual([
      path,
      [{ path: 'limit', message: 'must be one whole number from 1 to 100' }],
    ]);
  }
  const admin = await request(stack.app)
    .get('/api/v1/deliveries?limit=10&limit=20')
    .set('Authorization', `Bearer ${tokens.admin}`);
  expectProblem(admin, 400);
  expect(admin.body.errors).toEqual([{ path: 'limit', message: 'must be one whole number from 1 to 100' }]);
});

describe('when a body is sent as something other than JSON', () => {
  test.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=----fuzz'])(
    '(%s), then 415',
    async (type) => {
      const res = await request(stack.app)
        .post(`/api/v1/cases/${realCaseId}/actions/pause`)
        .set(asMediator())
        .set('Content-Type', type)
        .send('reason=x');
      expectProblem(res, 415);
    },
  );

  test('without a Content-Type, then 415', async () => {
    const res = await send({
      method: 'POST',
      path: `/api/v1/cases/${realCaseId}/actions/pause`,
      headers: asMediator(),
      body: '{"reason":"x"}',
    });
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
      status: 415,
      type: expect.stringMatching(/^application\/problem\+json/),
    });
  });

  test('as JSON in another charset, then 415', async () => {
    const res = await request(stack.app)
      .post(`/api/v1/cases/${realCaseId}/actions/pause`)
      .set(asMediator())
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{"reason":"x"}');
    expectProblem(res, 415);
  });

  test('compressed in an unknown encoding, then 415; gzip that does not decompress, then 400', async () => {
    const unknown = await send({
      method: 'POST',
      path: `/api/v1/cases/${realCaseId}/actions/pause`,
      headers: { ...asMediator(), 'Content-Type': 'application/json', 'Content-Encoding': 'x-fuzz' },
      body: '{"reason":"x"}',
    });
    expect(unknown.status).toBe(415);
    const broken = await send({
      method: 'POST',
      path: `/api/v1/cases/${realCaseId}/actions/pause`,
      headers: { ...asMediator(), 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: Buffer.concat([gzipSync('{"reason":"x"}').subarray(0, 12), Buffer.from('not gzip')]),
    });
    expect({ status: broken.status, body: JSON.parse(broken.text) }).toEqual({
      status: 400,
      body: expect.objectContaining({ errors: [expect.objectContaining({ path: 'request body' })] }),
    });
  });
});

describe('when the body is JSON but not an object', () => {
  test.each(['null', '3', '"text"', 'true'])('(%s), then 400 saying it must be a JSON object', async (raw) => {
    const res = await request(stack.app)
      .post('/api/v1/cases')
      .set(asMediator())
      .set('Idempotency-Key', runKey(`not-object-${raw}`))
      .set('Content-Type', 'application/json')
      .send(raw);
    expectProblem(res, 400);
    expect(res.body.detail).toBe('the request body must be a JSON object');
    expect(res.body.errors).toEqual([{ path: 'request body', message: 'must be a JSON object' }]);
  });

  test('(an array), then 400 naming the body', async () => {
    const res = await request(stack.app)
      .post(`/api/v1/cases/${realCaseId}/actions/pause`)
      .set(asMediator())
      .set('Content-Type', 'application/json')
      .send('[]');
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'request body' })]);
  });
});

test('when the body is not JSON at all, then 400 naming the body', async () => {
  const res = await request(stack.app)
    .post('/api/v1/cases')
    .set(asMediator())
    .set('Idempotency-Key', runKey('not-json'))
    .set('Content-Type', 'application/json')
    .send('{"category": ');
  expectProblem(res, 400);
  expect(res.body.errors).toEqual([{ path: 'request body', message: 'is not valid JSON' }]);
});

test('when a text field holds a lone surrogate, then 400 naming the field', async () => {
  const intake = await request(stack.app)
    .post('/api/v1/cases')
    .set(asMediator())
    .set('Idempotency-Key', runKey('lone-surrogate'))
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(intakeBody()).replace('"summary":"', '"summary":"\\ud800'));
  expectProblem(intake, 400);
  expect(intake.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'summary' })]));
  const action = await request(stack.app)
    .post(`/api/v1/cases/${realCaseId}/actions/pause`)
    .set(asMediator())
    .set('Content-Type', 'application/json')
    .send('{"reason":"x\\udc00"}');
  expect(action.status).toBeLessThan(500);
  expectProblem(action, action.status);
});

describe('when a body is huge or deeply nested', () => {
  test('(over the size limit), then 413', async () => {
    const res = await request(stack.app)
      .post('/api/v1/cases')
      .set(asMediator())
      .set('Idempotency-Key', runKey('huge'))
      .send(intakeBody({ summary: 'x'.repeat(200_000) }));
    expectProblem(res, 413);
  });

  test.each([
    ['10,000 unclosed [', '['.repeat(DEEP)],
    ['10,000 nested arrays', `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`],
    ['10,000 nested objects', `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`],
  ])('(%s), then 400', async (_what, raw) => {
    for (const path of ['/api/v1/cases', `/api/v1/cases/${realCaseId}/actions/pause`, '/api/v1/org-units']) {
      const res = await request(stack.app)
        .post(path)
        .set(path === '/api/v1/org-units' ? { Authorization: `Bearer ${tokens.admin}` } : asMediator())
        .set('Idempotency-Key', runKey(`deep-${raw.length}`))
        .set('Content-Type', 'application/json')
        .send(raw);
      expect([path, res.status]).toEqual([path, 400]);
      expectProblem(res, 400);
    }
  });
});

test('when a path is called with a method it does not serve, then 405 with Allow', async () => {
  for (const op of operations.filter((o) => o.method === 'GET' && !o.template.includes('{')).slice(0, 10)) {
    if (operations.some((o) => o.template === op.template && o.method === 'PATCH')) continue;
    const res = await send({ method: 'PATCH', path: op.template, headers: asMediator() });
    expect([op.template, res.status, res.headers.allow]).toEqual([op.template, 405, expect.stringContaining('GET')]);
  }
});

test('when the event stream is asked for with HEAD, then its headers are answered at once', async () => {
  const res = await send({ method: 'HEAD', path: '/api/v1/events', headers: asMediator() });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
});
