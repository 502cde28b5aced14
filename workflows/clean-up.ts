/** One clean-up run (started by the Temporal Schedule `clean-up`; see activities/clean-up.ts). */
import { proxyActivities } from '@temporalio/workflow';
import type { CleanUpActivities, CleanUpInput, CleanUpResult } from '../activities/clean-up';

const { cleanUpStores } = proxyActivities<CleanUpActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes', maximumAttempts: 5 },
});

export async function cleanUp(input: CleanUpInput): Promise<CleanUpResult> {
  return cleanUpStores(input);
}
