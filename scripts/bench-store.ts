/**
 * Benchmark: what one read-model operation costs on the embedded FerretDB as the archive grows, with
 * our launcher (FerretDB plus scripts/ferretdb-launcher/patches) and with FerretDB as published,
 * in one run. The operations are the ones on every action's path: `findById` of a case, the
 * activity's conditional `updateOne({ _id, version: { $lt } })`, and the lookup of a stored event by
 * `_id`, and a case's events read by a query on `caseId` or by `_id` (db/case-event-reads). `npm run bench:store -- [--sizes 100,1000,10000] [--ops 200] [--published no] [--json]`; prints p50/p95 per size and
 * the ratios that issue 14 asks for (cost at the largest size ÷ cost at the smallest; published ÷ ours).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
type Document = mongoose.mongo.Document;
import { OrgTree, readOrgUnitSeed } from '../db/org-units';
import { SEED_FILE } from './script-stack';
import { startLocalServices } from './services/local-services';
import { SERVICES_DIR, servicePaths } from './services/paths';
import { syntheticCases } from './synthetic-cases';
import { readCaseEvents } from '../db/case-event-reads';

const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** FerretDB exactly as the module proxy serves it: the launcher built without our patches. */
function publishedLauncher(): string {
  const bin = path.join(SERVICES_DIR, 'bin', 'ferretdb-launcher-published');
  if (!existsSync(bin)) {
    process.stderr.write('building the unpatched FerretDB launcher for comparison\n');
    execFileSync('go', ['build', '-trimpath', '-o', bin, '.'], {
      cwd: servicePaths.ferretdbSource,
      stdio: 'inherit',
      env: { ...process.env, CGO_ENABLED: '0' },
    });
  }
  return bin;
}

const OPS = ['findById', 'conditionalUpdate', 'eventById', 'caseEventsByQuery', 'caseEventsById'] as const;
type Op = (typeof OPS)[number];
type Result = Record<Op, { p50: number; p95: number }>;

async function timeOp(n: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  return { p50: pct(ms, 50), p95: pct(ms, 95) };
}

async function measure(binary: string, sizes: number[], ops: number, tree: OrgTree): Promise<Map<number, Result>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-store-'));
  const quiet = { info: () => undefined, warn: () => undefined };
  const services = await startLocalServices({ dataDir, temporal: false, ferretdbBinary: binary, log: quiet });
  const client = await mongoose.mongo.MongoClient.connect(services.mongoUri!);
  const results = new Map<number, Result>();
  try {
    const db = client.db('bench');
    const cases = db.collection<{ _id: string } & Document>('cases');
    const events = db.collection<{ _id: string } & Document>('case_events');
    await events.createIndex({ caseId: 1, seq: 1 }, { unique: true });
    const units = ['ND-JC-JN-ROOM', 'ND-JC-JN-V01', 'ND-JC-ZW-ROOM', 'ND-JC-CN'];
    let stored = 0;
    for (const size of sizes) {
      while (stored < size) {
        const count = Math.min(1000, size - stored);
        const docs = syntheticCases(tree, {
          count,
          prefix: `b${stored}`,
          start: Date.parse('2026-01-01') + stored * 1000,
          units,
        }) as Array<{ _id: string } & Document>;
        await cases.insertMany(docs);
        await events.insertMany(
          docs.flatMap((d) =>
            [1, 2, 3].map((seq) => ({
              _id: `${d._id}:${seq}`,
              caseId: d._id,
              seq,
              type: 'x',
              data: { n: seq },
            })),
          ),
        );
        stored += count;
      }
      const ids = (await cases.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
      const idAt = (i: number): string => ids[(i * 7919) % ids.length]!;
      results.set(size, {
        findById: await timeOp(ops, (i) => cases.findOne({ _id: idAt(i) } as Document)),
        conditionalUpdate: await timeOp(ops, (i) =>
          cases.updateOne(
            { _id: idAt(i), version: { $lt: 1_000_000 + i } },
            {
              $set: { version: 1_000_000 + i },
            },
          ),
        ),
        eventById: await timeOp(ops, (i) => events.findOne({ _id: `${idAt(i)}:2` } as Document)),
        // A case's events (timeline, documents, verify): as it was read, and as db/case-event-reads reads it.
        caseEventsByQuery: await timeOp(ops, (i) =>
          events
            .find({ caseId: idAt(i) })
            .sort({ seq: 1 })
            .toArray(),
        ),
        caseEventsById: await timeOp(ops, (i) => readCaseEvents(events as never, idAt(i), 3)),
      });
      process.stderr.write(`  ${path.basename(binary)} at ${size} cases: ${JSON.stringify(results.get(size))}\n`);
    }
  } finally {
    await client.close();
    await services.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

/** What `--json` prints (and `npm run bench` keeps): p50 / p95 in ms per operation and size, and each
 * operation's growth, its p50 at the largest size ÷ at the smallest (issue 14: within 2×). */
function asJson(sizes: number[], ops: number, ours: Map<number, Result>, published: Map<number, Result> | null) {
  const first = sizes[0]!;
  const last = sizes[sizes.length - 1]!;
  const byOp = (r: Map<number, Result>) =>
    Object.fromEntries(
      OPS.map((op) => [
        op,
        {
          bySize: Object.fromEntries(
            sizes.map((size) => {
              const { p50, p95 } = r.get(size)![op];
              return [size, { p50: round1(p50), p95: round1(p95) }];
            }),
          ),
          growth: round2(r.get(last)![op].p50 / r.get(first)![op].p50),
        },
      ]),
    );
  return {
    benchmark: 'store',
    opsPerSize: ops,
    sizes,
    ours: byOp(ours),
    ...(published ? { published: byOp(published) } : {}),
  };
}
const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100,1000,10000' },
      ops: { type: 'string', default: '200' },
      // `no`: measure our FerretDB only (half the time), without FerretDB as published beside it.
      published: { type: 'string', default: 'yes' },
      json: { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const ops = Number(values.ops);
  const tree = new OrgTree(readOrgUnitSeed(SEED_FILE));
  const ours = await measure(servicePaths.ferretdb, sizes, ops, tree);
  const published = values.published === 'no' ? null : await measure(publishedLauncher(), sizes, ops, tree);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(asJson(sizes, ops, ours, published), null, 2)}\n`);
    return;
  }
  const f = (x: number | undefined): string => (x === undefined ? '–' : x.toFixed(1)).padStart(8);
  const first = sizes[0]!;
  const last = sizes[sizes.length - 1]!;
  console.log(`\np50 / p95 in ms per operation (${ops} operations each)\n`);
  console.log(
    `${'operation'.padEnd(18)}${'cases'.padStart(7)}  ${'ours p50'.padStart(8)}  ${'p95'.padStart(8)}  ${'publ p50'.padStart(8)}  ${'p95'.padStart(8)}  published÷ours`,
  );
  for (const op of OPS) {
    for (const size of sizes) {
      const o = ours.get(size)![op];
      const p = published?.get(size)![op];
      console.log(
        `${op.padEnd(18)}${String(size).padStart(7)}  ${f(o.p50)}  ${f(o.p95)}  ${f(p?.p50)}  ${f(p?.p95)}  ${p ? `${(p.p50 / o.p50).toFixed(1)}×` : ''}`,
      );
    }
    const growth = (r: Map<number, Result>): string => (r.get(last)![op].p50 / r.get(first)![op].p50).toFixed(2);
    console.log(
      `${''.padEnd(18)}p50 at ${last} ÷ at ${first}: ours ${growth(ours)}×${published ? `, published ${growth(published)}×` : ''}\n`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
