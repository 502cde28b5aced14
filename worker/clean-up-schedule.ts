/** Creates (or updates) the Temporal Schedule that runs the clean-up workflow (activities/clean-up.ts), and
 * starts the count of cases the `/metrics` tallies miss at once (workflows/clean-up.ts `countTallies`). */
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type WorkflowHandle } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';
import type { CleanUpInput } from '../activities/clean-up';
import { workerStarted, type countTallies, type CountTalliesInput } from '../workflows/clean-up';
import type { Logger } from 'pino';

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

/** The count's workflow id: one per task queue, so a run left on a queue no worker polls any more (its
 * name changed) never stands in for the count of the queue in use. */
export const countTalliesWorkflowId = (taskQueue: string): string => `count-untallied-cases-${taskQueue}`;

/** Tells the count of the cases the tallies miss that a worker started, starting it if none is running
 * (workflows/clean-up.ts `countTallies`). */
export async function startTallyCount(
  client: Client,
  opts: { taskQueue: string; input?: CountTalliesInput },
): Promise<WorkflowHandle<typeof countTallies>> {
  return client.workflow.signalWithStart<typeof countTallies, []>('countTallies', {
    taskQueue: opts.taskQueue,
    workflowId: countTalliesWorkflowId(opts.taskQueue),
    // Its passes take an hour or so; one left without a worker ends all the same.
    workflowExecutionTimeout: '6 hours',
    args: [opts.input ?? {}],
    signal: workerStarted,
    signalArgs: [],
  });
}

/** The schedule as the configuration asks (worker/main.ts and `npm run dev`), through the worker's connection;
 * and, as a worker starts, the count the tallies miss: after an upgrade the counters then appear within
 * minutes instead of at the schedule's next run. Only the schedule is needed to start: a count that cannot be
 * started is logged, and left to the schedule. */
export async function scheduleCleanUpFromConfig(
  connection: NativeConnection,
  config: Pick<Config, 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE' | 'CLEANUP_EVERY_MINUTES' | 'RETENTION_DAYS'>,
  dataConverter: DataConverter,
  log: Logger,
): Promise<string> {
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });
  const scheduleId = await ensureCleanUpSchedule(client, {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    everyMinutes: config.CLEANUP_EVERY_MINUTES,
    retentionDays: config.RETENTION_DAYS,
  });
  await startTallyCount(client, { taskQueue: config.TEMPORAL_TASK_QUEUE }).then(
    (count) => log.info({ workflowId: count.workflowId }, 'counting the cases the /metrics tallies miss'),
    (err: unknown) =>
      log.warn(
        { err },
        'could not start the count of the cases the /metrics tallies miss: the clean-up schedule counts them',
      ),
  );
  return scheduleId;
}
