/** History and audit (api.md "History and audit"): timeline, state at an instant, verify, export. */
import { Router } from 'express';
import { z } from 'zod';
import { evolve } from '../../domain/case-decider';
import type { CaseState } from '../../domain/case-types';
import { toCaseView } from '../../domain/case-view';
import type { Models } from '../../db/models';
import type { OrgTree } from '../../db/org-units';
import { requireCaller, type Caller } from '../auth';
import { findVisibleCase } from '../case-access';
import type { CaseAuditor } from '../case-audit';
import { AppError } from '../errors';
import { isOwningUnit, presentCase, presentEventData } from '../present';
import type { PiiVault } from '../pii-vault';
import { instant } from '../schemas';
import { parse } from '../validate';

function requireRole(caller: Caller, roles: readonly string[], what: string): void {
  if (!roles.includes(caller.role)) throw new AppError('forbidden', `${what} is for ${roles.join(' and ')} roles`);
}

export function auditRoutes(deps: {
  models: Models;
  orgTree: () => OrgTree;
  auditor: CaseAuditor;
  vault: PiiVault;
}): Router {
  const router = Router();
  const visible = (caller: Caller, id: string) => findVisibleCase(deps.models, deps.orgTree(), caller, id);

  router.get('/cases/:id/timeline', async (req, res) => {
    const caller = requireCaller(req);
    requireRole(caller, ['mediator', 'supervisor', 'liaison', 'auditor'], 'the timeline');
    const view = await visible(caller, String(req.params.id));
    const owning = isOwningUnit(caller, view);
    const events = await deps.auditor.storedEvents(view.id);
    res.json({
      caseId: view.id,
      caseNo: view.caseNo,
      events: events.map((e) => ({
        seq: e.seq,
        type: e.type,
        at: e.at,
        actor: e.actor,
        reason: e.reason,
        data: presentEventData(e.data, owning, deps.vault),
        hash: e.hash,
        prevHash: e.prevHash,
      })),
    });
  });

  router.get('/cases/:id/state', async (req, res) => {
    const caller = requireCaller(req);
    requireRole(caller, ['auditor', 'supervisor'], 'the state at an instant');
    const { asOf } = parse(z.strictObject({ asOf: instant }), req.query, 'query');
    const view = await visible(caller, String(req.params.id));
    const until = Date.parse(asOf);
    const events = (await deps.auditor.storedEvents(view.id)).filter((e) => Date.parse(e.at) <= until);
    if (events.length === 0) throw new AppError('not_found', `the case did not exist yet at ${asOf}`);
    const state = events.reduce<CaseState | null>((s, e) => evolve(s, e), null)!;
    res.json({ ...presentCase(toCaseView(state), caller, deps.vault), asOf });
  });

  router.get('/cases/:id/verify', async (req, res) => {
    const caller = requireCaller(req);
    requireRole(caller, ['auditor'], 'verification');
    const view = await visible(caller, String(req.params.id));
    res.json({ caseId: view.id, caseNo: view.caseNo, ...(await deps.auditor.verify(view.id)) });
  });

  // The export carries the events exactly as hashed, personal data included, so that anyone holding it
  // can recompute the chain; it is for auditors only and every export is logged.
  router.get('/cases/:id/export', async (req, res) => {
    const caller = requireCaller(req);
    requireRole(caller, ['auditor'], 'export');
    const view = await visible(caller, String(req.params.id));
    const { events, workflowHead } = await deps.auditor.exportable(view.id);
    req.log.info({ caseId: view.id, auditor: caller.sub, events: events.length }, 'case history exported');
    const last = events[events.length - 1];
    const lines = events.map((e) => JSON.stringify(e));
    lines.push(
      JSON.stringify({
        manifest: true,
        caseId: view.id,
        caseNo: view.caseNo,
        events: events.length,
        chainHead: last ? { seq: last.seq, hash: last.hash } : null,
        // Temporal's record of the head, for an offline check that nothing was stored past or beside it.
        workflowHead,
        exportedAt: new Date().toISOString(),
        exportedBy: caller.sub,
      }),
    );
    res
      .type('application/x-ndjson')
      .set('Content-Disposition', `attachment; filename="${view.caseNo}.jsonl"`)
      .send(`${lines.join('\n')}\n`);
  });

  return router;
}
