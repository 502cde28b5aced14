/**
 * How the case list and the queue counts are answered (api.md "Listing", "Queues"): the caller's
 * visibility as a MongoDB filter (the same rule as `canSeeCase`), the queue views, and the two orders
 * (newest first; next due first, cases without a running deadline last) with their cursors. The filters
 * run over this process's rows (api/case-index.ts); a page's cases are then read by `_id`.
 */
import type { PageMark } from '../db/newest-first';
import sift from 'sift';
import type { CaseDoc, Models } from '../db/models';
import type { CaseIndex, CaseRow } from './case-index';
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

const matches = (filter: Filter) => sift(filter as Parameters<typeof sift>[0]);

/** The tab counts: the caller's rows once, each view's filter applied to them (each view keeps one
 * definition, `queueView`). */
export async function countViews(
  index: CaseIndex,
  scope: Filter,
  views: readonly QueueView[],
  caller: Caller,
): Promise<Record<string, number>> {
  const now = new Date().toISOString();
  const rows = await index.select(scope);
  return Object.fromEntries(views.map((v) => [v, rows.filter(matches(queueView(v, caller, now))).length]));
}

/** Open and overdue cases per owner unit (the org tree's counts, console.md S8); overdue by the rule of
 * the 已超期 tab. */
export async function countByOwner(
  index: CaseIndex,
  scope: Filter,
  caller: Caller,
): Promise<Array<{ orgUnitId: string; open: number; overdue: number }>> {
  const rows = await index.select({ $and: [scope, open] });
  const overdue = matches(queueView('overdue', caller, new Date().toISOString()));
  const byUnit = new Map<string, { orgUnitId: string; open: number; overdue: number }>();
  for (const d of rows) {
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

/** MongoDB's order of strings (binary), ascending. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const dueOf = (r: CaseRow): string | null => r.nextDueAt ?? null;

/** The page's cases from the store, each by `_id` (the one lookup FerretDB serves by index), in order; a
 * case is read as it is now. */
async function readPage(
  models: Models,
  filter: Filter[],
  rows: CaseRow[],
  limit: number,
  cursorOf: (last: CaseRow) => unknown,
) {
  const ids = rows.slice(0, limit).map((r) => r._id);
  const docs = await Promise.all(ids.map((id) => models.Case.findById(id).lean<CaseDoc>()));
  // A case changed since its row was read may no longer belong on the page.
  const belongs = matches({ $and: filter });
  const last = rows[limit - 1];
  return {
    docs: docs.filter((d): d is CaseDoc => d !== null && belongs(d)),
    nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null,
  };
}

/** Newest first (the default order): by `createdAt`, then `_id`, both descending. */
export async function newestFirst(
  models: Models,
  index: CaseIndex,
  filter: Filter[],
  limit: number,
  cursor?: string,
): Promise<Page> {
  const c = decodeMarkCursor(cursor);
  const rows = (await index.select({ $and: filter }))
    .filter((r) => !c || r.createdAt < c.at || (r.createdAt === c.at && r._id < c.id))
    .sort((a, b) => cmp(b.createdAt, a.createdAt) || cmp(b._id, a._id));
  return readPage(models, filter, rows, limit, (last) => ({ c: last.createdAt, i: last._id }));
}

/** Next due first, cases without a running deadline after all the others; among cases due at the same
 * instant (a day's deadlines all end at its midnight) the one registered first comes first, then by id.
 * The cursor holds the last row's key (`d` null: the cases without a deadline). */
export async function nextDueFirst(
  models: Models,
  index: CaseIndex,
  filter: Filter[],
  limit: number,
  cursor?: string,
): Promise<Page> {
  const c = cursor
    ? decodeCursor<DueKey>(
        cursor,
        (x) => (x.d === null || typeof x.d === 'string') && typeof x.c === 'string' && typeof x.i === 'string',
      )
    : null;
  const rows = (await index.select({ $and: filter }))
    .filter((r) => !c || byDue(dueKey(r), c) > 0)
    .sort((a, b) => byDue(dueKey(a), dueKey(b)));
  return readPage(models, filter, rows, limit, dueKey);
}

type DueKey = { d: string | null; c: string; i: string };
const dueKey = (r: CaseRow): DueKey => ({ d: dueOf(r), c: r.createdAt, i: r._id });
function byDue(a: DueKey, b: DueKey): number {
  if (a.d !== b.d) return a.d === null ? 1 : b.d === null ? -1 : cmp(a.d, b.d);
  return cmp(a.c, b.c) || cmp(a.i, b.i);
}
