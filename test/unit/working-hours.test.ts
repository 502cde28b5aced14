/**
 * Working hours for routine notifications (issue 11): held until 08:30 Asia/Shanghai of the next working
 * day of the official calendar, where a 调休 Saturday is a working day. The dates below come from the
 * State Council's 2026 schedule (春节: 2026-02-15..23 off, Saturday 2026-02-14 and 2026-02-28 worked).
 */
import { legacyCalendar } from '../../domain/calendar';
import { nextWorkingInstant } from '../../domain/working-hours';

const calendar = legacyCalendar();
const at = (shanghai: string) => Date.parse(`${shanghai}+08:00`);
const iso = (ms: number) => new Date(ms).toISOString();

describe('nextWorkingInstant', () => {
  it('holds a warning raised at 22:00 on the Friday before a 调休 Saturday until 08:30 that Saturday', () => {
    expect(iso(nextWorkingInstant(at('2026-02-13T22:00:00'), calendar))).toBe(iso(at('2026-02-14T08:30:00')));
  });

  it('sends at once within working hours on a working day', () => {
    const t = at('2026-11-26T10:15:00'); // a Thursday
    expect(nextWorkingInstant(t, calendar)).toBe(t);
    expect(nextWorkingInstant(at('2026-11-26T08:30:00'), calendar)).toBe(at('2026-11-26T08:30:00'));
  });

  it('holds an early-morning one until 08:30 the same working day', () => {
    expect(nextWorkingInstant(at('2026-11-26T06:00:00'), calendar)).toBe(at('2026-11-26T08:30:00'));
  });

  it('holds an evening one on a Friday until Monday 08:30 over a plain weekend', () => {
    expect(nextWorkingInstant(at('2026-11-27T18:00:00'), calendar)).toBe(at('2026-11-30T08:30:00'));
  });

  it('skips the whole Spring Festival holiday', () => {
    // Saturday 2026-02-14 is worked; 02-15..02-23 are off; Tuesday 02-24 is the next working day.
    expect(nextWorkingInstant(at('2026-02-14T19:00:00'), calendar)).toBe(at('2026-02-24T08:30:00'));
    expect(nextWorkingInstant(at('2026-02-18T12:00:00'), calendar)).toBe(at('2026-02-24T08:30:00'));
  });
});
