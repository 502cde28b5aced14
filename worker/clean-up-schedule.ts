/** Creates (or updates) the Temporal Schedule that runs the clean-up workflow (activities/clean-up.ts). */
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';
import type { CleanUpInput } from '../activities/clean-up';

export const CLEANUP_SCHEDULE_ID = 'clean-up';

export async function ensureCleanUpSchedule(
  client: Client,
  opts: { taskQueue: string; everyMinutes: number; retentionDays: number; scheduleId?: string },
): Promise<string> {
  const scheduleId = opts.scheduleId ?? CLEANUP_SCHEDULE_ID;
  const spec = { intervals: [{ every: opts.everyMinutes * 60_000 }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'cleanUp',
    taskQueue: opts.taskQueue,
    args: [{ retentionDays: opts.retentionDays } satisfies CleanUpInput],
  };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP } });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    // Settings may have changed since it was made: the configuration wins.
    await client.schedule.getHandle(scheduleId).update((s) => ({ ...s, spec, action }));
  }
  return scheduleId;
}

/** The schedule as the configuration asks (worker/main.ts and `npm run dev`), through the worker's connection. */
export function scheduleCleanUpFromConfig(
  connection: NativeConnection,
  config: Pick<Config, 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE' | 'CLEANUP_EVERY_MINUTES' | 'RETENTION_DAYS'>,
  dataConverter: DataConverter,
): Promise<string> {
  return ensureCleanUpSchedule(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter }), {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    everyMinutes: config.CLEANUP_EVERY_MINUTES,
    retentionDays: config.RETENTION_DAYS,
  });
}
