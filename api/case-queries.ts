/**
 * How the case list and the queue counts read MongoDB (api.md "Listing", "Queues"): the caller's
 * visibility as a filter (the same rule as `canSeeCase`), the queue views, and the two orders
 * (newest first; next due first, cases without a running deadline last) with their cursors.
 */
import type { PageMark } from '../db/newest-first';
import sift from 'sift';
import type { CaseDoc, Models } from '../db/models';
import type { OrgTree } from '../db/org-units';
import type { Caller } from './auth';
import { AppError } from './errors';

type Filter = Record<string, unknown>;

export const QUEUE_VIEWS = ['unaccepted', 'mine', 'dueSoon', 'overdue', 'paused', 'highRisk', 'incoming'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

/** The cases the caller may see (api/case-access.ts `canSeeCase`, as a query). */
export function visibleTo(caller: Caller, tree: OrgTree): Filter {
  if (caller.role === 'liaison') return { courtsInvolved: caller.org };
  if (caller.role === 'mediator')
    return {
      $or: [{ ownerOrgUnitId: caller.org }, { originOrgUnitId: caller.org }, { 'transfer.toOrgUnitId': caller.org }],
    };
  const ids = caller.role !== 'admin' && tree.get(caller.org) ? tree.subtree(caller.org) : [];
  return {
    $or: [
      { ownerOrgUnitId: { $in: ids } },
      { originOrgUnitId: { $in: ids } },
      { 'transfer.toOrgUnitId': { $in: ids } },
    ],
  };
}

const open: Filter = { stage: { $ne: 'closed' } };

/** Each queue tab of the console (console.md S2) as a filter, at `now`. */
export function queueView(view: QueueView, caller: Caller, now: string): Filter {
  switch (view) {
    case 'unaccepted': // 待受理
      return { stage: 'registered' };
    case 'mine': // 我的在办
      return { $and: [open, { assigneeId: caller.sub }] };
    case 'dueSoon': // 即将到期: some running deadline past its warning point, none past due yet
      return { $and: [warnedFilter, { nextDueAt: { $gte: now } }] };
    case 'overdue': // 已超期: a running deadline past due, or a breach on a case still open
      return { $and: [open, { $or: [{ nextDueAt: { $lt: now } }, { 'deadlines.status': 'breached' }] }] };
    case 'paused': // 暂停中
      return { paused: true };
    case 'highRisk': // 高风险
      return { $and: [open, { riskLevel: { $in: ['high', 'critical'] } }] };
    case 'incoming': // 移交待接收: on its way to the caller's unit, not yet taken over (a case keeps its
      // `transfer` after the take-over for confirmation)
      return { stage: 'transferred', 'transfer.toOrgUnitId': caller.org };
  }
}

/** Some running deadline has passed its warning point (the case view's `warned`; FerretDB 1.24 has no
 * `$elemMatch` on fields, so the view carries it). */
export const warnedFilter: Filter = { warned: true };

/** What the views look at: a count reads these fields only. */
const VIEW_FIELDS = {
  stage: 1,
  assigneeId: 1,
  nextDueAt: 1,
  warned: 1,
  paused: 1,
  riskLevel: 1,
  'transfer.toOrgUnitId': 1,
  'deadlines.status': 1,
  ownerOrgUnitId: 1,
} as const;

/**
 * The tab counts. FerretDB answers every filter but `_id` by scanning the collection, so the counts read
 * the caller's cases once (the fields the views look at) and apply each view's filter to them in memory
 * (sift, MongoDB's query semantics) instead of scanning once per view; each view keeps one definition.
 */
export async function countViews(
  models: Models,
  scope: Filter,
  views: readonly QueueView[],
  caller: Caller,
): Promise<Record<string, number>> {
  const now = new Date().toISOString();
  const docs = await models.Case.find(scope, VIEW_FIELDS).lean<Array<Record<string, unknown>>>();
  return Object.fromEntries(
    views.map((v) => [v, docs.filter(sift(queueView(v, caller, now) as Parameters<typeof sift>[0])).length]),
  );
}

/** Open and overdue cases per owner unit (the org tree's counts, console.md S8), in one scan; overdue by
 * the rule of the 已超期 tab. */
export async function countByOwner(
  models: Models,
  scope: Filter,
  caller: Caller,
): Promise<Array<{ orgUnitId: string; open: number; overdue: number }>> {
  const docs = await models.Case.find({ $and: [scope, open] }, VIEW_FIELDS).lean<Array<Record<string, unknown>>>();
  const overdue = sift(queueView('overdue', caller, new Date().toISOString()) as Parameters<typeof sift>[0]);
  const byUnit = new Map<string, { orgUnitId: string; open: number; overdue: number }>();
  for (const d of docs) {
    const id = String(d.ownerOrgUnitId);
    const row = byUnit.get(id) ?? { orgUnitId: id, open: 0, overdue: 0 };
    row.open++;
    if (overdue(d)) row.overdue++;
    byUnit.set(id, row);
  }
  return [...byUnit.values()].sort((a, b) => a.orgUnitId.localeCompare(b.orgUnitId));
}

interface Page {
  docs: CaseDoc[];
  nextCursor: string | null;
}

export function decodeCursor<T>(cursor: string, valid: (c: T) => boolean): T {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
    if (!valid(c)) throw new Error('bad cursor');
    return c;
  } catch {
    throw new AppError('validation_failed', 'the cursor is invalid', [{ path: 'cursor', message: 'invalid cursor' }]);
  }
}
export const encodeCursor = (c: unknown): string => Buffer.from(JSON.stringify(c)).toString('base64url');

/** The cursor of a newest-first page (db/newest-first.ts): `{ c: instant, i: id }`. */
export function decodeMarkCursor(cursor: string | undefined): PageMark | undefined {
  if (!cursor) return undefined;
  const c = decodeCursor<{ c: string; i: string }>(cursor, (c) => typeof c.c === 'string' && typeof c.i === 'string');
  return { at: c.c, id: c.i };
}
export const encodeMarkCursor = (mark: PageMark | null): string | null =>
  mark ? encodeCursor({ c: mark.at, i: mark.id }) : null;

/** Newest first (the default order). */
export async function newestFirst(models: Models, filter: Filter[], limit: number, cursor?: string): Promise<Page> {
  const and = [...filter];
  if (cursor) {
    const c = decodeCursor<{ c: string; i: string }>(cursor, (x) => typeof x.c === 'string' && typeof x.i === 'string');
    and.push({ $or: [{ createdAt: { $lt: c.c } }, { createdAt: c.c, _id: { $lt: c.i } }] });
  }
  const docs = await models.Case.find({ $and: and })
    .sort({ createdAt: -1, _id: -1 })
    .limit(limit + 1)
    .lean<CaseDoc[]>();
  const last = docs[limit - 1];
  return {
    docs: docs.slice(0, limit),
    nextCursor: docs.length > limit && last ? encodeCursor({ c: last.createdAt, i: last._id }) : null,
  };
}

/** Next due first; cases without a running deadline after all the others, by id. Read in two parts
 * (MongoDB sorts null first), the cursor saying which part it stopped in. */
export async function nextDueFirst(models: Models, filter: Filter[], limit: number, cursor?: string): Promise<Page> {
  const c = cursor
    ? decodeCursor<{ d: string | null; i: string }>(
        cursor,
        (x) => (x.d === null || typeof x.d === 'string') && typeof x.i === 'string',
      )
    : null;
  let docs: CaseDoc[] = [];
  if (!c || c.d !== null) {
    const after: Filter[] = c ? [{ $or: [{ nextDueAt: { $gt: c.d } }, { nextDueAt: c.d, _id: { $gt: c.i } }] }] : [];
    docs = await models.Case.find({ $and: [...filter, { nextDueAt: { $ne: null } }, ...after] })
      .sort({ nextDueAt: 1, _id: 1 })
      .limit(limit + 1)
      .lean<CaseDoc[]>();
  }
  if (docs.length <= limit) {
    const after: Filter[] = c && c.d === null ? [{ _id: { $gt: c.i } }] : [];
    const rest = await models.Case.find({ $and: [...filter, { nextDueAt: null }, ...after] })
      .sort({ _id: 1 })
      .limit(limit + 1 - docs.length)
      .lean<CaseDoc[]>();
    docs = docs.concat(rest);
  }
  const last = docs[limit - 1];
  return {
    docs: docs.slice(0, limit),
    nextCursor: docs.length > limit && last ? encodeCursor({ d: last.nextDueAt ?? null, i: last._id }) : null,
  };
}
