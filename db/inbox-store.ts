/** Each user's notifications (`inbox`; api.md "Notifications and live events"): newest first, read state
 * per user. Reads and writes only; the dispatch (activities/notification-dispatch.ts) writes the items. */
import type { InboxItemDoc, Models } from './models';
import { pageNewestFirst, type NewestFirstPage, type PageMark } from './newest-first';

export class InboxStore {
  constructor(private readonly models: Models) {}

  list(
    userId: string,
    opts: { unread: boolean; limit: number; after?: PageMark },
  ): Promise<NewestFirstPage<InboxItemDoc>> {
    const filter: Record<string, unknown> = { userId };
    if (opts.unread) filter.readAt = null;
    return pageNewestFirst(this.models.InboxItem, filter, 'at', opts.limit, opts.after);
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
