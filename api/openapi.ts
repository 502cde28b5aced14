/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests
 * (api/schemas.ts), served at /openapi.json and browsable at /docs.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { registerOrgUnitPaths } from './openapi-org-units';
import { ACTION_NAMES } from '../domain/case-decider';
import { CATEGORIES, DEADLINE_KINDS, RISK_LEVELS, ROLES, STAGES, SUBTRACKS, TRACKS } from '../domain/case-types';
import {
  actionSchemas,
  countsQuerySchema,
  createUserSchema,
  deadlinePreviewQuery,
  intakeSchema,
  listQuerySchema,
  loginSchema,
  patchUserSchema,
  statsQuerySchema,
  usersQuerySchema,
} from './schemas';
import { QUEUE_VIEWS } from './case-queries';

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
    kind: z.enum(DEADLINE_KINDS),
    status: z.enum(['running', 'paused', 'met', 'breached', 'expired', 'cancelled']),
    startedOn: z.string(),
    amount: z.number(),
    unit: z.string(),
    dueDate: z.string(),
    dueAt: z.string(),
    warnAt: z.string(),
    originalDueDate: z.string(),
    provisional: z.boolean(),
    basis: z.string(),
  })
  .meta({ id: 'Deadline' });

const caseView = z
  .looseObject({
    id: z.string(),
    caseNo: z.string(),
    version: z.number().int(),
    stage: z.enum(STAGES),
    paused: z.boolean(),
    outcome: z.string().nullable(),
    track: z.enum(TRACKS).nullable(),
    subtrack: z.enum(SUBTRACKS).nullable(),
    category: z.enum(CATEGORIES),
    riskLevel: z.enum(RISK_LEVELS),
    ownerOrgUnitId: z.string(),
    originOrgUnitId: z.string(),
    assigneeId: z.string().nullable(),
    escalationLevel: z.number().int(),
    parties: z.array(
      z.looseObject({
        role: z.string(),
        name: z.string(),
        idNumberMasked: z.string().nullable(),
        phoneMasked: z.string().nullable(),
      }),
    ),
    deadlines: z.array(deadline),
    nextDueAt: z.string().nullable().describe('the earliest dueAt of a running deadline'),
    nextDueKind: z.enum(DEADLINE_KINDS).nullable().describe('the kind of that deadline'),
    warned: z.boolean().describe('some running deadline is past its warning point'),
    createdAt: z.string(),
    updatedAt: z.string(),
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

export function buildOpenApiDocument(): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const r = new OpenAPIRegistry();
  r.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  r.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'mediation_session',
    description:
      'The browser session from POST /api/v1/session (`__Host-mediation_session` over HTTPS). Writes also need X-CSRF-Token and a same-origin Origin.',
  });
  const path = (config: RouteConfig): void => r.registerPath({ security: bearer, ...config });

  r.registerPath({
    method: 'get',
    path: '/',
    summary: 'Redirects to the console at /console/',
    responses: { 302: { description: 'to /console/' } },
  });
  r.registerPath({
    method: 'get',
    path: '/healthz',
    summary: 'The process is up',
    responses: { 200: json(z.object({ status: z.string() }), 'up') },
  });
  r.registerPath({
    method: 'get',
    path: '/readyz',
    summary: 'Temporal and MongoDB answer and a worker polls',
    responses: { 200: json(z.object({ status: z.string() }), 'ready'), ...problems(503) },
  });
  r.registerPath({
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1' } },
  });
  r.registerPath({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics of this API process (on METRICS_PORT instead, when that is set)',
    responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } } },
  });
  r.registerPath({
    method: 'get',
    path: '/docs',
    summary: 'This document in Swagger UI, which can send requests',
    responses: { 200: { description: 'HTML' } },
  });

  path({
    method: 'post',
    path: '/api/v1/cases',
    summary: 'Register a case (intake)',
    request: {
      headers: z.object({ 'Idempotency-Key': z.string().min(1).max(255) }),
      body: { content: { 'application/json': { schema: intakeSchema } } },
    },
    responses: { 201: json(caseView, 'registered'), ...problems(400, 401, 403, 413, 415, 422, 429, 503) },
  });
  path({
    method: 'get',
    path: '/api/v1/cases',
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
    path: '/api/v1/cases/{id}',
    summary: 'The case view',
    request: { params: idParam },
    responses: { 200: json(caseView, 'the case'), ...problems(401, 403, 404) },
  });
  for (const action of ACTION_NAMES) {
    path({
      method: 'post',
      path: `/api/v1/cases/{id}/actions/${action}`,
      summary: `Action: ${action}`,
      request: {
        params: idParam,
        headers: z.object({ 'If-Match': z.string().optional(), 'Idempotency-Key': z.string().optional() }),
        body: { content: { 'application/json': { schema: actionSchemas[action] } } },
      },
      responses: { 200: json(caseView, 'applied'), ...problems(400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 503) },
    });
  }
  path({
    method: 'get',
    path: '/api/v1/cases/{id}/allowed-actions',
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
    summary: 'Events in order',
    request: { params: idParam },
    responses: {
      200: json(z.looseObject({ events: z.array(z.looseObject({ seq: z.number() })) }), 'timeline'),
      ...problems(401, 403, 404),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/cases/{id}/state',
    summary: 'The case view at an instant',
    request: { params: idParam, query: z.object({ asOf: z.iso.datetime({ offset: true }) }) },
    responses: { 200: json(caseView, 'state'), ...problems(400, 401, 403, 404) },
  });
  path({
    method: 'get',
    path: '/api/v1/cases/{id}/verify',
    summary: 'Verify the history',
    request: { params: idParam },
    responses: {
      200: json(
        z.looseObject({
          ok: z.boolean(),
          events: z.number(),
          chainOk: z.boolean(),
          headMatchesWorkflow: z.boolean(),
          replayOk: z.boolean(),
          firstBadSeq: z.number().nullable(),
          problems: z.array(z.looseObject({})),
        }),
        'report',
      ),
      ...problems(401, 403, 404),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/cases/{id}/export',
    summary: 'JSON Lines export with a manifest line',
    request: { params: idParam },
    responses: { 200: { description: 'application/x-ndjson' }, ...problems(401, 403, 404) },
  });
  path({
    method: 'get',
    path: '/api/v1/org-units',
    summary: 'Org units, flat',
    responses: {
      200: json(
        z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), parentId: z.string().nullable() })),
        'units',
      ),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/policies',
    summary: 'The deadline policy in force',
    responses: { 200: json(z.looseObject({ version: z.string() }), 'policy') },
  });
  path({
    method: 'get',
    path: '/api/v1/deadline-preview',
    summary: 'Compute a due date as a case would',
    request: { query: deadlinePreviewQuery },
    responses: {
      200: json(
        z.looseObject({ dueDate: z.string(), dueAt: z.string(), warnAt: z.string(), provisional: z.boolean() }),
        'preview',
      ),
      ...problems(400),
    },
  });
  path({
    method: 'get',
    path: '/api/v1/stats',
    summary: 'Statistics for a unit subtree',
    description:
      'Cases registered from `from` to `to` (Asia/Shanghai calendar days, both inclusive). Without `from` and `to`, ' +
      'the current year to date in Asia/Shanghai: from 1 January to today.',
    request: { query: statsQuerySchema },
    responses: { 200: json(z.looseObject({ total: z.number() }), 'statistics'), ...problems(400, 403) },
  });
  r.registerPath({
    method: 'post',
    path: '/api/v1/session',
    summary: 'Sign in: a session cookie and the me body',
    description:
      'One generic 401 for a wrong login or password; after 5 failures in a row the account is locked for 15 minutes (429 with Retry-After).',
    request: { body: { content: { 'application/json': { schema: loginSchema } } } },
    responses: {
      200: json(me, 'signed in; Set-Cookie carries the session'),
      ...problems(400, 401, 403, 415, 429, 503),
    },
  });
  path({
    method: 'delete',
    path: '/api/v1/session',
    summary: 'Sign out: end this session',
    responses: { 204: { description: 'ended' }, ...problems(400, 401, 403) },
  });
  path({
    method: 'get',
    path: '/api/v1/me',
    summary: 'Who the caller is',
    responses: { 200: json(me, 'the caller'), ...problems(401, 429) },
  });
  path({
    method: 'get',
    path: '/api/v1/users',
    summary: "Accounts in the caller's subtree (all for an admin), for pickers and naming actors",
    request: { query: usersQuerySchema },
    responses: { 200: json(z.object({ items: z.array(user) }), 'accounts'), ...problems(400, 401, 429) },
  });
  path({
    method: 'post',
    path: '/api/v1/users',
    summary: 'Create an account (admin)',
    request: { body: { content: { 'application/json': { schema: createUserSchema } } } },
    responses: { 201: json(user, 'created'), ...problems(400, 401, 403, 409, 415, 429) },
  });
  path({
    method: 'patch',
    path: '/api/v1/users/{id}',
    summary: 'Change an account (admin): name, role, unit, disable or enable, reset the password',
    description: "Any change but the name ends the user's sessions.",
    request: {
      params: z.object({ id: z.string() }),
      body: { content: { 'application/json': { schema: patchUserSchema } } },
    },
    responses: { 200: json(user, 'changed'), ...problems(400, 401, 403, 404, 415, 429) },
  });
  registerOrgUnitPaths(path, json, problems);
  for (const op of ['encode', 'decode']) {
    path({
      method: 'post',
      path: `/codec/${op}`,
      summary: `Temporal payload codec: ${op} (for the Temporal UI)`,
      request: {
        body: { content: { 'application/json': { schema: z.object({ payloads: z.array(z.looseObject({})) }) } } },
      },
      responses: { 200: json(z.object({ payloads: z.array(z.looseObject({})) }), 'payloads') },
    });
  }

  return new OpenApiGeneratorV31(r.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Mediation case engine API',
      version: '1',
      description:
        'The HTTP contract of the mediation case engine (调解案件引擎). To send requests from /docs, press Authorize and paste a bearer token, e.g. from `npm run token -- --role mediator --org ND-JC-JN-ROOM --sub u-1`.',
    },
  });
}
