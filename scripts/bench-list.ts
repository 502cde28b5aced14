/**
 * Benchmark: filtered listing over N cases (default 10,000) through the real app over loopback HTTP.
 * Reports p50/p95 of a filtered first page, alternated in one run with the same page read from the store
 * as the API did before its read model (api/case-index.ts), and checks that a full page walk, with new
 * cases arriving meanwhile, sees each earlier case exactly once. `npm run bench:list -- [--cases 10000]`.
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { signToken } from '../api/auth';
import { loadConfig } from '../config';
import { listenScriptApi, startScriptStack } from './script-stack';
import { storeCases, syntheticCases } from './synthetic-cases';
import { visibleTo } from '../api/case-queries';

const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { cases: { type: 'string', default: '10000' }, requests: { type: 'string', default: '60' } },
  });
  const total = Number(values.cases);
  const stack = await startScriptStack({ name: 'bench-list' });
  const config = loadConfig();
  try {
    const units = ['ND-JC-JN-ROOM', 'ND-JC-JN-V01', 'ND-JC-ZW-ROOM', 'ND-JC-CN', 'ND-FA-CY-ROOM', 'ND-XP-SS-ROOM'];
    const t0 = Date.now();
    for (let i = 0; i < total; i += 1000) {
      await stack.db.models.Case.collection.insertMany(
        syntheticCases(stack.tree, {
          count: Math.min(1000, total - i),
          prefix: `b${i}`,
          start: Date.parse('2026-01-01T00:00:00Z') + i * 1000,
          units,
        }),
      );
      process.stderr.write(`\rinserted ${Math.min(total, i + 1000)}/${total}`);
    }
    process.stderr.write(` in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`);
    const server = await listenScriptApi(stack, config.AUTH_JWT_SECRET);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const token = await signToken(config.AUTH_JWT_SECRET, { sub: 'bench', role: 'supervisor', org: 'ND-JC' });
    const get = async (path: string) => {
      const t = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { items: Array<{ id: string }>; nextCursor: string | null };
      if (!res.ok) throw new Error(`${res.status} ${path}`);
      return { ms: performance.now() - t, body };
    };
    const now = new Date().toISOString();
    // Each filter as a query, and as the store query the API ran for it before its read model.
    const filters: Array<[string, Record<string, unknown>]> = [
      ['stage=in_mediation', { stage: 'in_mediation' }],
      ['stage=accepted&category=marriage_family', { stage: 'accepted', category: 'marriage_family' }],
      ['overdue=true', { nextDueAt: { $lt: now } }],
      ['riskLevel=high&ownerOrgUnitId=ND-JC-JN-ROOM', { riskLevel: 'high', ownerOrgUnitId: 'ND-JC-JN-ROOM' }],
      ['q=boundary', { $or: [{ caseNo: /boundary/i }, { summary: /boundary/i }] }],
    ];
    const scope = visibleTo({ sub: 'bench', role: 'supervisor', org: 'ND-JC', name: null }, stack.tree);
    // The API process reads its rows once (at start in production, `warmReadModels`); timed on its own.
    const load = (await get('/api/v1/cases?limit=1')).ms;
    const first: number[] = [];
    const byFilter = new Map<string, number[]>();
    const store: number[] = [];
    for (let i = 0; i < Number(values.requests); i++) {
      const [query, filter] = filters[i % filters.length]!;
      const api = await get(`/api/v1/cases?${query}&limit=20`);
      first.push(api.ms);
      byFilter.set(query, [...(byFilter.get(query) ?? []), api.ms]);
      const t = performance.now();
      const docs = await stack.db.models.Case.find({ $and: [scope, filter] })
        .sort({ createdAt: -1, _id: -1 })
        .limit(21)
        .lean<Array<{ _id: string }>>();
      store.push(performance.now() - t);
      if (docs.slice(0, 20).some((d, j) => d._id !== api.body.items[j]?.id)) throw new Error(`pages differ: ${query}`);
    }
    // A full walk of one filter while cases keep arriving.
    const expected = new Set(
      (
        await stack.db.models.Case.find({
          stage: 'in_mediation',
          $or: [{ ownerPath: 'ND-JC' }, { originPath: 'ND-JC' }],
        })
          .select({ _id: 1 })
          .lean()
      ).map((d) => String(d._id)),
    );
    const seen: string[] = [];
    const deep: number[] = [];
    let cursor: string | null = null;
    let batch = 0;
    do {
      const r = await get(`/api/v1/cases?stage=in_mediation&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      deep.push(r.ms);
      seen.push(...r.body.items.map((c) => c.id));
      cursor = r.body.nextCursor;
      await storeCases(
        stack.db.models,
        syntheticCases(stack.tree, { count: 10, prefix: `live${batch++}`, start: Date.now(), units }),
      );
    } while (cursor);
    const earlier = seen.filter((id) => !id.startsWith('live'));
    const result = {
      benchmark: 'list',
      cases: total,
      firstReadOfTheRows: Math.round(load),
      firstPage: {
        requests: first.length,
        p50: Math.round(pct(first, 50)),
        p95: Math.round(pct(first, 95)),
        max: Math.round(Math.max(...first)),
        fromStoreAlternated: { p50: Math.round(pct(store, 50)), p95: Math.round(pct(store, 95)) },
        // Each filter's own p95 (issue 14: any filtered listing), over its share of the requests.
        p95ByFilter: Object.fromEntries([...byFilter].map(([q, ms]) => [q, Math.round(pct(ms, 95))])),
      },
      fullWalk: {
        pages: deep.length,
        p50: Math.round(pct(deep, 50)),
        p95: Math.round(pct(deep, 95)),
        insertedDuringWalk: batch * 10,
        duplicates: seen.length - new Set(seen).size,
        missing: [...expected].filter((id) => !earlier.includes(id)).length,
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    server.close();
  } finally {
    await stack.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
