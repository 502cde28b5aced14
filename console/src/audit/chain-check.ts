/**
 * The in-browser re-verification of an export (docs/audit.md "The chain"): the events' hashes and their
 * `prevHash` links are recomputed with the very code the workflow uses (domain/hash-chain.ts), and the
 * result compared with the export's manifest line, so an auditor need not trust the server's `/verify`.
 */
import type { CaseEvent } from '../../../domain/case-events';
import { verifyChain } from '../../../domain/hash-chain';

export interface ExportManifest {
  manifest: true;
  caseId: string;
  caseNo: string;
  events: number;
  chainHead: { seq: number; hash: string } | null;
  /** The last event the workflow recorded, by Temporal at export time (null once its history is gone;
   * absent from exports made before it was added). */
  workflowHead?: { seq: number; hash: string } | null;
  exportedAt: string;
  exportedBy?: string;
}

export interface ExportProblem {
  seq: number | null;
  problem: string;
  detail: string;
}

export interface ExportCheck {
  ok: boolean;
  events: number;
  /** The last event's hash, once every link has been recomputed. */
  head: string | null;
  manifest: ExportManifest | null;
  firstBadSeq: number | null;
  problems: ExportProblem[];
}

function isEvent(v: unknown): v is CaseEvent {
  const e = v as Partial<CaseEvent> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.seq === 'number' &&
    typeof e.hash === 'string' &&
    typeof e.prevHash === 'string' &&
    typeof e.type === 'string' &&
    typeof e.at === 'string'
  );
}

function isManifest(v: unknown): v is ExportManifest {
  return typeof v === 'object' && v !== null && (v as { manifest?: unknown }).manifest === true;
}

function isHead(v: unknown): v is { seq: number; hash: string } {
  const h = v as { seq?: unknown; hash?: unknown } | null;
  return typeof h === 'object' && h !== null && typeof h.seq === 'number' && typeof h.hash === 'string';
}

/**
 * Where an export and the workflow's head part: past the head when the export holds the workflow's last
 * event as recorded (something was stored after it); else at the head or before it (an event there was
 * replaced, perhaps with the chain rehashed from earlier on; the server's verify names the first), or, for
 * an export that stops short of the head, at the first event missing.
 */
function headMismatchSeq(w: { seq: number; hash: string }, events: CaseEvent[]): number {
  if (events.some((e) => e.seq === w.seq && e.hash === w.hash)) return w.seq + 1;
  const lastSeq = events[events.length - 1]?.seq ?? 0;
  return lastSeq < w.seq ? lastSeq + 1 : w.seq;
}

/** Checks a JSON Lines export (every event, then the manifest line) on its own. */
export function checkExport(text: string): ExportCheck {
  const problems: ExportProblem[] = [];
  const events: CaseEvent[] = [];
  let manifest: ExportManifest | null = null;
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  lines.forEach((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push({ seq: null, problem: 'unreadable_line', detail: `line ${i + 1} is not JSON` });
      return;
    }
    if (isManifest(value)) manifest = value;
    else if (isEvent(value)) events.push(value);
    else
      problems.push({
        seq: null,
        problem: 'unreadable_line',
        detail: `line ${i + 1} is neither an event nor the manifest`,
      });
  });

  const chain = verifyChain(events);
  problems.push(...chain.problems);
  const last = events[events.length - 1];
  const m = manifest as ExportManifest | null;
  if (!m) {
    problems.push({ seq: null, problem: 'manifest_missing', detail: 'no manifest line' });
  } else {
    for (const e of events)
      if (e.caseId !== m.caseId)
        problems.push({ seq: e.seq, problem: 'other_case', detail: `event of case ${e.caseId}` });
    if (m.events !== events.length)
      problems.push({
        // Events cut off the end leave the chain itself whole: the first one missing is what is wrong.
        seq: (last?.seq ?? 0) + 1,
        problem: 'manifest_count',
        detail: `the manifest lists ${m.events} events, the file holds ${events.length}`,
      });
    else if ((m.chainHead?.hash ?? null) !== (last?.hash ?? null) || (m.chainHead?.seq ?? null) !== (last?.seq ?? null))
      problems.push({
        seq: m.chainHead?.seq ?? last?.seq ?? null,
        problem: 'manifest_head',
        detail: `the manifest's head ${m.chainHead?.hash ?? 'none'} is not the chain's ${last?.hash ?? 'none'}`,
      });
    const w = m.workflowHead;
    if (w !== undefined && w !== null && !isHead(w))
      problems.push({
        seq: null,
        problem: 'manifest_invalid',
        detail: "the manifest's workflowHead is not { seq, hash }",
      });
    else if (w && (w.seq !== last?.seq || w.hash !== last.hash))
      problems.push({
        seq: headMismatchSeq(w, events),
        problem: 'head_mismatch',
        detail: `the export ends at #${last?.seq ?? 'none'}, the workflow's record at #${w.seq} (${w.hash.slice(0, 12)})`,
      });
  }
  const seqs = problems.map((p) => p.seq).filter((s): s is number => s !== null);
  return {
    ok: problems.length === 0,
    events: events.length,
    head: last?.hash ?? null,
    manifest: m,
    firstBadSeq: seqs.length > 0 ? Math.min(...seqs) : null,
    problems,
  };
}

/** The first `n` hex digits of a hash, for a table cell (the whole hash on hover and copy). */
export function shortHash(hash: string, n = 10): string {
  return hash.slice(0, n);
}
