/**
 * The counts `/metrics` needs that the cases' own tallies miss (db/case-tally.ts; decision 78): every case
 * stored before the tally, or written by an older worker since, is counted from its events and the count
 * kept in `case_tallies`, where the API reads it. Run by the workflow each worker starts as it starts, and
 * after the clean-up at each run of the clean-up schedule (workflows/clean-up.ts), so it is visible in the
 * Temporal UI; the first run after an upgrade counts the archive's older cases once (docs/benchmarks.md),
 * heartbeating and logging its progress.
 */
import { Context } from '@temporalio/activity';
import type { Logger } from 'pino';
import { keepUntalliedCases } from '../db/case-tally';
import type { Models } from '../db/models';

export interface TalliesCounted {
  /** Cases read. */
  cases: number;
  /** Cases counted from their events in this run. */
  counted: number;
  /** Cases that could not be counted (left for the next run; their count stays behind meanwhile). */
  failedCount: number;
  /** The first of them, with their errors. */
  failed: Array<{ caseId: string; error: string }>;
}

const LOG_EVERY = 500;

export function createTallyActivities(deps: { models: Models; log: Logger }) {
  const { models, log } = deps;

  async function countUntalliedCases(): Promise<TalliesCounted> {
    const started = Date.now();
    let logged = 0;
    const result = await keepUntalliedCases(models, ({ counted, of }) => {
      Context.current().heartbeat({ counted, of });
      if (counted === 0 || counted - logged < LOG_EVERY) return;
      logged = counted;
      log.info({ counted, of }, 'case tallies: counting cases from their events');
    });
    const tookMs = Date.now() - started;
    if (result.failedCount > 0)
      log.error({ ...result, tookMs }, 'case tallies: some cases could not be counted (the next run tries again)');
    else log.info({ ...result, tookMs }, 'case tallies: every case counted');
    return result;
  }

  return { countUntalliedCases };
}

export type TallyActivities = ReturnType<typeof createTallyActivities>;
