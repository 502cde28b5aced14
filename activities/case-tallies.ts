/**
 * The counts `/metrics` needs that the cases' own tallies miss (db/case-tally.ts; decision 78): every case
 * stored before the tally, or written by an older worker since, is counted from its events and the count
 * kept in `case_tallies`, where the API reads it. Run after the clean-up at each run of the clean-up
 * schedule (workflows/clean-up.ts), so it is visible in the Temporal UI; a run after an upgrade counts
 * the archive once (about 6 ms a case on the embedded FerretDB) and logs its progress.
 */
import type { Logger } from 'pino';
import { keepUntalliedCases } from '../db/case-tally';
import type { Models } from '../db/models';

export interface TalliesCounted {
  /** Cases read. */
  cases: number;
  /** Cases counted from their events in this run. */
  counted: number;
}

const LOG_EVERY = 500;

export function createTallyActivities(deps: { models: Models; log: Logger }) {
  const { models, log } = deps;

  async function countUntalliedCases(): Promise<TalliesCounted> {
    const started = Date.now();
    const result = await keepUntalliedCases(models, ({ counted, of }) => {
      if (counted % LOG_EVERY === 0) log.info({ counted, of }, 'case tallies: counting cases from their events');
    });
    log.info({ ...result, tookMs: Date.now() - started }, 'case tallies: every case counted');
    return result;
  }

  return { countUntalliedCases };
}

export type TallyActivities = ReturnType<typeof createTallyActivities>;
