/**
 * What can be asked of a case: the commands the decider takes, the names of the actions of api.md,
 * and the shape of a decision.
 */
import type { Actor, DeadlineKind, OrgPath, Party, Referral, RiskLevel, Subtrack, Track } from './case-types';
import type { RegisteredCase, NewEvent } from './case-events';
import type { IsoDate } from './civil-date';
import type { DeadlinePolicy } from './deadline-policy';
import type { PeriodUnit } from './legal-period';
import type { Calendar, CalendarSpec } from './calendar';

interface Base {
  actor: Actor;
  /** ISO instant at which the command is decided (the workflow's deterministic clock). */
  at: string;
  reason?: string | null;
}

export type RegisterCommand = Base & {
  type: 'register';
  caseId: string;
  caseNo: string;
  category: RegisteredCase['category'];
  source: RegisteredCase['source'];
  summary: string;
  gridId: string | null;
  occurredOn: IsoDate | null;
  amountCny: number | null;
  riskLevel: RiskLevel;
  parties: Party[];
  owner: OrgPath;
  intakeFingerprint: string;
  /** The case rules the case is registered under (case-rules.ts); the current ones when absent. */
  rulesVersion?: number;
};

export type ActionCommand =
  | (Base & { type: 'accept'; track: Track; subtrack: Subtrack | null; assigneeId: string })
  | (Base & { type: 'reject'; reason: string; referral: Referral })
  | (Base & { type: 'assign'; assigneeId: string; reason: string })
  | (Base & { type: 'record-session'; heldAt: string; mode: 'on_site' | 'online'; attendees: string[]; notes: string })
  | (Base & { type: 'pause'; reason: string })
  | (Base & { type: 'resume' })
  | (Base & { type: 'extend'; kind: DeadlineKind; amount: number; unit: PeriodUnit; reason: string; consent: boolean })
  | (Base & {
      type: 'record-agreement';
      terms: string;
      signedOn: IsoDate;
      performanceDueOn: IsoDate | null;
      obligations: Array<{ party: string; obligation: string }>;
    })
  | (Base & { type: 'request-confirmation'; court: OrgPath })
  | (Base & { type: 'take-over' })
  | (Base & { type: 'record-confirmation'; decision: 'confirmed' | 'rejected'; ruledOn: IsoDate })
  | (Base & { type: 'record-failure'; reason: string; referral: Referral; target: OrgPath | null })
  | (Base & { type: 'transfer'; to: OrgPath; reason: string })
  | (Base & { type: 'escalate'; reason: string })
  | (Base & { type: 'report-risk'; level: RiskLevel; reason: string })
  | (Base & { type: 'record-follow-up'; visitedOn: IsoDate; performed: boolean; notes: string })
  | (Base & { type: 'withdraw'; reason: string });

/** The timer fired: act on every warning and breach due at `at`. */
export type TickCommand = Base & { type: 'tick' };

/** An official calendar was installed: move the case to it (calendar-change.ts). By the system or an admin. */
export type AdoptCalendarCommand = Base & { type: 'adopt-calendar'; calendar: CalendarSpec };

export type Command = RegisterCommand | ActionCommand | TickCommand | AdoptCalendarCommand;
/** An action as callers send it: the workflow stamps `at` with its deterministic clock. */
export type ActionRequest = ActionCommand extends infer C ? (C extends ActionCommand ? Omit<C, 'at'> : never) : never;
export type ActionName = ActionCommand['type'];
export type CommandOf<A extends ActionName> = Extract<ActionCommand, { type: A }>;

/** The actions of api.md "Actions", in its order. */
export const ACTION_NAMES = [
  'accept',
  'reject',
  'assign',
  'record-session',
  'pause',
  'resume',
  'extend',
  'record-agreement',
  'request-confirmation',
  'take-over',
  'record-confirmation',
  'record-failure',
  'transfer',
  'escalate',
  'report-risk',
  'record-follow-up',
  'withdraw',
] as const satisfies readonly ActionName[];

/** Stable codes: the API maps them to HTTP statuses, the workflow to ApplicationFailure types. */
export const REJECTION_CODES = [
  'invalid_transition',
  'forbidden',
  'invalid_input',
  'not_registered',
  'already_registered',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export type Decision = { ok: true; events: NewEvent[] } | { ok: false; code: RejectionCode; message: string };

export interface DecideContext {
  /** The deadline policy the case pinned. */
  policy: DeadlinePolicy;
  /** The calendar the case counts with: the one it pinned plus the official years it adopted. The bundled
   * legacy calendar when absent. */
  calendar?: Calendar;
  /** False only while replaying a history recorded before cases pinned their calendar: its
   * `case.registered` event carried no `calendarVersion`, and replay must produce the same event. */
  pinsCalendar?: boolean;
}

export const ok = (events: NewEvent[]): Decision => ({ ok: true, events });
export const refuse = (code: RejectionCode, message: string): Decision => ({ ok: false, code, message });
