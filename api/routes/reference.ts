/** Reference data (api.md "Reference data and statistics"): org units, the policy, deadline preview. */
import { Router } from 'express';
import { shanghaiStartOfDay, type IsoDate } from '../../domain/civil-date';
import { policyEntry, type DeadlinePolicy } from '../../domain/deadline-policy';
import { computeDue } from '../../domain/legal-period';
import type { OrgTree } from '../../db/org-units';
import { AppError } from '../errors';
import { deadlinePreviewQuery } from '../schemas';
import { parse } from '../validate';

export function referenceRoutes(deps: { orgTree: () => OrgTree; policy: DeadlinePolicy }): Router {
  const router = Router();

  router.get('/org-units', (_req, res) => {
    res.json(deps.orgTree().units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parentId })));
  });

  router.get('/policies', (_req, res) => {
    res.json(deps.policy);
  });

  router.get('/deadline-preview', (req, res) => {
    const q = parse(deadlinePreviewQuery, req.query, 'query');
    const entry = policyEntry(deps.policy, q.kind, q.track ?? null, q.subtrack ?? null);
    if (!entry) throw new AppError('not_found', `the policy has no ${q.kind} deadline for that track`);
    const due = computeDue(shanghaiStartOfDay(q.start as IsoDate), entry, entry.warnFraction);
    res.json({
      kind: q.kind,
      start: q.start,
      dueDate: due.dueDate,
      dueAt: new Date(due.dueAt).toISOString(),
      warnAt: new Date(due.warnAt).toISOString(),
      amount: entry.amount,
      unit: entry.unit,
      basis: entry.basis,
      provisional: due.provisional,
      policyVersion: deps.policy.version,
    });
  });

  return router;
}
