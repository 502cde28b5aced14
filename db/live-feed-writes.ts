/**
 * How entries get into the live feed (`live_events`, read by api/live-feed.ts; decision 69). An entry's
 * `_id` starts with the instant it was stamped, and a reader re-reads only `lookbackMs` back from the
 * newest entry it has passed on: an entry that became visible later than that after entries stamped after
 * it would never be passed on, and a list row (api/case-index.ts) would keep a change out for good. So a
 * write acknowledged more than `FEED_WRITE_WITHIN_MS` after its stamp (a slow store, a wait for a pooled
 * connection, a paused process) is written again under a new stamp: every entry is then readable within
 * that long of a stamp it carries. A reader may get both copies (delivery is at least once; the console
 * drops a repeat of the same case version or notification).
 */
import { isDuplicateKey, type LiveEventDoc, type Models } from './models';

/** The longest a feed write may take from its stamp to its acknowledgement. Every reader's lookback must
 * be longer, by at least how far its writers' clocks may differ. */
export const FEED_WRITE_WITHIN_MS = 1_000;
/** Writes of one batch, stamped anew each time, before giving up (the caller's retry writes them again). */
const ATTEMPTS = 10;

/** Writes the entries `build` makes for a stamp (an ISO instant) until one write is acknowledged within
 * `FEED_WRITE_WITHIN_MS` of its stamp. */
export async function writeToFeed(
  models: Models,
  build: (stamp: string) => LiveEventDoc[],
  clock: () => number = Date.now,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const stamped = clock();
    const docs = build(new Date(stamped).toISOString());
    if (docs.length === 0) return;
    await models.LiveEvent.collection.insertMany(docs as never[], { ordered: false }).catch((err: unknown) => {
      if (!isDuplicateKey(err) && !(err as { writeErrors?: unknown[] }).writeErrors) throw err;
    });
    const took = clock() - stamped;
    if (took <= FEED_WRITE_WITHIN_MS) return;
    if (attempt >= ATTEMPTS)
      throw new Error(
        `live feed: ${ATTEMPTS} writes each took longer than ${FEED_WRITE_WITHIN_MS} ms (last ${took} ms)`,
      );
  }
}
