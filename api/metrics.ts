/**
 * Prometheus metrics of an API process (api.md: `GET /metrics`): request rate and latency by route and
 * status, the process's own figures (prom-client's defaults), read-model gauges — cases by stage and
 * notifications still pending — and counters of cases opened and closed and of deadlines warned and
 * breached, as the append-only event log holds them (so they only grow, as a Prometheus counter must).
 * Cases by stage and the counters come from this process's case rows (api/case-index.ts), each with its
 * case's tally (domain/case-tally.ts; decision 77), so a count reads no case or event; a case whose own tally
 * is behind (stored before it) is counted by the tally the worker keeps for it in `case_tallies` (decision
 * 78), and `mediation_cases_untallied` says how many are not all counted yet. This process writes nothing:
 * only activities write what is derived from cases. Pending notifications are counted in the outbox, which the
 * embedded FerretDB answers with a scan; so the counts are made at most every 5 minutes, in the
 * background: a scrape answers with the last count while a new one is made, never waits for one but the
 * first, and says how old the count is. Series and their use: README "Operations".
 */
import type { Request, RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sumTallies, type CaseTally } from '../domain/case-tally';
import { keptTallies, wholeTally } from '../db/case-tally';
import type { Models } from '../db/models';
import type { CaseRow } from './case-index';

export interface ApiMetrics {
  registry: Registry;
  /** Counts and times every request once it is answered. */
  observe: RequestHandler;
  /** Answers a scrape in Prometheus's text format. */
  serve: RequestHandler;
  /** Where the cases are counted from: every case row of the process (api/app.ts sets it). */
  countCasesFrom(rows: () => Promise<CaseRow[]>): void;
}

const READ_MODEL_TTL_MS = 5 * 60_000;

interface Counted {
  stages: Map<string, number>;
  pending: number;
  /** Every case's tally, summed. */
  total: CaseTally;
  /** Cases whose events the total does not all count yet. */
  untallied: number;
}

type Kept = Map<string, { version: number; tally: CaseTally }>;

/** The rows' tallies added up. A case whose own tally is not whole is counted by the tally kept for it in
 * `case_tallies` (db/case-tally.ts) when that counts more of it, and is untallied until that counts it
 * all. `seen` keeps the latest kept tally of each case this process has read, so a count never goes back. */
function sumRowTallies(rows: readonly CaseRow[], kept: Kept, seen: Kept): { total: CaseTally; untallied: number } {
  for (const [id, k] of kept) if ((seen.get(id)?.version ?? 0) < k.version) seen.set(id, k);
  const tallies: Array<Partial<CaseTally> | null> = [];
  let untallied = 0;
  for (const row of rows) {
    const own = (row.tally as Partial<CaseTally> | undefined) ?? null;
    if (wholeTally(row)) {
      tallies.push(own);
      continue;
    }
    const ownVersion = typeof row.tallyVersion === 'number' ? row.tallyVersion : 0;
    const k = seen.get(row._id);
    const best = k && k.version >= ownVersion ? k : { version: ownVersion, tally: own };
    tallies.push(best.tally);
    if (best.version < row.version) untallied++;
  }
  return { total: sumTallies(tallies), untallied };
}

async function countReadModel(models: Models, cases: () => Promise<CaseRow[]>, seen: Kept): Promise<Counted> {
  const [rows, pending, kept] = await Promise.all([
    cases(),
    models.Notification.countDocuments({ status: 'pending' }),
    keptTallies(models),
  ]);
  const stages = new Map<string, number>();
  for (const row of rows) stages.set(String(row.stage), (stages.get(String(row.stage)) ?? 0) + 1);
  return { stages, pending, ...sumRowTallies(rows, kept, seen) };
}

/** The route a request matched, as written in the code (`/api/v1/cases/:id`): a bounded label. */
function routeOf(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  return typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : 'unmatched';
}

/** `readModelTtlMs`: how long a count is used before a new one is made (5 minutes; a test counts afresh
 * with 0, when every scrape waits for its own count). */
export function createMetrics(models: Models, opts: { readModelTtlMs?: number } = {}): ApiMetrics {
  const ttlMs = opts.readModelTtlMs ?? READ_MODEL_TTL_MS;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, matched route and status',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, matched route and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  let cases: (() => Promise<CaseRow[]>) | null = null;
  const countCases = (): Promise<CaseRow[]> =>
    cases ? cases() : Promise.reject(new Error('metrics: no case rows to count from (countCasesFrom)'));
  // The latest tally kept for each case whose own is not whole, as this process has read them.
  const seen: Kept = new Map();
  // The last count, and the one being made (every collector of a scrape awaits the same one).
  let last: { at: number; counted: Counted } | null = null;
  let counting: Promise<Counted> | null = null;
  const recount = (): Promise<Counted> =>
    (counting ??= countReadModel(models, countCases, seen)
      .then((counted) => {
        last = { at: Date.now(), counted };
        return counted;
      })
      .finally(() => {
        counting = null; // a failed count is not kept: the next scrape tries again
      }));
  const readModel = async (): Promise<Counted> => {
    if (last && Date.now() - last.at < ttlMs) return last.counted;
    const next = recount();
    if (!last || ttlMs === 0) return next;
    next.catch(() => undefined); // the stale count answers; the next scrape starts another
    return last.counted;
  };
  new Gauge({
    name: 'mediation_read_model_count_age_seconds',
    help: 'Age of the counts of the mediation_* series: made at most every 5 minutes, in the background',
    registers: [registry],
    async collect() {
      await readModel();
      this.set(last ? (Date.now() - last.at) / 1000 : 0);
    },
  });
  new Gauge({
    name: 'mediation_cases',
    help: 'Cases in the read model, by stage (closed included)',
    labelNames: ['stage'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [stage, n] of (await readModel()).stages) this.set({ stage }, n);
    },
  });
  new Gauge({
    name: 'mediation_cases_untallied',
    help: 'Cases whose events the mediation_*_total counters do not all count yet (stored before the per-case tallies; counted at the next run of the clean-up schedule)',
    registers: [registry],
    async collect() {
      this.set((await readModel()).untallied);
    },
  });
  new Gauge({
    name: 'mediation_notifications_pending',
    help: 'Notifications in the outbox not yet sent',
    registers: [registry],
    async collect() {
      this.set((await readModel()).pending);
    },
  });
  /** A counter whose value is the event log's count of a series, by `label` for the labelled ones. */
  const fromTallies = (name: string, help: string, series: keyof CaseTally, label?: 'outcome' | 'kind'): void => {
    new Counter({
      name,
      help,
      labelNames: label ? [label] : [],
      registers: [registry],
      async collect() {
        const counted = (await readModel()).total[series];
        this.reset();
        if (typeof counted === 'number') this.inc(counted);
        else if (label) for (const [value, n] of Object.entries(counted)) this.inc({ [label]: value }, n);
      },
    });
  };
  fromTallies('mediation_cases_opened_total', 'Cases registered (case.registered events)', 'opened');
  fromTallies('mediation_cases_closed_total', 'Cases closed, by outcome (case.closed events)', 'closed', 'outcome');
  fromTallies(
    'mediation_deadlines_warned_total',
    'Deadline warnings, by deadline kind (deadline.warned events)',
    'warned',
    'kind',
  );
  fromTallies(
    'mediation_deadlines_breached_total',
    'Deadline breaches, by deadline kind (deadline.breached events)',
    'breached',
    'kind',
  );

  return {
    registry,
    countCasesFrom: (rows) => {
      cases = rows;
    },
    observe: (req, res, next) => {
      const end = duration.startTimer();
      res.once('finish', () => {
        const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
        requests.inc(labels);
        end(labels);
      });
      next();
    },
    serve: (_req, res, next) => {
      registry.metrics().then((text) => {
        res.type(registry.contentType).send(text);
      }, next);
    },
  };
}
