/** Intake, the case view, listing and actions (api.md "Intake", "The case view", "Listing", "Actions"). */
import { Router, type Request, type Response } from 'express';
import type { ActionName } from '../../domain/case-decider';
import { buildActionCommand } from '../action-commands';
import type { CaseView } from '../../domain/case-view';
import { canonicalJson } from '../../domain/hash-chain';
import { isDuplicateKey, type IdempotencyDoc, type Models } from '../../db/models';
import type { OrgTree } from '../../db/org-units';
import { requireCaller, type Caller } from '../auth';
import { docToView, findVisibleCase, storedView } from '../case-access';
import { caseIdFor, sha256Hex, type CaseGateway } from '../case-gateway';
import type { CaseIndex } from '../case-index';
import { AppError } from '../errors';
import { presentCase } from '../present';
import type { PiiVault } from '../pii-vault';
import {
  actionSchemas,
  countsQuerySchema,
  idempotencyKeySchema,
  ifMatchSchema,
  intakeSchema,
  emptyQuerySchema,
  listQuerySchema,
} from '../schemas';
import {
  countByOwner,
  countViews,
  newestFirst,
  nextDueFirst,
  queueView,
  visibleTo,
  warnedFilter,
} from '../case-queries';
import { parse } from '../validate';
import type { OrgKind, OrgPath } from '../../domain/case-types';
import type { IsoDate } from '../../domain/civil-date';

export interface CaseRoutesDeps {
  models: Models;
  /** The rows listing and the queue counts filter (api/case-index.ts). */
  index: CaseIndex;
  vault: PiiVault;
  gateway: CaseGateway;
  orgTree: () => OrgTree;
}

const CASE_WRITERS = new Set(['mediator', 'supervisor']);
const ACTORS = new Set(['mediator', 'supervisor', 'liaison']);

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function caseRoutes(deps: CaseRoutesDeps): Router {
  const { models, gateway } = deps;
  const router = Router();
  const sendCase = (res: Response, status: number, view: CaseView, caller: Caller): void => {
    res
      .status(status)
      .set('ETag', `"${view.version}"`)
      .json(presentCase(view, caller, deps.vault));
  };

  /**
   * Replays a stored response for an idempotency scope, or runs `produce` once and stores its result. The
   * key is claimed with the request's fingerprint before `produce` runs: a request that fails after it was
   * applied (a 503 once the case took it) leaves the key bound to what was sent, so another body under the
   * key is refused (422) rather than answered with the first one's outcome, which Temporal keeps by update
   * id. A refusal (4xx), or a failure before the case was asked, applied nothing and gives the key back.
   */
  async function idempotent(
    req: Request,
    res: Response,
    scope: string,
    fingerprint: string,
    produce: () => Promise<{ status: number; view: CaseView }>,
  ): Promise<void> {
    const caller = requireCaller(req);
    const stored = await claimKey(scope, fingerprint);
    if (stored && stored.fingerprint !== fingerprint)
      throw new AppError(
        'idempotency_conflict',
        'this Idempotency-Key was already used for another request (another body, or on an action another If-Match)',
      );
    if (stored?.view) {
      const view = storedView(stored.view as CaseView);
      if (stored.status === 201) res.location(`/api/v1/cases/${view.id}`);
      sendCase(res, stored.status, view, caller);
      return;
    }
    // Claimed now, or by an earlier send of this very request that stored no answer: produced (again).
    let produced: { status: number; view: CaseView };
    try {
      produced = await produce();
    } catch (err) {
      if (err instanceof AppError && (err.status < 500 || err.notApplied))
        await models.Idempotency.deleteOne({ _id: scope, fingerprint, view: { $exists: false } }).catch(
          () => undefined,
        );
      throw err;
    }
    const { status, view } = produced;
    // The record keeps the view sealed: no personal data in plain text at rest.
    await storeAnswer(scope, { fingerprint, status, view, caseId: view.id });
    if (status === 201) res.location(`/api/v1/cases/${view.id}`);
    sendCase(res, status, view, caller);
  }

  /** Claims a key for a fingerprint; the record already there (claimed or answered) when it was taken. */
  async function claimKey(scope: string, fingerprint: string): Promise<IdempotencyDoc | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        await models.Idempotency.collection.insertOne({ _id: scope, fingerprint, createdAt: new Date() } as never);
        return null;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const stored = await models.Idempotency.findById(scope).lean<IdempotencyDoc>();
      // Given back by a refusal in between: claimed again.
      if (stored) return stored;
      if (attempt >= 3) throw new AppError('unavailable', 'the Idempotency-Key could not be claimed just now; retry');
    }
  }

  /** Stores the answer on this request's claim; the first answer stays (a concurrent identical request's,
   * which may have read a later version, does not replace it). A claim given back meanwhile by a refusal of
   * the same request is written anew, unless another request has claimed the key since. */
  async function storeAnswer(
    scope: string,
    answer: { fingerprint: string; status: number; view: CaseView; caseId: string },
  ): Promise<void> {
    const { fingerprint, ...rest } = answer;
    const stored = await models.Idempotency.updateOne(
      { _id: scope, fingerprint, view: { $exists: false } },
      { $set: rest },
    );
    if (stored.matchedCount > 0) return;
    await models.Idempotency.collection
      .insertOne({ _id: scope, ...answer, createdAt: new Date() } as never)
      .catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
  }

  const visibleCase = (caller: Caller, id: string): Promise<CaseView> =>
    findVisibleCase(models, deps.orgTree(), caller, id);

  function orgPath(id: string, field: string, kind?: OrgKind): OrgPath {
    const tree = deps.orgTree();
    const unit = tree.get(id);
    if (!unit)
      throw new AppError('validation_failed', `unknown org unit ${id}`, [{ path: field, message: 'unknown org unit' }]);
    // A closed unit takes no new cases, transfers or confirmation requests (api.md "Org units").
    if (unit.closed)
      throw new AppError('validation_failed', `org unit ${id} is closed`, [
        { path: field, message: 'the unit is closed' },
      ]);
    // Checked here, before the version: a court field naming an agency is a bad request, not a conflict.
    if (kind && unit.kind !== kind)
      throw new AppError('validation_failed', `org unit ${id} is not a ${kind}`, [
        { path: field, message: `must be a unit of kind ${kind}` },
      ]);
    return tree.path(id);
  }

  router.post('/cases', async (req, res) => {
    const caller = requireCaller(req);
    if (!CASE_WRITERS.has(caller.role))
      throw new AppError('forbidden', `the ${caller.role} role may not register cases`);
    const key = req.header('Idempotency-Key');
    if (key === undefined)
      throw new AppError('validation_failed', 'the Idempotency-Key header is required', [
        { path: 'Idempotency-Key', message: 'required' },
      ]);
    parse(idempotencyKeySchema, key, 'Idempotency-Key header');
    const body = parse(intakeSchema, req.body, 'request body');
    const owner = orgPath(body.orgUnitId, 'orgUnitId');
    if (!deps.orgTree().isWithin(body.orgUnitId, caller.org)) {
      throw new AppError('forbidden', 'cases may be registered only for your own unit or a unit below it');
    }
    const scope = `intake:${caller.sub}:${key}`;
    const fingerprint = sha256Hex(canonicalJson(body));
    await idempotent(req, res, scope, fingerprint, async () => {
      const view = await gateway.intake(
        caseIdFor(scope),
        {
          command: {
            actor: { id: caller.sub, role: caller.role, org: caller.org },
            category: body.category,
            source: body.source,
            summary: body.summary,
            gridId: body.gridId ?? null,
            occurredOn: (body.occurredOn ?? null) as IsoDate | null,
            amountCny: body.amountCny ?? null,
            riskLevel: body.riskLevel,
            // Personal data is sealed here, before it reaches Temporal or MongoDB.
            parties: body.parties.map((p) => ({
              ...p,
              idNumber: p.idNumber ? deps.vault.seal('idNumber', p.idNumber) : null,
              phone: p.phone ? deps.vault.seal('phone', p.phone) : null,
              guardian: p.guardian
                ? { name: p.guardian.name, phone: p.guardian.phone ? deps.vault.seal('phone', p.guardian.phone) : null }
                : null,
            })),
            owner,
            intakeFingerprint: fingerprint,
          },
        },
        fingerprint,
      );
      return { status: 201, view };
    });
  });

  router.get('/cases', async (req, res) => {
    const caller = requireCaller(req);
    if (caller.role === 'admin') throw new AppError('forbidden', 'the admin role has no access to cases');
    const q = parse(listQuerySchema, req.query, 'query');
    const now = new Date().toISOString();
    const and: Array<Record<string, unknown>> = [visibleTo(caller, deps.orgTree())];
    for (const f of ['stage', 'track', 'category', 'ownerOrgUnitId', 'riskLevel'] as const) {
      if (q[f] !== undefined) and.push({ [f]: q[f] });
    }
    if (q.view !== undefined) and.push(queueView(q.view, caller, now));
    if (q.assigneeId !== undefined) and.push({ assigneeId: q.assigneeId === 'me' ? caller.sub : q.assigneeId });
    if (q.transferTo === 'me') and.push(queueView('incoming', caller, now));
    if (q.overdue === 'true') and.push({ nextDueAt: { $lt: now } });
    if (q.overdue === 'false') and.push({ $or: [{ nextDueAt: null }, { nextDueAt: { $gte: now } }] });
    if (q.warned === 'true') and.push(warnedFilter);
    if (q.warned === 'false') and.push({ warned: { $ne: true } });
    if (q.paused !== undefined) and.push({ paused: q.paused === 'true' });
    if (q.dueBefore !== undefined) and.push({ nextDueAt: { $ne: null, $lt: new Date(q.dueBefore).toISOString() } });
    if (q.q) {
      const re = { $regex: escapeRegex(q.q), $options: 'i' };
      and.push({ $or: [{ caseNo: re }, { summary: re }] });
    }
    if (q.partyIdNumber) and.push({ 'parties.idNumber.hash': deps.vault.lookupHash('idNumber', q.partyIdNumber) });
    const page = await (q.sort === 'nextDueAt' ? nextDueFirst : newestFirst)(
      models,
      deps.index,
      and,
      q.limit,
      q.cursor,
    );
    res.json({
      items: page.docs.map((d) => presentCase(docToView(d), caller, deps.vault)),
      nextCursor: page.nextCursor,
    });
  });

  router.get('/cases/counts', async (req, res) => {
    const caller = requireCaller(req);
    if (caller.role === 'admin') throw new AppError('forbidden', 'the admin role has no access to cases');
    const q = parse(countsQuerySchema, req.query, 'query');
    res.json(await countViews(deps.index, visibleTo(caller, deps.orgTree()), q.views, caller));
  });

  router.get('/cases/counts-by-unit', async (req, res) => {
    const caller = requireCaller(req);
    if (caller.role === 'admin') throw new AppError('forbidden', 'the admin role has no access to cases');
    parse(emptyQuerySchema, req.query, 'query');
    res.json({ items: await countByOwner(deps.index, visibleTo(caller, deps.orgTree()), caller) });
  });

  router.get('/cases/:id', async (req, res) => {
    const caller = requireCaller(req);
    if (caller.role === 'admin') throw new AppError('forbidden', 'the admin role has no access to cases');
    const view = await visibleCase(caller, String(req.params.id));
    sendCase(res, 200, view, caller);
  });

  router.post('/cases/:id/actions/:action', async (req, res) => {
    const caller = requireCaller(req);
    const action = String(req.params.action) as ActionName;
    if (!Object.hasOwn(actionSchemas, action)) throw new AppError('not_found', `unknown action ${action}`);
    if (!ACTORS.has(caller.role)) throw new AppError('forbidden', `the ${caller.role} role takes no case actions`);
    const body = parse(actionSchemas[action], req.body ?? {}, 'request body') as Record<string, unknown>;
    const ifMatch = req.header('If-Match');
    const expectedVersion =
      ifMatch === undefined ? null : Number(parse(ifMatchSchema, ifMatch, 'If-Match header').replace(/\D/g, ''));
    const key = req.header('Idempotency-Key');
    if (key !== undefined) parse(idempotencyKeySchema, key, 'Idempotency-Key header');
    const id = String(req.params.id);
    const current = await visibleCase(caller, id);
    const command = buildActionCommand(action, body, { id: caller.sub, role: caller.role, org: caller.org }, orgPath);
    const input = { command, expectedVersion };
    if (key === undefined) {
      if (current.stage === 'closed')
        throw new AppError('invalid_transition', `the case is closed (${current.outcome ?? 'no outcome'})`);
      sendCase(res, 200, await gateway.act(id, input), caller);
      return;
    }
    // Keyed, the action goes to Temporal even on a closed case: a retry of the action that closed it
    // gets that action's outcome (Temporal keeps it by update id); any other action is refused there.
    const scope = `action:${caller.sub}:${id}:${key}`;
    const fingerprint = sha256Hex(canonicalJson({ action, body, expectedVersion }));
    await idempotent(req, res, scope, fingerprint, async () => ({
      status: 200,
      view: await gateway.act(id, input, `action-${sha256Hex(scope).slice(0, 40)}`),
    }));
  });

  return router;
}
