/**
 * Moving a case to newer official calendar data. The State Council publishes next year's schedule late
 * in the year, when open cases already hold provisional due dates in it; once an administrator installs
 * it, each open case adopts it through events, never silently (domain.md "How a period is counted"):
 * `calendar.adopted` (the case counts with the new data from now on) and one `deadline.recalculated`
 * per provisional deadline it moves. Deadlines that were not provisional never move.
 */
import type { CaseState, Deadline } from './case-types';
import type { DueUnderCalendar, NewEvent } from './case-events';
import { ok, refuse, type AdoptCalendarCommand, type DecideContext, type Decision } from './case-commands';
import { officialYear, resolveCalendar, type Calendar, type CalendarSpec, type OfficialYear } from './calendar';
import { shanghaiEndOfDay, type IsoDate } from './civil-date';
import { calendarOf, entryFor, isActive, iso, ms } from './deadlines';
import { addCalendarPeriod, addWorkingDays, isClockUnit, rollToWorkingDay, workingDaysBetween } from './legal-period';
import { canonicalJson } from './hash-chain';
import { isVersionError } from './version-errors';

const byYear = (a: OfficialYear, b: OfficialYear): number => a.year - b.year;

/** The case's calendar after it adopted official years (the fold the workflow applies to `calendar.adopted`). */
export function calendarAfter(current: CalendarSpec, adopted: { to: string; years: OfficialYear[] }): CalendarSpec {
  return { version: adopted.to, base: current.base, years: [...current.years, ...adopted.years].sort(byYear) };
}

/**
 * What adopting the calendar `offered` brings to a case counting with `current`: the official years the
 * case lacks (with their data), and the case's calendar afterwards, on its own base. Null when there is
 * nothing new, so adopting the same version again changes nothing. The case's calendar takes the
 * offered version's name when it ends up holding the same data; otherwise a name of its own. Throws
 * `unknown_calendar_version` when either base is not bundled here.
 */
export function calendarAdoption(
  current: CalendarSpec,
  offered: CalendarSpec,
): { years: OfficialYear[]; next: CalendarSpec } | null {
  const have = resolveCalendar(current);
  const offer = resolveCalendar(offered);
  const years = [...offer.officialYears]
    .filter((y) => !have.officialYears.has(y))
    .sort((a, b) => a - b)
    .map((y) => officialYear(offer, y)!);
  if (years.length === 0) return null;
  const merged = calendarAfter(current, { to: '', years });
  const same = merged.base === offered.base && canonicalJson(merged.years) === canonicalJson(offered.years);
  return { years, next: { ...merged, version: same ? offered.version : `${current.version}+${offered.version}` } };
}

/**
 * A deadline counted with calendar `from`, counted again with `to`. Day and month periods roll their
 * unrolled last day again (it already carries pauses and extensions); working-day periods keep the
 * number of working days they had counted from their start to their due date under `from` (pauses and
 * extensions included) and count it again under `to`. The warning point moves by its share of the
 * change; a warning already given stays given.
 */
export function recalculateDeadline(d: Deadline, from: Calendar, to: Calendar, warnFraction: number): Deadline {
  if (isClockUnit(d.unit)) return d;
  let rawDueDate: IsoDate;
  let due: { date: IsoDate; provisional: boolean };
  if (d.unit === 'working_days') {
    due = addWorkingDays(to, d.startedOn, workingDaysBetween(from, d.startedOn, d.dueDate));
    rawDueDate = due.date;
  } else {
    rawDueDate = d.rawDueDate;
    due = rollToWorkingDay(to, rawDueDate);
  }
  const dueAt = shanghaiEndOfDay(due.date);
  const shifted = ms(d.warnAt) + Math.floor((dueAt - ms(d.dueAt)) * warnFraction);
  return {
    ...d,
    rawDueDate,
    dueDate: due.date,
    dueAt: iso(dueAt),
    warnAt: d.warned ? d.warnAt : iso(Math.min(shifted, dueAt - 1)),
    // The period's own end before any pause or extension, as the new calendar counts it.
    originalDueDate: addCalendarPeriod(to, d.startedOn, { amount: d.amount, unit: d.unit }).dueDate,
    provisional: due.provisional,
    calendarVersion: to.version,
  };
}

const dueOf = (d: Deadline): DueUnderCalendar => ({
  dueDate: d.dueDate,
  dueAt: d.dueAt,
  provisional: d.provisional,
  calendarVersion: d.calendarVersion,
});

/**
 * `adopt-calendar`: the case adopts the official years of `cmd.calendar` it lacks and recounts its
 * active provisional deadlines with them. Taken by the system or an administrator (the calendar
 * migration), in any stage but `closed`; nothing happens when the calendar brings nothing new.
 */
export function decideAdoptCalendar(state: CaseState, cmd: AdoptCalendarCommand, ctx: DecideContext): Decision {
  if (cmd.actor.role !== 'system' && cmd.actor.role !== 'admin')
    return refuse('forbidden', 'only the system or an administrator moves a case to another calendar');
  if (state.stage === 'closed') return refuse('invalid_transition', 'the case is closed');
  const from = calendarOf(ctx);
  let adoption: ReturnType<typeof calendarAdoption>;
  try {
    adoption = calendarAdoption(from.spec, cmd.calendar);
  } catch (err) {
    if (isVersionError(err)) return refuse('invalid_input', `${err.code}: ${err.message}`);
    throw err;
  }
  if (!adoption) return ok([]);
  const to = resolveCalendar(adoption.next);
  const base = {
    at: cmd.at,
    actor: cmd.actor,
    reason: cmd.reason?.trim() || `official calendar ${cmd.calendar.version} installed`,
  };
  const events: NewEvent[] = [
    { ...base, type: 'calendar.adopted', data: { from: from.version, to: to.version, years: adoption.years } },
  ];
  for (const d of state.deadlines) {
    if (!isActive(d) || !d.provisional || isClockUnit(d.unit)) continue;
    const moved = recalculateDeadline(d, from, to, entryFor(state, ctx, d).warnFraction);
    events.push({
      ...base,
      type: 'deadline.recalculated',
      data: { deadline: moved, from: dueOf(d), to: dueOf(moved) },
    });
  }
  return ok(events);
}
