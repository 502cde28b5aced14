/**
 * This API process's read model of the inbox (api.md "Notifications and live events"; issue 14; decision
 * 72): for each user, the id, time and read state of every notification they hold, in memory. The unread
 * count, the bell's newest unread item and a drawer page are then a walk over one user's rows; only the
 * page's items are read from the store, each by `_id` (the one lookup FerretDB serves by index). FerretDB
 * 1.24 answers `{ userId, readAt: null }` by decoding every stored item: 3.3 s at 50,000
 * (docs/benchmarks.md), on every page load and every two minutes of every open console.
 *
 * New items come from the live feed, as the case rows' changes do (api/case-index.ts): the worker
 * announces every item it stores (`notification.created`, with the item), and a request first waits for a
 * feed poll that started after it. Marks come from each user's mark log (`inbox_marks`, one document per
 * user, read by `_id` on each of their requests): the API process that stores a mark appends it there, so
 * a mark made through one process holds in every other, with no clock involved (API processes do not write
 * the feed, whose order is its writers' clocks). An item is shown as it is stored now; one the clean-up
 * removed (read, past the retention) leaves the rows. Everything is read again every `RELOAD_MS` in the
 * background, so what was missed (a feed entry written too late, decision 69) or removed is caught up.
 */
import type { Logger } from 'pino';
import { driverCollection, isDuplicateKey, type InboxItemDoc, type LiveEventDoc, type Models } from '../db/models';
import type { NewestFirstPage, PageMark } from '../db/newest-first';
import type { LiveFeed } from './live-feed';

interface Row {
  at: string;
  read: boolean;
}

export interface InboxPage extends NewestFirstPage<InboxItemDoc> {
  unreadCount: number;
}

/** How often everything is read again in the background. */
const RELOAD_MS = 30 * 60_000;
/** Marks each user's log keeps: a process further behind reads that user's rows again. */
const MARKS_KEPT = 20;
/** Mark-all marks up to this many items one by one (by `_id`, ~1.7 ms each on FerretDB at 50,000 stored);
 * more in one pass over the store (~2 s at 50,000). */
const MARKS_ONE_BY_ONE = 1_000;
/** Ids per mark in the log. */
const IDS_PER_MARK = 500;
/** Items marked read at once, one by one. */
const MARKS_AT_ONCE = 8;

/** MongoDB's order of strings (binary). */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const ROW_FIELDS = { userId: 1, at: 1, readAt: 1 } as const;
type RowDoc = Pick<InboxItemDoc, '_id' | 'userId' | 'at' | 'readAt'>;

export class InboxIndex {
  private rows = new InboxRows();
  private loaded = false;
  private loadedAt = 0;
  private loading: Promise<void> | null = null;
  /** Feed entries passed on since the running full read began: applied again to what it read. */
  private followedDuringLoad: LiveEventDoc[] = [];
  private unsubscribe: (() => void) | null = null;
  /** Each user's append to their mark log in progress (api/inbox-index.ts `logMarks`). */
  private readonly appending = new Map<string, Promise<void>>();

  constructor(
    private readonly models: Models,
    private readonly feed: LiveFeed,
    private readonly log?: Pick<Logger, 'warn'>,
  ) {}

  /** A page of the user's items newest first (unread ones only, when asked), after `after`, with their
   * unread count. An item is shown as it is stored now. */
  async page(userId: string, opts: { unread: boolean; limit: number; after?: PageMark }): Promise<InboxPage> {
    await this.current(userId);
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

  /** Marks one read (the first time only); null when the user has no such notification. The mark is
   * stored, then logged (also when it was stored before: that request may have failed to log it). */
  async markRead(userId: string, id: string, now: Date): Promise<InboxItemDoc | null> {
    await this.models.InboxItem.updateOne(
      { _id: id, userId, readAt: null },
      { $set: { readAt: now.toISOString() } },
    ).exec();
    const item = await this.models.InboxItem.findOne({ _id: id, userId }).lean<InboxItemDoc>().exec();
    if (item?.readAt) {
      await this.logMarks(userId, [id]);
      this.rows.markRead(userId, id);
    }
    return item;
  }

  /** Marks read every item the user could have seen (every one announced before this call); past
   * `MARKS_ONE_BY_ONE`, every stored one. */
  async markAllRead(userId: string, now: Date): Promise<{ marked: number; unreadCount: number }> {
    await this.current(userId);
    const ids = [...this.rows.of(userId)].filter(([, r]) => !r.read).map(([id]) => id);
    const readAt = now.toISOString();
    let marked = 0;
    if (ids.length > MARKS_ONE_BY_ONE) {
      // Only the items it names (and so logs): one the caller has not seen stays unread everywhere.
      const res = await this.models.InboxItem.updateMany(
        { _id: { $in: ids }, userId, readAt: null },
        { $set: { readAt } },
      ).exec();
      marked = res.modifiedCount;
    } else {
      for (let i = 0; i < ids.length; i += MARKS_AT_ONCE) {
        const results = await Promise.all(
          ids
            .slice(i, i + MARKS_AT_ONCE)
            .map((id) =>
              this.models.InboxItem.updateOne({ _id: id, userId, readAt: null }, { $set: { readAt } }).exec(),
            ),
        );
        marked += results.reduce((n, r) => n + r.modifiedCount, 0);
      }
    }
    for (let i = 0; i < ids.length; i += IDS_PER_MARK) await this.logMarks(userId, ids.slice(i, i + IDS_PER_MARK));
    for (const id of ids) this.rows.markRead(userId, id);
    return { marked, unreadCount: this.unreadOf(userId) };
  }

  /** Loads the rows now rather than at the first request. */
  async warm(): Promise<void> {
    await this.current(null);
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

  /** Appends a mark to the user's log, one append per user at a time in this process. The caller applies
   * it to its own rows; when it follows the mark just before, this process's log position moves on. */
  private logMarks(userId: string, ids: string[]): Promise<void> {
    const append = (this.appending.get(userId) ?? Promise.resolve()).then(() => this.appendMark(userId, ids));
    const settled = append.catch(() => undefined);
    this.appending.set(userId, settled);
    void settled.then(() => {
      if (this.appending.get(userId) === settled) this.appending.delete(userId);
    });
    return append;
  }

  /** A compare-and-set on the log's `seq`: atomic on MongoDB. FerretDB 1.24 checks the condition and writes
   * apart, so two appends at once through different API processes may lose one (the embedded default runs
   * one API process; decision 72). */
  private async appendMark(userId: string, ids: string[]): Promise<void> {
    const marks = driverCollection(this.models.InboxMarks);
    for (let attempt = 0; attempt < 10; attempt++) {
      const doc = await marks.findOne({ _id: userId });
      const seq = (doc?.seq ?? 0) + 1;
      const kept = [...(doc?.marks ?? []), { seq, ids }].slice(-MARKS_KEPT);
      try {
        if (!doc) await marks.insertOne({ _id: userId, seq, marks: kept });
        else if (
          (await marks.updateOne({ _id: userId, seq: doc.seq }, { $set: { seq, marks: kept } })).modifiedCount !== 1
        )
          continue;
        if ((this.rows.marksSeen.get(userId) ?? 0) === seq - 1) this.rows.marksSeen.set(userId, seq);
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    throw new Error(`the marks of ${userId} kept changing while being logged`);
  }

  /** Applies the user's marks logged since this process last looked (none: the log is not returned); when
   * the log no longer reaches back that far, reads the user's rows again. */
  private async catchUpMarks(userId: string): Promise<void> {
    const rows = this.rows;
    const seen = rows.marksSeen.get(userId) ?? 0;
    const log = await driverCollection(this.models.InboxMarks).findOne({ _id: userId, seq: { $gt: seen } });
    if (!log) return;
    const unseen = log.marks.filter((m) => m.seq > seen);
    if (unseen.length < log.seq - seen) await this.reread(userId, log.seq);
    else for (const m of unseen) for (const id of m.ids) rows.markRead(userId, id);
    rows.marksSeen.set(userId, Math.max(rows.marksSeen.get(userId) ?? 0, log.seq));
  }

  /** One user's rows read again (a pass over the store), keeping rows the read did not return (announced
   * while it ran; a row the clean-up removed leaves when a page reads it) and marks applied meanwhile. */
  private async reread(userId: string, seq: number): Promise<void> {
    const rows = this.rows;
    const docs = await this.models.InboxItem.find({ userId }, ROW_FIELDS).lean<RowDoc[]>().exec();
    const before = rows.of(userId);
    const fresh = new Map(docs.map((d) => [d._id, { at: d.at, read: d.readAt !== null }]));
    // A mark applied since the read began is kept (marks only ever make an item read).
    for (const [id, row] of before) {
      const read = fresh.get(id);
      if (!read) fresh.set(id, row);
      else if (row.read) read.read = true;
    }
    rows.users.set(userId, fresh);
    rows.marksSeen.set(userId, Math.max(rows.marksSeen.get(userId) ?? 0, seq));
  }

  /** Brings the rows up to what was stored before this call: a feed poll that started after it (a full
   * read when the feed cannot say, or on the first request), then the user's marks. A full read due by age
   * runs behind requests. */
  private async current(userId: string | null): Promise<void> {
    if (!this.loaded || !(await this.feed.caughtUp())) await this.load();
    else if (Date.now() - this.loadedAt > RELOAD_MS) {
      this.loadedAt = Date.now(); // once per period, even when it fails
      this.load().catch((err: unknown) => this.log?.warn({ err }, 'the inbox rows could not be read again'));
    }
    if (userId) await this.catchUpMarks(userId);
  }

  private load(): Promise<void> {
    this.loading ??= this.loadOnce().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** The feed's position and the mark logs first, then the rows: an item stored after the read began has
   * an entry the next poll passes on (those passed on during the read are applied again to what it read),
   * and a mark logged after the logs were read is applied from its log (a mark is stored before it is
   * logged, so one logged before is in the read). */
  private async loadOnce(): Promise<void> {
    this.followedDuringLoad = [];
    this.unsubscribe ??= this.feed.subscribe((entry) => this.follow(entry), this.feed.retentionMs / 4);
    await this.feed.fresh();
    const rows = new InboxRows();
    const logs = await driverCollection(this.models.InboxMarks)
      .find({}, { projection: { seq: 1 } })
      .toArray();
    for (const l of logs) rows.marksSeen.set(l._id, l.seq);
    const docs = await this.models.InboxItem.find({}, ROW_FIELDS).lean<RowDoc[]>().exec();
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

/** Every user's rows, how far into each user's mark log they are, and marks that came before their item's
 * entry (the item was read from the store by another process before its feed entry was visible). */
class InboxRows {
  readonly users = new Map<string, Map<string, Row>>();
  readonly marksSeen = new Map<string, number>();
  private readonly readEarly = new Map<string, Set<string>>();

  of(userId: string): Map<string, Row> {
    return this.users.get(userId) ?? new Map<string, Row>();
  }

  /** Adds an item unless known (an entry may come twice, or after a read that found it). */
  add(userId: string, id: string, at: string, read: boolean): void {
    let rows = this.users.get(userId);
    if (!rows) this.users.set(userId, (rows = new Map<string, Row>()));
    if (rows.has(id)) return;
    const early = this.readEarly.get(userId);
    const markedEarly = !!early?.delete(id);
    if (early?.size === 0) this.readEarly.delete(userId);
    rows.set(id, { at, read: read || markedEarly });
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

  /** A feed entry's news: a new item. */
  apply(entry: LiveEventDoc): void {
    if (entry.type === 'notification.created' && entry.item)
      this.add(entry.item.userId, entry.item._id, entry.item.at, entry.item.readAt !== null);
  }
}
