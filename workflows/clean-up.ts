/** One clean-up run (started by the Temporal Schedule `clean-up`; see activities/clean-up.ts), then the
 * counts of cases the `/metrics` tallies miss (activities/case-tallies.ts); and that count alone, which
 * each worker starts as it starts (worker/clean-up-schedule.ts). */
import {
  defineQuery,
  defineSignal,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  type RetryPolicy,
} from '@temporalio/workflow';
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

// The count alone retries until it gets through: its run's execution timeout bounds it.
const { countUntalliedCases: countUntilThrough } = proxyActivities<TallyActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes' },
});

/** Patch marker: runs from 2026-11-28 count the cases the tallies miss (decision 78); a run started before
 * replays without it (test/replay/rolling-deploy/clean-up-before-tallies.json). */
export const COUNT_TALLIES_PATCH = 'count-untallied-cases';

export async function cleanUp(input: CleanUpInput): Promise<CleanUpResult & { tallies?: TalliesCounted }> {
  const removed = await cleanUpStores(input);
  if (!patched(COUNT_TALLIES_PATCH)) return removed;
  return { ...removed, tallies: await countUntalliedCases() };
}

/** How the count alone repeats (tests make it short). */
export interface CountTalliesInput {
  /** At most this many passes (default 7: an hour and more of a rolling deploy). */
  passes?: number;
  /** Apart by this much (default 10 minutes). */
  passApartMs?: number;
}

/** Sent by each worker as it starts (with the run's start if none is running). */
export const workerStarted = defineSignal('workerStarted');

/** The passes made so far. */
export const tallyPassesQuery = defineQuery<TalliesCounted[]>('tallyPasses');

/** The count alone, which each worker starts as it starts: after an upgrade, the counters need not wait for
 * the schedule's next run (up to a week by `CLEANUP_EVERY_MINUTES`). Older workers of a rolling deploy may
 * still leave cases behind until the last new worker has started, so it ends only with a pass that finds
 * none behind and began with no worker started since the pass before (at least one pass apart from the
 * last start); else it passes again, 10 minutes apart, 7 passes at most. Each pass reads every case's
 * version. The count retries until it gets through (an older worker may lack it), within the run's
 * execution timeout. */
export async function countTallies(input: CountTalliesInput = {}): Promise<TalliesCounted[]> {
  const passes = input.passes ?? 7;
  const done: TalliesCounted[] = [];
  let startedSincePass = true; // the start that began the run
  setHandler(workerStarted, () => {
    startedSincePass = true;
  });
  setHandler(tallyPassesQuery, () => done);
  for (;;) {
    const quiet = !startedSincePass;
    startedSincePass = false;
    const pass = await countUntilThrough();
    done.push(pass);
    if ((quiet && pass.counted === 0 && pass.failedCount === 0) || done.length >= passes) return done;
    await sleep(input.passApartMs ?? 10 * 60_000);
  }
}
