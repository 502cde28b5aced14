/**
 * Working hours for routine notifications (issue 11): held until 08:30 Asia/Shanghai of the next working
 * day of the official calendar, where a 调休 Saturday is a working day. The dates below come from the
 * State Council's 2026 schedule (春节: 2026-02-15..23 off, Saturday 2026-02-14 and 2026-02-28 worked).
 * Urgent ones (breaches, risk reports) go at once, night or day; so does a warning that would otherwise
 * arrive after its deadline, and the 24-hour risk clock's (issue 11: 「民转刑」 risk is not held).
 */
import { legacyCalendar } from '../../domain/calendar';
import type { CaseEvent } from '../../domain/case-events';
import type { DeadlineKind } from '../../domain/case-types';
import { channelSendAt } from '../../domain/notifications';
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

describe('channelSendAt', () => {
  const warned = (kind: DeadlineKind, dueAt: string) =>
    ({
      type: 'deadline.warned',
      data: { deadline: { kind, dueAt: iso(at(dueAt)) }, notify: [] },
    }) as unknown as CaseEvent;
  const friday22 = at('2026-11-27T22:00:00');

  it('holds a routine warning raised at night until the next working morning', () => {
    expect(channelSendAt(warned('mediation', '2026-12-10T23:59:59'), friday22, calendar)).toBe(
      at('2026-11-30T08:30:00'),
    );
  });

  it('sends at once the risk clock’s warning (its breach is hours away, night or day)', () => {
    expect(channelSendAt(warned('risk_response', '2026-11-28T04:00:00'), friday22, calendar)).toBe(friday22);
  });

  it('sends at once a warning whose deadline falls before the next working morning', () => {
    expect(channelSendAt(warned('acceptance', '2026-11-29T17:00:00'), friday22, calendar)).toBe(friday22);
  });

  it('sends breaches and risk reports at once, and holds a transfer like any routine notice', () => {
    const ev = (type: string) => ({ type, data: {} }) as unknown as CaseEvent;
    expect(channelSendAt(ev('deadline.breached'), friday22, calendar)).toBe(friday22);
    expect(channelSendAt(ev('risk.reported'), friday22, calendar)).toBe(friday22);
    expect(channelSendAt(ev('case.transferred'), friday22, calendar)).toBe(at('2026-11-30T08:30:00'));
  });
});
