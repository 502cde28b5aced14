/**
 * The vocabulary of a mediation case (domain.md). Value lists are `as const` arrays so the API's zod
 * schemas are built from the same lists and the two cannot drift.
 */
import type { IsoDate } from './civil-date';
import type { PeriodUnit } from './legal-period';

export const STAGES = [
  'registered',
  'accepted',
  'in_mediation',
  'following_up',
  'transferred',
  'under_review',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

export const TRACKS = ['people', 'judicial', 'administrative'] as const;
export type Track = (typeof TRACKS)[number];

export const SUBTRACKS = [
  'labor',
  'public_security',
  'traffic',
  'pre_filing',
  'entrusted_ordinary',
  'entrusted_summary',
] as const;
export type Subtrack = (typeof SUBTRACKS)[number];

/** Which subtracks belong to which track. */
export const SUBTRACKS_OF: Record<Track, readonly Subtrack[]> = {
  people: ['labor'],
  administrative: ['public_security', 'traffic'],
  judicial: ['pre_filing', 'entrusted_ordinary', 'entrusted_summary'],
};

export const OUTCOMES = ['resolved', 'rejected', 'withdrawn', 'failed_referred', 'unperformed_referred'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const REFERRALS = ['litigation', 'arbitration', 'administrative', 'petition', 'none'] as const;
export type Referral = (typeof REFERRALS)[number];

export const ROLES = ['mediator', 'supervisor', 'liaison', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const CATEGORIES = [
  'marriage_family',
  'neighbor',
  'housing_land',
  'contract',
  'business',
  'damages',
  'land_forest',
  'demolition',
  'environment',
  'labor',
  'consumer',
  'medical',
  'traffic',
  'property_mgmt',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SOURCES = [
  'walk_in',
  'police_110',
  'grid_patrol',
  'visit',
  'online',
  'court_referral',
  'petition_referral',
  'agency_referral',
] as const;
export type Source = (typeof SOURCES)[number];

export const PARTY_ROLES = ['applicant', 'respondent', 'third_party'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const ORG_KINDS = [
  'city_center',
  'county_center',
  'township_center',
  'station_room',
  'village_committee',
  'court',
  'agency',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const DEADLINE_KINDS = [
  'acceptance',
  'mediation',
  'takeover',
  'confirmation_window',
  'confirmation_decision',
  'follow_up',
  'risk_response',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_STATUSES = ['running', 'paused', 'met', 'breached', 'expired', 'cancelled'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** One org unit and its ancestors, nearest first: `[self, parent, …, root]`. Carried in commands so the
 * decider never needs a lookup. */
export type OrgPath = Array<{ id: string; kind: OrgKind }>;

/** Who did something. `system` acts for timers (warnings, breaches, automatic escalation). */
export interface Actor {
  id: string;
  role: Role | 'system';
  org: string | null;
}

/** A sensitive value as the system holds it: encrypted, a keyed hash for exact lookup, and the masked
 * form for display. Plain resident IDs and phones exist only at the API edge (domain.md "Case data"). */
export interface SealedValue {
  ciphertext: string;
  hash: string;
  masked: string;
}

export interface Party {
  role: PartyRole;
  name: string;
  idNumber: SealedValue | null;
  phone: SealedValue | null;
  address?: string | null;
  minor?: boolean;
  /** A minor's guardian: name (and optionally contact). */
  guardian?: { name: string; phone: SealedValue | null } | null;
}

export interface Session {
  heldAt: string;
  mode: 'on_site' | 'online';
  attendees: string[];
  notes: string;
  recordedBy: string;
}

export interface Agreement {
  terms: string;
  signedOn: IsoDate;
  performanceDueOn: IsoDate | null;
  obligations: Array<{ party: string; obligation: string }>;
  confirmation: null | { courtId: string; decision: 'confirmed' | 'rejected'; ruledOn: IsoDate };
}

export interface FollowUp {
  visitedOn: IsoDate;
  performed: boolean;
  notes: string;
  recordedBy: string;
}

export type TransferPurpose = 'confirmation' | 'litigation' | 'administrative' | 'transfer';

export interface Transfer {
  purpose: TransferPurpose;
  from: OrgPath;
  to: OrgPath;
  at: string;
  /** The stage the case left; a rejected confirmation returns to mediation. */
  fromStage: Stage;
}

export interface Extension {
  amount: number;
  unit: PeriodUnit;
  reason: string;
  by: string;
  at: string;
  consent: boolean;
  dueDateBefore: IsoDate;
}

export interface Deadline {
  /** `<kind>-<n>`: unique within the case (a mediation deadline restarts after an escalation). */
  id: string;
  kind: DeadlineKind;
  status: DeadlineStatus;
  startedAt: string;
  startedOn: IsoDate;
  amount: number;
  unit: PeriodUnit;
  rawDueDate: IsoDate;
  dueDate: IsoDate;
  dueAt: string;
  warnAt: string;
  originalDueDate: IsoDate;
  provisional: boolean;
  basis: string;
  calendarVersion: string;
  warned: boolean;
  pausedAt: string | null;
  endedAt: string | null;
  /** The owner when the deadline started (a mediation deadline restarts per escalation level). */
  ownerOrgUnitId: string;
  extensions: Extension[];
}

/** The case as the workflow holds it: the fold of its events. JSON-only (no Map, no Date). */
export interface CaseState {
  id: string;
  caseNo: string;
  /** The `seq` of the last event applied; the `ETag` version. */
  version: number;
  stage: Stage;
  paused: null | { since: string; reason: string };
  outcome: Outcome | null;
  referral: null | { kind: Referral; courtId?: string | null; agencyId?: string | null };
  track: Track | null;
  subtrack: Subtrack | null;
  category: Category;
  source: Source;
  summary: string;
  gridId: string | null;
  occurredOn: IsoDate | null;
  amountCny: number | null;
  riskLevel: RiskLevel;
  owner: OrgPath;
  originOrgUnitId: string;
  originPath: string[];
  assigneeId: string | null;
  escalationLevel: number;
  transfer: Transfer | null;
  /** Every court the case was ever transferred to: liaisons of those courts may see it. */
  courtsInvolved: string[];
  parties: Party[];
  sessions: Session[];
  agreement: Agreement | null;
  followUps: FollowUp[];
  deadlines: Deadline[];
  policyVersion: string;
  /** The calendar the case counts with: the version it was registered with, then each official calendar
   * it adopted (`calendar.adopted`). Histories recorded before cases pinned one count with the legacy one. */
  calendarVersion: string;
  /** The version of the case rules (code) the case was registered under: see `case-rules.ts`. */
  rulesVersion: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  /** Hash of the intake body: a retried intake with another body under the same key is refused. */
  intakeFingerprint: string;
}
