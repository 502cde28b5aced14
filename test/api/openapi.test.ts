/** The served OpenAPI document and the app's routes describe each other exactly. */
import type { Express } from 'express';
import request from 'supertest';
import { startTestStack, type TestStack } from '../support/stack';

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
