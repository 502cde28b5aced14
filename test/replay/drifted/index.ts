// A deliberately drifted `disputeCase` (it waits on a timer the real one never started): replaying the
// stored histories with it must fail, which shows the replay test can catch drift.
import { sleep } from '@temporalio/workflow';

export async function disputeCase(): Promise<null> {
  await sleep('1 day');
  return null;
}
