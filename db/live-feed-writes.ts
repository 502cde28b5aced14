/**
 * How entries get into the live feed (`live_events`, read by api/live-feed.ts; decision 69). An entry's
 * `_id` starts with the instant it was stamped, and a reader re-reads only `lookbackMs` back from the
 * newest entry it has passed on: an entry that became visible later than that after entries stamped after
 * it would never be passed on, and a list row (api/case-index.ts) would keep a change out for good. So a
 * write acknowledged more than `FEED_WRITE_WITHIN_MS` after its stamp (a slow store, a wait for a pooled
 * connection, a paused process) is written again under a new stamp, up to three times: an entry is then
 * readable within that long of a stamp it carries unless all three writes were late (then a warning; the
 * entry may be missed, as before). A reader may get every copy, each with its own id: a client recognises
 * a repeat by what it is about (the console: the case and version, the notification's id).
 */
import { ignoringDuplicates, type LiveEventDoc, type Models } from './models';

/** The longest a feed write may take from its stamp to its acknowledgement. Every reader's lookback must
 * be longer, by at least how far its writers' clocks may differ and how long one of its reads takes. */
export const FEED_WRITE_WITHIN_MS = 1_000;
/** Writes of one batch, stamped anew each time. A store this slow is not made slower by more: after the
 * last, the caller is told (`onLate`) and goes on; the change it announces is stored already. */
const ATTEMPTS = 3;

/** Writes the entries `build` makes for a stamp (an ISO instant) until one write is acknowledged within
 * `FEED_WRITE_WITHIN_MS` of its stamp, or `ATTEMPTS` were not. Entries already there are skipped; any
 * other write error is thrown. */
export async function writeToFeed(
  models: Models,
  build: (stamp: string) => LiveEventDoc[],
  opts: { onLate?: (tookMs: number) => void; clock?: () => number } = {},
): Promise<void> {
  const clock = opts.clock ?? Date.now;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const stamped = clock();
    const docs = build(new Date(stamped).toISOString());
    if (docs.length === 0) return;
    await models.LiveEvent.collection.insertMany(docs as never[], { ordered: false }).catch(ignoringDuplicates);
    const took = clock() - stamped;
    if (took <= FEED_WRITE_WITHIN_MS) return;
    if (attempt === ATTEMPTS) opts.onLate?.(took);
  }
}
