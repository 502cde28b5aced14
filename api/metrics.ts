/**
 * Prometheus metrics of an API process (api.md: `GET /metrics`): request rate and latency by route and
 * status, the process's own figures (prom-client's defaults), and read-model gauges — cases by stage
 * and notifications still pending — counted when scraped, at most every 15 s (each is a count over
 * the read model, which the embedded FerretDB answers with a scan). Series and their use: README
 * "Operations".
 */
import type { Request, RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Models } from '../db/models';

export interface ApiMetrics {
  registry: Registry;
  /** Counts and times every request once it is answered. */
  observe: RequestHandler;
  /** Answers a scrape in Prometheus's text format. */
  serve: RequestHandler;
}

const READ_MODEL_TTL_MS = 15_000;

/** The route a request matched, as written in the code (`/api/v1/cases/:id`): a bounded label. */
function routeOf(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  return typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : 'unmatched';
}

export function createMetrics(models: Models): ApiMetrics {
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

  let counted: { at: number; stages: Map<string, number>; pending: number } | null = null;
  const readModel = async (): Promise<NonNullable<typeof counted>> => {
    if (counted && Date.now() - counted.at < READ_MODEL_TTL_MS) return counted;
    const [byStage, pending] = await Promise.all([
      models.Case.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$stage', n: { $sum: 1 } } }]),
      models.Notification.countDocuments({ status: 'pending' }),
    ]);
    counted = { at: Date.now(), stages: new Map(byStage.map((g) => [g._id, g.n])), pending };
    return counted;
  };
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
