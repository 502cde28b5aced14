/** A page of a collection newest first by an instant field, then `_id`, after a page's last item: the
 * paging of the inbox and of the deliveries (a cursor `{ c: instant, i: id }`, api/page-cursor.ts). */
import type { Model } from 'mongoose';

export interface PageMark {
  at: string;
  id: string;
}

export interface NewestFirstPage<T> {
  items: T[];
  /** The last item's mark when there may be more. */
  last: PageMark | null;
}

export async function pageNewestFirst<T extends { _id: string }>(
  model: Model<T>,
  filter: Record<string, unknown>,
  field: keyof T & string,
  limit: number,
  after?: PageMark,
): Promise<NewestFirstPage<T>> {
  const q = after
    ? { ...filter, $or: [{ [field]: { $lt: after.at } }, { [field]: after.at, _id: { $lt: after.id } }] }
    : filter;
  const docs = await model
    .find(q)
    .sort({ [field]: -1, _id: -1 })
    .limit(limit + 1)
    .lean<T[]>()
    .exec();
  const items = docs.slice(0, limit);
  const last = items[items.length - 1];
  return { items, last: docs.length > limit && last ? { at: String(last[field]), id: last._id } : null };
}
