/**
 * Civil dates (`YYYY-MM-DD`) and instants in Asia/Shanghai (UTC+8, no daylight saving since 1991).
 * Arithmetic is done on UTC midnights so no host time zone ever leaks in.
 */
export type IsoDate = `${number}-${number}-${number}`;

const DAY_MS = 86_400_000;
/** Asia/Shanghai offset from UTC in milliseconds. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a `YYYY-MM-DD` string, returning null for anything that is not a real calendar date. */
export function parseIsoDate(text: string): IsoDate | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return text as IsoDate;
}

function toUtcMidnight(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function fromUtcMidnight(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10) as IsoDate;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMidnight(toUtcMidnight(date) + days * DAY_MS);
}

/** Adds calendar months, clamping to the last day of the target month (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const targetMonthIndex = m - 1 + months;
  const lastDay = new Date(Date.UTC(y, targetMonthIndex + 1, 0)).getUTCDate();
  return fromUtcMidnight(Date.UTC(y, targetMonthIndex, Math.min(d, lastDay)));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(toUtcMidnight(date)).getUTCDay();
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtcMidnight(b) - toUtcMidnight(a)) / DAY_MS);
}

/** The Asia/Shanghai civil date of an instant. */
export function shanghaiDate(instantMs: number): IsoDate {
  return fromUtcMidnight(Math.floor((instantMs + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS);
}

/** The civil year in Asia/Shanghai at an instant: the year a case number carries. */
export function shanghaiYear(instantMs: number): number {
  return Number(shanghaiDate(instantMs).slice(0, 4));
}

/** 00:00 Asia/Shanghai at the start of a civil date, as epoch milliseconds. */
export function shanghaiStartOfDay(date: IsoDate): number {
  return toUtcMidnight(date) - SHANGHAI_OFFSET_MS;
}

/** The end of a civil date in Asia/Shanghai: 00:00 of the next day (exclusive). */
export function shanghaiEndOfDay(date: IsoDate): number {
  return shanghaiStartOfDay(addDays(date, 1));
}
