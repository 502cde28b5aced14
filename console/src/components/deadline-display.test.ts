/**
 * The deadline display rules of console.md "Showing a deadline", with oracles from console.md and
 * domain.md (the worked examples), not from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { describeDeadline, headlineDeadline, humanSpan, workingDaysLeft, type DeadlineLike } from './deadline-display';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** An instant given as Asia/Shanghai wall time. */
const sh = (wall: string) => Date.parse(`${wall}+08:00`);

/** A 1-month mediation deadline due 2026-12-24: ends 2026-12-25 00:00 Shanghai, warning at 75 %. */
const mediation: DeadlineLike = {
  kind: 'mediation',
  status: 'running',
  unit: 'months',
  dueDate: '2026-12-24',
  dueAt: '2026-12-24T16:00:00.000Z',
  warnAt: '2026-12-17T10:00:00.000Z',
};

describe('a running deadline', () => {
  it('when before the warning point, then green ⏱ with the time left', () => {
    const shown = describeDeadline(mediation, sh('2026-12-01T09:00:00'), null);
    expect(shown).toMatchObject({ tone: 'green', icon: 'clock', breached: false, paused: false });
    // 2026-12-01 09:00 → 2026-12-25 00:00: 23 days 15 hours.
    expect(shown.text).toEqual({ key: 'left', ms: 23 * DAY + 15 * HOUR });
  });

  it('when past the warning point, then amber ⏱ 「即将到期」 with the time left', () => {
    const shown = describeDeadline(mediation, sh('2026-12-24T19:00:00'), null);
    expect(shown).toMatchObject({ tone: 'amber', icon: 'clock', breached: false });
    expect(shown.text).toEqual({ key: 'dueSoon', ms: 5 * HOUR });
  });

  it('when the local clock has passed dueAt before the server says breached, then red ⚠ with the time over', () => {
    const shown = describeDeadline(mediation, sh('2026-12-27T00:00:00'), null);
    expect(shown).toMatchObject({ tone: 'red', icon: 'warning', breached: true });
    expect(shown.text).toEqual({ key: 'overdueBy', ms: 2 * DAY });
  });

  it('when counted in working days, then the working days left by the official calendar (调休 included)', () => {
    // domain.md: 3 working days from 2026-09-30 end on 2026-10-10 (Oct 8, 9 and the make-up Saturday Oct 10).
    const acceptance: DeadlineLike = {
      kind: 'acceptance',
      status: 'running',
      unit: 'working_days',
      dueDate: '2026-10-10',
      dueAt: '2026-10-10T16:00:00.000Z',
      warnAt: '2026-10-09T22:00:00.000Z',
    };
    expect(describeDeadline(acceptance, sh('2026-09-30T10:00:00'), null).text).toEqual({
      key: 'workingDaysLeft',
      n: 3,
    });
    // During the National Day holiday (Oct 1–7) nothing is counted down: still Oct 8, 9 and 10.
    expect(workingDaysLeft('2026-10-10', sh('2026-10-04T10:00:00'))).toBe(3);
    expect(workingDaysLeft('2026-10-10', sh('2026-10-09T10:00:00'))).toBe(1);
  });
});

describe('a deadline that is not running', () => {
  it('when breached, then red ⚠ 「已超期」 with the time since dueAt and its effect', () => {
    const shown = describeDeadline({ ...mediation, status: 'breached' }, sh('2026-12-27T00:00:00'), null);
    expect(shown).toMatchObject({ tone: 'red', icon: 'warning', breached: true });
    expect(shown.text).toEqual({ key: 'overdueBy', ms: 2 * DAY });
  });

  it('when paused, then ⏸ with the time left frozen at the pause, whatever the clock says now', () => {
    const paused = { ...mediation, status: 'paused' };
    const since = '2026-12-10T00:00:00.000Z';
    const early = describeDeadline(paused, sh('2026-12-11T00:00:00'), since);
    const late = describeDeadline(paused, sh('2027-01-30T00:00:00'), since);
    expect(early).toMatchObject({ icon: 'pause', paused: true, tone: 'green' });
    expect(late).toEqual(early);
    expect(early.text).toEqual({ key: 'pausedLeft', ms: Date.parse(mediation.dueAt) - Date.parse(since) });
  });

  it('when paused past the warning point, then it keeps the amber it had when paused', () => {
    const shown = describeDeadline(
      { ...mediation, status: 'paused' },
      sh('2027-02-01T00:00:00'),
      '2026-12-20T00:00:00Z',
    );
    expect(shown).toMatchObject({ tone: 'amber', icon: 'pause', paused: true });
  });

  it('when met, expired or cancelled, then ✓ 按期完成 / 窗口已关闭 / struck through, with no countdown', () => {
    const at = sh('2026-12-01T00:00:00');
    expect(describeDeadline({ ...mediation, status: 'met' }, at, null)).toMatchObject({
      tone: 'done',
      icon: 'check',
      text: { key: 'metOnTime' },
    });
    expect(describeDeadline({ ...mediation, status: 'expired' }, at, null)).toMatchObject({
      tone: 'closed',
      text: { key: 'windowClosed' },
    });
    expect(describeDeadline({ ...mediation, status: 'cancelled' }, at, null)).toMatchObject({
      tone: 'cancelled',
      text: { key: 'cancelled' },
    });
  });
});

describe('time spans and the queue row', () => {
  it('shows at most two units of human time (Jira)', () => {
    expect(humanSpan(2 * DAY + 5 * HOUR + 59 * 60_000)).toEqual([
      { unit: 'day', count: 2 },
      { unit: 'hour', count: 5 },
    ]);
    expect(humanSpan(5 * HOUR + 12 * 60_000)).toEqual([
      { unit: 'hour', count: 5 },
      { unit: 'minute', count: 12 },
    ]);
    expect(humanSpan(30_000)).toEqual([]);
  });

  it('puts the running deadline due first on the row, before paused and breached ones', () => {
    const a = { ...mediation, kind: 'follow_up', dueAt: '2026-12-30T16:00:00.000Z' };
    const b = { ...mediation, kind: 'confirmation_window', dueAt: '2026-12-20T16:00:00.000Z' };
    const c = { ...mediation, kind: 'acceptance', status: 'breached', dueAt: '2026-11-01T16:00:00.000Z' };
    expect(headlineDeadline([a, c, b])?.kind).toBe('confirmation_window');
    expect(headlineDeadline([c])?.kind).toBe('acceptance');
    expect(headlineDeadline([{ ...mediation, status: 'met' }])).toBeNull();
  });
});
