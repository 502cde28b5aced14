/**
 * Starts the embedded services as child processes: the Temporal CLI dev server (SQLite file under
 * DATA_DIR in WAL mode, Web UI on port+1000, the custom search attributes registered) and FerretDB (SQLite
 * directory under DATA_DIR). Readiness is checked by talking to each server, never by sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, createWriteStream } from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import mongoose from 'mongoose';
import { servicePaths } from './paths';
import { ferretdbLine } from './ferretdb-lines';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/**
 * The Temporal dev server's SQLite file in write-ahead-log mode (decision 66). Its default, a rollback
 * journal, syncs the disk several times per commit, and every timer, task and update is a commit: with
 * 2,000 deadlines due within a minute its workflow tasks waited past their 10 s start timeout and were
 * replayed from scratch. WAL with `synchronous=full` (SQLite's default, as FerretDB runs) still syncs
 * every commit, so a power cut loses nothing committed.
 */
export const TEMPORAL_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=full'];

export interface ServiceLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  /** Where a service's errors go; `warn` when absent. */
  error?(obj: object, msg: string): void;
}

export interface StartedServices {
  temporalAddress: string | null;
  temporalUiUrl: string | null;
  mongoUri: string | null;
  /** Stops the children (SIGTERM, then SIGKILL after a grace period) and resolves when they are gone. */
  stop(): Promise<void>;
  children: ChildProcess[];
}

export interface StartOptions {
  dataDir: string;
  temporalPort?: number;
  mongoPort?: number;
  log: ServiceLogger;
  /** Where the children's own output goes; defaults to files under dataDir/logs. */
  logDir?: string;
  /** Also pass each line the services print to `log` (npm run dev shows every process's log). */
  echo?: boolean;
  /** Where the Temporal UI finds the payload codec (the API's /codec), so it can show payloads decoded. */
  uiCodecEndpoint?: string;
  /** Which services to start (both by default); an address given in the environment replaces one. */
  temporal?: boolean;
  mongo?: boolean;
  /** Another FerretDB launcher binary (the store benchmark compares the patched one with FerretDB as published). */
  ferretdbBinary?: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function assertPortFree(port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', () =>
      reject(
        new Error(`port ${port} for ${what} is already in use: stop what holds it, or set the port/address to use`),
      ),
    );
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
}

async function waitUntil(
  what: string,
  child: ChildProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const status: { exited: string | null } = { exited: null };
  child.once('exit', (code, signal) => (status.exited = `exited with ${code ?? signal}`));
  while (Date.now() < deadline) {
    if (status.exited) throw new Error(`${what} ${status.exited} before it was ready (see its log)`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000}s`);
}

function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startLocalServices(opts: StartOptions): Promise<StartedServices> {
  const dataDir = path.resolve(opts.dataDir);
  const logDir = opts.logDir ?? path.join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  mkdirSync(path.join(dataDir, 'ferretdb'), { recursive: true });
  const temporalPort = opts.temporalPort ?? (await freePort());
  const mongoPort = opts.mongoPort ?? (await freePort());
  if (opts.temporal !== false) {
    await assertPortFree(temporalPort, 'the Temporal dev server');
    await assertPortFree(temporalPort + 1000, 'the Temporal Web UI');
  }
  if (opts.mongo !== false) await assertPortFree(mongoPort, 'FerretDB');

  const children: ChildProcess[] = [];
  const echo = (name: string, line: string): void => {
    if (name !== 'ferretdb') return opts.log.info({ service: name }, line.slice(0, 2000));
    const shown = ferretdbLine(line);
    if (!shown) return;
    const fields = { service: name, ...shown.fields };
    if (shown.level === 'info') opts.log.info(fields, shown.msg);
    else if (shown.level === 'error' && opts.log.error) opts.log.error(fields, shown.msg);
    else opts.log.warn(fields, shown.msg);
  };
  const launch = (name: string, cmd: string, args: string[]): ChildProcess => {
    const out = createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.pipe(out);
      if (opts.echo) createInterface({ input: stream }).on('line', (line) => echo(name, line));
    }
    children.push(child);
    opts.log.info({ service: name, pid: child.pid, log: path.join(logDir, `${name}.log`) }, 'service started');
    return child;
  };
  const stop = async (): Promise<void> => {
    await Promise.all(children.map((c) => stopChild(c)));
  };

  try {
    const waits: Array<Promise<void>> = [];
    let temporalAddress: string | null = null;
    let temporalUiUrl: string | null = null;
    let mongoUri: string | null = null;
    if (opts.temporal !== false) {
      const temporal = launch('temporal', servicePaths.temporal, [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(temporalPort),
        '--ui-port',
        String(temporalPort + 1000),
        '--db-filename',
        path.join(dataDir, 'temporal.sqlite'),
        '--log-level',
        'warn',
        ...TEMPORAL_SQLITE_PRAGMAS.flatMap((p) => ['--sqlite-pragma', p]),
        ...(opts.uiCodecEndpoint ? ['--ui-codec-endpoint', opts.uiCodecEndpoint] : []),
        ...Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
      ]);
      const address = `127.0.0.1:${temporalPort}`;
      temporalAddress = address;
      temporalUiUrl = `http://127.0.0.1:${temporalPort + 1000}`;
      waits.push(
        waitUntil(
          'Temporal dev server',
          temporal,
          async () => {
            const conn = await Connection.connect({ address, connectTimeout: 1000 });
            try {
              await conn.workflowService.describeNamespace({ namespace: 'default' });
              return true;
            } finally {
              await conn.close();
            }
          },
          60_000,
        ),
      );
    }
    if (opts.mongo !== false) {
      const ferret = launch('ferretdb', opts.ferretdbBinary ?? servicePaths.ferretdb, [
        '--listen-addr',
        `127.0.0.1:${mongoPort}`,
        '--data-dir',
        path.join(dataDir, 'ferretdb'),
      ]);
      const uri = `mongodb://127.0.0.1:${mongoPort}/mediation`;
      mongoUri = uri;
      waits.push(
        waitUntil(
          'FerretDB',
          ferret,
          async () => {
            const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 500 }).asPromise();
            try {
              await conn.db?.admin().ping();
              return true;
            } finally {
              await conn.close();
            }
          },
          30_000,
        ),
      );
    }
    await Promise.all(waits);
    opts.log.info({ temporalAddress, temporalUiUrl, mongoUri }, 'local services ready');
    return { temporalAddress, temporalUiUrl, mongoUri, stop, children };
  } catch (err) {
    await stop();
    throw err;
  }
}
