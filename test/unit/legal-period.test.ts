import fc from 'fast-check';
import {
  addDays,
  addMonths,
  dayOfWeek,
  shanghaiDate,
  shanghaiEndOfDay,
  shanghaiYear,
  type IsoDate,
} from '../../domain/civil-date';
import { dayInfo, legacyCalendar, provisionalHolidays } from '../../domain/calendar';
import { addCalendarPeriod, computeDue, rollToWorkingDay, type Period } from '../../domain/legal-period';

const d = (s: string) => s as IsoDate;
// The calendar of chinese-days 1.5.7 (official data to 2026), bundled as a snapshot.
const cal = legacyCalendar();

describe('worked examples of domain.md "How a period is counted"', () => {
  test.each<[Period, string, string, boolean]>([
    [{ amount: 1, unit: 'months' }, '2026-09-01', '2026-10-08', false], // Oct 1 falls in the National Day holiday
    [{ amount: 15, unit: 'days' }, '2026-02-01', '2026-02-24', false], // Feb 16 falls in the Spring Festival holiday
    [{ amount: 3, unit: 'working_days' }, '2026-09-30', '2026-10-10', false], // Oct 8, 9 and make-up Saturday Oct 10
    [{ amount: 30, unit: 'days' }, '2026-04-30', '2026-06-01', false], // May 30 is a Saturday
    [{ amount: 1, unit: 'months' }, '2026-01-31', '2026-02-28', false], // clamped to the month's end
    [{ amount: 1, unit: 'months' }, '2026-12-31', '2027-02-01', true], // Jan 31 2027 is a Sunday; no official 2027 data
  ])('when %o starts on %s, then it is due on %s', (period, start, due, provisional) => {
    const r = addCalendarPeriod(cal, d(start), period);
    expect(r.dueDate).toBe(due);
    expect(r.provisional).toBe(provisional);
  });

  test('when a period ends on a date, then dueAt is 00:00 of the next day in Asia/Shanghai', () => {
    const start = Date.parse('2026-09-01T02:00:00Z'); // 10:00 in Shanghai
    const due = computeDue(cal, start, { amount: 1, unit: 'months' }, 0.75);
    expect(due.dueDate).toBe('2026-10-08');
    expect(new Date(due.dueAt).toISOString()).toBe('2026-10-08T16:00:00.000Z');
    expect(due.warnAt).toBe(start + Math.floor((due.dueAt - start) * 0.75));
  });

  test('when an hour period starts, then it ends exactly that many hours later and is not rolled', () => {
    const start = Date.parse('2026-10-01T10:00:00+08:00'); // a holiday
    const due = computeDue(cal, start, { amount: 24, unit: 'hours' }, 0.75);
    expect(new Date(due.dueAt).toISOString()).toBe('2026-10-02T02:00:00.000Z');
    expect(due.dueDate).toBe('2026-10-02');
  });

  test('when the instant is late evening UTC, then the period starts on the next Shanghai date', () => {
    expect(shanghaiDate(Date.parse('2026-11-24T22:00:00Z'))).toBe('2026-11-25');
  });

  test("when a case is registered in the evening of 31 December UTC, then its number carries Shanghai's new year", () => {
    expect(shanghaiYear(Date.parse('2026-12-31T15:59:59.999Z'))).toBe(2026);
    expect(shanghaiYear(Date.parse('2026-12-31T16:00:00Z'))).toBe(2027);
  });
});

describe('the calendar', () => {
  test('when the official data covers a date, then 调休 make-up Saturdays are working days and holidays are not', () => {
    expect(dayInfo(cal, d('2026-10-10'))).toEqual({ working: true, provisional: false });
    expect(dayInfo(cal, d('2026-10-05'))).toEqual({ working: false, provisional: false });
    expect(dayInfo(cal, d('2026-02-16'))).toEqual({ working: false, provisional: false });
  });

  test('when a year has no official data, then the statutory holidays of the 2024 rules are used, lunar dates converted', () => {
    const h = provisionalHolidays(cal, 2027);
    expect([...h].sort()).toEqual(
      [
        '2027-01-01',
        '2027-02-05',
        '2027-02-06',
        '2027-02-07',
        '2027-02-08',
        '2027-04-05',
        '2027-05-01',
        '2027-05-02',
        '2027-06-09',
        '2027-09-15',
        '2027-10-01',
        '2027-10-02',
        '2027-10-03',
      ].sort(),
    );
    expect(dayInfo(cal, d('2027-02-08'))).toEqual({ working: false, provisional: true });
    expect(dayInfo(cal, d('2027-02-09'))).toEqual({ working: true, provisional: true });
  });
});

describe('properties', () => {
  const dates = fc
    .date({ min: new Date('2005-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true })
    .map((x) => x.toISOString().slice(0, 10) as IsoDate);
  const dayPeriods = fc.record({
    amount: fc.integer({ min: 1, max: 400 }),
    unit: fc.constantFrom('days' as const, 'months' as const, 'working_days' as const),
  });

  test('a due date is always a working day, after the start, and never before the unrolled end', () => {
    fc.assert(
      fc.property(dates, dayPeriods, (start, period) => {
        const r = addCalendarPeriod(cal, start, period);
        expect(dayInfo(cal, r.dueDate).working).toBe(true);
        expect(r.dueDate > start).toBe(true);
        expect(r.dueDate >= r.rawDueDate).toBe(true);
        // roll-over moves to the *first* working day: every day in between is a rest day
        for (let x = r.rawDueDate; x < r.dueDate; x = addDays(x, 1)) expect(dayInfo(cal, x).working).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  test('a longer period never ends earlier (monotonic)', () => {
    fc.assert(
      fc.property(dates, dayPeriods, (start, period) => {
        const a = addCalendarPeriod(cal, start, period);
        const b = addCalendarPeriod(cal, start, { ...period, amount: period.amount + 1 });
        expect(b.dueDate >= a.dueDate).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('a month period lands on the same day number, or the last day of a shorter month', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 1, max: 36 }), (start, n) => {
        const end = addMonths(start, n);
        const startDay = Number(start.slice(8));
        const endDay = Number(end.slice(8));
        expect(endDay === startDay || (endDay < startDay && addDays(end, 1).slice(8) === '01')).toBe(true);
      }),
    );
  });

  test('rolling is idempotent and dueAt is the end of the due date in Shanghai', () => {
    fc.assert(
      fc.property(dates, (x) => {
        const once = rollToWorkingDay(cal, x).date;
        expect(rollToWorkingDay(cal, once).date).toBe(once);
        expect(shanghaiDate(shanghaiEndOfDay(once) - 1)).toBe(once);
        expect(dayOfWeek(once)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
