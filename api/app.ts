/**
 * The Express app, built in one place and exported: the entry point only listens, tests use it with
 * supertest. Thin: authenticate, validate, call Temporal or read MongoDB, map errors.
 */
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { DeadlinePolicy } from '../domain/deadline-policy';
import type { Database } from '../db/connection';
import { CalendarStore } from '../db/calendar-store';
import { PolicyStore } from '../db/policy-store';
import type { OrgTree } from '../db/org-units';
import { authenticate } from './auth';
import { redactUrl } from '../config/logger';
import { CaseGateway } from './case-gateway';
import { AppError, problemBody, problemHandler } from './errors';
import { caseRoutes } from './routes/cases';
import { documentRoutes } from './routes/documents';
import { allowedActionRoutes } from './routes/allowed-actions';
import { referenceRoutes } from './routes/reference';
import { statsRoutes } from './routes/stats';
import { auditRoutes } from './routes/audit';
import { CaseAuditor } from './case-audit';
import type { PiiVault } from './pii-vault';
import { codecRoutes, type CodecOptions } from './routes/codec';
import { buildOpenApiDocument, serveOpenApiDocument } from './openapi';
import { mountDocs } from './docs-page';
import { mountConsole } from './console-page';
import { createMetrics, type ApiMetrics } from './metrics';
import { answerOptions, methodNotAllowed, requireJsonBody } from './request-shape';
import { AccountStore } from '../db/accounts';
import { loginRoutes, sessionRoutes } from './routes/session';
import { userRoutes } from './routes/users';
import { orgUnitRoutes } from './routes/org-units';
import type { CookieSecurity } from './session-cookie';
import { ChannelStore } from '../db/channel-store';
import { DEFAULT_DELIVERY_RETRY, type DeliveryStarter } from '../activities/deliveries';
import { LiveFeed, type LiveFeedOptions } from './live-feed';
import { CaseIndex } from './case-index';
import { InboxIndex } from './inbox-index';
import { notificationRoutes } from './routes/notifications';
import { liveEventRoutes } from './routes/live-events';
import { channelRoutes } from './routes/channels';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../worker/create-worker';

export interface AppDeps {
  db: Database;
  temporal: Client;
  namespace: string;
  taskQueue: string;
  orgTree: () => OrgTree;
  /** Reloads this process's org tree after an administrator's change (other processes poll). */
  reloadOrgTree?: () => Promise<void>;
  /** The deadline policy new cases get, in their workflow's input (the case pins it). */
  policy: DeadlinePolicy;
  /** Pre-built workflow bundle for audit replays; bundled on first use when absent. */
  workflowBundlePath?: string;
  /** @deprecated Ignored: every new case gets `policy` in its input, whether it is the bundled one or not. */
  pinPolicy?: boolean;
  jwtSecret: string;
  /** Seals and opens personal data (api/pii-vault.ts). */
  vault: PiiVault;
  /** The payload codec the Temporal UI calls to show decoded payloads. */
  codec: CodecOptions;
  caseNoPrefix: string;
  log: Logger;
  bodyLimit?: string;
  /** Requests per user per minute (default 600; 0 = no limit). */
  rateLimitPerMinute?: number;
  /** Prometheus metrics of this process (made here when not given). */
  metrics?: ApiMetrics;
  /** Serve them at `GET /metrics` on this app (default); false when METRICS_PORT serves them instead. */
  metricsRoute?: boolean;
  /** Load the rows of listing and the queues (api/case-index.ts) and of the inbox (api/inbox-index.ts) at
   * once, not at the first request. */
  warmReadModels?: boolean;
  /** The session cookie's `Secure` attribute (api/session-cookie.ts; default auto). */
  cookieSecurity?: CookieSecurity;
  /** Sign-in attempts per client address per minute (default 60). */
  loginsPerMinute?: number;
  /** How this process polls the live feed for its event streams (api/live-feed.ts). */
  liveFeed?: LiveFeedOptions & { heartbeatMs?: number };
  /** Retry policy of a delivery an administrator sends again (the worker's for the first run). */
  deliveryRetry?: DeliveryStarter['retry'];
}

function createAuditor(deps: AppDeps): CaseAuditor {
  let bundle: Promise<{ codePath: string } | { code: string }> | null = null;
  return new CaseAuditor({
    client: deps.temporal,
    models: deps.db.models,
    dataConverter: deps.temporal.options.dataConverter,
    workflowBundle: () =>
      (bundle ??= deps.workflowBundlePath
        ? Promise.resolve({ codePath: deps.workflowBundlePath })
        : bundleWorkflowCode(workflowBundleOptions()).then(({ code }) => ({ code }))),
  });
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(helmet());
  app.use(
    pinoHttp({
      logger: deps.log,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w.-]{1,128}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      serializers: {
        req: (req: { url?: string }) => ({ ...req, url: redactUrl(req.url) }),
        // The status only: response headers are the same on every answer (~2 KB a line with the
        // security headers), and what a request was answered with is in its status and problem.
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'info',
    }),
  );

  const metrics = deps.metrics ?? createMetrics(deps.db.models);
  app.use(metrics.observe);
  if (deps.metricsRoute !== false) app.get('/metrics', metrics.serve);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (req, res) => {
    const checks: Record<string, string> = {};
    await Promise.all([
      deps.db.conn
        .db!.admin()
        .ping()
        .then(() => (checks.mongodb = 'ok'))
        .catch(() => (checks.mongodb = 'unavailable')),
      deps.temporal.workflowService
        .describeTaskQueue({
          namespace: deps.namespace,
          taskQueue: { name: deps.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        })
        .then((r) => {
          checks.temporal = 'ok';
          checks.worker = (r.pollers?.length ?? 0) > 0 ? 'ok' : 'no worker polling';
        })
        .catch(() => (checks.temporal = 'unavailable')),
    ]);
    const ready = checks.mongodb === 'ok' && checks.temporal === 'ok' && checks.worker === 'ok';
    if (ready) {
      res.json({ status: 'ready', checks });
      return;
    }
    const detail =
      Object.entries(checks)
        .filter(([, v]) => v !== 'ok')
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ') || 'not ready';
    res
      .status(503)
      .type('application/problem+json')
      .json({ ...problemBody(req, 'unavailable', detail), checks });
  });

  // New cases pin the policy in force and the newest installed calendar: both reach the workflow as
  // recorded input, so neither a later policy nor a later calendar changes them (workflows/dispute-case.ts).
  const calendars = new CalendarStore(deps.db.conn);
  const policies = new PolicyStore(deps.db.conn);
  const gateway = new CaseGateway({
    client: deps.temporal,
    models: deps.db.models,
    taskQueue: deps.taskQueue,
    caseNoPrefix: deps.caseNoPrefix,
    policy: deps.policy,
    calendar: () => calendars.newest(),
  });

  const openapi = buildOpenApiDocument();
  app.get('/openapi.json', serveOpenApiDocument(deps.orgTree));
  mountDocs(app);
  mountConsole(app);

  const knowsOrg = (org: string): boolean => deps.orgTree().get(org) !== undefined;
  app.use(
    '/codec',
    express.json({ limit: '4mb' }),
    codecRoutes({ ...deps.codec, jwtSecret: deps.jwtSecret, knowsOrg }),
  );

  app.use(answerOptions(openapi.paths ?? {}));
  const api = express.Router();
  api.use(requireJsonBody());
  api.use(express.json({ limit: deps.bodyLimit ?? '100kb', type: ['application/json', 'application/*+json'] }));
  const accounts = new AccountStore(deps.db.models);
  const sessionDeps = {
    accounts,
    orgTree: deps.orgTree,
    cookieSecurity: deps.cookieSecurity ?? 'auto',
    loginsPerMinute: deps.loginsPerMinute,
  };
  api.use(loginRoutes(sessionDeps));
  api.use(authenticate(deps.jwtSecret, { knowsOrg, accounts }));
  if ((deps.rateLimitPerMinute ?? 600) > 0) {
    // Per user (the token's subject), after authentication: one noisy client cannot starve the rest.
    api.use(
      rateLimit({
        windowMs: 60_000,
        limit: deps.rateLimitPerMinute ?? 600,
        standardHeaders: 'draft-7',
        legacyHeaders: false,
        keyGenerator: (req) => `user:${req.caller?.sub ?? 'anonymous'}`,
        handler: (req, res) => {
          res
            .status(429)
            .type('application/problem+json')
            .json(problemBody(req, 'rate_limited', 'too many requests; retry after the time in Retry-After'));
        },
      }),
    );
  }
  api.use(sessionRoutes(sessionDeps));
  api.use(userRoutes({ accounts, orgTree: deps.orgTree }));
  const feed = new LiveFeed(deps.db.models, {
    onError: (err) => deps.log.warn({ err }, 'live feed poll failed'),
    ...deps.liveFeed,
  });
  const index = new CaseIndex(deps.db.models, feed);
  metrics.countCasesFrom(() => index.select({}));
  const inbox = new InboxIndex(deps.db.models, feed, deps.log);
  if (deps.warmReadModels) {
    index.select({}).catch((err: unknown) => deps.log.warn({ err }, 'the case rows were not loaded at start'));
    inbox.warm().catch((err: unknown) => deps.log.warn({ err }, 'the inbox rows were not loaded at start'));
  }
  api.use(
    orgUnitRoutes({
      models: deps.db.models,
      index,
      orgTree: deps.orgTree,
      reloadOrgTree: deps.reloadOrgTree ?? (() => Promise.resolve()),
    }),
  );
  api.use(notificationRoutes({ inbox }));
  api.use(
    liveEventRoutes({
      feed,
      orgTree: deps.orgTree,
      accounts,
      heartbeatMs: deps.liveFeed?.heartbeatMs,
    }),
  );
  api.use(
    channelRoutes({
      channels: new ChannelStore(deps.db.models),
      orgTree: deps.orgTree,
      delivery: {
        client: deps.temporal,
        taskQueue: deps.taskQueue,
        retry: deps.deliveryRetry ?? DEFAULT_DELIVERY_RETRY,
      },
    }),
  );
  api.use(
    caseRoutes({
      models: deps.db.models,
      index,
      gateway,
      orgTree: deps.orgTree,
      vault: deps.vault,
    }),
  );
  api.use(documentRoutes({ models: deps.db.models, orgTree: deps.orgTree, vault: deps.vault }));
  api.use(
    allowedActionRoutes({
      models: deps.db.models,
      orgTree: deps.orgTree,
      policyOf: async (version) => (version === deps.policy.version ? deps.policy : policies.get(version)),
    }),
  );
  api.use(referenceRoutes({ orgTree: deps.orgTree, policy: deps.policy, policies, calendars }));
  api.use(statsRoutes({ models: deps.db.models, orgTree: deps.orgTree }));
  api.use(
    auditRoutes({ models: deps.db.models, orgTree: deps.orgTree, auditor: createAuditor(deps), vault: deps.vault }),
  );
  app.use('/api/v1', api);

  app.use(methodNotAllowed(openapi.paths ?? {}));
  app.use((req, _res, next) => next(new AppError('not_found', `no route ${req.method} ${req.path}`)));
  app.use(problemHandler);
  return app;
}
