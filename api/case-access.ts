/**
 * Which cases a caller may see (object-level authorization). A case the caller may not see answers
 * 404, never 403, so its existence is not revealed.
 */
import { nextRunning } from '../domain/case-view';
import type { CaseView } from '../domain/case-view';
import type { CaseDoc, Models } from '../db/models';
import type { OrgTree } from '../db/org-units';
import type { Caller } from './auth';
import { AppError } from './errors';

export function docToView(doc: CaseDoc): CaseView {
  const { _id, tally: _t, tallyVersion: _v, ...rest } = doc;
  return storedView({ ...rest, id: _id });
}

/**
 * A view as stored (a case document, an idempotent answer) with the fields added since: views stored
 * before `nextDueKind` and `warned` existed get them from their deadlines.
 */
export function storedView(view: Omit<CaseView, 'nextDueKind' | 'warned'> & Partial<CaseView>): CaseView {
  return {
    ...view,
    nextDueKind: view.nextDueKind ?? nextRunning(view.deadlines)?.kind ?? null,
    warned: view.warned ?? view.deadlines.some((d) => d.status === 'running' && d.warned),
  };
}

/** The case, if it exists and the caller may see it; otherwise 404 (never 403: existence stays hidden). */
export async function findVisibleCase(models: Models, tree: OrgTree, caller: Caller, id: string): Promise<CaseView> {
  const doc = await models.Case.findById(id).lean<CaseDoc>();
  const view = doc ? docToView(doc) : null;
  if (!view || !canSeeCase(caller, view, tree)) throw new AppError('not_found', 'no such case');
  return view;
}

export function canSeeCase(caller: Caller, view: CaseView, tree: OrgTree): boolean {
  const within = (unitId: string | null | undefined): boolean =>
    !!unitId && tree.get(unitId) !== undefined && tree.isWithin(unitId, caller.org);
  switch (caller.role) {
    case 'mediator':
      // Their unit's cases, cases that started there, and cases on their way to it.
      return (
        view.ownerOrgUnitId === caller.org ||
        view.originOrgUnitId === caller.org ||
        view.transfer?.toOrgUnitId === caller.org
      );
    case 'supervisor':
    case 'auditor':
      return within(view.ownerOrgUnitId) || within(view.originOrgUnitId) || within(view.transfer?.toOrgUnitId);
    case 'liaison':
      return view.courtsInvolved.includes(caller.org);
    case 'admin':
      return false;
  }
}
