/**
 * This API process's read model for listing and the queues (api.md "Listing", "Queues"; issue 14; decision
 * 63): the fields the list filters, the queue tabs and visibility look at, for every case, in memory. A
 * list page, a tab count or the org tree's counts is then a filter over compact rows; only the page's
 * cases are read from the store, each by `_id`. FerretDB 1.24 answers every other filter by decoding the
 * whole `cases` collection, so reading the store per request grows with the archive.
 *
 * Loaded with one projected read at first use and kept current by the live feed (api/live-feed.ts): every
 * stored case change writes a `case.changed` entry after the case (activities/case-activities.ts), and a
 * row older than its entry is read again by `_id`. A request first waits for a feed poll that started
 * after it, so it sees every change announced before it asked; the worker announces a change right after
 * storing it, before notifying anyone (decision 71). The filters stay
 * MongoDB filters (api/case-queries.ts), applied with sift, MongoDB's query semantics.
 *
 * When the rows cannot be trusted (a re-read failed, or the feed was not read for longer than it keeps
 * entries) the next request loads them again.
 */
import sift from 'sift';
import type { CaseDoc, LiveEventDoc, Models } from '../db/models';
import type { LiveFeed } from './live-feed';

type Filter = Record<string, unknown>;

/** What a row holds: every field a list filter, a queue tab, visibility, an order or /metrics looks at. */
export const ROW_FIELDS = {
  version: 1,
  caseNo: 1,
  summary: 1,
  createdAt: 1,
  stage: 1,
  track: 1,
  category: 1,
  riskLevel: 1,
  assigneeId: 1,
  ownerOrgUnitId: 1,
  originOrgUnitId: 1,
  courtsInvolved: 1,
  'transfer.toOrgUnitId': 1,
  nextDueAt: 1,
  warned: 1,
  paused: 1,
  'deadlines.status': 1,
  'parties.idNumber.hash': 1,
  // What /metrics sums (api/metrics.ts).
  tally: 1,
  tallyVersion: 1,
} as const;

export type CaseRow = Pick<CaseDoc, '_id' | 'version' | 'createdAt'> & {
  nextDueAt?: string | null;
  ownerOrgUnitId?: string;
} & Record<string, unknown>;

export class CaseIndex {
  private rows = new Map<string, CaseRow>();
  private loaded = false;
  private stale = false;
  private staleCause: unknown = null;
  /** Cases read again since the running full read began. */
  private readonly rereadDuringLoad = new Set<string>();
  private loading: Promise<void> | null = null;
  private readonly rereads = new Map<string, Promise<void>>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly models: Models,
    private readonly feed: LiveFeed,
  ) {}

  /** The rows matching `filter`, as of a moment after this call. */
  async select(filter: Filter): Promise<CaseRow[]> {
    await this.current();
    const match = sift(filter as Parameters<typeof sift>[0]);
    const out: CaseRow[] = [];
    for (const row of this.rows.values()) if (match(row)) out.push(row);
    return out;
  }

  /** Stops following the feed. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Brings the rows up to what was stored before this call: a feed poll that started after it and the
   * re-reads it calls for, or a full read when the rows cannot be trusted (or one is running). */
  private async current(): Promise<void> {
    if (this.loading || !this.loaded || this.stale || !(await this.feed.caughtUp())) await this.load();
    await Promise.all([...this.rereads.values()]);
    if (this.stale) throw new Error('a case row could not be read again', { cause: this.staleCause });
  }

  private load(): Promise<void> {
    this.loading ??= this.loadOnce().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** The feed's position first, then the rows: a change stored after the read began has an entry the
   * next poll passes on; one stored before is in the read. A case no longer stored leaves the rows. */
  private async loadOnce(): Promise<void> {
    this.stale = false;
    this.staleCause = null;
    try {
      // Between requests the feed is read only often enough to keep within its retention; a request reads
      // it itself (`current`).
      this.unsubscribe ??= this.feed.subscribe((entry) => this.follow(entry), this.feed.retentionMs / 4);
      await this.feed.fresh();
      this.rereadDuringLoad.clear();
      const docs = await this.models.Case.find({}, ROW_FIELDS).lean<CaseRow[]>();
      const rows = new Map(docs.map((d) => [d._id, d]));
      // A row read again meanwhile may be newer than the read.
      for (const id of this.rereadDuringLoad) {
        const row = this.rows.get(id);
        if (row && (rows.get(id)?.version ?? -1) < row.version) rows.set(id, row);
      }
      this.rows = rows;
      this.loaded = true;
    } catch (err) {
      this.markStale(err);
      throw err;
    }
  }

  private markStale(cause: unknown): void {
    this.stale = true;
    this.staleCause = cause;
  }

  /** Reads a case's row again when its entry is newer than the row (after a read already running for
   * it, which may have read before this change, and unless that read found this change or a later one:
   * a case changed five times between two polls is read once, not five times). */
  private follow(entry: LiveEventDoc): void {
    if (entry.type !== 'case.changed') return;
    const id = entry.caseId;
    const behind = (): boolean => {
      const row = this.rows.get(id);
      return !row || entry.version === undefined || row.version < entry.version;
    };
    if (!behind()) return;
    const reread: Promise<void> = (this.rereads.get(id) ?? Promise.resolve())
      .then(() => (behind() ? this.models.Case.findById(id, ROW_FIELDS).lean<CaseRow>() : undefined))
      .then((doc) => {
        if (doc === undefined) return;
        this.rereadDuringLoad.add(id);
        if (!doc) this.rows.delete(id);
        else if ((this.rows.get(id)?.version ?? -1) < doc.version) this.rows.set(id, doc);
      })
      .catch((err: unknown) => this.markStale(err))
      .finally(() => {
        if (this.rereads.get(id) === reread) this.rereads.delete(id);
      });
    this.rereads.set(id, reread);
  }
}
