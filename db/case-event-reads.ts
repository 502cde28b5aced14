/**
 * A case's stored events, oldest first, each read by its `_id` (`caseId:seq`, db/models `eventDocument`):
 * the one lookup the embedded FerretDB answers by index. `find({ caseId })` would decode every event of
 * every case stored there (issue 14); on MongoDB 7 both are index lookups.
 */
import type { mongo } from 'mongoose';
import type { CaseEventDoc } from './models';

const AT_ONCE = 16;

/**
 * Reads seq 1 to `lastSeq` (the case document's version), then each next seq until one is missing: the
 * worker stores a batch's events before the case document, so the newest may be past `lastSeq`. A seq
 * missing below `lastSeq` is left out, as a query would leave it (verify reports the gap).
 */
export async function readCaseEvents(
  events: mongo.Collection<CaseEventDoc>,
  caseId: string,
  lastSeq: number,
): Promise<CaseEventDoc[]> {
  const read = (seq: number) => events.findOne({ _id: `${caseId}:${seq}` });
  const found: CaseEventDoc[] = [];
  for (let from = 1; from <= lastSeq; from += AT_ONCE) {
    const seqs = Array.from({ length: Math.min(AT_ONCE, lastSeq - from + 1) }, (_, i) => from + i);
    for (const doc of await Promise.all(seqs.map(read))) if (doc) found.push(doc);
  }
  for (let seq = Math.max(1, lastSeq + 1); ; seq++) {
    const doc = await read(seq);
    if (!doc) return found;
    found.push(doc);
  }
}
