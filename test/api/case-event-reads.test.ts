/**
 * A case's events read by `_id` (db/case-event-reads.ts) are exactly what a query by `caseId` sorted by
 * `seq` returns: a gap below the case's version stays a gap (verify reports it), and events stored past
 * the version (the worker stores events before the case document) are read too.
 */
import { randomUUID } from 'node:crypto';
import { readCaseEvents } from '../../db/case-event-reads';
import { eventCollection } from '../../db/models';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

const event = (caseId: string, seq: number) => ({
  _id: `${caseId}:${seq}`,
  caseId,
  seq,
  type: 'case.assigned',
  at: new Date(Date.UTC(2026, 10, 27, 8, seq)).toISOString(),
  actor: { id: 'u-1', role: 'mediator', org: 'ND-JC-JN-ROOM' },
  reason: null,
  data: { assigneeId: `u-${seq}` },
  prevHash: 'p'.repeat(64),
  hash: 'h'.repeat(64),
});

async function byQuery(caseId: string) {
  return eventCollection(stack.db.models).find({ caseId }).sort({ seq: 1 }).toArray();
}

test.each([
  ['every seq up to the version', [1, 2, 3, 4], 4],
  ['a gap below the version', [1, 2, 4, 5], 5],
  ['events stored past the version', [1, 2, 3, 4, 5, 6], 3],
  ['more events than are read at once', Array.from({ length: 40 }, (_, i) => i + 1), 40],
  ['no case document yet', [1, 2], 0],
])('%s: the same events, in seq order, as a query by caseId', async (_what, seqs, version) => {
  const caseId = randomUUID();
  const other = randomUUID();
  await eventCollection(stack.db.models).insertMany([
    ...seqs.map((s) => event(caseId, s)),
    event(other, 1),
    event(other, 2),
  ] as never[]);
  const read = await readCaseEvents(eventCollection(stack.db.models), caseId, version);
  expect(read.map((e) => e.seq)).toEqual(seqs);
  expect(read).toEqual(await byQuery(caseId));
});
