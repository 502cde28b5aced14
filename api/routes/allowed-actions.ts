/** What the caller may do with a case now (api.md "What the caller may do"), by the decider's own guard. */
import { Router, type Request } from 'express';
import { guardAll, guardSubjectOfView } from '../../domain/case-guard';
import type { Models } from '../../db/models';
import type { DeadlinePolicy } from '../../domain/deadline-policy';
import type { OrgTree } from '../../db/org-units';
import { requireCaller } from '../auth';
import { findVisibleCase } from '../case-access';
import { AppError } from '../errors';

/** English when the caller asks for it before Chinese; Chinese otherwise (the console's default). */
export function prefersEnglish(req: Request): boolean {
  return req.acceptsLanguages('zh', 'en') === 'en';
}

export function allowedActionRoutes(deps: {
  models: Models;
  orgTree: () => OrgTree;
  /** The policy a case pinned, by its version. */
  policyOf: (version: string) => Promise<DeadlinePolicy>;
}): Router {
  const router = Router();
  router.get('/cases/:id/allowed-actions', async (req, res) => {
    const caller = requireCaller(req);
    if (caller.role === 'admin') throw new AppError('forbidden', 'the admin role has no access to cases');
    const tree = deps.orgTree();
    const view = await findVisibleCase(deps.models, tree, caller, String(req.params.id));
    const subject = guardSubjectOfView(
      view,
      {
        kindOf: (id) => tree.get(id)?.kind,
        pathOf: (id) => (tree.get(id) ? tree.path(id) : [{ id, kind: 'agency' }]),
      },
      await deps.policyOf(view.policyVersion),
    );
    const lang = prefersEnglish(req) ? 'en' : 'zh';
    const actor = { id: caller.sub, role: caller.role, org: caller.org };
    res
      .set('Content-Language', lang === 'en' ? 'en' : 'zh-CN')
      .set('Vary', 'Accept-Language')
      .set('ETag', `"${view.version}"`)
      .json(
        guardAll(subject, actor).map(({ action, verdict }) =>
          verdict.allowed
            ? { action, allowed: true, code: null, reason: null }
            : { action, allowed: false, code: verdict.code, reason: verdict.reason[lang] },
        ),
      );
  });
  return router;
}
