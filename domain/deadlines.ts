/**
 * A case's deadlines (domain.md "Deadlines"): starting one from its policy entry, ending, pausing,
 * pushing back after a pause, extending, and the next instant that needs the case's attention.
 */
import type { CaseState, Deadline, DeadlineKind, OrgPath, Subtrack, Track } from './case-types';
import type { DecideContext } from './case-commands';
import type { NewEvent } from './case-events';
import { addDays, daysBetween, shanghaiDate, shanghaiStartOfDay, type IsoDate } from './civil-date';
import {
  BUNDLED_CALENDARS,
  baseOfVersion,
  bundledCalendarSpec,
  legacyCalendar,
  resolveCalendar,
  type Calendar,
} from './calendar';
import { policyEntry, type PolicyEntry } from './deadline-policy';
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

export const isActive = (d: Deadline): boolean => d.status === 'running' || d.status === 'paused';

/** The calendar a decision counts with: the case's, or the bundled legacy one when none was given. */
export function calendarOf(ctx: DecideContext): Calendar {
  return ctx.calendar ?? legacyCalendar();
}

/**
 * The calendar to move a deadline with when the caller has none at hand: the bundled snapshot its
 * `calendarVersion` builds on (the legacy one for a version not bundled here). Exact for every deadline
 * counted with a bundled calendar; one counted with installed official years must be moved with the
 * case's calendar (`calendarOf(ctx)`), or it falls back to provisional counting for those years.
 */
function ownCalendar(d: Deadline): Calendar {
  const base = baseOfVersion(d.calendarVersion);
  return BUNDLED_CALENDARS[base] ? resolveCalendar(bundledCalendarSpec(base)) : legacyCalendar();
}

/** The current deadline of a kind: the newest one that is active (or, for extensions, breached). */
export function currentDeadline(state: CaseState, kind: DeadlineKind, includeBreached = false): Deadline | undefined {
  for (let i = state.deadlines.length - 1; i >= 0; i--) {
    const d = state.deadlines[i]!;
    if (d.kind === kind && (isActive(d) || (includeBreached && d.status === 'breached'))) return d;
  }
  return undefined;
}

export function startDeadline(
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
  const calendar = calendarOf(ctx);
  const due = computeDue(calendar, startAt, entry, entry.warnFraction);
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
    calendarVersion: calendar.version,
    warned: false,
    pausedAt: null,
    endedAt: null,
    ownerOrgUnitId: (overrides.owner ?? state.owner)[0]?.id ?? '',
    extensions: [],
  };
}

export function entryFor(state: CaseState, ctx: DecideContext, d: Deadline): PolicyEntry {
  const entry = policyEntry(ctx.policy, d.kind, state.track, state.subtrack);
  if (!entry) throw new Error(`policy ${ctx.policy.version} has no ${d.kind} entry`);
  return entry;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
export const ms = (instant: string): number => Date.parse(instant);

export function endEvent(
  d: Deadline,
  status: 'met' | 'cancelled' | 'expired',
  base: Omit<NewEvent, 'type' | 'data'>,
): NewEvent {
  return { ...base, type: 'deadline.ended', data: { deadline: { ...d, status, endedAt: base.at } } };
}

/** Ends every active deadline (of the given kinds, or all) with `status`. */
export function endDeadlines(
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
 * periods, working days for working-day periods, exact time for clock periods; then rolls again, under
 * `calendar` (the case's; by default the bundled one the deadline was counted with). */
export function pushBack(
  d: Deadline,
  pausedAt: number,
  resumedAt: number,
  calendar: Calendar = ownCalendar(d),
): Deadline {
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
    const r = addWorkingDays(calendar, d.dueDate, workingDaysBetween(calendar, fromDate, toDate));
    rawDueDate = r.date;
    dueDate = r.date;
    provisional = r.provisional;
  } else {
    rawDueDate = addDays(d.rawDueDate, daysBetween(fromDate, toDate));
    const rolled = rollToWorkingDay(calendar, rawDueDate);
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

/** Extends a deadline from its current due date, keeping `originalDueDate`, under `calendar` (the
 * case's; by default the bundled one the deadline was counted with). */
export function extendDeadline(
  d: Deadline,
  amount: number,
  unit: PeriodUnit,
  warnFraction: number,
  calendar: Calendar = ownCalendar(d),
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
  const due = addCalendarPeriod(calendar, d.dueDate, { amount, unit });
  const dueAt = shanghaiStartOfDay(addDays(due.dueDate, 1));
  return {
    rawDueDate: due.rawDueDate,
    dueDate: due.dueDate,
    dueAt: iso(dueAt),
    warnAt: iso(warnPoint(ms(d.startedAt), dueAt, warnFraction)),
    provisional: d.provisional || due.provisional,
  };
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
