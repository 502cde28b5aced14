/**
 * Today as a civil day in Asia/Shanghai, the zone every date of the API is counted in (domain.md),
 * whatever zone the PC is set to: a laptop on UTC at 00:30 Beijing time must still default to today.
 * A date picker's own 今天 / 此刻 button takes the PC's day and clock, so pickers hide it
 * (`showNow={false}`) and start on `todayPickerValue()` or `nowPickerValue()` instead.
 *
 * A date-and-time picker shows and edits its value's fields, so its value here holds Beijing wall
 * time in them ("Shanghai wall time"), whatever the PC's zone: a dayjs in UTC mode, whose fields have
 * no summer-time gap to fall into (a local one on a PC in New York would turn Beijing 02:30 on the
 * night New York springs forward into 03:30). `shanghaiWallToInstant` turns it back into the instant
 * the API takes. Asia/Shanghai has kept UTC+8 without summer time since 1991.
 */
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { shanghaiDate } from '../../../domain/civil-date';
import { serverNow } from '../api/server-clock';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const WALL = 'YYYY-MM-DDTHH:mm:ss';

dayjs.extend(utc);

/** Today's day in Asia/Shanghai, YYYY-MM-DD, by the server's clock. */
export const todayInShanghai = (): string => shanghaiDate(serverNow());

/** Today's day as a date picker's value: its `format('YYYY-MM-DD')` is today in Asia/Shanghai. */
export const todayPickerValue = (): Dayjs => dayjs(todayInShanghai());

/** For a date picker: days after today in Asia/Shanghai cannot be chosen. */
export const isAfterToday = (d: Dayjs): boolean => d.format('YYYY-MM-DD') > todayInShanghai();

/** Now by the server's clock, as a date-and-time picker's value: its fields are Beijing wall time. */
export const nowPickerValue = (): Dayjs => dayjs.utc(serverNow() + SHANGHAI_OFFSET_MS);

/** A date-and-time picker's value (Beijing wall time in its fields) as the instant it names, ISO in UTC. */
export const shanghaiWallToInstant = (d: Dayjs): string => new Date(`${d.format(WALL)}+08:00`).toISOString();

/** For a date-and-time picker: a Beijing wall time later than now (by the server's clock). */
export const isAfterNow = (d: Dayjs): boolean => d.format(WALL) > nowPickerValue().format(WALL);
