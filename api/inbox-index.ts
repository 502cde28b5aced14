/**
 * This API process's read model of the inbox (api.md "Notifications and live events"; issue 14): for each
 * user, the id, time and read state of every notification they hold, in memory. The unread count, the
 * bell's newest unread item and a drawer page are then a walk over one user's rows; only the page's items
 * are read from the store, each by `_id` (the one lookup FerretDB serves by index). FerretDB 1.24 answers
 * `{ userId, readAt: null }` by decoding every stored item: 2.3 s at 50,000 (docs/benchmarks.md), on every
 * page load and every two minutes of every open console.
 *
 * Loaded with one projected read at first use and kept current by the live feed, as the case rows are
 * (api/case-index.ts): the worker announces every item it stores (`notification.created`, with the item),
 * and the API process that marks items read announces the marks (`notification.read`), so every API
 * process agrees. A request first waits for a feed poll that started after it. Items the clean-up removes
 * (read ones, past the retention) leave the rows when a page finds them gone, and all at the next full
 * read, which is repeated every `RELOAD_MS` in the background.
 */
import type { InboxItemDoc, LiveEventDoc, Models } from '../db/models';
import { writeToFeed } from '../db/live-feed-writes';
import type { NewestFirstPage, PageMark } from '../db/newest-first';
import type { LiveFeed } from './live-feed';

interface Row {
  at: string;
  read: boolean;
}

export interface InboxPage extends NewestFirstPage<InboxItemDoc> {
  unreadCount: number;
}

/** How often the rows are read again in full: what the clean-up removed leaves memory. */
const RELOAD_MS = 6 * 3_600_000;
/** Ids per `notification.read` entry (a mark of everything may cover thousands). */
const IDS_PER_ENTRY = 1_000;
/** Items marked read at once by mark-all. */
const MARKS_AT_ONCE = 8;

/** MongoDB's order of strings (binary). */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class InboxIndex {
  private rows = new InboxRows();
  private loaded = false;
  private loadedAt = 0;
  private loading: Promise<void> | null = null;
  /** Feed entries passed on since the running full read began: applied again to what it read. */
  private followedDuringLoad: LiveEventDoc[] = [];
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly models: Models,
    private readonly feed: LiveFeed,
    private readonly onLate: (tookMs: number) => void = () => undefined,
  ) {}

  /** A page of the user's items newest first (unread ones only, when asked), after `after`, with their
   * unread count. An item is shown as it is stored now. */
  async page(userId: string, opts: { unread: boolean; limit: number; after?: PageMark }): Promise<InboxPage> {
    await this.current();
    const { after } = opts;
    const rows = [...this.rows.of(userId)]
      .filter(
        ([id, r]) => (!opts.unread || !r.read) && (!after || r.at < after.at || (r.at === after.at && id < after.id)),
      )
      .sort(([ia, a], [ib, b]) => cmp(b.at, a.at) || cmp(ib, ia));
    const items: InboxItemDoc[] = [];
    let next = 0;
    while (items.length < opts.limit && next < rows.length) {
      const ids = rows.slice(next, next + opts.limit - items.length).map(([id]) => id);
      next += ids.length;
      const docs = await Promise.all(ids.map((id) => this.read(userId, id)));
      for (const doc of docs) if (doc && (!opts.unread || doc.readAt === null)) items.push(doc);
    }
    const last = items[items.length - 1];
    return {
      items,
      last: next < rows.length && last ? { at: last.at, id: last._id } : null,
      unreadCount: this.unreadOf(userId),
    };
  }

  /** Marks one read (the first time only); null when the user has no such notification. */
  async markRead(userId: string, id: string, now: Date): Promise<InboxItemDoc | null> {
    await this.models.InboxItem.updateOne(
      { _id: id, userId, readAt: null },
      { $set: { readAt: now.toISOString() } },
    ).exec();
    const item = await this.read(userId, id);
    if (item?.readAt) await this.announceRead(userId, [id]);
    return item;
  }

  /** Marks read every item the user could have seen (every one announced before this call). */
  async markAllRead(userId: string, now: Date): Promise<{ marked: number; unreadCount: number }> {
    await this.current();
    const ids = [...this.rows.of(userId)].filter(([, r]) => !r.read).map(([id]) => id);
    const readAt = now.toISOString();
    let marked = 0;
    for (let i = 0; i < ids.length; i += MARKS_AT_ONCE) {
      const results = await Promise.all(
        ids
          .slice(i, i + MARKS_AT_ONCE)
          .map((id) => this.models.InboxItem.updateOne({ _id: id, userId, readAt: null }, { $set: { readAt } }).exec()),
      );
      marked += results.reduce((n, r) => n + r.modifiedCount, 0);
    }
    await this.announceRead(userId, ids);
    return { marked, unreadCount: this.unreadOf(userId) };
  }

  /** Loads the rows now rather than at the first request. */
  warm(): Promise<void> {
    return this.current();
  }

  /** Stops following the feed. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private unreadOf(userId: string): number {
    let n = 0;
    for (const r of this.rows.of(userId).values()) if (!r.read) n++;
    return n;
  }

  /** An item as stored now, by `_id`; one gone (the clean-up) leaves the rows, one read meanwhile is so. */
  private async read(userId: string, id: string): Promise<InboxItemDoc | null> {
    const doc = await this.models.InboxItem.findOne({ _id: id, userId }).lean<InboxItemDoc>().exec();
    if (!doc) this.rows.users.get(userId)?.delete(id);
    else if (doc.readAt !== null) this.rows.markRead(userId, id);
    return doc;
  }

  /** Tells every API process (this one too: its next request polls the feed) which items are read. Also
   * after a mark that changed nothing: an earlier request may have stored it and failed to announce it. */
  private async announceRead(userId: string, ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += IDS_PER_ENTRY) {
      const readIds = ids.slice(i, i + IDS_PER_ENTRY);
      await writeToFeed(
        this.models,
        (stamp) => [
          {
            _id: `${stamp}|r|${userId}:${readIds[0]}:${readIds.length}`,
            at: stamp,
            type: 'notification.read',
            userId,
            readIds,
          },
        ],
        { onLate: this.onLate },
      );
    }
    for (const id of ids) this.rows.markRead(userId, id);
  }

  /** Brings the rows up to what was stored before this call: a feed poll that started after it, or a full
   * read when the feed cannot say (or on the first request). A full read due by age runs behind requests. */
  private async current(): Promise<void> {
    if (!this.loaded || !(await this.feed.caughtUp())) await this.load();
    else if (Date.now() - this.loadedAt > RELOAD_MS) void this.load().catch(() => undefined);
  }

  private load(): Promise<void> {
    this.loading ??= this.loadOnce().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** The feed's position first, then the rows: an item stored or marked after the read began has an entry
   * the next poll passes on; the entries passed on during the read are applied again to what it read. */
  private async loadOnce(): Promise<void> {
    this.followedDuringLoad = [];
    this.unsubscribe ??= this.feed.subscribe((entry) => this.follow(entry), this.feed.retentionMs / 4);
    await this.feed.fresh();
    const docs = await this.models.InboxItem.find({}, { userId: 1, at: 1, readAt: 1 })
      .lean<Array<Pick<InboxItemDoc, '_id' | 'userId' | 'at' | 'readAt'>>>()
      .exec();
    const rows = new InboxRows();
    for (const d of docs) rows.add(d.userId, d._id, d.at, d.readAt !== null);
    for (const entry of this.followedDuringLoad) rows.apply(entry);
    this.followedDuringLoad = [];
    this.rows = rows;
    this.loaded = true;
    this.loadedAt = Date.now();
  }

  private follow(entry: LiveEventDoc): void {
    if (this.loading) this.followedDuringLoad.push(entry);
    this.rows.apply(entry);
  }
}

/** Every user's rows, and the marks that came before their item's entry: a feed entry stamped earlier may be
 * passed on later, and writers' clocks differ. */
class InboxRows {
  readonly users = new Map<string, Map<string, Row>>();
  private readonly readEarly = new Map<string, Set<string>>();

  of(userId: string): Map<string, Row> {
    return this.users.get(userId) ?? new Map<string, Row>();
  }

  /** Adds an item unless known (an entry may come twice, or after the item's mark). */
  add(userId: string, id: string, at: string, read: boolean): void {
    let rows = this.users.get(userId);
    if (!rows) this.users.set(userId, (rows = new Map<string, Row>()));
    if (rows.has(id)) return;
    const early = this.readEarly.get(userId);
    const markedEarly = !!early?.delete(id);
    rows.set(id, { at, read: read || markedEarly });
    if (early?.size === 0) this.readEarly.delete(userId);
  }

  markRead(userId: string, id: string): void {
    const row = this.users.get(userId)?.get(id);
    if (row) row.read = true;
    else {
      let early = this.readEarly.get(userId);
      if (!early) this.readEarly.set(userId, (early = new Set<string>()));
      early.add(id);
    }
  }

  /** A feed entry's news: a new item, or marks. */
  apply(entry: LiveEventDoc): void {
    if (entry.type === 'notification.created' && entry.item)
      this.add(entry.item.userId, entry.item._id, entry.item.at, entry.item.readAt !== null);
    else if (entry.type === 'notification.read' && entry.userId)
      for (const id of entry.readIds ?? []) this.markRead(entry.userId, id);
  }
}
