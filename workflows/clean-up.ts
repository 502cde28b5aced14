/** One clean-up run (started by the Temporal Schedule `clean-up`; see activities/clean-up.ts), then the
 * counts of cases the `/metrics` tallies miss (activities/case-tallies.ts); and that count alone, which
 * each worker starts as it starts (worker/clean-up-schedule.ts). */
import { patched, proxyActivities, sleep, type RetryPolicy } from '@temporalio/workflow';
import type { CleanUpActivities, CleanUpInput, CleanUpResult } from '../activities/clean-up';
import type { TalliesCounted, TallyActivities } from '../activities/case-tallies';

const retry: RetryPolicy = { initialInterval: '10 seconds', maximumInterval: '5 minutes', maximumAttempts: 5 };
const { cleanUpStores } = proxyActivities<CleanUpActivities>({ startToCloseTimeout: '10 minutes', retry });
// A count after an upgrade reads the older cases' events once; it heartbeats after every few cases, and a
// retry resumes it.
const { countUntalliedCases } = proxyActivities<TallyActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry,
});

/** Patch marker: runs from 2026-11-28 count the cases the tallies miss (decision 78); a run started before
 * replays without it (test/replay/rolling-deploy/clean-up-before-tallies.json). */
export const COUNT_TALLIES_PATCH = 'count-untallied-cases';

export async function cleanUp(input: CleanUpInput): Promise<CleanUpResult & { tallies?: TalliesCounted }> {
  const removed = await cleanUpStores(input);
  if (!patched(COUNT_TALLIES_PATCH)) return removed;
  return { ...removed, tallies: await countUntalliedCases() };
}

/** How the count alone repeats: a pass that finds no case behind ends it. */
export interface CountTalliesInput {
  /** At most this many passes (default 7: an hour of a rolling deploy). */
  passes?: number;
  /** Apart by this much (default 10 minutes). */
  passApartMs?: number;
}

/** The count alone, which each worker starts as it starts: after an upgrade, the counters need not wait for
 * the schedule's next run (up to a week by `CLEANUP_EVERY_MINUTES`). Older workers still running in a
 * rolling deploy write more untallied cases after a pass, so it passes again, 10 minutes apart, until a pass
 * finds none behind (a worker's ordinary start: the first). Each pass reads every case's version. */
export async function countTallies(input: CountTalliesInput = {}): Promise<TalliesCounted[]> {
  const passes = input.passes ?? 7;
  const done: TalliesCounted[] = [];
  for (;;) {
    const pass = await countUntalliedCases();
    done.push(pass);
    if ((pass.counted === 0 && pass.failedCount === 0) || done.length >= passes) return done;
    await sleep(input.passApartMs ?? 10 * 60_000);
  }
}
