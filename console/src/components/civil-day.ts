/**
 * Today as a civil day in Asia/Shanghai, the zone every date of the API is counted in (domain.md),
 * whatever zone the PC is set to: a laptop on UTC at 00:30 Beijing time must still default to today.
 * A date picker's own 今天 button takes the PC's day, so day pickers hide it (`showNow={false}`) and
 * start on `todayPickerValue()` instead.
 */
import dayjs, { type Dayjs } from 'dayjs';
import { shanghaiDate } from '../../../domain/civil-date';
import { serverNow } from '../api/server-clock';

/** Today's day in Asia/Shanghai, YYYY-MM-DD, by the server's clock. */
export const todayInShanghai = (): string => shanghaiDate(serverNow());

/** Today's day as a date picker's value: its `format('YYYY-MM-DD')` is today in Asia/Shanghai. */
export const todayPickerValue = (): Dayjs => dayjs(todayInShanghai());

/** For a date picker: days after today in Asia/Shanghai cannot be chosen. */
export const isAfterToday = (d: Dayjs): boolean => d.format('YYYY-MM-DD') > todayInShanghai();
