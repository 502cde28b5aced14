/**
 * Serving the built console (console.md "Layout and serving"): `/` redirects to `/console/`; hashed
 * assets are cached for good; `index.html` is never cached and answers every console route (the SPA
 * decides); a missing asset is a 404, not the page; an unbuilt console says how to build it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { mountConsole } from '../../api/console-page';
import { problemHandler } from '../../api/errors';

function appWith(dist: string) {
  const app = express();
  mountConsole(app, dist);
  app.use(problemHandler);
  return app;
}

const dist = mkdtempSync(path.join(tmpdir(), 'console-dist-'));
mkdirSync(path.join(dist, 'assets'));
writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>调解工作台</title>');
writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
const app = appWith(dist);

it('redirects / and /console to /console/', async () => {
  expect((await request(app).get('/')).headers.location).toBe('/console/');
  expect((await request(app).get('/console')).headers.location).toBe('/console/');
  // The query is the page's state (a tab, a search): kept.
  expect((await request(app).get('/console?view=mine&q=%E6%9E%97')).headers.location).toBe(
    '/console/?view=mine&q=%E6%9E%97',
  );
});

it('answers index.html, not cached, for the console and its client-side routes', async () => {
  for (const p of ['/console/', '/console/login', '/console/cases/c-123', '/console/index.html']) {
    const res = await request(app).get(p);
    expect([p, res.status]).toEqual([p, 200]);
    expect(res.text).toContain('调解工作台');
    expect(res.headers['cache-control']).toBe('no-cache');
  }
});

it('caches hashed assets for good and answers 404 for a missing one', async () => {
  const res = await request(app).get('/console/assets/index-abc123.js');
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
  const missing = await request(app).get('/console/assets/index-gone.js');
  expect(missing.status).toBe(404);
  expect(missing.headers['content-type']).toMatch(/problem\+json/);
});

it('says how to build the console when it is not built', async () => {
  const res = await request(appWith(path.join(dist, 'nothing-here'))).get('/console/');
  expect(res.status).toBe(503);
  expect(res.body.detail).toMatch(/npm run console:build/);
});
