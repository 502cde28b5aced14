/** One run of the clean-up schedule (worker/clean-up-schedule.ts), as Temporal starts it: made under a
 * name of its own, triggered, its workflow's result awaited, and deleted. */
import { randomUUID } from 'node:crypto';
import type { Client, ScheduleHandle } from '@temporalio/client';
import { ensureCleanUpSchedule } from '../../worker/clean-up-schedule';
import type { cleanUp } from '../../workflows/clean-up';

export async function runCleanUpSchedule(
  stack: { client: Client; taskQueue: string },
  opts: { retentionDays: number; inspect?: (schedule: ScheduleHandle) => Promise<void> },
): Promise<Awaited<ReturnType<typeof cleanUp>>> {
  const scheduleId = `clean-up-test-${randomUUID()}`;
  await ensureCleanUpSchedule(stack.client, {
    taskQueue: stack.taskQueue,
    everyMinutes: 60,
    retentionDays: opts.retentionDays,
    scheduleId,
  });
  const schedule = stack.client.schedule.getHandle(scheduleId);
  try {
    await opts.inspect?.(schedule);
    await schedule.trigger();
    const run = await until(async () => (await schedule.describe()).info.recentActions[0]?.action.workflow);
    return await stack.client.workflow.getHandle<typeof cleanUp>(run.workflowId, run.firstExecutionRunId).result();
  } finally {
    await schedule.delete();
  }
}

async function until<T>(get: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}
