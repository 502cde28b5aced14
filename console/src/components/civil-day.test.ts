/** Dates default to today in Asia/Shanghai (domain.md counts every day there), whatever the PC's zone. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import dayjs from 'dayjs';
import {
  isAfterNow,
  isAfterToday,
  nowPickerValue,
  shanghaiWallToInstant,
  todayInShanghai,
  todayPickerValue,
} from './civil-day';
import { formatDay } from './format';

describe('today in Asia/Shanghai on a PC set to another zone', () => {
  const zone = process.env.TZ;
  beforeEach(() => {
    process.env.TZ = 'America/New_York';
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    process.env.TZ = zone;
    if (zone === undefined) delete process.env.TZ;
  });

  it('when it is 17:00 UTC on 31 December, then today is already 1 January', () => {
    vi.setSystemTime(Date.parse('2026-12-31T17:00:00Z'));
    expect(todayInShanghai()).toBe('2027-01-01');
    expect(todayPickerValue().format('YYYY-MM-DD')).toBe('2027-01-01');
    expect(isAfterToday(dayjs('2027-01-01'))).toBe(false);
    expect(isAfterToday(dayjs('2027-01-02'))).toBe(true);
  });

  it('when it is 15:59:59 UTC on 31 December, then today is still 31 December', () => {
    vi.setSystemTime(Date.parse('2026-12-31T15:59:59Z'));
    expect(todayPickerValue().format('YYYY-MM-DD')).toBe('2026-12-31');
    expect(isAfterToday(dayjs('2027-01-01'))).toBe(true);
  });

  it('when a session is recorded at 17:00 UTC on 31 December, then the picker shows 1 January 01:00 and sends that instant', () => {
    vi.setSystemTime(Date.parse('2026-12-31T17:00:00Z'));
    expect(nowPickerValue().format('YYYY-MM-DD HH:mm')).toBe('2027-01-01 01:00');
    expect(shanghaiWallToInstant(nowPickerValue())).toBe('2026-12-31T17:00:00.000Z');
    expect(shanghaiWallToInstant(dayjs('2027-01-01T08:30:00'))).toBe('2027-01-01T00:30:00.000Z');
    expect(isAfterNow(dayjs('2027-01-01T01:01:00'))).toBe(true);
    expect(isAfterNow(dayjs('2027-01-01T00:59:00'))).toBe(false);
  });

  it('when it is already 1 January in Shanghai, then a date of the old year is printed with its year', () => {
    vi.setSystemTime(Date.parse('2026-12-31T17:00:00Z'));
    expect(formatDay('2027-01-05', 'zh')).toBe('1月5日');
    expect(formatDay('2026-12-31', 'zh')).toBe('2026年12月31日');
  });

  it('when Beijing is at 02:30 on the night New York springs forward, then the picker still shows 02:30', () => {
    // 2027-03-14 02:00–03:00 does not exist in New York; in Beijing it is an ordinary hour.
    vi.setSystemTime(Date.parse('2027-03-13T18:30:00Z'));
    expect(nowPickerValue().format('YYYY-MM-DD HH:mm')).toBe('2027-03-14 02:30');
    expect(shanghaiWallToInstant(nowPickerValue())).toBe('2027-03-13T18:30:00.000Z');
    expect(isAfterNow(nowPickerValue())).toBe(false);
  });
});
