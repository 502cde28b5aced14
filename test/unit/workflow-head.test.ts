/**
 * The workflow's head the export states (api/case-audit.ts `workflowHeadOf`, decision 68): what the
 * workflow recorded, carried on through what it is recording right now and the store already holds, so an
 * export taken in the middle of an action is not taken for a forgery, while an event planted in the store
 * still is.
 */
import type { CaseEvent, NewEvent } from '../../domain/case-events';
import { GENESIS_HASH, chainEvents } from '../../domain/hash-chain';
import { workflowHeadOf } from '../../api/case-audit';

const actor = { id: 'u-1', role: 'mediator' as const, org: 'ND-JC-JN-ROOM' };
const step = (reason: string): NewEvent => ({
  type: 'case.assigned',
  data: { assigneeId: 'u-1' },
  at: '2026-03-02T01:00:00.000Z',
  actor,
  reason,
});
/** Six events of one case, chained as the workflow chains them. */
const all = chainEvents('case-1', { seq: 0, hash: GENESIS_HASH }, ['a', 'b', 'c', 'd', 'e', 'f'].map(step));
const upTo = (n: number): CaseEvent[] => all.slice(0, n);
const head = (n: number) => ({ seq: n, hash: all[n - 1]!.hash });
/** Another event at seq 5, chained onto seq 4 with a correct hash: not the one the workflow decided. */
const planted = chainEvents('case-1', head(4), [step('planted')])[0]!;

test('when the workflow is recording events the store already holds, then the head includes them', () => {
  expect(workflowHeadOf({ recorded: upTo(4), pending: all.slice(4, 6) }, upTo(6))).toEqual(head(6));
});

test('when the store has only some of the events being recorded, then the head stops at the last one it holds', () => {
  expect(workflowHeadOf({ recorded: upTo(4), pending: all.slice(4, 6) }, upTo(5))).toEqual(head(5));
  expect(workflowHeadOf({ recorded: upTo(4), pending: all.slice(4, 6) }, upTo(4))).toEqual(head(4));
});

test('when the store holds an event at the next seq that the workflow did not decide, then the head is not carried onto it', () => {
  expect(workflowHeadOf({ recorded: upTo(4), pending: [] }, [...upTo(4), planted])).toEqual(head(4));
  expect(workflowHeadOf({ recorded: upTo(4), pending: [all[4]!] }, [...upTo(4), planted])).toEqual(head(4));
});

test('when a pending input repeats a recorded seq, then it is passed over', () => {
  expect(workflowHeadOf({ recorded: upTo(4), pending: [all[3]!, all[4]!] }, upTo(5))).toEqual(head(5));
});

test('when nothing is recorded yet, then the head is the first pending event the store holds, or none', () => {
  expect(workflowHeadOf({ recorded: [], pending: upTo(1) }, upTo(1))).toEqual(head(1));
  expect(workflowHeadOf({ recorded: [], pending: upTo(1) }, [])).toBeNull();
});
