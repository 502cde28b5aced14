/**
 * The working-day calendar of the People's Republic of China, as versioned data.
 *
 * A calendar is a bundled snapshot (domain/calendars/: the State Council schedules, including 调休
 * make-up working days, taken from the `chinese-days` package, and a provisional table for later years)
 * plus official years installed on top of it later (an administrator installs next year's schedule when
 * the State Council publishes it; see db/calendar-store.ts). For a year without official data the
 * provisional calendar is used: weekends plus the statutory holidays of 全国年节及纪念日放假办法 (2024
 * revision), lunar dates converted; answers from such a year are marked provisional.
 *
 * A case pins the calendar version it started with, so neither a package upgrade nor a newer install
 * changes a recorded due date on replay; it moves to newer official data only through an event
 * (calendar-change.ts). Pure and deterministic: safe inside Temporal workflow code.
 */
import legacySnapshot from './calendars/chinese-days-1.5.7.json';
import { dayOfWeek, parseIsoDate, type IsoDate } from './civil-date';
import { VersionError } from './version-errors';

/** A bundled snapshot, as domain/calendars/*.json hold it (scripts/calendar-snapshot.ts writes them). */
export interface BundledCalendarData {
  version: string;
  source: string;
  /** Official rest days (holidays, and weekend days inside a holiday block), with the holiday's name. */
  holidays: Record<IsoDate, string>;
  /** Official make-up working days (调休), with the holiday they make up for. */
  workdays: Record<IsoDate, string>;
  /** Statutory holidays of each later year, for the provisional calendar. */
  provisional: Record<string, IsoDate[]>;
}

/** One year's official schedule, as an administrator installs it. */
export interface OfficialYear {
  year: number;
  /** Official rest days of the year that are not plain weekends, or are weekends inside a holiday block. */
  holidays: IsoDate[];
  /** Make-up working days (调休): weekend days that are working days. */
  workdays: IsoDate[];
}

/**
 * A calendar version as data, small enough to travel in a workflow's input: the bundled snapshot it
 * builds on (by version) and the official years installed on top of it.
 */
export interface CalendarSpec {
  version: string;
  base: string;
  years: OfficialYear[];
}

/** A calendar ready to count with (built from a spec by `resolveCalendar`). */
export interface Calendar {
  readonly version: string;
  readonly spec: CalendarSpec;
  /** Official dates that differ from "weekday = working": true for a make-up working day, false for a rest day. */
  readonly official: ReadonlyMap<IsoDate, boolean>;
  readonly officialYears: ReadonlySet<number>;
  readonly provisional: ReadonlyMap<number, ReadonlySet<IsoDate>>;
}

/**
 * Every bundled snapshot this code knows, by version. A snapshot is never edited: a newer package gives
 * a new file and a new entry (`npm run calendar -- snapshot`).
 */
export const BUNDLED_CALENDARS: Readonly<Record<string, BundledCalendarData>> = {
  [legacySnapshot.version]: legacySnapshot as BundledCalendarData,
};

/** The calendar every deadline recorded before cases pinned a calendar was computed with. */
export const LEGACY_CALENDAR_VERSION = 'chinese-days@1.5.7/2004-2026';
/** The newest bundled snapshot: what new cases count with until an official year is installed. */
export const BUNDLED_CALENDAR_VERSION = LEGACY_CALENDAR_VERSION;

/** A bundled snapshot as a spec (no installed years). Throws `unknown_calendar_version` for an unknown one. */
export function bundledCalendarSpec(version: string = BUNDLED_CALENDAR_VERSION): CalendarSpec {
  if (!BUNDLED_CALENDARS[version])
    throw new VersionError('unknown_calendar_version', `no bundled calendar ${version} in this code`);
  return { version, base: version, years: [] };
}

const officialYearsOf = (data: Pick<BundledCalendarData, 'holidays' | 'workdays'>): number[] => [
  ...new Set([...Object.keys(data.holidays), ...Object.keys(data.workdays)].map((d) => Number(d.slice(0, 4)))),
];

const baseCache = new Map<string, Calendar>();

function resolveBase(version: string): Calendar {
  const cached = baseCache.get(version);
  if (cached) return cached;
  const data = BUNDLED_CALENDARS[version];
  if (!data) throw new VersionError('unknown_calendar_version', `no bundled calendar ${version} in this code`);
  const official = new Map<IsoDate, boolean>();
  for (const d of Object.keys(data.holidays) as IsoDate[]) official.set(d, false);
  for (const d of Object.keys(data.workdays) as IsoDate[]) official.set(d, true);
  const provisional = new Map<number, ReadonlySet<IsoDate>>(
    Object.entries(data.provisional).map(([y, days]) => [Number(y), new Set(days)]),
  );
  const spec: CalendarSpec = { version, base: version, years: [] };
  Object.freeze(spec.years);
  // Frozen: every case workflow of a worker shares this module (decision 70), and so this cache.
  const calendar: Calendar = Object.freeze({
    version,
    spec: Object.freeze(spec),
    official,
    officialYears: new Set(officialYearsOf(data)),
    provisional,
  });
  baseCache.set(version, calendar);
  return calendar;
}

/**
 * Builds a calendar from its spec: the bundled base, with each installed year replacing whatever the
 * base said about that year. Throws `unknown_calendar_version` when the base is not bundled here.
 */
export function resolveCalendar(spec: CalendarSpec): Calendar {
  const base = resolveBase(spec.base);
  if (spec.years.length === 0 && spec.version === base.version) return base;
  const official = new Map(base.official);
  const officialYears = new Set(base.officialYears);
  for (const y of spec.years) {
    for (const d of official.keys()) if (d.startsWith(`${y.year}-`)) official.delete(d);
    for (const d of y.holidays) official.set(d, false);
    for (const d of y.workdays) official.set(d, true);
    officialYears.add(y.year);
  }
  return { version: spec.version, spec, official, officialYears, provisional: base.provisional };
}

/** The bundled legacy calendar: what a case counts with when nothing else was pinned. */
export function legacyCalendar(): Calendar {
  return resolveBase(LEGACY_CALENDAR_VERSION);
}

/** Whether the calendar holds a State Council schedule for the year (else it counts provisionally). */
export function isOfficialYear(calendar: Calendar, year: number): boolean {
  return calendar.officialYears.has(year);
}

/** The official schedule of a year as the calendar holds it, or null when the year is not official. */
export function officialYear(calendar: Calendar, year: number): OfficialYear | null {
  if (!calendar.officialYears.has(year)) return null;
  const holidays: IsoDate[] = [];
  const workdays: IsoDate[] = [];
  for (const [d, working] of calendar.official) {
    if (!d.startsWith(`${year}-`)) continue;
    (working ? workdays : holidays).push(d);
  }
  return { year, holidays: holidays.sort(), workdays: workdays.sort() };
}

/** Statutory holidays of a year without an official schedule (no 调休 can be known in advance). */
export function provisionalHolidays(calendar: Calendar, year: number): ReadonlySet<IsoDate> {
  const days = calendar.provisional.get(year);
  if (!days)
    throw new VersionError('calendar_out_of_range', `calendar ${calendar.version} has no data for the year ${year}`);
  return days;
}

export interface DayInfo {
  working: boolean;
  /** True when the year has no official schedule and the provisional calendar was used. */
  provisional: boolean;
}

/** Whether a civil date is a working day under a calendar, and whether that answer is provisional. */
export function dayInfo(calendar: Calendar, date: IsoDate): DayInfo {
  const year = Number(date.slice(0, 4));
  const weekday = dayOfWeek(date);
  const weekend = weekday === 0 || weekday === 6;
  if (calendar.officialYears.has(year)) {
    const official = calendar.official.get(date);
    return { working: official ?? !weekend, provisional: false };
  }
  return { working: !weekend && !provisionalHolidays(calendar, year).has(date), provisional: true };
}

/**
 * Problems of an official year as an administrator would install it (empty when it is well formed):
 * real dates of that year, none listed twice, make-up working days on weekends only.
 */
export function officialYearProblems(y: OfficialYear): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [list, days] of [
    ['holidays', y.holidays],
    ['workdays', y.workdays],
  ] as const) {
    for (const d of days) {
      if (parseIsoDate(d) === null) problems.push(`${y.year}.${list}: ${d} is not a date`);
      else if (!d.startsWith(`${y.year}-`)) problems.push(`${y.year}.${list}: ${d} is not in ${y.year}`);
      else if (seen.has(d)) problems.push(`${y.year}.${list}: ${d} is listed twice`);
      else if (list === 'workdays' && dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6)
        problems.push(`${y.year}.workdays: ${d} is a weekday; a make-up working day falls on a weekend`);
      seen.add(d);
    }
  }
  return problems;
}

/**
 * The next calendar version after installing official years on top of `previous` (the newest installed
 * version, or a bundled snapshot): the same base, the previous years, and the new ones. A year the
 * previous calendar already holds as official is refused: official data is never corrected in place
 * (deadlines counted with it never move), it would need a new bundled snapshot.
 */
export function installYears(
  previous: CalendarSpec,
  years: OfficialYear[],
  label: string,
): { ok: true; spec: CalendarSpec } | { ok: false; problems: string[] } {
  const current = resolveCalendar(previous);
  const problems = years.flatMap(officialYearProblems);
  const seenYears = new Set<number>();
  for (const y of years) {
    if (seenYears.has(y.year)) problems.push(`${y.year} is given twice`);
    seenYears.add(y.year);
    if (isOfficialYear(current, y.year)) problems.push(`${y.year} already has official data in ${previous.version}`);
  }
  if (years.length === 0) problems.push('no year to install');
  if (!/^[\w.@/-]{1,64}$/.test(label)) problems.push(`version label '${label}' must be 1–64 of [A-Za-z0-9_.@/-]`);
  if (problems.length > 0) return { ok: false, problems };
  const normalized = years.map((y) => ({
    year: y.year,
    holidays: [...y.holidays].sort(),
    workdays: [...y.workdays].sort(),
  }));
  return {
    ok: true,
    spec: {
      // The base leads the version, so a version names the snapshot it counts with (see `baseOfVersion`).
      version: `${previous.base}+${label}`,
      base: previous.base,
      years: [...previous.years, ...normalized].sort((a, b) => a.year - b.year),
    },
  };
}

/** The bundled snapshot a calendar version builds on: installed versions are `<base>+<label>`. */
export function baseOfVersion(version: string): string {
  return version.split('+')[0]!;
}
