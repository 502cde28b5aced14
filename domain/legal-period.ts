/**
 * Legal period calculator (民事诉讼法 2023, Art. 85), as domain.md "How a period is counted" says:
 * the start day is not counted; month periods clamp to the month's last day; a last day that is not a
 * working day rolls to the first working day after it; working-day periods count working days from
 * the day after the start; hour periods are counted in hours and not rolled; a period ends at the end
 * of its last day in Asia/Shanghai. Working days follow the calendar passed in: the one the case pinned.
 */
import { dayInfo, type Calendar } from './calendar';
import { addDays, addMonths, shanghaiDate, shanghaiEndOfDay, type IsoDate } from './civil-date';

export const CALENDAR_UNITS = ['days', 'months', 'working_days'] as const;
/** `minutes` and `seconds` exist for short-period test policies; they count like hours. */
export const CLOCK_UNITS = ['hours', 'minutes', 'seconds'] as const;
export const PERIOD_UNITS = [...CALENDAR_UNITS, ...CLOCK_UNITS] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export interface Period {
  amount: number;
  unit: PeriodUnit;
}

const CLOCK_UNIT_MS: Record<(typeof CLOCK_UNITS)[number], number> = {
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
};

export function isClockUnit(unit: PeriodUnit): unit is (typeof CLOCK_UNITS)[number] {
  return unit in CLOCK_UNIT_MS;
}

export interface DatedResult {
  date: IsoDate;
  provisional: boolean;
}

/** The date itself if it is a working day under `calendar`, else the first working day after it. */
export function rollToWorkingDay(calendar: Calendar, date: IsoDate): DatedResult {
  let d = date;
  let provisional = false;
  for (let i = 0; i < 60; i++) {
    const info = dayInfo(calendar, d);
    provisional ||= info.provisional;
    if (info.working) return { date: d, provisional };
    d = addDays(d, 1);
  }
  throw new Error(`no working day within 60 days after ${date}`);
}

/** The n-th working day after `date` under `calendar` (n ≥ 0; n = 0 gives `date` itself). */
export function addWorkingDays(calendar: Calendar, date: IsoDate, n: number): DatedResult {
  let d = date;
  let provisional = false;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    const info = dayInfo(calendar, d);
    provisional ||= info.provisional;
    if (info.working) left--;
  }
  return { date: d, provisional };
}

/** Working days in (from, to] under `calendar`: the days a working-day period is pushed back by after a
 * pause, or the working days a period has counted so far. */
export function workingDaysBetween(calendar: Calendar, from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (dayInfo(calendar, d).working) count++;
  return count;
}

export interface CalendarDue {
  /** The last day before roll-over (kept so a pause push-back can roll again from it). */
  rawDueDate: IsoDate;
  dueDate: IsoDate;
  provisional: boolean;
}

/** Adds a calendar period (days, months, working days) to a civil date and applies the roll-over rule. */
export function addCalendarPeriod(calendar: Calendar, start: IsoDate, period: Period): CalendarDue {
  switch (period.unit) {
    case 'days':
    case 'months': {
      const raw = period.unit === 'days' ? addDays(start, period.amount) : addMonths(start, period.amount);
      const rolled = rollToWorkingDay(calendar, raw);
      return { rawDueDate: raw, dueDate: rolled.date, provisional: rolled.provisional };
    }
    case 'working_days': {
      const r = addWorkingDays(calendar, start, period.amount);
      return { rawDueDate: r.date, dueDate: r.date, provisional: r.provisional };
    }
    default:
      throw new Error(`${period.unit} is not a calendar unit`);
  }
}

export interface ComputedDue {
  startedOn: IsoDate;
  rawDueDate: IsoDate;
  dueDate: IsoDate;
  /** Epoch ms: the period ends here (exclusive). */
  dueAt: number;
  /** Epoch ms: the warning point, `warnFraction` of the elapsed period. */
  warnAt: number;
  provisional: boolean;
}

/** Computes when a period started at `startAt` (epoch ms) ends under `calendar`, and when to warn. */
export function computeDue(calendar: Calendar, startAt: number, period: Period, warnFraction: number): ComputedDue {
  const startedOn = shanghaiDate(startAt);
  if (isClockUnit(period.unit)) {
    const dueAt = startAt + period.amount * CLOCK_UNIT_MS[period.unit];
    const dueDate = shanghaiDate(dueAt);
    return {
      startedOn,
      rawDueDate: dueDate,
      dueDate,
      dueAt,
      warnAt: warnPoint(startAt, dueAt, warnFraction),
      provisional: false,
    };
  }
  const due = addCalendarPeriod(calendar, startedOn, period);
  const dueAt = shanghaiEndOfDay(due.dueDate);
  return { startedOn, ...due, dueAt, warnAt: warnPoint(startAt, dueAt, warnFraction) };
}

export function warnPoint(startAt: number, dueAt: number, fraction: number): number {
  return startAt + Math.floor((dueAt - startAt) * fraction);
}

/** Adds a clock period (hours, minutes, seconds) in milliseconds. */
export function clockPeriodMs(period: Period): number {
  if (!isClockUnit(period.unit)) throw new Error(`${period.unit} is not a clock unit`);
  return period.amount * CLOCK_UNIT_MS[period.unit];
}
