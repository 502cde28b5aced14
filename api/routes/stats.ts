/** `GET /api/v1/stats?from=&to=&orgUnitId=`: domain.md "Statistics" for a unit's subtree (supervisors, auditors). */
import { Router } from 'express';
import { caseStatistics } from '../../db/case-stats';
import type { Models } from '../../db/models';
import type { OrgTree } from '../../db/org-units';
import { requireCaller } from '../auth';
import { AppError } from '../errors';
import { statsQuerySchema } from '../schemas';
import { parse } from '../validate';
import { shanghaiStartOfDay, type IsoDate } from '../../domain/civil-date';

export const GRASSROOTS_KINDS = ['village_committee', 'station_room', 'township_center'] as const;

export function statsRoutes(deps: { models: Models; orgTree: () => OrgTree }): Router {
  const router = Router();
  router.get('/stats', async (req, res) => {
    const caller = requireCaller(req);
    if (caller.role !== 'supervisor' && caller.role !== 'auditor')
      throw new AppError('forbidden', 'statistics are for supervisors and auditors');
    const q = parse(statsQuerySchema, req.query, 'query');
    if (q.to < q.from)
      throw new AppError('validation_failed', 'to is before from', [
        { path: 'to', message: 'must not be before from' },
      ]);
    const orgUnitId = q.orgUnitId ?? caller.org;
    const tree = deps.orgTree();
    if (!tree.get(orgUnitId))
      throw new AppError('validation_failed', `unknown org unit ${orgUnitId}`, [
        { path: 'orgUnitId', message: 'unknown org unit' },
      ]);
    if (!tree.isWithin(orgUnitId, caller.org))
      throw new AppError('forbidden', 'statistics only for your own unit and the units below it');
    // Dates are Asia/Shanghai calendar days; `to` is inclusive.
    const from = new Date(shanghaiStartOfDay(q.from as IsoDate)).toISOString();
    const to = new Date(shanghaiStartOfDay(q.to as IsoDate) + 86_400_000).toISOString();
    res.json(
      await caseStatistics(deps.models, {
        orgUnitId,
        from,
        to,
        now: new Date().toISOString(),
        grassrootsKinds: GRASSROOTS_KINDS,
      }),
    );
  });
  return router;
}
