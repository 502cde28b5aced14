/** `GET /api/v1/stats?from=&to=&orgUnitId=`: domain.md "Statistics" for a unit's subtree (supervisors, auditors). */
import { Router } from 'express';
import { caseStatistics } from '../../db/case-stats';
import type { Models } from '../../db/models';
import type { OrgTree } from '../../db/org-units';
import { requireCaller } from '../auth';
import { AppError } from '../errors';
import { statsQuerySchema } from '../schemas';
import { parse } from '../validate';
import { shanghaiDate, shanghaiStartOfDay, type IsoDate } from '../../domain/civil-date';

export const GRASSROOTS_KINDS = ['village_committee', 'station_room', 'township_center'] as const;

/** The days counted (api.md): without `to`, up to today in Asia/Shanghai; without `from`, from 1 January
 * of the year of `to`. So neither means the current year to date. */
export function statsPeriod(q: { from?: string; to?: string }, nowMs: number): { from: IsoDate; to: IsoDate } {
  const to = (q.to as IsoDate | undefined) ?? shanghaiDate(nowMs);
  const from = (q.from as IsoDate | undefined) ?? (`${to.slice(0, 4)}-01-01` as IsoDate);
  return { from, to };
}

export function statsRoutes(deps: { models: Models; orgTree: () => OrgTree }): Router {
  const router = Router();
  router.get('/stats', async (req, res) => {
    const caller = requireCaller(req);
    if (caller.role !== 'supervisor' && caller.role !== 'auditor')
      throw new AppError('forbidden', 'statistics are for supervisors and auditors');
    const q = parse(statsQuerySchema, req.query, 'query');
    const period = statsPeriod(q, Date.now());
    if (period.to < period.from)
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
    const from = new Date(shanghaiStartOfDay(period.from)).toISOString();
    const to = new Date(shanghaiStartOfDay(period.to) + 86_400_000).toISOString();
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
