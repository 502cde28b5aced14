/** Dates default to today in Asia/Shanghai (domain.md counts every day there), whatever the PC's zone. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import dayjs from 'dayjs';
import { isAfterToday, todayInShanghai, todayPickerValue } from './civil-day';

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
});
