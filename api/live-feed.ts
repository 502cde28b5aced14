/**
 * How each API process learns of changes for its event streams (api.md "Notifications and live events";
 * issue 11). FerretDB has no change streams, so the worker writes a short-lived feed (`live_events`,
 * `_id` = write instant + key, sortable) and every API process polls it once a second while it has
 * listeners: a change reaches a browser within about a second. A poll re-reads `lookbackMs` back from
 * the newest entry it passed on and skips what it already passed on; its own clock does not matter. An
 * entry stamped earlier may become visible later, but a writer makes it visible within
 * `FEED_WRITE_WITHIN_MS` of a stamp it carries, short of three late writes in a row (db/live-feed-writes.ts,
 * decision 69): the lookback must be
 * longer than that plus how far writers' clocks may differ. Entries older than `retentionMs` are removed;
 * a stream resumed from further back is told to resync. Delivery to a stream is at least once: a client
 * drops an event id it has already seen, and a copy written again under a new id by what it is about.
 */
import { FEED_WRITE_WITHIN_MS } from '../db/live-feed-writes';
import type { LiveEventDoc, Models } from '../db/models';

type Listener = (doc: LiveEventDoc) => void;

export interface LiveFeedOptions {
  pollMs?: number;
  lookbackMs?: number;
  retentionMs?: number;
  onError?: (err: unknown) => void;
}

/** The most entries one poll reads. */
const READ_LIMIT = 10_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** The write instant of a feed entry's `_id` (`<ISO instant>|…`), or NaN. */
export const feedIdTime = (id: string): number => Date.parse(id.split('|')[0] ?? '');

export class LiveFeed {
  private readonly listeners = new Map<Listener, number>();
  private readonly passed = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private timerEveryMs = Infinity;
  private polling: Promise<void> | null = null;
  private lastPrune = 0;
  /** When the last poll that succeeded started (0: none yet): the feed keeps `retentionMs` only. */
  private lastPolledAt = 0;
  /** How many polls stopped at their limit (`READ_LIMIT` entries), passing on only part of what was there. */
  private truncated = 0;
  /** The newest entry passed on (the feed's own clock, its writers'): polls read back from it. */
  private newest: string | null = null;
  readonly pollMs: number;
  readonly lookbackMs: number;
  readonly retentionMs: number;

  constructor(
    private readonly models: Models,
    private readonly opts: LiveFeedOptions = {},
  ) {
    this.pollMs = opts.pollMs ?? 1000;
    this.lookbackMs = opts.lookbackMs ?? 10_000;
    this.retentionMs = opts.retentionMs ?? 5 * 60_000;
    if (!(this.lookbackMs > FEED_WRITE_WITHIN_MS))
      throw new Error(`live feed: lookbackMs must be longer than a feed write may take (${FEED_WRITE_WITHIN_MS} ms)`);
  }

  /** Listens until the returned function is called. Polling runs while anyone listens, as often as the
   * most eager listener asks (`everyMs`, default `pollMs`): an event stream wants changes within a
   * second, the case rows (api/case-index.ts) only to stay within the feed's retention. */
  subscribe(listener: Listener, everyMs: number = this.pollMs): () => void {
    this.listeners.set(listener, everyMs);
    this.schedule();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.newest = null;
        this.passed.clear();
      }
      this.schedule();
    };
  }

  private schedule(): void {
    const every = Math.min(...this.listeners.values());
    if (every === this.timerEveryMs) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.timerEveryMs = every;
    if (!Number.isFinite(every)) return;
    this.timer = setInterval(() => void this.poll(), every);
    this.timer.unref();
  }

  /** The entries after `lastId` (and any written just before it; the client drops repeats), or
   * 'gone' when the feed no longer holds that far back. */
  async since(lastId: string): Promise<LiveEventDoc[] | 'gone'> {
    const t = feedIdTime(lastId);
    if (!Number.isFinite(t) || t < Date.now() - this.retentionMs) return 'gone';
    const docs = await this.read(t - this.lookbackMs);
    return docs.filter((d) => d._id !== lastId);
  }

  /** One poll (also called by tests): passes on what is new since the last one. */
  poll(): Promise<void> {
    return this.run().catch((err: unknown) => this.opts.onError?.(err));
  }

  /** A poll that starts after this call (it waits for one already running, which may have read too
   * early), for a reader that must see every change stored before it asked; rejects when it fails. */
  async fresh(): Promise<void> {
    await this.polling?.catch(() => undefined);
    await this.run();
  }

  /** For a reader that keeps a model of the store current from the feed (api/case-index.ts,
   * api/inbox-index.ts): a poll that starts after this call, as `fresh`; false when that is not enough and
   * the model must be read again from the store: the feed was not read for half its retention (what was
   * announced meanwhile may be gone), or the poll stopped at its limit (the rest is only in the store). */
  async caughtUp(): Promise<boolean> {
    if (Date.now() - this.lastPolledAt > this.retentionMs / 2) return false;
    const truncations = this.truncated;
    await this.fresh();
    return this.truncated === truncations;
  }

  private run(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  /** The newest entry this process has passed on to its listeners, or null before its first poll. */
  get position(): string | null {
    return this.newest;
  }

  private async pollOnce(): Promise<void> {
    const now = Date.now();
    // From the newest entry passed on, in the clock of the feed's writers, not this process's: a worker
    // whose clock lags ours loses nothing. The first poll starts at the newest entry there is (what it
    // re-reads from before that, a listener may get twice: at least once, never not at all).
    this.newest ??= (await this.newestId()) ?? '';
    const docs = await this.read(this.readFrom());
    if (docs.length >= READ_LIMIT) this.truncated++;
    for (const doc of docs) {
      if (this.passed.has(doc._id)) continue;
      this.passed.add(doc._id);
      if (doc._id > this.newest) this.newest = doc._id;
      for (const l of this.listeners.keys()) l(doc);
    }
    // What the next read cannot return need not be remembered.
    for (const id of this.passed) if (feedIdTime(id) < this.readFrom()) this.passed.delete(id);
    this.lastPolledAt = now;
    if (now - this.lastPrune > 60_000) {
      this.lastPrune = now;
      await this.models.LiveEvent.deleteMany({ _id: { $lt: iso(now - this.retentionMs) } }).exec();
    }
  }

  private readFrom(): number {
    return this.newest ? feedIdTime(this.newest) - this.lookbackMs : 0;
  }

  private async newestId(): Promise<string | null> {
    const doc = await this.models.LiveEvent.findOne({}, { _id: 1 }).sort({ _id: -1 }).lean<{ _id: string }>().exec();
    return doc?._id ?? null;
  }

  private read(fromMs: number): Promise<LiveEventDoc[]> {
    return this.models.LiveEvent.find({ _id: { $gt: iso(fromMs) } })
      .sort({ _id: 1 })
      .limit(READ_LIMIT)
      .lean<LiveEventDoc[]>()
      .exec();
  }
}
