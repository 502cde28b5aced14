/**
 * The console at `/console/` (api.md "The console"): the files `npm run console:build` writes to
 * `console/dist`. Hashed assets are cached for good; `index.html` never, so a deploy reaches every
 * browser at its next navigation; any other `/console/*` path is the single-page app's own route.
 * Served under helmet's headers like everything else (the build has no inline script).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { AppError } from './errors';

export const CONSOLE_DIST = path.resolve(__dirname, '..', 'console', 'dist');

export function mountConsole(app: Express, dist = CONSOLE_DIST): void {
  app.get('/', (_req, res) => res.redirect(302, '/console/'));
  app.use('/console', (req, res, next) => {
    const [pathname, query] = splitUrl(req.originalUrl);
    // `/console?x=1` → `/console/?x=1`: the query is the page's state (a tab, a search), keep it.
    if (req.path === '/' && !pathname.endsWith('/')) res.redirect(301, `/console/${query}`);
    else next();
  });
  app.use(
    '/console/assets',
    express.static(path.join(dist, 'assets'), { index: false, immutable: true, maxAge: '365d' }),
  );
  app.use('/console/assets', (req, _res, next) => next(new AppError('not_found', `no console asset ${req.path}`)));
  app.use(
    '/console',
    express.static(dist, {
      index: false,
      redirect: false,
      maxAge: '1h',
      // `index.html` asked for by name is no more cacheable than the page it serves.
      setHeaders: (res, file) => {
        if (path.basename(file) === 'index.html') res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  app.use('/console', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const index = path.join(dist, 'index.html');
    if (!existsSync(index)) {
      next(new AppError('unavailable', 'the console is not built: run `npm run console:build`'));
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
}

function splitUrl(url: string): [string, string] {
  const i = url.indexOf('?');
  return i < 0 ? [url, ''] : [url.slice(0, i), url.slice(i)];
}
