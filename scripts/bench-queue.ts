/**
 * Benchmark: the console's queue for a unit with N open cases (default 1,000) on the embedded default
 * (FerretDB), in a real browser. Reports the API's first page and tab counts (p50 / p95 over loopback
 * HTTP) and the browser's time from navigating to `/console/` to the first row and to the tab counts
 * (cold, then warm reloads). `npm run bench:queue -- [--cases 1000] [--reloads 5]`.
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { AccountStore } from '../db/accounts';
import { hashPassword } from '../api/passwords';
import { launchBrowser } from './chromium';
import { ensureConsoleBuilt } from './console-build';
import { listenScriptApi, startScriptStack } from './script-stack';
import { countViews, QUEUE_VIEWS, queueView, visibleTo } from '../api/case-queries';
import { syntheticCases } from './synthetic-cases';

const ROOM = 'ND-JC-JN-ROOM';
const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number): string => `${x.toFixed(0)} ms`;

/** Open cases of one unit, each with a running deadline as the queue shows it. */
function openCases(tree: Parameters<typeof syntheticCases>[0], count: number) {
  const now = Date.now();
  return syntheticCases(tree, { count, prefix: 'q', start: now - count * 60_000, units: [ROOM] }).map((c, i) => {
    const dueAt = new Date(now + ((i % 40) - 5) * 86_400_000).toISOString();
    const stage = c.stage === 'closed' ? 'in_mediation' : c.stage;
    return {
      ...c,
      stage,
      outcome: null,
      nextDueAt: dueAt,
      nextDueKind: 'mediation',
      warned: i % 40 < 10,
      deadlines: [
        {
          id: 'mediation-1',
          kind: 'mediation',
          status: 'running',
          startedAt: c.createdAt,
          startedOn: String(c.createdAt).slice(0, 10),
          amount: 1,
          unit: 'months',
          rawDueDate: dueAt.slice(0, 10),
          dueDate: dueAt.slice(0, 10),
          dueAt,
          warnAt: new Date(Date.parse(dueAt) - 7 * 86_400_000).toISOString(),
          originalDueDate: dueAt.slice(0, 10),
          provisional: false,
          basis: '人民调解工作若干规定 (2002) 第三十三条',
          calendarVersion: 'bench',
          warned: i % 40 < 10,
          pausedAt: null,
          endedAt: null,
          ownerOrgUnitId: ROOM,
        },
      ],
    };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { cases: { type: 'string', default: '1000' }, reloads: { type: 'string', default: '5' } },
  });
  const total = Number(values.cases);
  ensureConsoleBuilt({
    info: (m: string) => process.stderr.write(`${m}\n`),
    error: (m: string) => process.stderr.write(`${m}\n`),
  });
  const stack = await startScriptStack({ name: 'bench-queue', inProcessWorker: false });
  const config = loadConfig();
  const browser = await launchBrowser();
  try {
    const user = await new AccountStore(stack.db.models).create(
      {
        login: 'bench.mediator',
        name: '压测调解员',
        role: 'mediator',
        org: ROOM,
        passwordHash: await hashPassword('Bench-pass-2026'),
      },
      { sub: 'bench', role: 'admin', org: 'ND' },
      'benchmark',
    );
    // Their unit's open cases, all assigned to them: 我的在办, the tab a mediator lands on, holds them all.
    await stack.db.models.Case.collection.insertMany(
      openCases(stack.tree, total).map((c) => ({ ...c, assigneeId: user._id })),
    );
    const server = await listenScriptApi(stack, config.AUTH_JWT_SECRET);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // The API alone, signed in as the browser would be.
    const login = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 'bench.mediator', password: 'Bench-pass-2026' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const time = async (path: string): Promise<number> => {
      const t = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { Cookie: cookie } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${res.status} ${path}`);
      return performance.now() - t;
    };
    // The counts two ways, alternated: one scan per view (as before) and one scan for all (countViews).
    const caller = { sub: user._id, role: 'mediator' as const, org: ROOM, name: null };
    const scope = visibleTo(caller, stack.tree);
    const perView: number[] = [];
    const oneScan: number[] = [];
    for (let i = 0; i < 10; i++) {
      let t = performance.now();
      const now = new Date().toISOString();
      const a = await Promise.all(
        QUEUE_VIEWS.map((v) => stack.db.models.Case.countDocuments({ $and: [scope, queueView(v, caller, now)] })),
      );
      perView.push(performance.now() - t);
      t = performance.now();
      const b = await countViews(stack.db.models, scope, QUEUE_VIEWS, caller);
      oneScan.push(performance.now() - t);
      if (QUEUE_VIEWS.some((v, j) => a[j] !== b[v])) throw new Error(`counts differ: ${JSON.stringify({ a, b })}`);
    }
    const page1: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < 20; i++) {
      page1.push(await time('/api/v1/cases?view=mine&sort=nextDueAt&limit=20'));
      counts.push(await time('/api/v1/cases/counts'));
    }

    // The browser: sign in through the form once, then time the queue's first paint of rows and counts.
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${base}/console/login`);
    await page.fill('input[name=login]', 'bench.mediator');
    await page.fill('input[name=password]', 'Bench-pass-2026');
    await page.press('input[name=password]', 'Enter');
    await page.waitForURL(/\/console\/?$/);
    const visit = async (): Promise<{ rows: number; counts: number }> => {
      const t = performance.now();
      const countsDone = page.waitForResponse((r) => r.url().includes('/api/v1/cases/counts'));
      await page.goto(`${base}/console/`);
      await page.waitForSelector('tr.ant-table-row').catch(async (err: unknown) => {
        await page.screenshot({ path: '.test-data/bench-queue-failed.png' });
        throw err;
      });
      const rows = performance.now() - t;
      await countsDone;
      return { rows, counts: performance.now() - t };
    };
    const runs = [] as Array<{ rows: number; counts: number }>;
    for (let i = 0; i <= Number(values.reloads); i++) runs.push(await visit());
    const [cold, ...warm] = runs;

    process.stdout.write(
      [
        `queue of ${ROOM} with ${total} open cases (FerretDB, embedded default)`,
        `API  first page (view=mine, sort=nextDueAt, 20 rows): p50 ${ms(pct(page1, 50))}, p95 ${ms(pct(page1, 95))}`,
        `API  tab counts (7 views):                          p50 ${ms(pct(counts, 50))}, p95 ${ms(pct(counts, 95))}`,
        `store, the 7 counts: a scan per view p50 ${ms(pct(perView, 50))}, one scan p50 ${ms(pct(oneScan, 50))} (${(pct(perView, 50) / pct(oneScan, 50)).toFixed(1)}× faster)`,
        `browser, first visit after sign-in: rows ${ms(cold!.rows)}, counts ${ms(cold!.counts)}`,
        `browser, ${warm.length} reloads: rows p50 ${ms(
          pct(
            warm.map((r) => r.rows),
            50,
          ),
        )}, counts p50 ${ms(
          pct(
            warm.map((r) => r.counts),
            50,
          ),
        )}`,
      ].join('\n') + '\n',
    );
    server.close();
  } finally {
    await browser.close();
    await stack.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
