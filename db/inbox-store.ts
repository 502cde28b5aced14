/** Each user's notifications (`inbox`; api.md "Notifications and live events"): newest first, read state
 * per user. Reads and writes only; the dispatch (activities/notification-dispatch.ts) writes the items. */
import type { InboxItemDoc, Models } from './models';

export interface InboxPage {
  items: InboxItemDoc[];
  /** `{ at, _id }` of the last item when there may be more. */
  last: { at: string; id: string } | null;
}

export class InboxStore {
  constructor(private readonly models: Models) {}

  async list(
    userId: string,
    opts: { unread: boolean; limit: number; after?: { at: string; id: string } },
  ): Promise<InboxPage> {
    const filter: Record<string, unknown> = { userId };
    if (opts.unread) filter.readAt = null;
    if (opts.after) filter.$or = [{ at: { $lt: opts.after.at } }, { at: opts.after.at, _id: { $lt: opts.after.id } }];
    const docs = await this.models.InboxItem.find(filter)
      .sort({ at: -1, _id: -1 })
      .limit(opts.limit + 1)
      .lean<InboxItemDoc[]>()
      .exec();
    const items = docs.slice(0, opts.limit);
    const last = items[items.length - 1];
    return { items, last: docs.length > opts.limit && last ? { at: last.at, id: last._id } : null };
  }

  unreadCount(userId: string): Promise<number> {
    return this.models.InboxItem.countDocuments({ userId, readAt: null }).exec();
  }

  /** Marks one read (the first time only); null when the user has no such notification. */
  async markRead(userId: string, id: string, now: Date): Promise<InboxItemDoc | null> {
    await this.models.InboxItem.updateOne(
      { _id: id, userId, readAt: null },
      { $set: { readAt: now.toISOString() } },
    ).exec();
    return this.models.InboxItem.findOne({ _id: id, userId }).lean<InboxItemDoc>().exec();
  }

  async markAllRead(userId: string, now: Date): Promise<number> {
    const res = await this.models.InboxItem.updateMany(
      { userId, readAt: null },
      { $set: { readAt: now.toISOString() } },
    ).exec();
    return res.modifiedCount;
  }
}
