/**
 * `npm run dev` serves the console from its build: (re)build it when it is missing or older than its
 * sources, so a fresh clone and an edited checkout both get the console they hold.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { PROJECT_ROOT } from './services/paths';

const CONSOLE = path.join(PROJECT_ROOT, 'console');
const BUILT = path.join(CONSOLE, 'dist', 'index.html');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function consoleIsStale(): boolean {
  return !existsSync(BUILT) || statSync(BUILT).mtimeMs < newestSource(CONSOLE);
}

export function ensureConsoleBuilt(log: Pick<Logger, 'info' | 'error'>): void {
  if (!consoleIsStale()) return;
  log.info('building the console (npm run build -w console)');
  const started = Date.now();
  const r = spawnSync('npm', ['run', 'build', '-w', 'console'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (r.status === 0) log.info(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  else log.error('the console build failed: /console/ answers 503 until `npm run build -w console` succeeds');
}
