/**
 * Prometheus metrics of an API process (api.md: `GET /metrics`): request rate and latency by route and
 * status, the process's own figures (prom-client's defaults), read-model gauges — cases by stage and
 * notifications still pending — and counters of cases opened and closed and of deadlines warned and
 * breached, as the append-only event log holds them (so they only grow, as a Prometheus counter must).
 * Cases by stage and the counters come from this process's case rows (api/case-index.ts), each with its
 * case's tally (domain/case-tally.ts; decision 77), so a count reads no case or event; a case whose own tally
 * is behind (stored before it, or written by an older worker) is counted by the tally the worker keeps for
 * it in `case_tallies` (decision 78), and `mediation_cases_untallied` says how many are not all counted yet;
 * the counters are scraped once a count of the process has counted every case. This process writes nothing:
 * only activities write what is derived from cases. Pending notifications are counted in the outbox, which the
 * embedded FerretDB answers with a scan; so the counts are made at most every 5 minutes, in the
 * background: a scrape answers with the last count while a new one is made, never waits for one but the
 * first, and says how old the count is. Series and their use: README "Operations".
 */
import type { Request, RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sumTallies, type CaseTally } from '../domain/case-tally';
import { DEADLINE_KINDS, OUTCOMES } from '../domain/case-types';
import { bestTally, keptTallies, type KeptTallies } from '../db/case-tally';
import type { Models } from '../db/models';
import type { CaseRow } from './case-index';

export interface ApiMetrics {
  /** The series in Prometheus's text format, as a scrape gets them. */
  scrape(): Promise<string>;
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

/** Above this many cases moved past the kept tallies a process holds, a count reads them all at once. */
const READ_ALL_OVER = 200;

/** The rows' tallies added up, each case's as far as it is counted (db/case-tally.ts `bestTally`): by its
 * own tally or by the one the worker keeps for it. `seen` holds the kept tallies this process has read, the
 * latest of each case, so a count never goes back; only the kept tallies of cases counted no further than
 * that are read again (by `_id`, or all at the first count and when many are). */
async function sumRowTallies(
  models: Models,
  rows: readonly CaseRow[],
  seen: { loaded: boolean; tallies: KeptTallies },
): Promise<{ total: CaseTally; untallied: number }> {
  const behind = rows.filter((row) => bestTally(row, seen.tallies.get(row._id)).untallied).map((row) => row._id);
  const kept =
    !seen.loaded || behind.length > READ_ALL_OVER
      ? await keptTallies(models)
      : behind.length > 0
        ? await keptTallies(models, behind)
        : (new Map() as KeptTallies);
  seen.loaded = true;
  for (const [id, k] of kept) if ((seen.tallies.get(id)?.version ?? -1) < k.version) seen.tallies.set(id, k);
  let untallied = 0;
  const tallies = rows.map((row) => {
    const best = bestTally(row, seen.tallies.get(row._id));
    if (best.untallied) untallied++;
    return best.tally;
  });
  return { total: sumTallies(tallies), untallied };
}

async function countReadModel(
  models: Models,
  cases: () => Promise<CaseRow[]>,
  seen: { loaded: boolean; tallies: KeptTallies },
): Promise<Counted> {
  const [rows, pending] = await Promise.all([cases(), models.Notification.countDocuments({ status: 'pending' })]);
  const stages = new Map<string, number>();
  for (const row of rows) stages.set(String(row.stage), (stages.get(String(row.stage)) ?? 0) + 1);
  return { stages, pending, ...(await sumRowTallies(models, rows, seen)) };
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
  // The counters, scraped once every case has been counted whole (`everyCaseCounted`).
  const totals = new Registry();
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
  const seen = { loaded: false, tallies: new Map() as KeptTallies };
  // Whether a count of this process has counted every case whole: until then the counters are left out
  // of a scrape, as a counter that starts low and then jumps would read as that many new events.
  let everyCaseCounted = false;
  // The last count, and the one being made (every collector of a scrape awaits the same one).
  let last: { at: number; counted: Counted } | null = null;
  let counting: Promise<Counted> | null = null;
  const recount = (): Promise<Counted> =>
    (counting ??= countReadModel(models, countCases, seen)
      .then((counted) => {
        last = { at: Date.now(), counted };
        if (counted.untallied === 0) everyCaseCounted = true;
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
    help: 'Cases whose events the mediation_*_total counters do not all count yet (stored before the per-case tallies, or written by an older worker): counted at their next write, when a worker starts or at the next run of the clean-up schedule; a process shows the counters once it has counted every case',
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
  /** A counter whose value is the event log's count of a series, by `label` for the labelled ones. Every
   * value the domain knows for the label is shown, at 0 until it happens: Prometheus's `increase()` takes
   * a series' first sample as its start, so a label first seen at 1 would never count its first event. */
  const fromTallies = (
    name: string,
    help: string,
    series: keyof CaseTally,
    label?: { name: 'outcome' | 'kind'; values: readonly string[] },
  ): void => {
    new Counter({
      name,
      help,
      labelNames: label ? [label.name] : [],
      registers: [totals],
      async collect() {
        const counted = (await readModel()).total[series];
        this.reset();
        if (typeof counted === 'number') this.inc(counted);
        else if (label) {
          for (const value of label.values) this.inc({ [label.name]: value }, 0);
          for (const [value, n] of Object.entries(counted)) this.inc({ [label.name]: value }, n);
        }
      },
    });
  };
  const outcome = { name: 'outcome', values: OUTCOMES } as const;
  const kind = { name: 'kind', values: DEADLINE_KINDS } as const;
  fromTallies('mediation_cases_opened_total', 'Cases registered (case.registered events)', 'opened');
  fromTallies('mediation_cases_closed_total', 'Cases closed, by outcome (case.closed events)', 'closed', outcome);
  fromTallies(
    'mediation_deadlines_warned_total',
    'Deadline warnings, by deadline kind (deadline.warned events)',
    'warned',
    kind,
  );
  fromTallies(
    'mediation_deadlines_breached_total',
    'Deadline breaches, by deadline kind (deadline.breached events)',
    'breached',
    kind,
  );

  // The process's series, then the counters once they count every case. Both are collected at once, so
  // they share one count (a test's `readModelTtlMs: 0` would otherwise count twice).
  const scrape = async (): Promise<string> => {
    const [text, counters] = await Promise.all([registry.metrics(), totals.metrics()]);
    return everyCaseCounted ? `${text}${counters}` : text;
  };

  return {
    scrape,
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
      scrape().then((text) => {
        res.type(registry.contentType).send(text);
      }, next);
    },
  };
}
