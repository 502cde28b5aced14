/**
 * The case view of api.md "The case view": what the workflow returns and what MongoDB stores for
 * reading. Sensitive party fields are carried in full here; the API masks them per caller.
 */
import type { CaseState, Deadline, Party } from './case-types';
import { shanghaiDate } from './civil-date';

export interface CaseView {
  id: string;
  caseNo: string;
  version: number;
  stage: CaseState['stage'];
  paused: boolean;
  pausedSince: string | null;
  pauseReason: string | null;
  outcome: CaseState['outcome'];
  referral: CaseState['referral'];
  track: CaseState['track'];
  subtrack: CaseState['subtrack'];
  category: CaseState['category'];
  source: CaseState['source'];
  summary: string;
  gridId: string | null;
  occurredOn: string | null;
  amountCny: number | null;
  riskLevel: CaseState['riskLevel'];
  ownerOrgUnitId: string;
  ownerKind: string;
  ownerPath: string[];
  originOrgUnitId: string;
  /** The unit that registered the case and its ancestors: statistics count a case in every unit above. */
  originPath: string[];
  assigneeId: string | null;
  escalationLevel: number;
  transfer: null | { purpose: string; fromOrgUnitId: string; toOrgUnitId: string; at: string };
  courtsInvolved: string[];
  parties: Party[];
  sessions: CaseState['sessions'];
  agreement: CaseState['agreement'];
  followUps: CaseState['followUps'];
  deadlines: Deadline[];
  /** The earliest `dueAt` of a running deadline: what `overdue=true` filters on. */
  nextDueAt: string | null;
  /** The kind of that deadline (api.md "Queues"). */
  nextDueKind: Deadline['kind'] | null;
  /** Some running deadline is past its warning point: what `warned=true` and 即将到期 filter on. */
  warned: boolean;
  policyVersion: string;
  createdAt: string;
  updatedAt: string;
  /** Asia/Shanghai month of registration (YYYY-MM), for counts by period. */
  createdMonth: string;
  closedAt: string | null;
  /** Whole days from registration to closing, for the median. */
  daysToClose: number | null;
}

/** The view without its append-only lists: what the workflow sends to be stored each time. The lists
 * (sessions, follow-ups) grow with the case, so the store appends them from the events instead, and
 * the workflow's history stays proportional to the changes, not to the size of the case. */
export type CaseDocFields = Omit<CaseView, 'sessions' | 'followUps'>;

export function toCaseDocFields(s: CaseState): CaseDocFields {
  const { sessions: _s, followUps: _f, ...rest } = toCaseView(s);
  return rest;
}

/** Where a case is at some point: who owns and holds it, where it is being sent, which courts it has
 * been to. What its notifications are resolved against (as each one's event left the case, not as a
 * batch of later events did) and which units its live updates concern. */
export interface CaseWhereabouts {
  ownerOrgUnitId: string;
  assigneeId: string | null;
  transfer: CaseView['transfer'];
  courtsInvolved: string[];
}

export function caseWhereabouts(s: CaseState): CaseWhereabouts {
  return {
    ownerOrgUnitId: s.owner[0]?.id ?? '',
    assigneeId: s.assigneeId,
    transfer: transferView(s),
    courtsInvolved: s.courtsInvolved,
  };
}

function transferView(s: CaseState): CaseView['transfer'] {
  return s.transfer
    ? {
        purpose: s.transfer.purpose,
        fromOrgUnitId: s.transfer.from[0]?.id ?? '',
        toOrgUnitId: s.transfer.to[0]?.id ?? '',
        at: s.transfer.at,
      }
    : null;
}

/** What an update returns: the case and the version it reached (the API reads the view it wrote). */
export interface CaseUpdateResult {
  id: string;
  version: number;
}

export function toCaseView(s: CaseState): CaseView {
  const next = nextRunning(s.deadlines);
  return {
    id: s.id,
    caseNo: s.caseNo,
    version: s.version,
    stage: s.stage,
    paused: s.paused !== null,
    pausedSince: s.paused?.since ?? null,
    pauseReason: s.paused?.reason ?? null,
    outcome: s.outcome,
    referral: s.referral,
    track: s.track,
    subtrack: s.subtrack,
    category: s.category,
    source: s.source,
    summary: s.summary,
    gridId: s.gridId,
    occurredOn: s.occurredOn,
    amountCny: s.amountCny,
    riskLevel: s.riskLevel,
    ownerOrgUnitId: s.owner[0]?.id ?? '',
    ownerKind: s.owner[0]?.kind ?? '',
    ownerPath: s.owner.map((u) => u.id),
    originOrgUnitId: s.originOrgUnitId,
    originPath: s.originPath ?? [s.originOrgUnitId],
    assigneeId: s.assigneeId,
    escalationLevel: s.escalationLevel,
    transfer: transferView(s),
    courtsInvolved: s.courtsInvolved,
    parties: s.parties,
    sessions: s.sessions,
    agreement: s.agreement,
    followUps: s.followUps,
    deadlines: s.deadlines,
    nextDueAt: next?.dueAt ?? null,
    nextDueKind: next?.kind ?? null,
    warned: s.deadlines.some((d) => d.status === 'running' && d.warned),
    policyVersion: s.policyVersion,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    createdMonth: shanghaiDate(Date.parse(s.createdAt)).slice(0, 7),
    closedAt: s.stage === 'closed' ? s.updatedAt : null,
    daysToClose:
      s.stage === 'closed' ? Math.floor((Date.parse(s.updatedAt) - Date.parse(s.createdAt)) / 86_400_000) : null,
  };
}

/** The running deadline that falls due first (the earliest `dueAt`; the first listed on a tie). */
export function nextRunning(deadlines: readonly Deadline[]): Deadline | null {
  let next: Deadline | null = null;
  for (const d of deadlines) if (d.status === 'running' && (!next || d.dueAt < next.dueAt)) next = d;
  return next;
}
