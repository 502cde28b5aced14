/**
 * When a routine notification may go out (issue 11, "Working hours"): on a working day of the official
 * calendar (调休 make-up days count as working), between 08:30 and 18:00 Asia/Shanghai. Outside those
 * hours it is held until 08:30 of the next working day. Urgent ones (risk reports, breaches) go at once.
 */
import { dayInfo, type Calendar } from './calendar';
import { addDays, shanghaiDate, shanghaiStartOfDay, type IsoDate } from './civil-date';

export const WORKDAY_START_MS = (8 * 60 + 30) * 60_000;
export const WORKDAY_END_MS = 18 * 3_600_000;

/** The instant a routine notification raised at `atMs` may be delivered (`atMs` itself when in hours). */
export function nextWorkingInstant(atMs: number, calendar: Calendar): number {
  const today = shanghaiDate(atMs);
  const sinceMidnight = atMs - shanghaiStartOfDay(today);
  if (dayInfo(calendar, today).working && sinceMidnight >= WORKDAY_START_MS && sinceMidnight < WORKDAY_END_MS)
    return atMs;
  let day: IsoDate = sinceMidnight < WORKDAY_START_MS ? today : addDays(today, 1);
  // A holiday block is at most a few weeks; a year without one working day is not a calendar.
  for (let i = 0; i < 366 && !dayInfo(calendar, day).working; i++) day = addDays(day, 1);
  return shanghaiStartOfDay(day) + WORKDAY_START_MS;
}
