/** The OpenAPI paths of an administrator's org unit changes (api/routes/org-units.ts). */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ORG_KINDS } from '../domain/case-types';
import { createOrgUnitSchema, patchOrgUnitSchema } from './schemas';

type Response = NonNullable<RouteConfig['responses']>[string];

/** An org unit as `GET /api/v1/org-units` and the changes answer it. */
export const orgUnitSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(ORG_KINDS),
    parentId: z.string().nullable(),
    closed: z.boolean(),
  })
  .meta({ id: 'OrgUnit' });

export function registerOrgUnitPaths(
  path: (config: RouteConfig) => void,
  json: (schema: z.ZodType, description: string) => Response,
  problems: (...statuses: number[]) => Record<string, Response>,
): void {
  const id = z.object({ id: z.string().meta({ description: 'org unit id' }) });
  path({
    method: 'post',
    path: '/api/v1/org-units',
    summary: 'Create an org unit (admin)',
    request: { body: { required: true, content: { 'application/json': { schema: createOrgUnitSchema } } } },
    responses: { 201: json(orgUnitSchema, 'created'), ...problems(400, 401, 403, 409, 415, 429) },
  });
  path({
    method: 'patch',
    path: '/api/v1/org-units/{id}',
    summary: 'Rename, move, close or reopen an org unit (admin)',
    description:
      'A unit closes only when no open unit is below it and no open case is in it or on its way to it (else 409); a move may not make a cycle (409).',
    request: { params: id, body: { required: true, content: { 'application/json': { schema: patchOrgUnitSchema } } } },
    responses: { 200: json(orgUnitSchema, 'changed'), ...problems(400, 401, 403, 404, 409, 415, 429) },
  });
  path({
    method: 'get',
    path: '/api/v1/org-units/{id}/history',
    summary: "An org unit's changes, oldest first, with actor and reason",
    request: { params: id },
    responses: {
      200: json(
        z.object({
          items: z.array(
            z.object({
              id: z.string(),
              at: z.string(),
              unitId: z.string(),
              change: z.enum(['created', 'renamed', 'moved', 'closed', 'reopened']),
              before: z.object({ name: z.string(), parentId: z.string().nullable(), closed: z.boolean() }).nullable(),
              after: z.object({ name: z.string(), parentId: z.string().nullable(), closed: z.boolean() }),
              actor: z.object({ sub: z.string(), role: z.string(), org: z.string() }),
              reason: z.string(),
            }),
          ),
        }),
        'changes',
      ),
      ...problems(401, 404, 429),
    },
  });
}
