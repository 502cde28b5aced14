/**
 * Benchmark: what a `/metrics` count of the mediation series costs on the embedded FerretDB as the archive
 * grows (decisions 75 and 77). For each size (default 1,000 and 10,000 cases, 15 events and 2 notifications
 * each), times the count as it was (the three queries of before: cases by stage, pending notifications and
 * the event log grouped by type and label, all scans) and as it is (`api/metrics.ts`: every case's tally
 * summed from an API process's case rows, and the outbox's pending count), alternated, with FerretDB's and
 * this process's CPU for each; the case rows' first load; and, for cases stored before the tally (`--older`,
 * default 1,000 of them, stripped of their tally at each size), a count meanwhile, the clean-up schedule's
 * count of their events (activities/case-tallies.ts, decision 78), its next run, and a count afterwards.
 * `npm run bench:metrics -- [--sizes 1000,10000] [--counts 3] [--older 1000] [--json]`.
 */
import { parseArgs } from 'node:util';
import { CaseIndex } from '../api/case-index';
import { LiveFeed } from '../api/live-feed';
import { createMetrics } from '../api/metrics';
import { keepUntalliedCases } from '../db/case-tally';
import type { Models } from '../db/models';
import { tallyEvents } from '../domain/case-tally';
import { startScriptStack } from './script-stack';
import { syntheticCases } from './synthetic-cases';
import { cpuSecondsOf } from './process-cpu';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    counts: { type: 'string', default: '3' },
    older: { type: 'string', default: '1000' },
    json: { type: 'boolean', default: false },
  },
});
const sizes = args.sizes.split(',').map(Number);
const counts = Number(args.counts);
const older = Number(args.older);

const EVENTS_PER_CASE = 15;
const KINDS = ['acceptance', 'mediation', 'follow_up'];

/** CPU seconds of a process that must be there. */
function cpuSeconds(pid: number): number {
  const s = cpuSecondsOf(pid);
  if (s === null) throw new Error(`no CPU time readable for process ${pid}`);
  return s;
}
const ownCpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Case `n`'s events: registered, then sessions, a warning for every other case, a breach for every
 * fourth, a close for every fifth; each with ~300 bytes of data, as stored events carry. */
function eventsOf(caseId: string, n: number): Array<Record<string, unknown>> {
  const types = ['case.registered'];
  if (n % 2 === 0) types.push('deadline.warned');
  if (n % 4 === 0) types.push('deadline.breached');
  while (types.length < EVENTS_PER_CASE - 1) types.push('session.recorded');
  types.push(n % 5 === 0 ? 'case.closed' : 'session.recorded');
  return types.map((type, i) => ({
    _id: `${caseId}:${i + 1}`,
    caseId,
    seq: i + 1,
    type,
    at: new Date(Date.UTC(2026, 0, 1) + n * 60_000 + i * 1_000).toISOString(),
    data: {
      ...(type === 'case.closed' ? { outcome: 'resolved', referral: null } : {}),
      ...(type.startsWith('deadline.') ? { deadline: { id: 'd-1', kind: KINDS[n % 3], dueAt: '2026-02-01' } } : {}),
      notes: '双方当事人到场，调解员释法说理，当事人表示愿意继续协商。'.repeat(4),
    },
    prevHash: 'p'.repeat(64),
    hash: 'h'.repeat(64),
  }));
}

/** Cases `from`…`to - 1` with their events, their notifications, and their tally as the worker stores it. */
async function store(stack: Awaited<ReturnType<typeof startScriptStack>>, from: number, to: number): Promise<void> {
  const { models } = stack.db;
  for (let i = from; i < to; i += 500) {
    const n = Math.min(500, to - i);
    const docs = syntheticCases(stack.tree, { count: n, prefix: `m${i}`, start: Date.now(), units: ['ND-JC-CN'] });
    const events = docs.flatMap((d, k) => eventsOf(String(d._id), i + k));
    for (const d of docs) {
      const own = events.filter((e) => e.caseId === d._id);
      Object.assign(d, { version: EVENTS_PER_CASE, tally: tallyEvents(own as never), tallyVersion: EVENTS_PER_CASE });
    }
    const notifications = docs.flatMap((d, k) =>
      [0, 1].map((j) => ({
        _id: `${String(d._id)}:2:${j}`,
        caseId: d._id,
        seq: 2,
        eventType: 'deadline.warned',
        target: j ? 'supervisor' : 'assignee',
        orgUnitId: 'ND-JC-CN',
        at: new Date().toISOString(),
        status: (i + k) % 50 === 0 && j === 0 ? 'pending' : 'sent',
      })),
    );
    await models.Case.collection.insertMany(docs);
    await models.CaseEvent.collection.insertMany(events);
    await models.Notification.collection.insertMany(notifications as never[]);
  }
}

/** The count as it was before decision 77 (api/metrics.ts until then). */
const countedBefore = (models: Models) =>
  Promise.all([
    models.Case.aggregate([{ $group: { _id: '$stage', n: { $sum: 1 } } }]),
    models.Notification.countDocuments({ status: 'pending' }),
    models.CaseEvent.aggregate([
      { $match: { type: { $in: ['case.registered', 'case.closed', 'deadline.warned', 'deadline.breached'] } } },
      { $group: { _id: { type: '$type', outcome: '$data.outcome', kind: '$data.deadline.kind' }, n: { $sum: 1 } } },
    ]),
  ]);

interface Measured {
  ms: number;
  ferretdbCpuS: number;
  apiCpuS: number;
}

/** Wall ms, FerretDB CPU-s and this process's CPU-s of one call. */
async function measured(ferretdb: number, fn: () => Promise<unknown>): Promise<Measured> {
  const [t, f, o] = [performance.now(), cpuSeconds(ferretdb), ownCpuSeconds()];
  await fn();
  return {
    ms: Math.round(performance.now() - t),
    ferretdbCpuS: Math.round((cpuSeconds(ferretdb) - f) * 100) / 100,
    apiCpuS: Math.round((ownCpuSeconds() - o) * 100) / 100,
  };
}

const opened = (text: string): number => Number(/^mediation_cases_opened_total (\d+)/m.exec(text)?.[1]);

async function main(): Promise<void> {
  const stack = await startScriptStack({ name: 'bench-metrics', inProcessWorker: false });
  const { models } = stack.db;
  const ferretdb = stack.servicePids.ferretdb;
  if (ferretdb === undefined) throw new Error('bench:metrics measures the embedded FerretDB: unset MONGODB_URI');
  const results = [];
  try {
    let stored = 0;
    for (const size of sizes) {
      await store(stack, stored, size);
      stored = size;
      const metrics = createMetrics(models, { readModelTtlMs: 0 });
      const index = new CaseIndex(models, new LiveFeed(models));
      metrics.countCasesFrom(() => index.select({}));
      const scrape = () => metrics.scrape();
      const rowsLoad = await measured(ferretdb, () => index.select({}));
      const before: Measured[] = [];
      const now: Measured[] = [];
      for (let c = 0; c < counts; c++) {
        before.push(await measured(ferretdb, () => countedBefore(models)));
        now.push(await measured(ferretdb, scrape));
      }
      if (opened(await scrape()) !== size)
        throw new Error(`counted ${opened(await scrape())} cases opened, not ${size}`);
      index.close();

      // Cases stored before the tally: left out of the counters (and untallied) until the clean-up schedule's
      // run counts their events and keeps the counts in case_tallies (activities/case-tallies.ts); a later run
      // only reads every case's version.
      const stripped = Math.min(older, size);
      const ids = Array.from(
        { length: stripped },
        (_, k) => `m${Math.floor(k / 500) * 500}-${String(k % 500).padStart(6, '0')}`,
      );
      await models.Case.collection.updateMany(
        { _id: { $in: ids as never[] } },
        { $unset: { tally: 1, tallyVersion: 1 } },
      );
      await models.CaseTally.collection.deleteMany({});
      const api = createMetrics(models, { readModelTtlMs: 0 });
      const rows = new CaseIndex(models, new LiveFeed(models));
      api.countCasesFrom(() => rows.select({}));
      await rows.select({});
      const untallied = (text: string) => Number(/^mediation_cases_untallied (\d+)/m.exec(text)?.[1]);
      const text = await api.scrape();
      // Until every case is counted, a process shows no counter.
      if (text.includes('mediation_cases_opened_total ') || untallied(text) !== stripped)
        throw new Error(`before the run: ${opened(text)} opened, ${untallied(text)} untallied`);
      const firstCount = await measured(ferretdb, () => api.scrape());
      const counting = await measured(ferretdb, () => keepUntalliedCases(models));
      const nextRun = await measured(ferretdb, () => keepUntalliedCases(models));
      const afterwards = await measured(ferretdb, () => api.scrape());
      const after = await api.scrape();
      if (opened(after) !== size || untallied(after) !== 0)
        throw new Error(`after the run: ${opened(after)} opened, ${untallied(after)} untallied`);
      rows.close();

      const row = {
        cases: size,
        events: size * EVENTS_PER_CASE,
        rowsLoad,
        before,
        now,
        older: { cases: stripped, firstCount, counting, nextRun, afterwards },
      };
      results.push(row);
      if (!args.json) {
        const show = (xs: Measured[]) =>
          xs.map((x) => `${x.ms} ms (FerretDB ${x.ferretdbCpuS} CPU-s, API ${x.apiCpuS})`).join(', ');
        console.log(`${size} cases, ${row.events} events: case rows loaded in ${rowsLoad.ms} ms`);
        console.log(`  count before: ${show(before)}`);
        console.log(`  count now:    ${show(now)}`);
        console.log(
          `  ${stripped} cases stored before the tally: a count meanwhile ${show([firstCount])}; ` +
            `the clean-up's count of them ${show([counting])} (worker CPU as API), its next run ${show([nextRun])}; ` +
            `a count afterwards ${show([afterwards])}`,
        );
      }
    }
  } finally {
    await stack.close();
  }
  if (args.json) console.log(JSON.stringify({ eventsPerCase: EVENTS_PER_CASE, counts, sizes: results }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
