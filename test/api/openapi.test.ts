/** The served OpenAPI document and the app's routes describe each other exactly. */
import type { Express } from 'express';
import request from 'supertest';
import { contractProblems, responseSchema } from '../support/contract-check';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';
import { shanghaiToday } from '../support/shanghai-today';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every method and path the Express app routes, with :params written as {params}. */
function appRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, prefix + (layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out.map((r) => r.replace(/:(\w+)/g, '{$1}'));
}

test('every route of the app is documented and every documented route exists', async () => {
  const res = await request(stack.app).get('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.body.openapi).toBe('3.1.0');
  const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
  );
  // The app routes one path per action (`{action}`); the document spells each action out.
  const actions = documented.filter((d) => d.startsWith('POST /api/v1/cases/{id}/actions/'));
  expect(actions).toHaveLength(17);
  const routed = appRoutes(stack.app);
  const documentedGeneric = [
    ...new Set(documented.map((d) => (actions.includes(d) ? 'POST /api/v1/cases/{id}/actions/{action}' : d))),
  ];
  expect(routed.sort()).toEqual(documentedGeneric.sort());
});

test('the document describes request bodies from the zod schemas', async () => {
  const doc = (await request(stack.app).get('/openapi.json')).body;
  const intake = doc.paths['/api/v1/cases'].post.requestBody.content['application/json'].schema;
  expect(intake.required).toEqual(expect.arrayContaining(['category', 'summary', 'source', 'orgUnitId', 'parties']));
  expect(intake.additionalProperties).toBe(false);
});

test('/docs is Swagger UI over /openapi.json, every file served by the API itself under its security headers', async () => {
  const page = await request(stack.app).get('/docs');
  expect(page.status).toBe(200);
  expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
  // No CDN: every script and stylesheet is a same-origin path, and none is inline.
  const refs = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  expect(refs.length).toBeGreaterThanOrEqual(3);
  expect(refs.every((r) => r.startsWith('/docs/'))).toBe(true);
  expect(page.text).not.toMatch(/<script>(?!<\/script>)/);
  for (const ref of refs) {
    const res = await request(stack.app).get(ref);
    expect({ ref, status: res.status }).toEqual({ ref, status: 200 });
  }
  const init = await request(stack.app).get('/docs/init.js');
  expect(init.headers['content-type']).toMatch(/javascript/);
  expect(init.text).toContain("url: '/openapi.json'");
  expect((await request(stack.app).get('/docs/assets/no-such-file.js')).status).toBe(404);
});

test('answers exactly as documented: every required field, no undocumented one, the documented types', async () => {
  const doc = (await request(stack.app).get('/openapi.json')).body as Record<string, unknown>;
  const owner = await stack.token('mediator', 'ND-JC-JN-ROOM', 'u-contract');
  const county = await stack.token('supervisor', 'ND-JC', 'sup-contract');
  const auditor = await stack.token('auditor', 'ND-JC', 'aud-contract');
  const checks: Array<{ method: string; path: string; status: number; body: unknown }> = [];
  const call = async (method: 'get' | 'post', path: string, url: string, token: string, body?: object) => {
    const req = method === 'get' ? request(stack.app).get(url) : request(stack.app).post(url).send(body);
    const res = await req
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', runKey(`contract-${checks.length}`));
    checks.push({ method, path, status: res.status, body: res.body });
    return res;
  };
  const c = await call(
    'post',
    '/api/v1/cases',
    '/api/v1/cases',
    owner,
    intakeBody({
      parties: [
        {
          role: 'applicant',
          name: '林某',
          idNumber: '350902198001011237',
          phone: '13800000000',
          address: '蕉城区 1 号',
        },
        { role: 'respondent', name: '小陈', minor: true, guardian: { name: '陈某', phone: '13900000000' } },
      ],
    }),
  );
  const id = c.body.id as string;
  await call('post', '/api/v1/cases/{id}/actions/accept', `/api/v1/cases/${id}/actions/accept`, owner, {
    track: 'people',
    assigneeId: 'u-contract',
  });
  // A session and an agreement: the view's lists and the agreement filled, as answered and as read.
  await call('post', '/api/v1/cases/{id}/actions/record-session', `/api/v1/cases/${id}/actions/record-session`, owner, {
    heldAt: new Date().toISOString(),
    mode: 'on_site',
    attendees: ['林某'],
    notes: '',
  });
  await call(
    'post',
    '/api/v1/cases/{id}/actions/record-agreement',
    `/api/v1/cases/${id}/actions/record-agreement`,
    owner,
    { terms: '陈某赔偿林某3000元', signedOn: shanghaiToday() },
  );
  const read = await call('get', '/api/v1/cases/{id}', `/api/v1/cases/${id}`, owner);
  expect(read.body).toMatchObject({ agreement: { terms: '陈某赔偿林某3000元' }, sessions: [{ attendees: ['林某'] }] });
  await call('get', '/api/v1/cases/{id}', `/api/v1/cases/${id}`, county);
  await call('get', '/api/v1/cases/{id}/timeline', `/api/v1/cases/${id}/timeline`, owner);
  const asOf = encodeURIComponent(new Date().toISOString());
  await call('get', '/api/v1/cases/{id}/state', `/api/v1/cases/${id}/state?asOf=${asOf}`, county);
  await call('get', '/api/v1/cases/{id}/verify', `/api/v1/cases/${id}/verify`, auditor);
  await call(
    'get',
    '/api/v1/deadline-preview',
    '/api/v1/deadline-preview?kind=mediation&track=people&start=2026-11-02',
    owner,
  );
  const admin = await stack.token('admin', 'ND', 'admin-contract');
  for (const [path, url, token] of [
    ['/api/v1/cases', '/api/v1/cases?limit=5', county],
    ['/api/v1/cases', '/api/v1/cases?view=mine&sort=nextDueAt&limit=5', owner],
    ['/api/v1/cases/counts', '/api/v1/cases/counts', owner],
    ['/api/v1/cases/counts-by-unit', '/api/v1/cases/counts-by-unit', county],
    ['/api/v1/cases/{id}/allowed-actions', `/api/v1/cases/${id}/allowed-actions`, owner],
    ['/api/v1/me', '/api/v1/me', owner],
    ['/api/v1/policies', '/api/v1/policies', owner],
    ['/api/v1/stats', '/api/v1/stats', county],
    ['/api/v1/org-units', '/api/v1/org-units', owner],
    ['/api/v1/users', '/api/v1/users', admin],
    ['/api/v1/notifications', '/api/v1/notifications', county],
    ['/api/v1/notification-channels', '/api/v1/notification-channels', admin],
    ['/api/v1/deliveries', '/api/v1/deliveries', admin],
  ] as const)
    await call('get', path, url, token);
  for (const { method, path, status, body } of checks) {
    expect({ method, path, status }).toMatchObject({
      status: method === 'post' && path === '/api/v1/cases' ? 201 : 200,
    });
    expect({
      path,
      problems: [
        ...new Set(
          contractProblems(doc, responseSchema(doc, method, path, status), body).map((p) =>
            p.replace(/\[\d+\]/g, '[]'),
          ),
        ),
      ],
    }).toEqual({
      path,
      problems: [],
    });
  }
});
