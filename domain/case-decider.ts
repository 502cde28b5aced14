/**
 * The case state machine as a decider: `decide(state, command) → events | rejection` and
 * `evolve(state, event) → state`, both pure. The workflow's update validators call `decide` (so a
 * refused command never enters history); the same `evolve` rebuilds a case at any past moment for
 * auditors. Rules: domain.md "Case lifecycle" and "Deadlines", api.md "Actions".
 */
import type {
  Actor,
  CaseState,
  Deadline,
  DeadlineKind,
  OrgPath,
  Outcome,
  Party,
  Referral,
  RiskLevel,
  Stage,
  Subtrack,
  Track,
  TransferPurpose,
} from './case-types';
import { RISK_LEVELS, SUBTRACKS_OF } from './case-types';
import type { CaseEvent, EventBody, NewEvent, RegisteredCase } from './case-events';
import { shanghaiDate, shanghaiStartOfDay, type IsoDate } from './civil-date';
import { CALENDAR_VERSION } from './calendar';
import { policyEntry, type DeadlinePolicy, type NotifyTarget, type PolicyEntry } from './deadline-policy';
import {
  addCalendarPeriod,
  addWorkingDays,
  clockPeriodMs,
  computeDue,
  isClockUnit,
  rollToWorkingDay,
  warnPoint,
  workingDaysBetween,
  type PeriodUnit,
} from './legal-period';
import { addDays, daysBetween } from './civil-date';

// ---------------------------------------------------------------------------------------------
// Commands

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

export type Command = RegisterCommand | ActionCommand | TickCommand;
/** An action as callers send it: the workflow stamps `at` with its deterministic clock. */
export type ActionRequest = ActionCommand extends infer C ? (C extends ActionCommand ? Omit<C, 'at'> : never) : never;
export type ActionName = ActionCommand['type'];

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

// ---------------------------------------------------------------------------------------------
// Decisions

/** Stable codes: the API maps them to HTTP statuses, the workflow to ApplicationFailure types. */
export type RejectionCode =
  'invalid_transition' | 'forbidden' | 'invalid_input' | 'not_registered' | 'already_registered';

export type Decision = { ok: true; events: NewEvent[] } | { ok: false; code: RejectionCode; message: string };

export interface DecideContext {
  policy: DeadlinePolicy;
}

const OPEN_STAGES: readonly Stage[] = [
  'registered',
  'accepted',
  'in_mediation',
  'following_up',
  'transferred',
  'under_review',
];

/** The stages each action may start from (api.md "Actions"). */
export const ACTION_STAGES: Record<ActionName, readonly Stage[]> = {
  accept: ['registered'],
  reject: ['registered'],
  assign: ['accepted', 'in_mediation', 'following_up'],
  'record-session': ['accepted', 'in_mediation'],
  pause: ['accepted', 'in_mediation', 'following_up', 'under_review'],
  resume: ['accepted', 'in_mediation', 'following_up', 'under_review'],
  extend: ['registered', 'accepted', 'in_mediation', 'following_up', 'transferred', 'under_review'],
  'record-agreement': ['accepted', 'in_mediation'],
  'request-confirmation': ['following_up'],
  'take-over': ['transferred'],
  'record-confirmation': ['under_review'],
  'record-failure': ['accepted', 'in_mediation'],
  transfer: ['registered', 'accepted', 'in_mediation'],
  escalate: ['registered', 'accepted', 'in_mediation'],
  'report-risk': OPEN_STAGES,
  'record-follow-up': ['following_up'],
  withdraw: OPEN_STAGES,
};

/** Actions still allowed while the case is paused (the clock is stopped; the work is not). */
const ALLOWED_WHILE_PAUSED: ReadonlySet<ActionName> = new Set([
  'resume',
  'withdraw',
  'report-risk',
  'assign',
  'extend',
]);

const LADDER_KINDS = new Set(['village_committee', 'station_room', 'township_center', 'county_center']);
const GRASSROOTS_KINDS = new Set(['village_committee', 'station_room', 'township_center']);

/** The unit a case escalates to, or null at the top of the ladder (the county centre) or off it. */
export function escalationTarget(owner: OrgPath): OrgPath | null {
  const [self, parent] = owner;
  if (!self || !parent) return null;
  if (!GRASSROOTS_KINDS.has(self.kind) || !LADDER_KINDS.has(parent.kind)) return null;
  return owner.slice(1);
}

export function isGrassroots(owner: OrgPath): boolean {
  return owner[0] !== undefined && GRASSROOTS_KINDS.has(owner[0].kind);
}

const ok = (events: NewEvent[]): Decision => ({ ok: true, events });
const refuse = (code: RejectionCode, message: string): Decision => ({ ok: false, code, message });

// --- who may act -------------------------------------------------------------------------------

function inPath(path: OrgPath, org: string | null): boolean {
  return org !== null && path.some((u) => u.id === org);
}

/** A supervisor of the unit or of a unit above it. */
function isSupervisorOf(actor: Actor, path: OrgPath): boolean {
  return actor.role === 'supervisor' && inPath(path, actor.org);
}

/** Staff who act for a unit: its mediators, its (or an ancestor's) supervisors, a court's liaisons. */
function isStaffOf(actor: Actor, path: OrgPath): boolean {
  const unit = path[0];
  if (!unit) return false;
  if (actor.role === 'mediator') return actor.org === unit.id;
  if (actor.role === 'liaison') return unit.kind === 'court' && actor.org === unit.id;
  return isSupervisorOf(actor, path);
}

function authorize(actor: Actor, state: CaseState, cmd: ActionCommand): string | null {
  const owner = state.owner;
  switch (cmd.type) {
    case 'reject':
    case 'assign':
    case 'transfer':
    case 'escalate':
      return isSupervisorOf(actor, owner) ? null : `only a supervisor of the owning unit may ${cmd.type}`;
    case 'take-over': {
      const target = state.transfer?.to;
      if (!target) return 'the case has no pending transfer';
      const unit = target[0];
      if (unit?.kind === 'court')
        return actor.role === 'liaison' && actor.org === unit.id
          ? null
          : 'only a liaison of the target court may take over';
      return (actor.role === 'mediator' && actor.org === unit?.id) || isSupervisorOf(actor, target)
        ? null
        : 'only staff of the target unit may take over';
    }
    case 'record-confirmation':
      return actor.role === 'liaison' && actor.org === owner[0]?.id
        ? null
        : 'only a liaison of the reviewing court may rule';
    case 'extend':
      return isStaffOf(actor, owner) ? null : 'only staff of the owning unit may extend a deadline';
    default:
      return isStaffOf(actor, owner) ? null : `only staff of the owning unit may ${cmd.type}`;
  }
}

// --- deadlines --------------------------------------------------------------------------------

const isActive = (d: Deadline): boolean => d.status === 'running' || d.status === 'paused';

/** The current deadline of a kind: the newest one that is active (or, for extensions, breached). */
export function currentDeadline(state: CaseState, kind: DeadlineKind, includeBreached = false): Deadline | undefined {
  for (let i = state.deadlines.length - 1; i >= 0; i--) {
    const d = state.deadlines[i]!;
    if (d.kind === kind && (isActive(d) || (includeBreached && d.status === 'breached'))) return d;
  }
  return undefined;
}

function startDeadline(
  state: Pick<CaseState, 'deadlines' | 'track' | 'subtrack' | 'owner'>,
  ctx: DecideContext,
  kind: DeadlineKind,
  startAt: number,
  overrides: { track?: Track | null; subtrack?: Subtrack | null; owner?: OrgPath; counter?: number } = {},
): Deadline {
  const track = overrides.track !== undefined ? overrides.track : state.track;
  const subtrack = overrides.subtrack !== undefined ? overrides.subtrack : state.subtrack;
  const entry = policyEntry(ctx.policy, kind, track, subtrack);
  if (!entry) throw new Error(`policy ${ctx.policy.version} has no ${kind} entry`);
  const due = computeDue(startAt, entry, entry.warnFraction);
  const n = state.deadlines.filter((d) => d.kind === kind).length + (overrides.counter ?? 0) + 1;
  return {
    id: `${kind}-${n}`,
    kind,
    status: 'running',
    startedAt: iso(startAt),
    startedOn: due.startedOn,
    amount: entry.amount,
    unit: entry.unit,
    rawDueDate: due.rawDueDate,
    dueDate: due.dueDate,
    dueAt: iso(due.dueAt),
    warnAt: iso(due.warnAt),
    originalDueDate: due.dueDate,
    provisional: due.provisional,
    basis: entry.basis,
    calendarVersion: CALENDAR_VERSION,
    warned: false,
    pausedAt: null,
    endedAt: null,
    ownerOrgUnitId: (overrides.owner ?? state.owner)[0]?.id ?? '',
    extensions: [],
  };
}

function entryFor(state: CaseState, ctx: DecideContext, d: Deadline): PolicyEntry {
  const entry = policyEntry(ctx.policy, d.kind, state.track, state.subtrack);
  if (!entry) throw new Error(`policy ${ctx.policy.version} has no ${d.kind} entry`);
  return entry;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const ms = (instant: string): number => Date.parse(instant);

function endEvent(
  d: Deadline,
  status: 'met' | 'cancelled' | 'expired',
  base: Omit<NewEvent, 'type' | 'data'>,
): NewEvent {
  return { ...base, type: 'deadline.ended', data: { deadline: { ...d, status, endedAt: base.at } } };
}

/** Ends every active deadline (of the given kinds, or all) with `status`. */
function endDeadlines(
  state: CaseState,
  status: 'met' | 'cancelled',
  base: Omit<NewEvent, 'type' | 'data'>,
  kinds?: readonly DeadlineKind[],
): NewEvent[] {
  return state.deadlines
    .filter((d) => isActive(d) && (!kinds || kinds.includes(d.kind)))
    .map((d) => endEvent(d, status, base));
}

/** Pushes a deadline back by the time the case was paused (domain.md): whole days for day and month
 * periods, working days for working-day periods, exact time for clock periods; then rolls again. */
export function pushBack(d: Deadline, pausedAt: number, resumedAt: number): Deadline {
  const pausedMs = Math.max(0, resumedAt - pausedAt);
  if (isClockUnit(d.unit)) {
    const dueAt = ms(d.dueAt) + pausedMs;
    const dueDate = shanghaiDate(dueAt);
    return {
      ...d,
      status: 'running',
      pausedAt: null,
      dueAt: iso(dueAt),
      warnAt: iso(ms(d.warnAt) + pausedMs),
      dueDate,
      rawDueDate: dueDate,
    };
  }
  const fromDate = shanghaiDate(pausedAt);
  const toDate = shanghaiDate(resumedAt);
  let rawDueDate: IsoDate;
  let dueDate: IsoDate;
  let provisional: boolean;
  if (d.unit === 'working_days') {
    const r = addWorkingDays(d.dueDate, workingDaysBetween(fromDate, toDate));
    rawDueDate = r.date;
    dueDate = r.date;
    provisional = r.provisional;
  } else {
    rawDueDate = addDays(d.rawDueDate, daysBetween(fromDate, toDate));
    const rolled = rollToWorkingDay(rawDueDate);
    dueDate = rolled.date;
    provisional = rolled.provisional;
  }
  const dueAt = shanghaiStartOfDay(addDays(dueDate, 1));
  const warnAt = d.warned ? ms(d.warnAt) : Math.min(ms(d.warnAt) + pausedMs, dueAt - 1);
  return {
    ...d,
    status: 'running',
    pausedAt: null,
    rawDueDate,
    dueDate,
    dueAt: iso(dueAt),
    warnAt: iso(warnAt),
    provisional: d.provisional || provisional,
  };
}

/** Extends a deadline from its current due date, keeping `originalDueDate`. */
export function extendDeadline(
  d: Deadline,
  amount: number,
  unit: PeriodUnit,
  warnFraction: number,
): Pick<Deadline, 'rawDueDate' | 'dueDate' | 'dueAt' | 'warnAt' | 'provisional'> {
  if (isClockUnit(unit)) {
    const dueAt = ms(d.dueAt) + clockPeriodMs({ amount, unit });
    const dueDate = shanghaiDate(dueAt);
    return {
      rawDueDate: dueDate,
      dueDate,
      dueAt: iso(dueAt),
      warnAt: iso(warnPoint(ms(d.startedAt), dueAt, warnFraction)),
      provisional: d.provisional,
    };
  }
  const due = addCalendarPeriod(d.dueDate, { amount, unit });
  const dueAt = shanghaiStartOfDay(addDays(due.dueDate, 1));
  return {
    rawDueDate: due.rawDueDate,
    dueDate: due.dueDate,
    dueAt: iso(dueAt),
    warnAt: iso(warnPoint(ms(d.startedAt), dueAt, warnFraction)),
    provisional: d.provisional || due.provisional,
  };
}

// --- the decider -------------------------------------------------------------------------------

function reasonRequired(cmd: { reason?: string | null }): boolean {
  return typeof cmd.reason === 'string' && cmd.reason.trim().length > 0;
}

function trackForTarget(
  unit: OrgPath[number] | undefined,
  state: CaseState,
): { track: Track; subtrack: Subtrack | null } {
  if (unit?.kind === 'court') return { track: 'judicial', subtrack: 'pre_filing' };
  if (unit?.kind === 'agency') return { track: 'administrative', subtrack: null };
  return { track: state.track ?? 'people', subtrack: state.track ? state.subtrack : null };
}

/** Events that move ownership one level up and restart the mediation period there. */
function escalationEvents(
  state: CaseState,
  ctx: DecideContext,
  base: Omit<NewEvent, 'type' | 'data'>,
  automatic: boolean,
  target: OrgPath,
): NewEvent[] {
  const events: NewEvent[] = [
    {
      ...base,
      type: 'case.escalated',
      data: { from: state.owner[0]?.id ?? '', owner: target, level: state.escalationLevel + 1, automatic },
    },
  ];
  const mediation = currentDeadline(state, 'mediation');
  if (mediation) {
    if (isActive(mediation)) events.push(endEvent(mediation, 'cancelled', base));
  }
  if (mediation || (automatic && state.stage !== 'registered')) {
    const restarted = startDeadline(state, ctx, 'mediation', ms(base.at), { owner: target });
    events.push({ ...base, type: 'deadline.started', data: { deadline: restarted } });
  }
  return events;
}

export function decide(state: CaseState | null, cmd: Command, ctx: DecideContext): Decision {
  if (cmd.type === 'register') return decideRegister(state, cmd, ctx);
  if (!state) return refuse('not_registered', 'the case is not registered');
  if (cmd.type === 'tick') return decideTick(state, cmd, ctx);

  if (state.stage === 'closed')
    return refuse('invalid_transition', `the case is closed (${state.outcome ?? 'no outcome'})`);
  if (cmd.actor.role === 'auditor' || cmd.actor.role === 'admin' || cmd.actor.role === 'system') {
    return refuse('forbidden', `the ${cmd.actor.role} role takes no case actions`);
  }
  const allowed = ACTION_STAGES[cmd.type];
  if (!allowed.includes(state.stage)) {
    return refuse('invalid_transition', `${cmd.type} is not allowed in stage ${state.stage}`);
  }
  if (state.paused && !ALLOWED_WHILE_PAUSED.has(cmd.type)) {
    return refuse('invalid_transition', `${cmd.type} is not allowed while the case is paused`);
  }
  const denied = authorize(cmd.actor, state, cmd);
  if (denied) return refuse('forbidden', denied);
  return decideAction(state, cmd, ctx);
}

function decideRegister(state: CaseState | null, cmd: RegisterCommand, ctx: DecideContext): Decision {
  if (state) {
    return state.intakeFingerprint === cmd.intakeFingerprint
      ? refuse('already_registered', 'the case is already registered with this intake')
      : refuse('already_registered', 'the idempotency key was used for a different intake');
  }
  if (!cmd.parties.some((p) => p.role === 'applicant') || !cmd.parties.some((p) => p.role === 'respondent')) {
    return refuse('invalid_input', 'a case needs at least one applicant and one respondent');
  }
  if (cmd.occurredOn && cmd.occurredOn > shanghaiDate(ms(cmd.at)))
    return refuse('invalid_input', 'occurredOn is in the future');
  const base = { at: cmd.at, actor: cmd.actor, reason: null };
  const registered: RegisteredCase = {
    id: cmd.caseId,
    caseNo: cmd.caseNo,
    category: cmd.category,
    source: cmd.source,
    summary: cmd.summary,
    gridId: cmd.gridId,
    occurredOn: cmd.occurredOn,
    amountCny: cmd.amountCny,
    riskLevel: cmd.riskLevel,
    owner: cmd.owner,
    originOrgUnitId: cmd.owner[0]?.id ?? '',
    parties: cmd.parties,
    policyVersion: ctx.policy.version,
    createdAt: cmd.at,
    createdBy: cmd.actor.id,
    intakeFingerprint: cmd.intakeFingerprint,
  };
  const acceptance = startDeadline(
    { deadlines: [], track: null, subtrack: null, owner: cmd.owner },
    ctx,
    'acceptance',
    ms(cmd.at),
  );
  const events: NewEvent[] = [
    { ...base, type: 'case.registered', data: { case: registered } },
    { ...base, type: 'deadline.started', data: { deadline: acceptance } },
  ];
  if (cmd.riskLevel === 'high' || cmd.riskLevel === 'critical') {
    const risk = startDeadline(
      { deadlines: [acceptance], track: null, subtrack: null, owner: cmd.owner },
      ctx,
      'risk_response',
      ms(cmd.at),
    );
    events.push({ ...base, type: 'deadline.started', data: { deadline: risk } });
  }
  return ok(events);
}

function decideTick(state: CaseState, cmd: TickCommand, ctx: DecideContext): Decision {
  const now = ms(cmd.at);
  const base = { at: cmd.at, actor: cmd.actor, reason: null };
  const events: NewEvent[] = [];
  if (state.stage === 'closed') return ok(events);
  // Work on a running copy so a breach that escalates sees the escalation of an earlier one.
  let current = state;
  for (const d of state.deadlines) {
    if (d.status !== 'running') continue;
    const entry = entryFor(current, ctx, d);
    if (now >= ms(d.dueAt)) {
      const produced = breachEvents(current, ctx, d, entry, base);
      events.push(...produced);
      current = produced.reduce(
        (s, e, i) => evolve(s, { ...e, caseId: s.id, seq: s.version + i + 1, prevHash: '', hash: '' }),
        current,
      );
    } else if (!d.warned && now >= ms(d.warnAt)) {
      events.push({
        ...base,
        type: 'deadline.warned',
        data: { deadline: { ...d, warned: true }, notify: entry.notify },
      });
    }
  }
  return ok(events);
}

function breachEvents(
  state: CaseState,
  ctx: DecideContext,
  d: Deadline,
  entry: PolicyEntry,
  base: Omit<NewEvent, 'type' | 'data'>,
): NewEvent[] {
  if (entry.onBreach === 'expire') {
    return [endEvent({ ...d, warned: true }, 'expired', base)];
  }
  const target =
    entry.onBreach === 'escalate' && ['registered', 'accepted', 'in_mediation'].includes(state.stage)
      ? escalationTarget(state.owner)
      : null;
  const effect =
    entry.onBreach === 'escalate'
      ? target
        ? `escalated to ${target[0]?.id}`
        : 'top of the escalation ladder: notified'
      : 'notified';
  const breached: NewEvent = {
    ...base,
    reason: `${d.kind} deadline passed (${d.dueDate})`,
    type: 'deadline.breached',
    data: {
      deadline: { ...d, status: 'breached', warned: true, endedAt: base.at },
      notify: entry.notify,
      effect,
    },
  };
  if (!target) return [breached];
  const afterBreach = evolve(state, { ...breached, caseId: state.id, seq: state.version + 1, prevHash: '', hash: '' });
  return [
    breached,
    ...escalationEvents(
      afterBreach,
      ctx,
      { ...base, reason: `automatic escalation: ${d.kind} deadline passed` },
      true,
      target,
    ),
  ];
}

function decideAction(state: CaseState, cmd: ActionCommand, ctx: DecideContext): Decision {
  const base = { at: cmd.at, actor: cmd.actor, reason: cmd.reason?.trim() || null };
  const now = ms(cmd.at);
  const today = shanghaiDate(now);
  const close = (outcome: Outcome, referral: CaseState['referral'], metKinds: DeadlineKind[] = []): NewEvent[] => [
    ...endDeadlines(state, 'met', base, metKinds),
    ...state.deadlines
      .filter((d) => isActive(d) && !metKinds.includes(d.kind))
      .map((d) => endEvent(d, 'cancelled', base)),
    { ...base, type: 'case.closed', data: { outcome, referral } },
  ];

  switch (cmd.type) {
    case 'accept': {
      if (cmd.subtrack !== null && !SUBTRACKS_OF[cmd.track].includes(cmd.subtrack)) {
        return refuse('invalid_input', `subtrack ${cmd.subtrack} does not belong to track ${cmd.track}`);
      }
      const mediation = startDeadline(state, ctx, 'mediation', now, { track: cmd.track, subtrack: cmd.subtrack });
      return ok([
        {
          ...base,
          type: 'case.accepted',
          data: { track: cmd.track, subtrack: cmd.subtrack, assigneeId: cmd.assigneeId },
        },
        ...endDeadlines(state, 'met', base, ['acceptance']),
        { ...base, type: 'deadline.started', data: { deadline: mediation } },
      ]);
    }
    case 'reject':
      if (!reasonRequired(cmd)) return refuse('invalid_input', 'a reason is required');
      return ok(close('rejected', { kind: cmd.referral }, ['acceptance']));
    case 'assign':
      if (!reasonRequired(cmd)) return refuse('invalid_input', 'a reason is required');
      return ok([{ ...base, type: 'case.assigned', data: { assigneeId: cmd.assigneeId } }]);
    case 'record-session': {
      if (ms(cmd.heldAt) > now + 5 * 60_000) return refuse('invalid_input', 'heldAt is in the future');
      const session = {
        heldAt: cmd.heldAt,
        mode: cmd.mode,
        attendees: cmd.attendees,
        notes: cmd.notes,
        recordedBy: cmd.actor.id,
      };
      return ok([{ ...base, type: 'session.recorded', data: { session } }]);
    }
    case 'pause': {
      if (state.paused) return refuse('invalid_transition', 'the case is already paused');
      if (!reasonRequired(cmd)) return refuse('invalid_input', 'a reason is required');
      if (state.stage === 'under_review' ? cmd.actor.role !== 'liaison' : false)
        return refuse('forbidden', 'only the reviewing court pauses a case under review');
      const paused = state.deadlines
        .filter((d) => d.status === 'running' && d.kind !== 'risk_response')
        .map<NewEvent>((d) => ({
          ...base,
          type: 'deadline.changed',
          data: { deadline: { ...d, status: 'paused', pausedAt: cmd.at }, change: 'paused' },
        }));
      return ok([{ ...base, type: 'case.paused', data: {} }, ...paused]);
    }
    case 'resume': {
      if (!state.paused) return refuse('invalid_transition', 'the case is not paused');
      const since = ms(state.paused.since);
      const resumed = state.deadlines
        .filter((d) => d.status === 'paused')
        .map<NewEvent>((d) => ({
          ...base,
          type: 'deadline.changed',
          data: { deadline: pushBack(d, ms(d.pausedAt ?? state.paused!.since), now), change: 'resumed' },
        }));
      return ok([{ ...base, type: 'case.resumed', data: { pausedMs: Math.max(0, now - since) } }, ...resumed]);
    }
    case 'extend': {
      if (!reasonRequired(cmd)) return refuse('invalid_input', 'a reason is required');
      const d = currentDeadline(state, cmd.kind, true);
      if (!d) return refuse('invalid_transition', `there is no ${cmd.kind} deadline to extend`);
      const entry = entryFor(state, ctx, d);
      if (!entry.extension.allowed)
        return refuse('invalid_transition', `the ${cmd.kind} deadline cannot be extended (${entry.basis})`);
      if (d.status === 'breached' && entry.onBreach !== 'notify')
        return refuse('invalid_transition', `a breached ${cmd.kind} deadline cannot be extended`);
      const supervisor = isSupervisorOf(cmd.actor, state.owner);
      if (entry.extension.requires === 'approval' && !supervisor)
        return refuse('forbidden', `extending ${cmd.kind} needs a supervisor's approval`);
      if (!supervisor && !cmd.consent) return refuse('forbidden', "a mediator extends only with the parties' consent");
      const max = entry.extension.maxTotal;
      if (max !== null) {
        if (cmd.unit !== d.unit) return refuse('invalid_input', `${cmd.kind} extensions are counted in ${d.unit}`);
        const used = d.extensions.reduce((s, e) => s + e.amount, 0);
        if (used + cmd.amount > max)
          return refuse('invalid_input', `${cmd.kind} may be extended by ${max} ${d.unit} in all (${used} used)`);
      }
      const moved = extendDeadline(d, cmd.amount, cmd.unit, entry.warnFraction);
      const extension = {
        amount: cmd.amount,
        unit: cmd.unit,
        reason: base.reason ?? '',
        by: cmd.actor.id,
        at: cmd.at,
        consent: cmd.consent,
        dueDateBefore: d.dueDate,
      };
      const deadline: Deadline = {
        ...d,
        ...moved,
        status: d.status === 'breached' ? 'running' : d.status,
        endedAt: null,
        warned: ms(moved.warnAt) <= now && d.warned,
        extensions: [...d.extensions, extension],
      };
      return ok([{ ...base, type: 'deadline.changed', data: { deadline, change: 'extended' } }]);
    }
    case 'record-agreement': {
      if (cmd.signedOn > today) return refuse('invalid_input', 'signedOn is in the future');
      if (cmd.performanceDueOn && cmd.performanceDueOn < cmd.signedOn)
        return refuse('invalid_input', 'performanceDueOn is before signedOn');
      const agreement = {
        terms: cmd.terms,
        signedOn: cmd.signedOn,
        performanceDueOn: cmd.performanceDueOn,
        obligations: cmd.obligations,
        confirmation: null,
      };
      // A period from a date starts with that day (not counted); a date that is today starts now.
      const startOf = (date: IsoDate): number => (date === today ? now : shanghaiStartOfDay(date));
      const windowDeadline = startDeadline(state, ctx, 'confirmation_window', startOf(cmd.signedOn));
      const followUp = startDeadline(state, ctx, 'follow_up', startOf(cmd.performanceDueOn ?? cmd.signedOn));
      return ok([
        { ...base, type: 'agreement.recorded', data: { agreement } },
        ...endDeadlines(state, 'met', base, ['mediation']),
        { ...base, type: 'deadline.started', data: { deadline: windowDeadline } },
        { ...base, type: 'deadline.started', data: { deadline: followUp } },
      ]);
    }
    case 'request-confirmation': {
      const window = currentDeadline(state, 'confirmation_window');
      if (!window) return refuse('invalid_transition', 'the confirmation window has closed');
      if (cmd.court[0]?.kind !== 'court') return refuse('invalid_input', 'courtId is not a court');
      const transfer = {
        purpose: 'confirmation' as const,
        from: state.owner,
        to: cmd.court,
        at: cmd.at,
        fromStage: state.stage,
      };
      return ok([
        ...endDeadlines(state, 'met', base, ['confirmation_window']),
        { ...base, type: 'case.transferred', data: { transfer } },
        { ...base, type: 'deadline.started', data: { deadline: startDeadline(state, ctx, 'takeover', now) } },
      ]);
    }
    case 'take-over': {
      const transfer = state.transfer!;
      const toConfirm = transfer.purpose === 'confirmation';
      const { track, subtrack } = toConfirm
        ? { track: state.track, subtrack: state.subtrack }
        : trackForTarget(transfer.to[0], state);
      const events: NewEvent[] = [
        ...endDeadlines(state, 'met', base, ['takeover']),
        {
          ...base,
          type: 'case.taken_over',
          data: { owner: transfer.to, stage: toConfirm ? 'under_review' : 'accepted', track, subtrack },
        },
      ];
      const next = toConfirm
        ? startDeadline(state, ctx, 'confirmation_decision', now, { owner: transfer.to })
        : startDeadline(state, ctx, 'mediation', now, { owner: transfer.to, track, subtrack });
      events.push({ ...base, type: 'deadline.started', data: { deadline: next } });
      return ok(events);
    }
    case 'record-confirmation': {
      if (cmd.ruledOn > today) return refuse('invalid_input', 'ruledOn is in the future');
      const sender = state.transfer?.from ?? state.owner;
      const events: NewEvent[] = [
        ...endDeadlines(state, 'met', base, ['confirmation_decision']),
        {
          ...base,
          type: 'confirmation.recorded',
          data: { courtId: state.owner[0]?.id ?? '', decision: cmd.decision, ruledOn: cmd.ruledOn, owner: sender },
        },
      ];
      if (cmd.decision === 'rejected') {
        // Back to mediation at the sending unit, with a fresh mediation period; the follow-up of an
        // agreement the court would not confirm is moot.
        events.push(...endDeadlines(state, 'cancelled', base, ['follow_up']));
        events.push({
          ...base,
          type: 'deadline.started',
          data: { deadline: startDeadline(state, ctx, 'mediation', now, { owner: sender }) },
        });
      }
      return ok(events);
    }
    case 'record-failure': {
      if (!reasonRequired(cmd)) return refuse('invalid_input', 'a reason is required');
      const viaTransfer = (cmd.referral === 'litigation' || cmd.referral === 'administrative') && cmd.target !== null;
      if (!viaTransfer)
        return ok([
          { ...base, type: 'mediation.failed', data: { referral: cmd.referral } },
          ...close('failed_referred', { kind: cmd.referral }),
        ]);
      const target = cmd.target!;
      const wanted = cmd.referral === 'litigation' ? 'court' : 'agency';
      if (target[0]?.kind !== wanted)
        return refuse('invalid_input', `a ${cmd.referral} referral goes to a unit of kind ${wanted}`);
      const purpose: TransferPurpose = cmd.referral === 'litigation' ? 'litigation' : 'administrative';
      return ok([
        { ...base, type: 'mediation.failed', data: { referral: cmd.referral } },
        ...endDeadlines(state, 'cancelled', base, ['mediation', 'acceptance']),
        {
          ...base,
          type: 'case.transferred',
          data: { transfer: { purpose, from: state.owner, to: target, at: cmd.at, fromStage: state.stage } },
        },
        { ...base, type: 'deadline.started', data: { deadline: startDeadline(state, ctx, 'takeover', now) } },
      ]);
    }
    case 'transfer': {
      if (!reasonRequired(cmd)) return refuse('invalid_input', 'a reason is required');
      if (cmd.to[0]?.id === state.owner[0]?.id)
        return refuse('invalid_input', 'the case is already owned by that unit');
      return ok([
        ...endDeadlines(state, 'cancelled', base, ['mediation', 'acceptance']),
        {
          ...base,
          type: 'case.transferred',
          data: {
            transfer: { purpose: 'transfer', from: state.owner, to: cmd.to, at: cmd.at, fromStage: state.stage },
          },
        },
        { ...base, type: 'deadline.started', data: { deadline: startDeadline(state, ctx, 'takeover', now) } },
      ]);
    }
    case 'escalate': {
      if (!reasonRequired(cmd)) return refuse('invalid_input', 'a reason is required');
      const target = escalationTarget(state.owner);
      if (!target)
        return refuse(
          'invalid_transition',
          'the case is at the top of the escalation ladder: transfer it or close it as failed',
        );
      return ok(escalationEvents(state, ctx, base, false, target));
    }
    case 'report-risk': {
      if (!reasonRequired(cmd)) return refuse('invalid_input', 'a reason is required');
      const rank = (l: RiskLevel): number => RISK_LEVELS.indexOf(l);
      const raisedToHigh = rank(cmd.level) >= rank('high') && rank(state.riskLevel) < rank(cmd.level);
      const notify: NotifyTarget[] = raisedToHigh ? ['police_liaison', 'owner_supervisor'] : [];
      const events: NewEvent[] = [
        { ...base, type: 'risk.reported', data: { level: cmd.level, previous: state.riskLevel, notify } },
      ];
      const running = currentDeadline(state, 'risk_response');
      if (raisedToHigh && !running) {
        events.push({
          ...base,
          type: 'deadline.started',
          data: { deadline: startDeadline(state, ctx, 'risk_response', now) },
        });
      }
      if (rank(cmd.level) < rank('high') && running) events.push(endEvent(running, 'met', base));
      return ok(events);
    }
    case 'record-follow-up': {
      if (cmd.visitedOn > today) return refuse('invalid_input', 'visitedOn is in the future');
      const followUp = {
        visitedOn: cmd.visitedOn,
        performed: cmd.performed,
        notes: cmd.notes,
        recordedBy: cmd.actor.id,
      };
      const events: NewEvent[] = [{ ...base, type: 'follow_up.recorded', data: { followUp } }];
      const unperformedBefore = state.followUps.filter((f) => !f.performed).length;
      if (cmd.performed) events.push(...close('resolved', null, ['follow_up']));
      else if (unperformedBefore >= 1)
        events.push(...close('unperformed_referred', { kind: 'litigation' }, ['follow_up']));
      return ok(events);
    }
    case 'withdraw':
      if (!reasonRequired(cmd)) return refuse('invalid_input', 'a reason is required');
      return ok(close('withdrawn', null));
  }
}

// ---------------------------------------------------------------------------------------------
// evolve

function upsertDeadline(deadlines: Deadline[], d: Deadline): Deadline[] {
  const i = deadlines.findIndex((x) => x.id === d.id);
  if (i < 0) return [...deadlines, d];
  const copy = deadlines.slice();
  copy[i] = d;
  return copy;
}

/** Applies one stored event to the state. Pure; never fails on a well-formed history. */
export function evolve(state: CaseState | null, event: CaseEvent): CaseState {
  if (event.type === 'case.registered') {
    const c = event.data.case;
    return {
      ...c,
      version: event.seq,
      stage: 'registered',
      paused: null,
      outcome: null,
      referral: null,
      track: null,
      subtrack: null,
      assigneeId: null,
      escalationLevel: 0,
      transfer: null,
      courtsInvolved: [],
      sessions: [],
      agreement: null,
      followUps: [],
      deadlines: [],
      updatedAt: event.at,
      // Derived, so histories recorded before the field existed fold the same way.
      originPath: c.owner.map((u) => u.id),
    };
  }
  if (!state) throw new Error(`event ${event.seq} (${event.type}) before case.registered`);
  const s: CaseState = { ...state, version: event.seq, updatedAt: event.at };
  const b = event as EventBody;
  switch (b.type) {
    case 'case.accepted':
      return { ...s, stage: 'accepted', track: b.data.track, subtrack: b.data.subtrack, assigneeId: b.data.assigneeId };
    case 'case.assigned':
      return { ...s, assigneeId: b.data.assigneeId };
    case 'session.recorded':
      return { ...s, stage: 'in_mediation', sessions: [...s.sessions, b.data.session] };
    case 'case.paused':
      return { ...s, paused: { since: event.at, reason: event.reason ?? '' } };
    case 'case.resumed':
      return { ...s, paused: null };
    case 'agreement.recorded':
      return { ...s, stage: 'following_up', agreement: b.data.agreement };
    case 'case.transferred': {
      const t = b.data.transfer;
      const court = t.to[0]?.kind === 'court' ? t.to[0].id : null;
      return {
        ...s,
        stage: 'transferred',
        transfer: t,
        courtsInvolved: court && !s.courtsInvolved.includes(court) ? [...s.courtsInvolved, court] : s.courtsInvolved,
      };
    }
    case 'case.taken_over':
      return {
        ...s,
        stage: b.data.stage,
        owner: b.data.owner,
        track: b.data.track,
        subtrack: b.data.subtrack,
        transfer: b.data.stage === 'under_review' ? s.transfer : null,
        assigneeId: b.data.stage === 'under_review' ? s.assigneeId : null,
      };
    case 'confirmation.recorded': {
      const confirmation = { courtId: b.data.courtId, decision: b.data.decision, ruledOn: b.data.ruledOn as IsoDate };
      return {
        ...s,
        stage: b.data.decision === 'confirmed' ? 'following_up' : 'in_mediation',
        owner: b.data.owner,
        transfer: null,
        agreement: s.agreement && b.data.decision === 'confirmed' ? { ...s.agreement, confirmation } : null,
      };
    }
    case 'case.escalated':
      return { ...s, owner: b.data.owner, escalationLevel: b.data.level };
    case 'risk.reported':
      return { ...s, riskLevel: b.data.level };
    case 'follow_up.recorded':
      return { ...s, followUps: [...s.followUps, b.data.followUp] };
    case 'mediation.failed':
      return s;
    case 'case.closed':
      return {
        ...s,
        stage: 'closed',
        outcome: b.data.outcome,
        referral: b.data.referral,
        paused: null,
        transfer: null,
      };
    case 'deadline.started':
    case 'deadline.changed':
    case 'deadline.warned':
    case 'deadline.breached':
    case 'deadline.ended':
      return { ...s, deadlines: upsertDeadline(s.deadlines, b.data.deadline) };
    case 'case.registered':
      return s;
  }
}

/** The earliest instant at which a running deadline needs attention (warning or breach), or null. */
export function nextDueInstant(state: CaseState | null): number | null {
  if (!state || state.stage === 'closed') return null;
  let next: number | null = null;
  for (const d of state.deadlines) {
    if (d.status !== 'running') continue;
    const t = d.warned ? ms(d.dueAt) : Math.min(ms(d.warnAt), ms(d.dueAt));
    if (next === null || t < next) next = t;
  }
  return next;
}
