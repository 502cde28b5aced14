/**
 * Domain events of a case. The events are the case's history; the state is their fold (`evolve`).
 * Each stored event also carries `seq`, `prevHash` and `hash` (see hash-chain.ts).
 */
import type {
  Actor,
  Agreement,
  CaseState,
  Deadline,
  FollowUp,
  Outcome,
  OrgPath,
  Referral,
  RiskLevel,
  Session,
  Subtrack,
  Track,
  Transfer,
} from './case-types';
import type { NotifyTarget } from './deadline-policy';
import type { OfficialYear } from './calendar';

export type RegisteredCase = Omit<
  CaseState,
  | 'version'
  | 'stage'
  | 'paused'
  | 'outcome'
  | 'referral'
  | 'track'
  | 'subtrack'
  | 'assigneeId'
  | 'escalationLevel'
  | 'transfer'
  | 'courtsInvolved'
  | 'sessions'
  | 'agreement'
  | 'followUps'
  | 'deadlines'
  | 'updatedAt'
  | 'originPath'
  | 'calendarVersion'
  | 'rulesVersion'
> & {
  /** Absent in histories recorded before cases pinned their calendar (they count with the legacy one). */
  calendarVersion?: string;
  /** Absent in histories recorded under the first rules. */
  rulesVersion?: number;
};

/** A deadline's dates as they were before, or are after, a move to another calendar. */
export interface DueUnderCalendar {
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  calendarVersion: string;
}

export type EventBody =
  | { type: 'case.registered'; data: { case: RegisteredCase } }
  | { type: 'case.accepted'; data: { track: Track; subtrack: Subtrack | null; assigneeId: string } }
  | { type: 'case.assigned'; data: { assigneeId: string } }
  | { type: 'session.recorded'; data: { session: Session } }
  | { type: 'case.paused'; data: Record<string, never> }
  | { type: 'case.resumed'; data: { pausedMs: number } }
  | { type: 'agreement.recorded'; data: { agreement: Agreement } }
  | { type: 'case.transferred'; data: { transfer: Transfer } }
  | {
      type: 'case.taken_over';
      data: { owner: OrgPath; stage: 'accepted' | 'under_review'; track: Track | null; subtrack: Subtrack | null };
    }
  | {
      type: 'confirmation.recorded';
      data: { courtId: string; decision: 'confirmed' | 'rejected'; ruledOn: string; owner: OrgPath };
    }
  | { type: 'case.escalated'; data: { from: string; owner: OrgPath; level: number; automatic: boolean } }
  | { type: 'risk.reported'; data: { level: RiskLevel; previous: RiskLevel; notify: NotifyTarget[] } }
  | { type: 'follow_up.recorded'; data: { followUp: FollowUp } }
  | { type: 'case.closed'; data: { outcome: Outcome; referral: CaseState['referral'] } }
  | { type: 'mediation.failed'; data: { referral: Referral } }
  | { type: 'deadline.started'; data: { deadline: Deadline } }
  | { type: 'deadline.changed'; data: { deadline: Deadline; change: 'paused' | 'resumed' | 'extended' } }
  | { type: 'deadline.warned'; data: { deadline: Deadline; notify: NotifyTarget[] } }
  | { type: 'deadline.breached'; data: { deadline: Deadline; notify: NotifyTarget[]; effect: string } }
  | { type: 'deadline.ended'; data: { deadline: Deadline } }
  | {
      type: 'calendar.adopted';
      /** The case moves from calendar `from` to `to`, which adds these official years. */
      data: { from: string; to: string; years: OfficialYear[] };
    }
  | { type: 'deadline.recalculated'; data: { deadline: Deadline; from: DueUnderCalendar; to: DueUnderCalendar } };

export type EventType = EventBody['type'];

/** Every event type, as a value: tests derive their coverage from it. The checks below fail to compile
 * when a type is added to `EventBody` but not here, or listed here but not in `EventBody`. */
export const EVENT_TYPES = [
  'case.registered',
  'case.accepted',
  'case.assigned',
  'session.recorded',
  'case.paused',
  'case.resumed',
  'agreement.recorded',
  'case.transferred',
  'case.taken_over',
  'confirmation.recorded',
  'case.escalated',
  'risk.reported',
  'follow_up.recorded',
  'case.closed',
  'mediation.failed',
  'deadline.started',
  'deadline.changed',
  'deadline.warned',
  'deadline.breached',
  'deadline.ended',
  'calendar.adopted',
  'deadline.recalculated',
] as const satisfies readonly EventType[];
type MissingEventType = Exclude<EventType, (typeof EVENT_TYPES)[number]>;
export const EVENT_TYPES_COMPLETE: [MissingEventType] extends [never] ? true : MissingEventType = true;

/** An event as the decider produces it, before it gets its place in the chain. */
export type NewEvent = EventBody & { at: string; actor: Actor; reason: string | null };

/** An event as stored: chained and numbered. */
export type CaseEvent = NewEvent & { caseId: string; seq: number; prevHash: string; hash: string };
