/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests
 * (api/schemas.ts), served at /openapi.json and browsable at /docs.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ACTION_NAMES } from '../domain/case-decider';
import { CATEGORIES, DEADLINE_KINDS, RISK_LEVELS, STAGES, SUBTRACKS, TRACKS } from '../domain/case-types';
import { actionSchemas, deadlinePreviewQuery, intakeSchema, listQuerySchema, statsQuerySchema } from './schemas';

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
const bearer = [{ bearer: [] }];

export function buildOpenApiDocument(): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const r = new OpenAPIRegistry();
  r.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const path = (config: RouteConfig): void => r.registerPath({ security: bearer, ...config });

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
