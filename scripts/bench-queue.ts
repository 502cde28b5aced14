/**
 * Benchmark: the console's queue for a unit with N open cases (default 2,000) among M stored (default
 * 10,000; the rest closed cases of other units) on the embedded default (FerretDB), in a real browser.
 * Reports the API's first page and tab counts (p50 / p95 over loopback HTTP), the same two answered the
 * way they were before the read model (a projected read of the store per request, alternated with the
 * read model in one run), and the browser's time from navigating to `/console/` to the first row and to
 * the tab counts (cold, then warm reloads). `npm run bench:queue -- [--cases 2000] [--stored 10000]
 * [--reloads 5] [--requests 100] [--json]` (first pages and counts over HTTP, each; `--json`: one JSON
 * object instead of lines, which `npm run bench` keeps).
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { AccountStore } from '../db/accounts';
import { hashPassword } from '../api/passwords';
import { launchBrowser } from './chromium';
import { ensureConsoleBuilt } from './console-build';
import { listenScriptApi, startScriptStack } from './script-stack';
import sift from 'sift';
import { countViews, nextDueFirst, QUEUE_VIEWS, queueView, visibleTo } from '../api/case-queries';
import { CaseIndex, ROW_FIELDS } from '../api/case-index';
import { LiveFeed } from '../api/live-feed';
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
    options: {
      cases: { type: 'string', default: '2000' },
      stored: { type: 'string', default: '10000' },
      reloads: { type: 'string', default: '5' },
      requests: { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
    },
  });
  const total = Number(values.cases);
  const stored = Math.max(total, Number(values.stored));
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
    // The archive: closed cases of the other units of the county.
    for (let i = total; i < stored; i += 1000)
      await stack.db.models.Case.collection.insertMany(
        syntheticCases(stack.tree, {
          count: Math.min(1000, stored - i),
          prefix: `z${i}`,
          start: Date.parse('2025-01-01T00:00:00Z') + i * 1000,
          units: ['ND-JC-ZW-ROOM', 'ND-FA-CY-ROOM', 'ND-XP-SS-ROOM', 'ND-JC-CN'],
        }).map((c) => ({ ...c, stage: 'closed', outcome: 'resolved', nextDueAt: null, warned: false })),
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
    // The counts and the first page two ways, alternated: read from the store per request (as before the
    // read model) and from a read model (api/case-index.ts); the answers must agree.
    const { models } = stack.db;
    const caller = { sub: user._id, role: 'mediator' as const, org: ROOM, name: null };
    const scope = visibleTo(caller, stack.tree);
    const index = new CaseIndex(models, new LiveFeed(models));
    const fromStore = { counts: [] as number[], page: [] as number[] };
    const fromIndex = { counts: [] as number[], page: [] as number[], load: 0 };
    let t = performance.now();
    await index.select({});
    fromIndex.load = performance.now() - t;
    for (let i = 0; i < 10; i++) {
      const now = new Date().toISOString();
      t = performance.now();
      const docs = await models.Case.find(scope, ROW_FIELDS).lean<Array<Record<string, unknown>>>();
      const a = QUEUE_VIEWS.map((v) => docs.filter(sift(queueView(v, caller, now) as never)).length);
      fromStore.counts.push(performance.now() - t);
      t = performance.now();
      const b = await countViews(index, scope, QUEUE_VIEWS, caller);
      fromIndex.counts.push(performance.now() - t);
      if (QUEUE_VIEWS.some((v, j) => a[j] !== b[v])) throw new Error(`counts differ: ${JSON.stringify({ a, b })}`);
      const filter = [scope, queueView('mine', caller, now)];
      t = performance.now();
      const p = await models.Case.find({ $and: [...filter, { nextDueAt: { $ne: null } }] })
        .sort({ nextDueAt: 1, _id: 1 })
        .limit(21)
        .lean<Array<{ _id: string }>>();
      fromStore.page.push(performance.now() - t);
      t = performance.now();
      const q = await nextDueFirst(models, index, filter, 20);
      fromIndex.page.push(performance.now() - t);
      if (p.slice(0, 20).some((d, j) => d._id !== q.docs[j]?._id)) throw new Error('first pages differ');
    }
    index.close();
    // The API process reads its rows once (at start in production, `warmReadModels`); timed on its own.
    const apiLoad = await time('/api/v1/cases/counts');
    const page1: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < Number(values.requests); i++) {
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

    const p = (xs: number[], q: number): number => Math.round(pct(xs, q));
    const result = {
      benchmark: 'queue',
      openCases: total,
      stored,
      requests: page1.length,
      firstPage: { p50: p(page1, 50), p95: p(page1, 95) },
      counts: { p50: p(counts, 50), p95: p(counts, 95) },
      inProcessP50: {
        countsFromStore: p(fromStore.counts, 50),
        countsFromReadModel: p(fromIndex.counts, 50),
        firstPageFromStore: p(fromStore.page, 50),
        firstPageFromReadModel: p(fromIndex.page, 50),
      },
      readModelFirstRead: { inProcess: Math.round(fromIndex.load), api: Math.round(apiLoad) },
      browser: {
        cold: { rows: Math.round(cold!.rows), counts: Math.round(cold!.counts) },
        reloads: warm.length,
        reloadP50: {
          rows: p(
            warm.map((r) => r.rows),
            50,
          ),
          counts: p(
            warm.map((r) => r.counts),
            50,
          ),
        },
      },
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else
      process.stdout.write(
        [
          `queue of ${ROOM} with ${total} open cases, ${stored} stored (FerretDB, embedded default)`,
          `API  first page (view=mine, sort=nextDueAt, 20 rows): p50 ${ms(result.firstPage.p50)}, p95 ${ms(result.firstPage.p95)}`,
          `API  tab counts (7 views):                          p50 ${ms(result.counts.p50)}, p95 ${ms(result.counts.p95)}`,
          `in process, alternated: the 7 counts from the store p50 ${ms(pct(fromStore.counts, 50))}, from the read model p50 ${ms(pct(fromIndex.counts, 50))} (${(pct(fromStore.counts, 50) / pct(fromIndex.counts, 50)).toFixed(0)}×)`,
          `in process, alternated: first page from the store p50 ${ms(pct(fromStore.page, 50))}, from the read model p50 ${ms(pct(fromIndex.page, 50))} (${(pct(fromStore.page, 50) / pct(fromIndex.page, 50)).toFixed(0)}×)`,
          `read model: first read of ${stored} rows ${ms(fromIndex.load)} (in process), ${ms(apiLoad)} (the API's, over HTTP)`,
          `browser, first visit after sign-in: rows ${ms(cold!.rows)}, counts ${ms(cold!.counts)}`,
          `browser, ${warm.length} reloads: rows p50 ${ms(result.browser.reloadP50.rows)}, counts p50 ${ms(result.browser.reloadP50.counts)}`,
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
