/**
 * `npm run test:fuzz`: the outside contract fuzzer (schemathesis, pinned, from PyPI) with all its checks
 * against the real stack — the embedded Temporal dev server and FerretDB in a temporary DATA_DIR, a
 * worker and the API on a free port — once for each role, with a bearer token for a real unit of the
 * bundled county. Any failure fails the run. Reports go to `.test-data/fuzz/<role>/`.
 *
 * FUZZ_SEED changes the seed (fixed by default, so a run is reproducible); FUZZ_MAX_EXAMPLES the
 * examples per operation; FUZZ_PARALLEL how many roles run at once (2: the stage fits in 6 minutes on 2 cores).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../config';
import { connectDatabase, type Database } from '../db/connection';
import { startApi, type RunningApi } from '../api/main';
import { signToken } from '../api/auth';
import { createWorker, installRuntimeLogger } from '../worker/create-worker';
import { dataConverterFor, deriveKeys } from '../config/encryption';
import type { Role } from '../domain/case-types';
import { installServices } from './services/install';
import { freePort, startLocalServices, type StartedServices } from './services/local-services';
import { PROJECT_ROOT, SERVICES_DIR } from './services/paths';

const SCHEMATHESIS_VERSION = '4.32.5';
const VENV = path.join(SERVICES_DIR, 'schemathesis-venv');
const SCHEMATHESIS = path.join(VENV, 'bin', 'schemathesis');
const REPORT_DIR = path.join(PROJECT_ROOT, '.test-data', 'fuzz');
const CONFIG_FILE = path.join(PROJECT_ROOT, 'scripts', 'fuzz-schemathesis.toml');
/** Strategies for the formats the document names where a pattern cannot say what the server checks. */
const HOOKS_FILE = path.join(PROJECT_ROOT, 'scripts', 'fuzz-schemathesis-hooks.py');
const SEED = process.env.FUZZ_SEED ?? '20261124';
/** Per operation and phase: with the coverage phase once and 50 stateful scenarios (scripts/fuzz-schemathesis.toml),
 * the stage takes about 2 minutes on 2 idle cores and stays within 6 under a loaded machine's contention. */
const MAX_EXAMPLES = process.env.FUZZ_MAX_EXAMPLES ?? '5';

/**
 * Each role with a unit of db/seed/ningde-org-units.json it really belongs to. The coverage phase (every
 * boundary and every invalid shape of every field, about a minute of requests) mostly tests validation,
 * which is the same for every role, so it runs once, as the mediator, the role whose calls go deepest;
 * every role gets the examples, fuzzing (positive and negative) and stateful phases.
 */
const ALL_PHASES = 'examples,coverage,fuzzing,stateful';
const NO_COVERAGE = 'examples,fuzzing,stateful';
const ROLES: Array<{ role: Role; org: string; phases: string }> = [
  { role: 'mediator', org: 'ND-JC-JN-ROOM', phases: ALL_PHASES },
  { role: 'supervisor', org: 'ND-JC', phases: NO_COVERAGE },
  { role: 'liaison', org: 'ND-JC-COURT', phases: NO_COVERAGE },
  { role: 'auditor', org: 'ND-JC', phases: NO_COVERAGE },
  { role: 'admin', org: 'ND', phases: NO_COVERAGE },
];
/** How many roles run at once against the one stack (FUZZ_PARALLEL). */
const PARALLEL = Math.max(1, Number(process.env.FUZZ_PARALLEL ?? 2));

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** The pinned schemathesis in its own virtualenv, created or repaired here; never skipped. */
function ensureSchemathesis(): void {
  const installed = (): string | null => {
    if (!existsSync(SCHEMATHESIS)) return null;
    const r = spawnSync(SCHEMATHESIS, ['--version'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  if (installed()?.endsWith(SCHEMATHESIS_VERSION)) return;
  say(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${path.relative(PROJECT_ROOT, VENV)}`);
  mkdirSync(SERVICES_DIR, { recursive: true });
  const run = (cmd: string, args: string[]): void => {
    const r = spawnSync(cmd, args, { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
  };
  if (!existsSync(path.join(VENV, 'bin', 'python'))) run('python3', ['-m', 'venv', VENV]);
  run(path.join(VENV, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`]);
  const version = installed();
  if (!version?.endsWith(SCHEMATHESIS_VERSION))
    throw new Error(`schemathesis ${SCHEMATHESIS_VERSION} is not runnable after install (got ${version})`);
}

interface Stack {
  url: string;
  secret: string;
  db: Database;
  stop(): Promise<void>;
}

async function startStack(): Promise<Stack> {
  const log = pino({ level: 'warn' });
  installRuntimeLogger(log);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fuzz-'));
  const stops: Array<() => Promise<void>> = [() => Promise.resolve(rmSync(dataDir, { recursive: true, force: true }))];
  const stop = async (): Promise<void> => {
    for (const s of stops.splice(0).reverse()) await s().catch((err: unknown) => log.warn({ err }, 'while stopping'));
  };
  try {
    installServices();
    const services: StartedServices = await startLocalServices({
      dataDir,
      log: { info: () => undefined, warn: (o, m) => log.warn(o, m) },
    });
    stops.push(() => services.stop());
    const port = await freePort();
    // Never port 3000 (a developer's npm run dev); the rate limit high enough that the fuzzer's own
    // pace is not what it measures.
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: services.temporalAddress!,
      MONGODB_URI: services.mongoUri!,
      TEMPORAL_TASK_QUEUE: 'fuzz-cases',
      RATE_LIMIT_PER_MINUTE: '1000000',
      // A real secret, as in production: the codec then requires a token (it would answer anyone in dev).
      AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
    });
    const db = await connectDatabase(config.MONGODB_URI!);
    stops.push(() => db.close());
    const { worker, connection } = await createWorker({
      temporalAddress: config.TEMPORAL_ADDRESS!,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      models: db.models,
      log,
      dataConverter: dataConverterFor(deriveKeys(config.DATA_ENCRYPTION_KEY)),
    });
    const running = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    });
    const api: RunningApi = await startApi(
      config,
      log,
      { temporalAddress: config.TEMPORAL_ADDRESS!, mongoUri: config.MONGODB_URI! },
      db,
    );
    stops.push(() => api.close());
    return { url: `http://127.0.0.1:${api.port}`, secret: config.AUTH_JWT_SECRET, db, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

interface RoleResult {
  role: Role;
  exit: number;
  operations: number;
  requests: number;
  failures: number;
  actionRequests: number;
  action2xx: number;
}

/** What the HAR report recorded: every request schemathesis sent, with its answer. */
function readHar(file: string): Array<{ method: string; url: string; status: number }> {
  if (!existsSync(file)) return [];
  const har = JSON.parse(readFileSync(file, 'utf8')) as {
    log: { entries: Array<{ request: { method: string; url: string }; response: { status: number } }> };
  };
  return har.log.entries.map((e) => ({ method: e.request.method, url: e.request.url, status: e.response.status }));
}

/** Failures and operations as the JUnit report counts them (one test case per operation). */
function readJunit(file: string): { operations: number; failures: number } {
  if (!existsSync(file)) return { operations: 0, failures: 0 };
  const xml = readFileSync(file, 'utf8');
  const suite = /<testsuite\b[^>]*>/.exec(xml)?.[0] ?? '';
  const attr = (name: string): number => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite)?.[1] ?? 0);
  return { operations: attr('tests'), failures: attr('failures') + attr('errors') };
}

const running = new Set<ChildProcess>();

function runSchemathesis(
  url: string,
  role: Role,
  phases: string,
  token: string,
  units: { open: string[]; caller: string[] },
): Promise<RoleResult> {
  const dir = path.join(REPORT_DIR, role);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const args = [
    '--config-file',
    CONFIG_FILE,
    'run',
    `${url}/openapi.json`,
    '--checks',
    'all',
    '--header',
    `Authorization: Bearer ${token}`,
    '--phases',
    phases,
    '--max-examples',
    MAX_EXAMPLES,
    '--seed',
    SEED,
    '--generation-database',
    'none',
    '--workers',
    '1',
    '--request-timeout',
    '30',
    '--report',
    'junit,har',
    '--report-dir',
    dir,
    '--report-junit-path',
    path.join(dir, 'junit.xml'),
    '--report-har-path',
    path.join(dir, 'har.json'),
    '--no-color',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(SCHEMATHESIS, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: dir, // its own files (.schemathesis/) stay with the reports
      env: {
        ...process.env,
        PYTHONUNBUFFERED: '1',
        SCHEMATHESIS_HOOKS: HOOKS_FILE,
        FUZZ_OPEN_UNITS: units.open.join(','),
        FUZZ_CALLER_UNITS: units.caller.join(','),
      },
    });
    running.add(child);
    // Roles run side by side: each one's output is printed whole when it ends.
    let output = '';
    for (const s of [child.stdout, child.stderr]) {
      s.setEncoding('utf8');
      s.on('data', (chunk: string) => {
        output += chunk;
      });
    }
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      running.delete(child);
      say(`\n== schemathesis as ${role} (${phases})\n${output}`);
      const junit = readJunit(path.join(dir, 'junit.xml'));
      const requests = readHar(path.join(dir, 'har.json'));
      const actions = requests.filter((r) => r.method === 'POST' && /\/api\/v1\/cases\/[^/]+\/actions\//.test(r.url));
      // A run that stops early (an error before the summary) counts as a failure even if no check did.
      const failures = junit.failures + (code !== 0 && junit.failures === 0 ? 1 : 0);
      resolve({
        role,
        exit: code ?? (signal ? 128 : 1),
        operations: junit.operations,
        requests: requests.length,
        failures,
        actionRequests: actions.length,
        action2xx: actions.filter((r) => r.status >= 200 && r.status < 300).length,
      });
    });
  });
}

/** The open units, and those of them at or below the caller's unit (where it may register a case). */
async function unitsOf(url: string, token: string, org: string): Promise<{ open: string[]; caller: string[] }> {
  const res = await fetch(`${url}/api/v1/org-units`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /api/v1/org-units answered ${res.status}`);
  const units = (await res.json()) as Array<{ id: string; parentId: string | null; closed: boolean }>;
  const open = units.filter((u) => !u.closed);
  const parent = new Map(units.map((u) => [u.id, u.parentId]));
  const within = (id: string): boolean => {
    for (let at: string | null | undefined = id; at; at = parent.get(at)) if (at === org) return true;
    return false;
  };
  return { open: open.map((u) => u.id), caller: open.filter((u) => within(u.id)).map((u) => u.id) };
}

async function main(): Promise<number> {
  const started = Date.now();
  ensureSchemathesis();
  say('starting the stack (Temporal dev server, FerretDB, worker, API)');
  const stack = await startStack();
  let stopping = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    say(`\n${sig}: stopping`);
    for (const child of running) child.kill('SIGTERM');
    void stack.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    say(
      `API at ${stack.url}; seed ${SEED}, at most ${MAX_EXAMPLES} examples per operation, ${PARALLEL} roles at a time`,
    );
    const results: RoleResult[] = [];
    const queue = [...ROLES];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { role, org, phases } = next;
        const token = await signToken(stack.secret, { sub: `fuzz-${role}`, role, org, name: `fuzz ${role}` }, '2h');
        say(`== schemathesis as ${role} (${org}) started`);
        const t0 = Date.now();
        const r = await runSchemathesis(stack.url, role, phases, token, await unitsOf(stack.url, token, org));
        results.push(r);
        say(
          `== ${role}: ${r.operations} operations, ${r.requests} requests, ${r.failures} failures (exit ${r.exit}, ${Math.round((Date.now() - t0) / 1000)} s)`,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, ROLES.length) }, worker));
    results.sort((a, b) => ROLES.findIndex((x) => x.role === a.role) - ROLES.findIndex((x) => x.role === b.role));
    const cases = await stack.db.models.Case.countDocuments({});
    const actionRequests = results.reduce((n, r) => n + r.actionRequests, 0);
    const action2xx = results.reduce((n, r) => n + r.action2xx, 0);
    say('\n== contract fuzzing summary');
    for (const r of results)
      say(`${r.role.padEnd(10)} ${r.operations} operations, ${r.requests} requests, ${r.failures} failures`);
    say(`cases created: ${cases}`);
    say(
      `action routes: ${action2xx} of ${actionRequests} requests answered 2xx (${actionRequests ? ((100 * action2xx) / actionRequests).toFixed(1) : '0.0'}%)`,
    );
    say(
      `wall time: ${Math.round((Date.now() - started) / 1000)} s; reports in ${path.relative(PROJECT_ROOT, REPORT_DIR)}/`,
    );
    const failed = results.filter((r) => r.failures > 0 || r.exit !== 0);
    if (failed.length > 0) say(`FAILED: ${failed.map((r) => r.role).join(', ')}`);
    return failed.length > 0 ? 1 : 0;
  } finally {
    if (!stopping) await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
