/**
 * Prometheus metrics of an API process (api.md: `GET /metrics`): request rate and latency by route and
 * status, the process's own figures (prom-client's defaults), read-model gauges — cases by stage and
 * notifications still pending — and counters of cases opened and closed and of deadlines warned and
 * breached, as the append-only event log holds them (so they only grow, as a Prometheus counter must).
 * Cases by stage and the counters come from this process's case rows (api/case-index.ts), each with its
 * case's tally (domain/case-tally.ts; decision 77), so a count reads no case or event; a case whose own tally
 * is behind (stored before it) is counted from its events, once per version, the count kept in
 * `case_tallies` for the other processes. Pending notifications are counted in the outbox, which the
 * embedded FerretDB answers with a scan; so the counts are made at most every 5 minutes, in the
 * background: a scrape answers with the last count while a new one is made, never waits for one but the
 * first, and says how old the count is. Series and their use: README "Operations".
 */
import type { Request, RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sumTallies, type CaseTally } from '../domain/case-tally';
import { countedTallies, countTally, wholeTally } from '../db/case-tally';
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
/** Cases whose events are counted at once when their own tally is not whole. */
const COUNTED_AT_ONCE = 4;

interface Counted {
  stages: Map<string, number>;
  pending: number;
  /** Every case's tally, summed. */
  total: CaseTally;
}

type OwnCounts = Map<string, { version: number; tally: CaseTally }>;

/** The rows' tallies added up. A case whose own tally is not whole is counted from its events up to its
 * row's version, once: the count is kept here and in `case_tallies` for the next process (db/case-tally.ts). */
async function sumRowTallies(models: Models, rows: readonly CaseRow[], counted: OwnCounts): Promise<CaseTally> {
  const tallies: Array<Partial<CaseTally> | null> = [];
  const uncounted: CaseRow[] = [];
  for (const row of rows) {
    if (wholeTally(row)) tallies.push((row.tally as Partial<CaseTally> | undefined) ?? null);
    else if (counted.get(row._id)?.version === row.version) tallies.push(counted.get(row._id)!.tally);
    else uncounted.push(row);
  }
  for (let i = 0; i < uncounted.length; i += COUNTED_AT_ONCE) {
    const batch = uncounted.slice(i, i + COUNTED_AT_ONCE);
    const found = await Promise.all(batch.map((row) => countTally(models, row._id, row.version)));
    batch.forEach((row, k) => {
      counted.set(row._id, { version: row.version, tally: found[k]! });
      tallies.push(found[k]!);
    });
  }
  return sumTallies(tallies);
}

async function countReadModel(
  models: Models,
  cases: () => Promise<CaseRow[]>,
  ownCounts: () => Promise<OwnCounts>,
): Promise<Counted> {
  const [rows, pending] = await Promise.all([cases(), models.Notification.countDocuments({ status: 'pending' })]);
  const stages = new Map<string, number>();
  for (const row of rows) stages.set(String(row.stage), (stages.get(String(row.stage)) ?? 0) + 1);
  return { stages, pending, total: await sumRowTallies(models, rows, await ownCounts()) };
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
  // The tallies this process counted itself, read from `case_tallies` at the first count.
  let ownCounts: Promise<OwnCounts> | null = null;
  const readOwnCounts = (): Promise<OwnCounts> =>
    (ownCounts ??= countedTallies(models).catch((err: unknown) => {
      ownCounts = null;
      throw err;
    }));
  // The last count, and the one being made (every collector of a scrape awaits the same one).
  let last: { at: number; counted: Counted } | null = null;
  let counting: Promise<Counted> | null = null;
  const recount = (): Promise<Counted> =>
    (counting ??= countReadModel(models, countCases, readOwnCounts)
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
