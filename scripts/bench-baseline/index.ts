// The raw-Temporal baseline of `npm run bench`: a trivial workflow that accepts updates and does
// nothing else (no activity, no MongoDB), on the same server.
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const bump = defineUpdate<number, [number]>('bump');

export async function baseline(): Promise<number> {
  let n = 0;
  setHandler(bump, (by: number) => (n += by));
  await condition(() => n >= 6);
  return n;
}
