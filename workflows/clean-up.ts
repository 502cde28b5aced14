/** One clean-up run (started by the Temporal Schedule `clean-up`; see activities/clean-up.ts), then the
 * counts of cases the `/metrics` tallies miss (activities/case-tallies.ts); and that count alone, which
 * each worker starts as it starts (worker/clean-up-schedule.ts). */
import { patched, proxyActivities, type RetryPolicy } from '@temporalio/workflow';
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

/** The count alone: after an upgrade, the counters need not wait for the schedule's next run (up to a week
 * by `CLEANUP_EVERY_MINUTES`). Once the cases are counted, a run only reads every case's version. */
export async function countTallies(): Promise<TalliesCounted> {
  return countUntalliedCases();
}
