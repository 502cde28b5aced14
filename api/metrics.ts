/**
 * Prometheus metrics of an API process (api.md: `GET /metrics`): request rate and latency by route and
 * status, the process's own figures (prom-client's defaults), read-model gauges — cases by stage and
 * notifications still pending — and counters of cases opened and closed and of deadlines warned and
 * breached, counted in the append-only event log (so they only grow, as a Prometheus counter must).
 * Those are counted at most every 5 minutes, in the background: each is a count the embedded FerretDB
 * answers with a scan (at 10,000 cases, 150,000 events: 8.4 s and 12.6 CPU-s of FerretDB per count,
 * docs/benchmarks.md), so a scrape answers with the last count while a new one is made, never waits for
 * one but the first, and says how old the count is. Series and their use: README "Operations".
 */
import type { Request, RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventType } from '../domain/case-events';
import type { Models } from '../db/models';

export interface ApiMetrics {
  registry: Registry;
  /** Counts and times every request once it is answered. */
  observe: RequestHandler;
  /** Answers a scrape in Prometheus's text format. */
  serve: RequestHandler;
}

const READ_MODEL_TTL_MS = 5 * 60_000;

/** Event types counted. A close carries its outcome and a deadline event its deadline's kind: both
 * bounded sets (domain/case-types.ts), so they are labels. */
const COUNTED_EVENTS = [
  'case.registered',
  'case.closed',
  'deadline.warned',
  'deadline.breached',
] as const satisfies readonly EventType[];
type CountedEvent = (typeof COUNTED_EVENTS)[number];

/** One group of the event log's count: events of a type, with the outcome (closes) or kind (deadlines). */
interface EventCount {
  type: CountedEvent;
  outcome?: string | null;
  kind?: string | null;
  n: number;
}

interface Counted {
  stages: Map<string, number>;
  pending: number;
  events: EventCount[];
}

async function countReadModel(models: Models): Promise<Counted> {
  const [byStage, pending, events] = await Promise.all([
    models.Case.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$stage', n: { $sum: 1 } } }]),
    models.Notification.countDocuments({ status: 'pending' }),
    models.CaseEvent.aggregate<{ _id: Omit<EventCount, 'n'>; n: number }>([
      { $match: { type: { $in: COUNTED_EVENTS } } },
      { $group: { _id: { type: '$type', outcome: '$data.outcome', kind: '$data.deadline.kind' }, n: { $sum: 1 } } },
    ]),
  ]);
  return {
    stages: new Map(byStage.map((g) => [g._id, g.n])),
    pending,
    events: events.map((g) => ({ ...g._id, n: g.n })),
  };
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

  // The last count, and the one being made (every collector of a scrape awaits the same one).
  let last: { at: number; counted: Counted } | null = null;
  let counting: Promise<Counted> | null = null;
  const recount = (): Promise<Counted> =>
    (counting ??= countReadModel(models)
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
  /** A counter whose value is the event log's count of `type`, by `label` when the event's data has one. */
  const fromEventLog = (name: string, help: string, type: CountedEvent, label?: 'outcome' | 'kind'): void => {
    new Counter({
      name,
      help,
      labelNames: label ? [label] : [],
      registers: [registry],
      async collect() {
        const groups = (await readModel()).events.filter((g) => g.type === type);
        this.reset();
        for (const g of groups) {
          if (label) this.inc({ [label]: g[label] ?? 'unknown' }, g.n);
          else this.inc(g.n);
        }
      },
    });
  };
  fromEventLog('mediation_cases_opened_total', 'Cases registered (case.registered events)', 'case.registered');
  fromEventLog(
    'mediation_cases_closed_total',
    'Cases closed, by outcome (case.closed events)',
    'case.closed',
    'outcome',
  );
  fromEventLog(
    'mediation_deadlines_warned_total',
    'Deadline warnings, by deadline kind (deadline.warned events)',
    'deadline.warned',
    'kind',
  );
  fromEventLog(
    'mediation_deadlines_breached_total',
    'Deadline breaches, by deadline kind (deadline.breached events)',
    'deadline.breached',
    'kind',
  );

  return {
    registry,
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
