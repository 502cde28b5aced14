/**
 * An administrator's changes to the org tree (api.md "Org units"): create, rename, move under another
 * parent, close and reopen, each with a reason and logged with its actor; every process sees the
 * change within seconds (db/org-unit-store.ts).
 */
import { Router } from 'express';
import type { Models } from '../../db/models';
import type { CaseIndex } from '../case-index';
import { OrgUnitExistsError, OrgUnitStore } from '../../db/org-unit-store';
import { loadOrgTree, type OrgTree } from '../../db/org-units';
import { requireCaller, type Caller } from '../auth';
import { AppError } from '../errors';
import { parse } from '../validate';
import { createOrgUnitSchema, patchOrgUnitSchema } from '../schemas';

export function orgUnitRoutes(deps: {
  models: Models;
  /** The case rows (api/case-index.ts): whether a unit still has cases is counted there, not by a scan. */
  index: CaseIndex;
  orgTree: () => OrgTree;
  /** Reload this process's tree at once after a change (the others poll). */
  reloadOrgTree: () => Promise<void>;
}): Router {
  const router = Router();
  const store = new OrgUnitStore(deps.models);

  router.post('/org-units', async (req, res) => {
    const caller = requireAdmin(req);
    const body = parse(createOrgUnitSchema, req.body, 'request body');
    if (body.parentId !== null) openUnit(deps.orgTree(), body.parentId, 'parentId');
    try {
      const doc = await store.create(
        { id: body.id, name: body.name, kind: body.kind, parentId: body.parentId },
        actorOf(caller),
        body.reason,
      );
      await deps.reloadOrgTree();
      res.status(201).location(`/api/v1/org-units/${doc._id}`).json(present(doc));
    } catch (err) {
      if (err instanceof OrgUnitExistsError) throw new AppError('conflict', err.message);
      throw err;
    }
  });

  router.patch('/org-units/:id', async (req, res) => {
    const caller = requireAdmin(req);
    const id = String(req.params.id);
    const body = parse(patchOrgUnitSchema, req.body, 'request body');
    // A move or a close is checked against the tree as stored now, not this process's copy (up to 5 s
    // old): another process's move a moment ago could otherwise make this one a cycle.
    const tree =
      body.parentId !== undefined || body.closed !== undefined ? await loadOrgTree(deps.models) : deps.orgTree();
    const unit = tree.get(id);
    if (!unit) throw new AppError('not_found', `no org unit ${id}`);
    if (body.parentId !== undefined && body.parentId !== null) {
      openUnit(tree, body.parentId, 'parentId');
      if (tree.isWithin(body.parentId, id))
        throw new AppError('conflict', `${body.parentId} is ${id} or below it: the move would make a cycle`);
    }
    if (body.closed === true && !unit.closed) await mayClose(deps.index, tree, id);
    const actor = actorOf(caller);
    let doc = null;
    if (body.name !== undefined && body.name !== unit.name)
      doc = await store.update(id, 'renamed', { name: body.name }, actor, body.reason);
    if (body.parentId !== undefined && body.parentId !== unit.parentId)
      doc = await store.update(id, 'moved', { parentId: body.parentId }, actor, body.reason);
    if (body.closed !== undefined && body.closed !== (unit.closed === true))
      doc = await store.update(id, body.closed ? 'closed' : 'reopened', { closed: body.closed }, actor, body.reason);
    await deps.reloadOrgTree();
    const now = deps.orgTree().get(id)!;
    res.json(doc ? present(doc) : { id, name: now.name, kind: now.kind, parentId: now.parentId, closed: !!now.closed });
  });

  router.get('/org-units/:id/history', async (req, res) => {
    requireCaller(req);
    const id = String(req.params.id);
    if (!deps.orgTree().get(id)) throw new AppError('not_found', `no org unit ${id}`);
    const changes = await store.history(id);
    res.json({ items: changes.map(({ _id, ...c }) => ({ id: _id, ...c })) });
  });

  return router;
}

/** A unit closes only when nothing is left open in it: no open child unit, no open case it owns, no
 * case on its way to it. Counted from the case rows, which learn of a stored change when the worker
 * announces it, right after storing it (decision 71): a change racing the close may be missed, as it could
 * be by a read of the store a moment earlier. */
async function mayClose(index: CaseIndex, tree: OrgTree, id: string): Promise<void> {
  const openChild = tree.units.find((u) => u.parentId === id && !u.closed);
  if (openChild) throw new AppError('conflict', `${id} still has an open unit below it (${openChild.id})`);
  const rows = await index.select({
    $or: [{ ownerOrgUnitId: id, stage: { $ne: 'closed' } }, { 'transfer.toOrgUnitId': id }],
  });
  const owned = rows.filter((r) => r.ownerOrgUnitId === id && r.stage !== 'closed').length;
  const incoming = rows.length - owned;
  if (owned + incoming > 0)
    throw new AppError('conflict', `${id} still has ${owned} open case(s) and ${incoming} on their way to it`);
}

function openUnit(tree: OrgTree, id: string, field: string): void {
  const unit = tree.get(id);
  if (!unit || unit.closed)
    throw new AppError('validation_failed', `no open org unit ${id}`, [
      { path: field, message: unit ? 'the unit is closed' : 'unknown org unit' },
    ]);
}

function requireAdmin(req: { caller?: Caller }): Caller {
  const caller = requireCaller(req);
  if (caller.role !== 'admin') throw new AppError('forbidden', 'only an administrator changes org units');
  return caller;
}

const actorOf = (c: Caller) => ({ sub: c.sub, role: c.role, org: c.org });
const present = (d: { _id: string; name: string; kind: string; parentId: string | null; closed?: boolean }) => ({
  id: d._id,
  name: d.name,
  kind: d.kind,
  parentId: d.parentId,
  closed: d.closed === true,
});
