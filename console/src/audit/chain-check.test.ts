import { describe, expect, test } from 'vitest';
import { GENESIS_HASH, chainEvents } from '../../../domain/hash-chain';
import type { NewEvent } from '../../../domain/case-events';
import { checkExport } from './chain-check';
import { deadlineChanges, eventInstants, viewChanges } from './state-diff';

const actor = { id: 'u-1', role: 'mediator' as const, org: 'ND-JC-JN-ROOM' };
const history: NewEvent[] = [
  {
    type: 'case.accepted',
    data: { track: 'people', subtrack: null, assigneeId: 'u-1' },
    at: '2026-03-02T01:00:00.000Z',
    actor,
    reason: null,
  },
  { type: 'case.paused', data: {}, at: '2026-03-02T02:00:00.000Z', actor, reason: '申请人住院' },
  { type: 'case.resumed', data: { pausedMs: 3_600_000 }, at: '2026-03-02T03:00:00.000Z', actor, reason: null },
];

/** An export as api/routes/audit.ts writes it: one event a line, then the manifest. */
function exportOf(events: ReturnType<typeof chainEvents>, manifest?: Record<string, unknown>): string {
  const last = events[events.length - 1];
  const lines = events.map((e) => JSON.stringify(e));
  lines.push(
    JSON.stringify({
      manifest: true,
      caseId: 'case-1',
      caseNo: 'ND-2026-000001',
      events: events.length,
      chainHead: last ? { seq: last.seq, hash: last.hash } : null,
      exportedAt: '2026-03-03T00:00:00.000Z',
      ...manifest,
    }),
  );
  return `${lines.join('\n')}\n`;
}

const chained = () => chainEvents('case-1', { seq: 0, hash: GENESIS_HASH }, history);

describe('checkExport', () => {
  test('when the export is as written, then it passes with the head of the manifest', () => {
    const events = chained();
    const r = checkExport(exportOf(events));
    expect(r).toMatchObject({ ok: true, events: 3, firstBadSeq: null, problems: [] });
    expect(r.head).toBe(events[2]!.hash);
  });

  test('when an event was edited after export, then the first bad seq is that event', () => {
    const events = chained();
    events[1] = { ...events[1]!, at: '2020-01-01T00:00:00.000Z' };
    const r = checkExport(exportOf(events));
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBe(2);
    expect(r.problems.map((p) => p.problem)).toContain('hash_mismatch');
  });

  test('when a key order differs in the file, then the canonical form still verifies', () => {
    const events = chained().map((e) => Object.fromEntries(Object.entries(e).reverse()));
    expect(checkExport(exportOf(events as never)).ok).toBe(true);
  });

  test('when the last event was cut off, then the manifest count names the missing seq', () => {
    const events = chained();
    const text = exportOf(events).split('\n');
    text.splice(2, 1);
    const r = checkExport(text.join('\n'));
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBe(3);
    expect(r.problems.map((p) => p.problem)).toEqual(['manifest_count']);
  });

  test('when the manifest head is not the chain head, then it fails at the head', () => {
    const r = checkExport(exportOf(chained(), { chainHead: { seq: 3, hash: 'f'.repeat(64) } }));
    expect(r.problems.map((p) => p.problem)).toEqual(['manifest_head']);
    expect(r.firstBadSeq).toBe(3);
  });

  test("when the export holds an event past the workflow's head, then it fails at that event", () => {
    const events = chained(); // seq 3 chained correctly, but the workflow recorded only 1–2
    const r = checkExport(exportOf(events, { workflowHead: { seq: 2, hash: events[1]!.hash } }));
    expect(r).toMatchObject({ ok: false, firstBadSeq: 3 });
    expect(r.problems.map((p) => p.problem)).toEqual(['head_mismatch']);
  });

  test("when the workflow's head is the export's last event, or unknown, then it passes", () => {
    const events = chained();
    expect(checkExport(exportOf(events, { workflowHead: { seq: 3, hash: events[2]!.hash } })).ok).toBe(true);
    expect(checkExport(exportOf(events, { workflowHead: null })).ok).toBe(true);
  });

  test('when the same seq ends both heads with different hashes, then it fails at that seq', () => {
    const r = checkExport(exportOf(chained(), { workflowHead: { seq: 3, hash: 'e'.repeat(64) } }));
    expect(r).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  test("when the export stops short of the workflow's head, then it fails at the first event missing", () => {
    const events = chained();
    const r = checkExport(exportOf(events.slice(0, 2), { workflowHead: { seq: 3, hash: events[2]!.hash } }));
    expect(r).toMatchObject({ ok: false, firstBadSeq: 3 });
    expect(r.problems.map((p) => p.problem)).toEqual(['head_mismatch']);
  });

  test("when the export's event at the workflow's head is not the one recorded, then it fails at that seq", () => {
    const events = chained();
    const r = checkExport(exportOf(events, { workflowHead: { seq: 2, hash: 'e'.repeat(64) } }));
    expect(r).toMatchObject({ ok: false, firstBadSeq: 2 });
    const empty = checkExport(exportOf([], { workflowHead: { seq: 3, hash: events[2]!.hash } }));
    expect(empty).toMatchObject({ ok: false, firstBadSeq: 1 });
  });

  test("when the manifest's workflowHead is malformed, then it says so instead of failing to check", () => {
    const r = checkExport(exportOf(chained(), { workflowHead: { seq: 3 } }));
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.problem)).toEqual(['manifest_invalid']);
    expect(checkExport(exportOf([], { workflowHead: {} })).problems.map((p) => p.problem)).toEqual([
      'manifest_invalid',
    ]);
  });

  test('when there is no manifest line or a line is garbage, then it says so', () => {
    const lines = exportOf(chained()).trim().split('\n');
    const r = checkExport([...lines.slice(0, 3), 'not json'].join('\n'));
    expect(r.problems.map((p) => p.problem).sort()).toEqual(['manifest_missing', 'unreadable_line']);
  });
});

describe('the time slider', () => {
  test('when events share an instant, then they make one mark, oldest first', () => {
    const marks = eventInstants([
      { seq: 3, at: '2026-03-02T02:00:00.000Z' },
      { seq: 1, at: '2026-03-02T01:00:00.000Z' },
      { seq: 2, at: '2026-03-02T01:00:00.000Z' },
    ]);
    expect(marks.map((m) => [m.at, m.events.map((e) => e.seq)])).toEqual([
      ['2026-03-02T01:00:00.000Z', [1, 2]],
      ['2026-03-02T02:00:00.000Z', [3]],
    ]);
  });

  test('when a case was paused, then the change lists paused and the paused deadline, not the version', () => {
    const before = {
      version: 3,
      paused: false,
      stage: 'accepted',
      deadlines: [{ id: 'mediation-1', kind: 'mediation', status: 'running', dueDate: '2026-04-01' }],
    };
    const after = {
      version: 5,
      paused: true,
      stage: 'accepted',
      deadlines: [{ id: 'mediation-1', kind: 'mediation', status: 'paused', dueDate: '2026-04-01' }],
    };
    expect(viewChanges(before, after).map((c) => c.field)).toEqual(['paused', 'deadlines']);
    expect(deadlineChanges(before.deadlines, after.deadlines)).toEqual([
      expect.objectContaining({ kind: 'mediation', before: 'running', after: 'paused' }),
    ]);
  });
});
