/**
 * Benchmark: the inbox on the embedded default (FerretDB) as stored items grow (issue 14). For each size
 * (default 500, 5,000 and 50,000 items among 40 users, one in ten of each user's unread), times the two
 * reads the console makes (the bell: the newest unread item and the count, on every page load and every
 * two minutes; the drawer: a page of 20 and the count) answered by the API's read model
 * (api/inbox-index.ts: a feed poll, the user's mark log, the page's items by `_id`) and answered from the
 * store as before it (a count and a sorted page per request), alternated in one run, in process (no HTTP),
 * with an empty live feed; the read model's full read (at start, every 30 minutes, and whenever the feed
 * cannot say what changed) and its heap; and mark-all-read both ways, on users not marked before.
 * `npm run bench:inbox -- [--stored 500,5000,50000] [--users 40] [--reads 30] [--json]`.
 */
import { parseArgs } from 'node:util';
import { InboxIndex } from '../api/inbox-index';
import { LiveFeed } from '../api/live-feed';
import type { InboxItemDoc, Models } from '../db/models';
import { pageNewestFirst } from '../db/newest-first';
import { startScriptStack } from './script-stack';

const { values: args } = parseArgs({
  options: {
    stored: { type: 'string', default: '500,5000,50000' },
    users: { type: 'string', default: '40' },
    reads: { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
  },
});
const sizes = args.stored.split(',').map(Number);
const userCount = Number(args.users);
const reads = Number(args.reads);

const pct = (xs: number[], p: number): number =>
  Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!);
const summary = (xs: number[]) => ({ p50: pct(xs, 50), p95: pct(xs, 95) });
const user = (i: number) => `bench-user-${i % userCount}`;

/** The heap in use after a full collection (when the script may ask for one). */
function heapUsed(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Items `from`…`to - 1`, spread over the users, one in ten unread, a minute apart. */
async function storeItems(models: Models, from: number, to: number): Promise<void> {
  const start = Date.UTC(2026, 0, 1);
  for (let i = from; i < to; i += 1_000) {
    const batch: InboxItemDoc[] = [];
    for (let n = i; n < Math.min(to, i + 1_000); n++) {
      const at = new Date(start + n * 60_000).toISOString();
      batch.push({
        _id: `bench-case-${n}:1:${user(n)}`,
        userId: user(n),
        notificationId: `bench-case-${n}:1`,
        caseId: `bench-case-${n}`,
        caseNo: `ND-2026-${String(n).padStart(6, '0')}`,
        kind: 'deadline.breached',
        title: '调解期限已届满',
        detail: `案件 ND-2026-${String(n).padStart(6, '0')} 的调解期限已届满，请及时处理`,
        at,
        readAt: Math.floor(n / userCount) % 10 === 0 ? null : at,
      });
    }
    await models.InboxItem.collection.insertMany(batch as never[], { ordered: false });
  }
}

/** The reads as they were before the read model (db/inbox-store.ts until issue 14's inbox change). */
const fromStore = {
  page: (models: Models, userId: string, unread: boolean, limit: number) =>
    Promise.all([
      pageNewestFirst(models.InboxItem, unread ? { userId, readAt: null } : { userId }, 'at', limit),
      models.InboxItem.countDocuments({ userId, readAt: null }).exec(),
    ]),
  markAll: (models: Models, userId: string, now: Date) =>
    models.InboxItem.updateMany({ userId, readAt: null }, { $set: { readAt: now.toISOString() } }).exec(),
};

async function main(): Promise<void> {
  const stack = await startScriptStack({ name: 'bench-inbox', inProcessWorker: false });
  const { models } = stack.db;
  const results = [];
  try {
    let stored = 0;
    for (const size of sizes) {
      await storeItems(models, stored, size);
      stored = size;
      const index = new InboxIndex(models, new LiveFeed(models));
      const heapBefore = heapUsed();
      const loadMs = Math.round(await timed(() => index.warm()));
      const heapMb = Math.round((heapUsed() - heapBefore) / 1e5) / 10;
      const t = {
        bell: { store: [] as number[], index: [] as number[] },
        drawer: { store: [] as number[], index: [] as number[] },
      };
      for (let r = 0; r < reads; r++) {
        const u = user(r);
        t.bell.store.push(await timed(() => fromStore.page(models, u, true, 1)));
        t.bell.index.push(await timed(() => index.page(u, { unread: true, limit: 1 })));
        t.drawer.store.push(await timed(() => fromStore.page(models, u, false, 20)));
        t.drawer.index.push(await timed(() => index.page(u, { unread: false, limit: 20 })));
      }
      // Mark-all on four users not marked at an earlier size (their unread are gone afterwards): two each way.
      const now = new Date();
      const first = 4 * sizes.indexOf(size);
      const markAll = {
        store: [
          await timed(() => fromStore.markAll(models, user(first), now)),
          await timed(() => fromStore.markAll(models, user(first + 2), now)),
        ],
        index: [
          await timed(() => index.markAllRead(user(first + 1), now)),
          await timed(() => index.markAllRead(user(first + 3), now)),
        ],
      };
      index.close();
      const row = {
        stored: size,
        unreadPerUser: Math.round(size / 10 / userCount),
        indexLoadMs: loadMs,
        /** The read model's heap (MB, after a collection; null unless run with --expose-gc, as npm runs it). */
        indexHeapMb: global.gc ? heapMb : null,
        bell: { store: summary(t.bell.store), index: summary(t.bell.index) },
        drawer: { store: summary(t.drawer.store), index: summary(t.drawer.index) },
        markAllMs: { store: markAll.store.map(Math.round), index: markAll.index.map(Math.round) },
      };
      results.push(row);
      if (!args.json)
        console.log(
          `${size} items (${row.unreadPerUser} unread per user): read model loaded in ${loadMs} ms (${row.indexHeapMb ?? '?'} MB heap); ` +
            `bell p50/p95 store ${row.bell.store.p50}/${row.bell.store.p95} ms, read model ${row.bell.index.p50}/${row.bell.index.p95} ms; ` +
            `drawer store ${row.drawer.store.p50}/${row.drawer.store.p95} ms, read model ${row.drawer.index.p50}/${row.drawer.index.p95} ms; ` +
            `mark all store ${row.markAllMs.store.join(', ')} ms, read model ${row.markAllMs.index.join(', ')} ms`,
        );
    }
  } finally {
    await stack.close();
  }
  if (args.json) console.log(JSON.stringify({ users: userCount, reads, sizes: results }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
