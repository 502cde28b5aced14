/**
 * Takes a snapshot of the `chinese-days` package as bundled calendar data (domain/calendars/): the
 * State Council schedules it carries, and the provisional holidays (全国年节及纪念日放假办法, 2024
 * revision, lunar dates converted by the package) of every later year up to 2100. Upgrading the package
 * then changes nothing until a new snapshot is taken and registered in domain/calendar.ts as a new
 * version: cases pinned to an older snapshot keep counting with it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import officialData from 'chinese-days/dist/chinese-days.json';
import chineseDaysPackage from 'chinese-days/package.json';
import { getSolarDateFromLunar, getSolarTermDate } from 'chinese-days/dist/index.min.js';
import { addDays, type IsoDate } from '../domain/civil-date';
import type { BundledCalendarData } from '../domain/calendar';
import { PROJECT_ROOT } from './services/paths';

/** Provisional tables reach this year: the package's lunar tables end with it. */
const LAST_PROVISIONAL_YEAR = 2100;

function packageVersion(): string {
  return chineseDaysPackage.version;
}

/** Statutory holidays of a year without an official schedule (no 调休 can be known in advance). */
function provisionalHolidays(year: number): IsoDate[] {
  const springFestival = getSolarDateFromLunar(`${year}-01-01`).date as IsoDate;
  return [
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
  ].sort() as IsoDate[];
}

const sortedRecord = (r: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));

/** The snapshot of the installed package, as domain/calendar.ts reads it. */
export function takeCalendarSnapshot(): BundledCalendarData {
  const data = officialData as { holidays: Record<string, string>; workdays: Record<string, string> };
  const years = [...Object.keys(data.holidays), ...Object.keys(data.workdays)].map((d) => Number(d.slice(0, 4)));
  const [first, last] = [Math.min(...years), Math.max(...years)];
  const provisional: Record<string, IsoDate[]> = {};
  for (let y = last + 1; y <= LAST_PROVISIONAL_YEAR; y++) provisional[String(y)] = provisionalHolidays(y);
  const pkg = packageVersion();
  return {
    version: `chinese-days@${pkg}/${first}-${last}`,
    source: `chinese-days ${pkg}: dist/chinese-days.json (State Council schedules ${first}–${last}); provisional years: weekends plus the statutory holidays of 全国年节及纪念日放假办法 (2024 revision), lunar dates converted by the package`,
    holidays: sortedRecord(data.holidays),
    workdays: sortedRecord(data.workdays),
    provisional,
  };
}

/** Writes the snapshot to domain/calendars/chinese-days-<version>.json and returns its path. */
export function writeCalendarSnapshot(): { file: string; version: string } {
  const snapshot = takeCalendarSnapshot();
  const file = path.join(PROJECT_ROOT, 'domain', 'calendars', `chinese-days-${packageVersion()}.json`);
  writeFileSync(file, `${JSON.stringify(snapshot, null, 2)}\n`);
  return { file, version: snapshot.version };
}
