/**
 * Case numbers (`<prefix>-<year>-<000123>`): one per case id however often it is asked. The API asks
 * before it starts a case's intake; the workflow's `allocateCaseNo` activity asks for intakes sent
 * without one (by older API processes and scripts). The unique index on `caseNo` is the guard:
 * FerretDB's `findOneAndUpdate($inc)` can hand the same value to two concurrent callers (seen under
 * load), so a number already taken is skipped, leaving a gap.
 */
import { isDuplicateKey, type Models } from './models';

export interface AllocateCaseNoInput {
  caseId: string;
  prefix: string;
  year: number;
}

export type AllocateCaseNo = (input: AllocateCaseNoInput) => Promise<{ caseNo: string }>;

/** `serializeCounter`: one counter increment at a time in this process, needed on FerretDB (1.24
 * livelocks, both cores busy, when many concurrent `findOneAndUpdate($inc)` hit the one counter
 * document), not on MongoDB, which increments atomically under any concurrency. */
export function caseNumberAllocator(models: Models, opts: { serializeCounter: boolean }): AllocateCaseNo {
  const increment = async (counterId: string, attempt = 0): Promise<{ seq: number }> => {
    try {
      const c = await models.Counter.findOneAndUpdate(
        { _id: counterId },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      return { seq: c.seq };
    } catch (err) {
      // Two first increments of a new counter both tried to insert it (FerretDB does not retry that
      // upsert as MongoDB does): the counter exists now, so increment it again.
      if (!isDuplicateKey(err) || attempt >= 3) throw err;
      return increment(counterId, attempt + 1);
    }
  };
  let counterQueue: Promise<unknown> = Promise.resolve();
  const nextCount = (counterId: string): Promise<{ seq: number }> => {
    if (!opts.serializeCounter) return increment(counterId);
    const run = counterQueue.then(() => increment(counterId));
    counterQueue = run.catch(() => undefined);
    return run;
  };

  return async function allocateCaseNo(input: AllocateCaseNoInput): Promise<{ caseNo: string }> {
    const counterId = `caseNo:${input.prefix}:${input.year}`;
    for (let attempt = 0; attempt < 20; attempt++) {
      const existing = await models.CaseNumber.findById(input.caseId).lean();
      if (existing) return { caseNo: existing.caseNo };
      const counter = await nextCount(counterId);
      const caseNo = `${input.prefix}-${input.year}-${String(counter.seq).padStart(6, '0')}`;
      try {
        await models.CaseNumber.create({ _id: input.caseId, caseNo });
        return { caseNo };
      } catch (err) {
        // Taken by another case, or this case got a number concurrently: look again.
        if (!isDuplicateKey(err)) throw err;
      }
    }
    throw new Error(`could not allocate a case number for ${input.caseId}`);
  };
}
