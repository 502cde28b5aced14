/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests
 * (api/schemas.ts), served at /openapi.json and browsable at /docs.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { orgUnitSchema, registerOrgUnitPaths } from './openapi-org-units';
import { registerNotificationPaths } from './openapi-notifications';
import { registerDocumentPaths } from './openapi-documents';
import { ACTION_NAMES, type ActionName } from '../domain/case-decider';
import { BREACH_EFFECTS, NOTIFY_TARGETS } from '../domain/deadline-policy';
import { EVENT_TYPES } from '../domain/case-events';
import { PERIOD_UNITS } from '../domain/legal-period';
import { STATS_GROUPINGS } from '../domain/case-statistics';
import {
  CATEGORIES,
  DEADLINE_KINDS,
  DEADLINE_STATUSES,
  OUTCOMES,
  PARTY_ROLES,
  REFERRALS,
  RISK_LEVELS,
  ROLES,
  SOURCES,
  STAGES,
  SUBTRACKS,
  TRACKS,
} from '../domain/case-types';
import {
  actionSchemas,
  countsQuerySchema,
  createUserSchema,
  deadlinePreviewQuery,
  idempotencyKeySchema,
  ifMatchSchema,
  intakeSchema,
  listQuerySchema,
  loginSchema,
  patchUserSchema,
  statsQuerySchema,
  usersQuerySchema,
} from './schemas';
import { QUEUE_VIEWS } from './case-queries';
import { codecBodySchema } from './routes/codec';
import type { RequestHandler } from 'express';
import type { OrgTree } from '../db/org-units';

const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    correlationId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

const deadline = z
  .object({
    id: z.string().describe('`<kind>-<n>`, unique within the case'),
    kind: z.enum(DEADLINE_KINDS),
    status: z.enum(DEADLINE_STATUSES),
    startedAt: z.string().meta({ format: 'date-time' }),
    startedOn: z.string().meta({ format: 'date' }),
    amount: z.number(),
    unit: z.enum(PERIOD_UNITS),
    rawDueDate: z.string().meta({ format: 'date' }).describe('before rolling off a rest day'),
    dueDate: z.string().meta({ format: 'date' }),
    dueAt: z.string().meta({ format: 'date-time' }),
    warnAt: z.string().meta({ format: 'date-time' }),
    originalDueDate: z.string().meta({ format: 'date' }),
    provisional: z.boolean(),
    basis: z.string(),
    calendarVersion: z.string(),
    warned: z.boolean(),
    pausedAt: z.string().meta({ format: 'date-time' }).nullable(),
    endedAt: z.string().meta({ format: 'date-time' }).nullable(),
    ownerOrgUnitId: z.string().describe('the owner when the deadline started'),
    extensions: z.array(
      z.object({
        amount: z.number(),
        unit: z.enum(PERIOD_UNITS),
        reason: z.string(),
        by: z.string(),
        at: z.string().meta({ format: 'date-time' }),
        consent: z.boolean().optional(),
        dueDateBefore: z.string().meta({ format: 'date' }),
      }),
    ),
  })
  .meta({ id: 'Deadline' });

const isoDate = z.string().meta({ format: 'date' });
const chainHead = z.object({ seq: z.number().int(), hash: z.string() });
const instant = z.string().meta({ format: 'date-time' });
/** Any JSON value: an event's data, whose fields depend on its type (domain/case-events.ts). */
const jsonValue: z.ZodType = z
  .lazy(() =>
    z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
  )
  .meta({ id: 'JsonValue' });

const JSON_VALUE_REF = { $ref: '#/components/schemas/JsonValue' };
const JSON_VALUE = {
  description: 'any JSON value',
  anyOf: [
    { type: 'string' as const },
    { type: 'number' as const },
    { type: 'boolean' as const },
    { type: 'null' as const },
    { type: 'array' as const, items: JSON_VALUE_REF },
    { type: 'object' as const, additionalProperties: JSON_VALUE_REF },
  ],
};

/** `GET /api/v1/policies`: the policy in force, its versions, and the calendar's. */
const policyAnswer = z.object({
  version: z.string(),
  effectiveFrom: isoDate,
  basedOn: z.string().optional().describe('the bundled version a county policy was derived from'),
  entries: z.array(
    z.object({
      kind: z.enum(DEADLINE_KINDS),
      track: z.enum(TRACKS).nullable(),
      subtrack: z.enum(SUBTRACKS).nullable(),
      amount: z.number(),
      unit: z.enum(PERIOD_UNITS),
      basis: z.string(),
      basisType: z.enum(['statutory', 'practice']),
      warnFraction: z.number(),
      onBreach: z.enum(BREACH_EFFECTS),
      notify: z.array(z.enum(NOTIFY_TARGETS)),
      extension: z.object({
        allowed: z.boolean(),
        requires: z.enum(['consent_or_approval', 'approval']).optional(),
        maxTotal: z.number().nullable().optional(),
      }),
      note: z.string().optional(),
    }),
  ),
  current: z.string(),
  versions: z.array(
    z.object({
      version: z.string(),
      effectiveFrom: isoDate,
      basedOn: z.string().nullable(),
      origin: z.enum(['bundled', 'file']),
      firstUsedAt: instant.nullable(),
    }),
  ),
  calendar: z.object({
    current: z.string(),
    versions: z.array(
      z.object({
        version: z.string(),
        base: z.string(),
        years: z.array(z.number().int()),
        installedAt: instant.nullable(),
        installedBy: z.string().nullable(),
        source: z.string().nullable(),
      }),
    ),
  }),
});

/** `GET /api/v1/stats` (domain.md "Statistics"): counts by key, and the rates (null when nothing to divide by). */
const counts = z.record(z.string(), z.number().int());
const rate = z.number().nullable();
/** The metrics of a set of cases (domain/case-statistics.ts): the period's, or one bucket's. */
const statsMetrics = {
  total: z.number().int(),
  byStage: counts,
  byOutcome: counts,
  byTrack: counts,
  byCategory: counts,
  bySource: counts,
  byOwnerOrgUnit: counts,
  byMonth: counts,
  byEscalationLevel: counts,
  closed: z.number().int(),
  resolved: z.number().int(),
  resolvedAtGrassroots: z.number().int(),
  unperformedReferred: z.number().int(),
  mediationDeadlines: z.object({ met: z.number().int(), breached: z.number().int() }),
  overdueOpen: z.number().int(),
  riskRaised: z.number().int(),
  medianDaysToClose: z.number().nullable(),
  rates: z.object({
    resolutionRate: rate.describe('化解率'),
    grassrootsRate: rate.describe('矛盾不上交'),
    onTimeRate: rate.describe('按期办结率'),
    performanceRate: rate.describe('履行率'),
  }),
};
const statsPeriodFields = {
  orgUnitId: z.string(),
  from: instant,
  to: instant.describe('exclusive'),
};
const caseStatistics = z.object({ ...statsPeriodFields, ...statsMetrics });
/** With `groupBy`: the period's metrics as `total`, and the same metrics per bucket. */
const groupedCaseStatistics = z.object({
  ...statsPeriodFields,
  groupBy: z.enum(STATS_GROUPINGS),
  total: z.object(statsMetrics).meta({ id: 'StatsMetrics' }),
  buckets: z.array(
    z.object({
      key: z.string().meta({
        description: 'YYYY-MM (month), an org unit id (childUnit), a category or track (`none` where absent)',
      }),
      name: z.string().optional().meta({ description: "childUnit only: the unit's name" }),
      ...statsMetrics,
    }),
  ),
});

const caseView = z
  .object({
    id: z.string(),
    caseNo: z.string(),
    version: z.number().int(),
    stage: z.enum(STAGES),
    paused: z.boolean(),
    pausedSince: instant.nullable(),
    pauseReason: z.string().nullable(),
    outcome: z.enum(OUTCOMES).nullable(),
    referral: z
      .object({ kind: z.enum(REFERRALS), courtId: z.string().nullish(), agencyId: z.string().nullish() })
      .nullable(),
    track: z.enum(TRACKS).nullable(),
    subtrack: z.enum(SUBTRACKS).nullable(),
    category: z.enum(CATEGORIES),
    source: z.enum(SOURCES),
    summary: z.string(),
    gridId: z.string().nullable(),
    occurredOn: isoDate.nullable(),
    amountCny: z.number().nullable(),
    riskLevel: z.enum(RISK_LEVELS),
    ownerOrgUnitId: z.string(),
    ownerPath: z.array(z.string()).describe('the owner and its ancestors, the owner first'),
    originOrgUnitId: z.string(),
    originPath: z.array(z.string()).describe('the registering unit and its ancestors'),
    assigneeId: z.string().nullable(),
    escalationLevel: z.number().int(),
    transfer: z
      .object({ purpose: z.string(), fromOrgUnitId: z.string(), toOrgUnitId: z.string(), at: instant })
      .nullable(),
    courtsInvolved: z.array(z.string()),
    parties: z.array(
      z.object({
        role: z.enum(PARTY_ROLES),
        name: z.string(),
        idNumberMasked: z.string().nullable(),
        phoneMasked: z.string().nullable(),
        idNumber: z.string().nullable().optional().describe('in clear for the owning unit only'),
        phone: z.string().nullable().optional().describe('in clear for the owning unit only'),
        address: z.string().nullable().optional(),
        minor: z.boolean().optional(),
        guardian: z
          .object({
            name: z.string(),
            phoneMasked: z.string().nullable(),
            phone: z.string().nullable().optional().describe('in clear for the owning unit only'),
          })
          .optional(),
      }),
    ),
    sessions: z.array(
      z.object({
        heldAt: instant,
        mode: z.enum(['on_site', 'online']),
        attendees: z.array(z.string()),
        notes: z.string(),
        recordedBy: z.string(),
      }),
    ),
    agreement: z
      .object({
        terms: z.string(),
        signedOn: isoDate,
        performanceDueOn: isoDate.nullable(),
        obligations: z.array(z.object({ party: z.string(), obligation: z.string() })),
        confirmation: z
          .object({ courtId: z.string(), decision: z.enum(['confirmed', 'rejected']), ruledOn: isoDate })
          .nullable(),
      })
      .nullable(),
    followUps: z.array(
      z.object({ visitedOn: isoDate, performed: z.boolean(), notes: z.string(), recordedBy: z.string() }),
    ),
    deadlines: z.array(deadline),
    nextDueAt: instant.nullable().describe('the earliest dueAt of a running deadline'),
    nextDueKind: z.enum(DEADLINE_KINDS).nullable().describe('the kind of that deadline'),
    warned: z.boolean().describe('some running deadline is past its warning point'),
    policyVersion: z.string(),
    createdAt: instant,
    updatedAt: instant,
    createdMonth: z.string().describe('Asia/Shanghai month of registration, YYYY-MM'),
    closedAt: instant.nullable(),
    daysToClose: z.number().int().nullable(),
  })
  .meta({ id: 'CaseView', description: 'api.md "The case view"; idNumber and phone appear only for the owning unit' });

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      { description: 'problem', content: { 'application/problem+json': { schema: problem } } },
    ]),
  );
const idParam = z.object({ id: z.string().meta({ description: 'case id' }) });
/** Either credential authenticates any route (api.md "Accounts and sessions"). */
const bearer: Array<Record<string, string[]>> = [{ bearer: [] }, { session: [] }];

const user = z
  .object({
    id: z.string(),
    login: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    org: z.string(),
    disabled: z.boolean(),
  })
  .meta({ id: 'User' });

const me = z
  .object({
    sub: z.string(),
    login: z.string().nullable().describe('null for a bearer token'),
    name: z.string().nullable(),
    role: z.enum(ROLES),
    org: z.string(),
    orgName: z.string().nullable(),
    orgPath: z.array(z.object({ id: z.string(), name: z.string() })).describe('from the root down to `org`'),
    csrfToken: z.string().nullable().describe('send as X-CSRF-Token on signed-in writes; null for a bearer token'),
    expiresAt: z.string().nullable().describe('when the session ends if idle, or the token expires'),
  })
  .meta({ id: 'Me' });

/** A working intake for the embedded default (the bundled county's tree; the resident ID's check digit holds). */
const INTAKE_EXAMPLE = {
  category: 'neighbor',
  summary: 'Water leaking from the flat above damaged the ceiling.',
  source: 'walk_in',
  gridId: 'ND-JC-JN-G03',
  orgUnitId: 'ND-JC-JN-ROOM',
  occurredOn: '2026-01-20',
  amountCny: 3000,
  riskLevel: 'low',
  parties: [
    { role: 'applicant', name: '林某', idNumber: '350902198001011237', phone: '13800000000' },
    { role: 'respondent', name: '陈某' },
  ],
};

/** From a response carrying a case view to the routes of that case, for clients that follow links. */
function caseLinks(): Record<string, { operationId: string; parameters: Record<string, string> }> {
  const ops = [
    'getCase',
    'getAllowedActions',
    'getTimeline',
    'getCaseState',
    'verifyCase',
    'exportCase',
    ...ACTION_NAMES.map(actionOperationId),
  ];
  return Object.fromEntries(
    ops.map((operationId) => [operationId, { operationId, parameters: { id: '$response.body#/id' } }]),
  );
}

/** `patch /api/v1/org-units/{id}` → `patchOrgUnitsById`, for a path registered without an operationId. */
function derivedOperationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1/, '')
    .split(/[/-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith('{') ? `By${w.slice(1, -1)}` : w))
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return method + words.join('');
}

function actionOperationId(action: string): string {
  return `action${action.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}`;
}

/** Bodies that work on a case the intake example registered, for the first step of each path. */
const ACTION_EXAMPLES: Partial<Record<(typeof ACTION_NAMES)[number], object>> = {
  accept: { track: 'people', assigneeId: 'u-17' },
  'record-session': { heldAt: '2026-02-01T02:00:00.000Z', mode: 'on_site', attendees: ['林某', '陈某'], notes: '' },
  pause: { reason: 'a party is in hospital' },
  'report-risk': { level: 'medium', reason: 'the parties quarrelled' },
  withdraw: { reason: 'the applicant withdrew' },
  escalate: { reason: 'needs the township centre' },
  transfer: { toOrgUnitId: 'ND-JC-ZW-ROOM', reason: 'the parties live in Zhouwang' },
};

const HAPPENED =
  'not in the future (Asia/Shanghai) and not before the day the case was registered (400 at the field otherwise)';
/** What an action's 400 checks against the stored case, which no schema of the body can say (docs/api.md "Actions"). */
const ACTION_CASE_RULES: Partial<Record<ActionName, string>> = {
  'record-session': `\`heldAt\` ${HAPPENED}; up to 5 minutes ahead of the server's clock is taken as now.`,
  'record-agreement': `\`signedOn\` ${HAPPENED}; \`performanceDueOn\`, when given, not before \`signedOn\`.`,
  'record-confirmation': `\`ruledOn\` ${HAPPENED}.`,
  'record-follow-up': `\`visitedOn\` ${HAPPENED}.`,
  extend:
    "Within the case's pinned policy (GET /api/v1/policies): the deadline `kind` must be running and extendable, `unit` the unit it is counted in, `amount` at most what one extension adds and what the policy allows in all; 400 at the body otherwise.",
  transfer: "`toOrgUnitId` another open unit than the case's owner (400 if it already owns the case).",
};

export interface OpenApiOptions {
  /** The org units that exist and are open: org unit ids in request bodies are one of them (of the kind a
   * field asks for). Without it (generated client types), any non-blank id up to 64 characters. */
  orgUnits?: ReadonlyArray<{ id: string; kind: string }>;
}

/** Where a schema is marked as an org unit id, the ids the server accepts now (null too where allowed). */
function listOrgUnitIds(node: unknown, units: ReadonlyArray<{ id: string; kind: string }>): void {
  if (Array.isArray(node)) {
    for (const n of node) listOrgUnitIds(n, units);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o['x-org-unit-id'] === true) {
      const kind = o['x-org-unit-kind'];
      const ids: Array<string | null> = units.filter((u) => kind === undefined || u.kind === kind).map((u) => u.id);
      if (Array.isArray(o.type) && o.type.includes('null')) ids.push(null);
      o.enum = ids;
    }
    for (const v of Object.values(o)) listOrgUnitIds(v, units);
  }
}

export function buildOpenApiDocument(opts: OpenApiOptions = {}): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const r = new OpenAPIRegistry();
  r.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  r.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'mediation_session',
    description:
      'The browser session from POST /api/v1/session (`__Host-mediation_session` over HTTPS). Writes also need X-CSRF-Token and a same-origin Origin.',
  });
  // Every authenticated route: 401 without a valid credential, 429 past the per-user rate limit, 503
  // when Temporal or MongoDB does not answer; 400 for a path that is not percent-encoded UTF-8.
  const path = (config: RouteConfig): void =>
    r.registerPath({
      security: bearer,
      operationId: derivedOperationId(config.method, config.path),
      ...config,
      responses: { ...problems(400, 401, 429, 503), ...config.responses },
    });

  r.registerPath({
    method: 'get',
    path: '/',
    operationId: 'rootRedirect',
    summary: 'Redirects to the console at /console/',
    responses: { 302: { description: 'to /console/' } },
  });
  r.registerPath({
    method: 'get',
    path: '/healthz',
    operationId: 'getHealth',
    summary: 'The process is up',
    responses: { 200: json(z.object({ status: z.string() }), 'up') },
  });
  r.registerPath({
    method: 'get',
    path: '/readyz',
    operationId: 'getReadiness',
    summary: 'Temporal and MongoDB answer and a worker polls',
    responses: { 200: json(z.object({ status: z.string() }), 'ready'), ...problems(503) },
  });
  r.registerPath({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1' } },
  });
  r.registerPath({
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    summary: 'Prometheus metrics of this API process (on METRICS_PORT instead, when that is set)',
    responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } } },
  });
  r.registerPath({
    method: 'get',
    path: '/docs',
    operationId: 'getDocs',
    summary: 'This document in Swagger UI, which can send requests',
    responses: { 200: { description: 'HTML' } },
  });

  path({
    method: 'post',
    path: '/api/v1/cases',
    operationId: 'createCase',
    summary: 'Register a case (intake)',
    request: {
      headers: z.object({ 'Idempotency-Key': idempotencyKeySchema }),
      body: { required: true, content: { 'application/json': { schema: intakeSchema, example: INTAKE_EXAMPLE } } },
    },
    responses: {
      201: { ...json(caseView, 'registered'), links: caseLinks() },
      ...problems(400, 401, 403, 413, 415, 422, 429, 503),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/cases',
    operationId: 'listCases',
    summary: 'List cases in scope, newest first',
    request: { query: listQuerySchema },
    responses: {
      200: json(z.object({ items: z.array(caseView), nextCursor: z.string().nullable() }), 'a page'),
      ...problems(400, 401, 403),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/cases/counts',
    operationId: 'countCases',
    summary: 'How many cases each queue tab holds, within what the caller may see',
    request: { query: countsQuerySchema },
    responses: {
      200: json(
        z.object(Object.fromEntries(QUEUE_VIEWS.map((v) => [v, z.number().int().min(0).optional()]))),
        'counts of the views asked for',
      ),
      ...problems(400, 401, 403, 429),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/cases/counts-by-unit',
    operationId: 'countCasesByUnit',
    summary: 'Open and overdue cases per owner unit, within what the caller may see (the org tree)',
    description: 'Overdue by the rule of the `overdue` queue tab. Units without open cases are absent.',
    responses: {
      200: json(
        z.object({
          items: z.array(
            z.object({ orgUnitId: z.string(), open: z.number().int().min(1), overdue: z.number().int().min(0) }),
          ),
        }),
        'counts per unit',
      ),
      ...problems(400, 401, 403, 429),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/cases/{id}',
    operationId: 'getCase',
    summary: 'The case view',
    request: { params: idParam },
    responses: { 200: { ...json(caseView, 'the case'), links: caseLinks() }, ...problems(401, 403, 404) },
  });
  for (const action of ACTION_NAMES) {
    path({
      method: 'post',
      path: `/api/v1/cases/{id}/actions/${action}`,
      operationId: actionOperationId(action),
      summary: `Action: ${action}`,
      ...(ACTION_CASE_RULES[action] ? { description: ACTION_CASE_RULES[action] } : {}),
      request: {
        params: idParam,
        headers: z.object({ 'If-Match': ifMatchSchema.optional(), 'Idempotency-Key': idempotencyKeySchema.optional() }),
        body: {
          // The route reads a missing body as `{}`: one is required only where `{}` is not a valid body.
          required: !actionSchemas[action].safeParse({}).success,
          content: {
            'application/json': {
              schema: actionSchemas[action],
              ...(ACTION_EXAMPLES[action] ? { example: ACTION_EXAMPLES[action] } : {}),
            },
          },
        },
      },
      responses: {
        200: { ...json(caseView, 'applied'), links: caseLinks() },
        ...problems(400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 503),
      },
    });
  }
  path({
    method: 'get',
    path: '/api/v1/cases/{id}/allowed-actions',
    operationId: 'getAllowedActions',
    summary: 'What the caller may do with the case now',
    description:
      'One entry per action, by the guard the action route uses; `reason` in Chinese, or English with `Accept-Language: en`.',
    request: { params: idParam },
    responses: {
      200: json(
        z.array(
          z
            .object({
              action: z.enum(ACTION_NAMES),
              allowed: z.boolean(),
              code: z.enum(['invalid_transition', 'forbidden']).nullable().describe('null when allowed'),
              reason: z.string().nullable().describe('why not, for a person; null when allowed'),
            })
            .meta({ id: 'AllowedAction' }),
        ),
        'allowed actions',
      ),
      ...problems(401, 403, 404, 429, 503),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/cases/{id}/timeline',
    operationId: 'getTimeline',
    summary: 'Events in order',
    request: { params: idParam },
    responses: {
      200: json(
        z.object({
          caseId: z.string(),
          caseNo: z.string(),
          events: z.array(
            z.object({
              seq: z.number().int(),
              type: z.enum(EVENT_TYPES),
              at: instant,
              actor: z.object({ id: z.string(), role: z.enum([...ROLES, 'system']), org: z.string().nullable() }),
              reason: z.string().nullable(),
              data: z
                .record(z.string(), jsonValue)
                .describe("the event's own fields, by type; personal data masked outside the owning unit"),
              hash: z.string(),
              prevHash: z.string(),
            }),
          ),
        }),
        'timeline',
      ),
      ...problems(401, 403, 404),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/cases/{id}/state',
    operationId: 'getCaseState',
    summary: 'The case view at an instant',
    request: { params: idParam, query: z.object({ asOf: z.iso.datetime({ offset: true }) }) },
    responses: {
      200: json(caseView.extend({ asOf: z.string().describe('the instant asked for') }), 'state'),
      ...problems(400, 401, 403, 404),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/cases/{id}/verify',
    operationId: 'verifyCase',
    summary: 'Verify the history',
    request: { params: idParam },
    responses: {
      200: json(
        z.object({
          caseId: z.string(),
          caseNo: z.string(),
          ok: z.boolean(),
          events: z.number().int(),
          chainOk: z.boolean(),
          headMatchesWorkflow: z.boolean(),
          replayOk: z.boolean(),
          replayCachedRuns: z.number().int().describe('runs whose replay was known good (same history, same code)'),
          firstBadSeq: z.number().int().nullable(),
          problems: z.array(z.object({ seq: z.number().int().nullable(), problem: z.string(), detail: z.string() })),
          chainHead: chainHead.nullable(),
          workflowHead: chainHead.nullable(),
          timings: z
            .object({ chain: z.number(), history: z.number(), compare: z.number(), replay: z.number() })
            .describe('where the time went, in milliseconds'),
        }),
        'report',
      ),
      ...problems(401, 403, 404),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/cases/{id}/export',
    operationId: 'exportCase',
    summary: 'JSON Lines export with a manifest line',
    description:
      'Every stored event of the case, one JSON object per line, then a manifest line: `{ manifest: true, caseId, caseNo, events, chainHead, workflowHead, exportedAt, exportedBy }`. `chainHead` is the last exported event; `workflowHead` the last event the workflow recorded by Temporal (null once its history is gone).',
    request: { params: idParam },
    responses: { 200: { description: 'application/x-ndjson' }, ...problems(401, 403, 404) },
  });
  path({
    method: 'get',
    path: '/api/v1/org-units',
    operationId: 'listOrgUnits',
    summary: 'Org units, flat',
    responses: {
      200: json(z.array(orgUnitSchema), 'units'),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/policies',
    operationId: 'getPolicies',
    summary: 'The deadline policy in force',
    responses: { 200: json(policyAnswer, 'policy') },
  });
  path({
    method: 'get',
    path: '/api/v1/deadline-preview',
    operationId: 'previewDeadline',
    summary: 'Compute a due date as a case would',
    request: { query: deadlinePreviewQuery },
    responses: {
      200: json(
        z.object({
          kind: z.enum(DEADLINE_KINDS),
          start: isoDate,
          dueDate: isoDate,
          dueAt: instant,
          warnAt: instant,
          amount: z.number().int(),
          unit: z.enum(PERIOD_UNITS),
          basis: z.string(),
          provisional: z.boolean(),
          policyVersion: z.string(),
          calendarVersion: z.string(),
        }),
        'preview',
      ),
      ...problems(400),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/stats',
    operationId: 'getStats',
    summary: 'Statistics for a unit subtree',
    description:
      'Cases registered from `from` to `to` (Asia/Shanghai calendar days, both inclusive). Without `from` and `to`, ' +
      'the current year to date in Asia/Shanghai: from 1 January to today. With `groupBy`, the same metrics for ' +
      'the whole period (`total`) and per bucket; the buckets partition the cases, so their totals add up to ' +
      '`total.total`. `format=csv` or `Accept: text/csv` answers as CSV instead (without `groupBy`, the 合计 row only).',
    request: { query: statsQuerySchema },
    responses: {
      200: {
        description:
          'statistics: the period totals, or with `groupBy` `{ total, buckets }`; as CSV for `format=csv` or ' +
          '`Accept: text/csv`',
        content: {
          'application/json': {
            schema: z.union([caseStatistics, groupedCaseStatistics.meta({ description: 'with groupBy' })]),
          },
          'text/csv; charset=utf-8': {
            schema: z.string().meta({
              description:
                'UTF-8 with a BOM, CRLF lines (RFC 4180): a header row in Chinese, a row per bucket, then a 合计 ' +
                'row. Rates are percentages with two decimals (the header says (%)), empty where undefined. ' +
                "Served as an attachment (Content-Disposition: attachment; filename*=UTF-8''…csv).",
            }),
          },
        },
      },
      ...problems(400, 403),
    },
  });
  r.registerPath({
    method: 'post',
    path: '/api/v1/session',
    operationId: 'signIn',
    summary: 'Sign in: a session cookie and the me body',
    description:
      'One generic 401 for a wrong login or password; after 5 failures in a row the account is locked for 15 minutes (429 with Retry-After).',
    request: { body: { required: true, content: { 'application/json': { schema: loginSchema } } } },
    responses: {
      200: json(me, 'signed in; Set-Cookie carries the session'),
      ...problems(400, 401, 403, 415, 429, 503),
    },
  });
  path({
    method: 'delete',
    path: '/api/v1/session',
    operationId: 'signOut',
    summary: 'Sign out: end this session',
    description: 'A bearer token has no session: 404.',
    responses: { 204: { description: 'ended' }, ...problems(401, 403, 404) },
  });
  path({
    method: 'get',
    path: '/api/v1/me',
    operationId: 'getMe',
    summary: 'Who the caller is',
    responses: { 200: json(me, 'the caller'), ...problems(401, 429) },
  });
  path({
    method: 'get',
    path: '/api/v1/users',
    operationId: 'listUsers',
    summary: "Accounts in the caller's subtree (all for an admin), for pickers and naming actors",
    request: { query: usersQuerySchema },
    responses: { 200: json(z.object({ items: z.array(user) }), 'accounts'), ...problems(400, 401, 429) },
  });
  path({
    method: 'post',
    path: '/api/v1/users',
    operationId: 'createUser',
    summary: 'Create an account (admin)',
    request: { body: { required: true, content: { 'application/json': { schema: createUserSchema } } } },
    responses: { 201: json(user, 'created'), ...problems(400, 401, 403, 409, 415, 429) },
  });
  path({
    method: 'patch',
    path: '/api/v1/users/{id}',
    operationId: 'updateUser',
    summary: 'Change an account (admin): name, role, unit, disable or enable, reset the password',
    description: "Any change but the name ends the user's sessions.",
    request: {
      params: z.object({ id: z.string() }),
      body: { required: true, content: { 'application/json': { schema: patchUserSchema } } },
    },
    responses: { 200: json(user, 'changed'), ...problems(400, 401, 403, 404, 415, 429) },
  });
  registerOrgUnitPaths(path, json, problems);
  registerNotificationPaths(path, json, problems);
  registerDocumentPaths(path, problems);
  for (const op of ['encode', 'decode']) {
    r.registerPath({
      security: [{ bearer: [] }],
      description:
        'For auditors and admins (403 for other roles), by bearer token only. In development without AUTH_JWT_SECRET, the local Temporal UI (a request from this machine with the UI as its Origin) may call it without a token. A payload marked `binary/encrypted` that this codec cannot open (another key, damaged) is 400 at `payloads.<i>`.',
      method: 'post',
      path: `/codec/${op}`,
      operationId: `codec${op === 'encode' ? 'Encode' : 'Decode'}`,
      summary: `Temporal payload codec: ${op} (for the Temporal UI)`,
      request: {
        body: { required: true, content: { 'application/json': { schema: codecBodySchema } } },
      },
      responses: {
        200: json(codecBodySchema, 'payloads'),
        ...problems(400, 401, 403, 413, 415, 503),
      },
    });
  }

  const document = new OpenApiGeneratorV31(r.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Mediation case engine API',
      version: '1',
      description:
        'The HTTP contract of the mediation case engine (调解案件引擎). To send requests from /docs, press Authorize and paste a bearer token, e.g. from `npm run token -- --role mediator --org ND-JC-JN-ROOM --sub u-1`.',
    },
  });
  if (opts.orgUnits) listOrgUnitIds(document.paths, opts.orgUnits);
  // zod-to-openapi writes the recursive union's members as `oneOf [$ref, null]`, which a null matches
  // twice (so no null would be valid): the JSON value, written out.
  document.components!.schemas!.JsonValue = JSON_VALUE;
  return document;
}

/** `GET /openapi.json`: the document with the org units open now, built again when the tree changes. */
export function serveOpenApiDocument(orgTree: () => OrgTree): RequestHandler {
  let served: { tree: OrgTree; document: ReturnType<typeof buildOpenApiDocument> } | null = null;
  return (_req, res) => {
    const tree = orgTree();
    if (served?.tree !== tree) {
      const orgUnits = tree.units.filter((u) => !u.closed).map((u) => ({ id: u.id, kind: u.kind }));
      served = { tree, document: buildOpenApiDocument({ orgUnits }) };
    }
    res.json(served.document);
  };
}
