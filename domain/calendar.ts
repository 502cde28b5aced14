/**
 * The working-day calendar of the People's Republic of China.
 *
 * Official data (State Council schedules, including 调休 make-up working days) comes from the
 * maintained `chinese-days` package. For a year it does not cover yet, a provisional calendar is
 * used: weekends plus the statutory holidays of 全国年节及纪念日放假办法 (2024 revision), lunar dates
 * converted; dates from such a year are marked provisional.
 *
 * Pure and deterministic: safe inside Temporal workflow code.
 */
import officialData from 'chinese-days/dist/chinese-days.json';
import { getSolarDateFromLunar, getSolarTermDate } from 'chinese-days/dist/index.min.js';
import { addDays, dayOfWeek, type IsoDate } from './civil-date';

interface OfficialCalendarData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const official = officialData as OfficialCalendarData;

/** Years that carry a State Council schedule in the official data. */
const officialYears: ReadonlySet<number> = new Set(
  [...Object.keys(official.holidays), ...Object.keys(official.workdays)].map((d) => Number(d.slice(0, 4))),
);

/** Identifies the calendar data a due date was computed with; recorded on every deadline. */
export const CALENDAR_VERSION = `chinese-days@1.5.7/${Math.min(...officialYears)}-${Math.max(...officialYears)}`;

export function isOfficialYear(year: number): boolean {
  return officialYears.has(year);
}

const provisionalHolidayCache = new Map<number, ReadonlySet<IsoDate>>();

/** Statutory holidays of a year without an official schedule (no 调休 can be known in advance). */
export function provisionalHolidays(year: number): ReadonlySet<IsoDate> {
  const cached = provisionalHolidayCache.get(year);
  if (cached) return cached;
  const springFestival = getSolarDateFromLunar(`${year}-01-01`).date as IsoDate;
  const days: IsoDate[] = [
    `${year}-01-01`,
    addDays(springFestival, -1), // 除夕
    springFestival,
    addDays(springFestival, 1),
    addDays(springFestival, 2),
    getSolarTermDate(year, 4, 'pure_brightness') as IsoDate, // 清明
    `${year}-05-01`,
    `${year}-05-02`,
    getSolarDateFromLunar(`${year}-05-05`).date as IsoDate, // 端午
    getSolarDateFromLunar(`${year}-08-15`).date as IsoDate, // 中秋
    `${year}-10-01`,
    `${year}-10-02`,
    `${year}-10-03`,
  ];
  const set = new Set(days);
  provisionalHolidayCache.set(year, set);
  return set;
}

export interface DayInfo {
  working: boolean;
  /** True when the year has no official schedule and the provisional calendar was used. */
  provisional: boolean;
}

/** Whether a civil date is a working day, and whether that answer is provisional. */
export function dayInfo(date: IsoDate): DayInfo {
  const year = Number(date.slice(0, 4));
  const weekday = dayOfWeek(date);
  const weekend = weekday === 0 || weekday === 6;
  if (isOfficialYear(year)) {
    if (official.workdays[date] !== undefined) return { working: true, provisional: false };
    if (official.holidays[date] !== undefined) return { working: false, provisional: false };
    return { working: !weekend, provisional: false };
  }
  return { working: !weekend && !provisionalHolidays(year).has(date), provisional: true };
}
