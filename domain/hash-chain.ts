/**
 * The tamper-evident chain over a case's events: `hash = sha256(prevHash ‖ canonical JSON of the
 * event)`. Pure JS SHA-256 (@noble/hashes), so the workflow computes it deterministically.
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import type { CaseEvent, NewEvent } from './case-events';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level and `undefined` members dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The part of an event the hash covers: everything but the hashes themselves. */
export function hashedContent(e: Omit<CaseEvent, 'hash' | 'prevHash'>): unknown {
  return { caseId: e.caseId, seq: e.seq, type: e.type, at: e.at, actor: e.actor, reason: e.reason, data: e.data };
}

export function eventHash(prevHash: string, e: Omit<CaseEvent, 'hash' | 'prevHash'>): string {
  return bytesToHex(sha256(utf8ToBytes(prevHash + canonicalJson(hashedContent(e)))));
}

/** Gives new events their place in the chain after `head` (the last seq and hash). */
export function chainEvents(caseId: string, head: { seq: number; hash: string }, events: NewEvent[]): CaseEvent[] {
  let prevHash = head.hash;
  return events.map((e, i) => {
    const numbered = { ...e, caseId, seq: head.seq + i + 1 };
    const hash = eventHash(prevHash, numbered);
    const chained = { ...numbered, prevHash, hash };
    prevHash = hash;
    return chained;
  });
}

export interface ChainProblem {
  seq: number;
  problem: 'hash_mismatch' | 'prev_hash_mismatch' | 'missing_event' | 'unexpected_seq';
  detail: string;
}

/** Recomputes a stored chain; reports the problems found, first bad seq first. */
export function verifyChain(events: CaseEvent[]): { head: string; problems: ChainProblem[] } {
  const problems: ChainProblem[] = [];
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const e of events) {
    if (e.seq !== expectedSeq) {
      problems.push({
        seq: expectedSeq,
        problem: e.seq > expectedSeq ? 'missing_event' : 'unexpected_seq',
        detail: `expected seq ${expectedSeq}, found ${e.seq}`,
      });
    }
    if (e.prevHash !== prevHash)
      problems.push({
        seq: e.seq,
        problem: 'prev_hash_mismatch',
        detail: 'prevHash does not match the previous event',
      });
    const recomputed = eventHash(e.prevHash, e);
    if (recomputed !== e.hash)
      problems.push({ seq: e.seq, problem: 'hash_mismatch', detail: 'the event content does not match its hash' });
    prevHash = e.hash;
    expectedSeq = e.seq + 1;
  }
  return { head: prevHash, problems };
}
