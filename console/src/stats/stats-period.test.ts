/** The periods of S7: presets up to today in Asia/Shanghai, custom days from the address, and the figures' formats. */
import { describe, expect, it } from 'vitest';
import { isIsoDate, periodFromParams, presetPeriod } from './stats-period';
import { escalationLevels, formatDays, formatMonth, formatRate } from './stats-format';

describe('presetPeriod', () => {
  it('when 本月 / 本季 / 本年 is chosen on 27 November, then each runs from its first day to today', () => {
    expect(presetPeriod('month', '2026-11-27')).toEqual({ from: '2026-11-01', to: '2026-11-27' });
    expect(presetPeriod('quarter', '2026-11-27')).toEqual({ from: '2026-10-01', to: '2026-11-27' });
    expect(presetPeriod('year', '2026-11-27')).toEqual({ from: '2026-01-01', to: '2026-11-27' });
  });

  it('when it is the first day of a quarter, then 本季 is that one day', () => {
    expect(presetPeriod('quarter', '2026-04-01')).toEqual({ from: '2026-04-01', to: '2026-04-01' });
    expect(presetPeriod('quarter', '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
  });
});

describe('periodFromParams', () => {
  const today = '2026-11-27';
  it('when the address says nothing, then 本年', () => {
    expect(periodFromParams({ period: null, from: null, to: null }, today)).toEqual({
      preset: 'year',
      period: { from: '2026-01-01', to: today },
    });
  });

  it('when custom days are real and in order, then those days; else 本年', () => {
    expect(periodFromParams({ period: 'custom', from: '2025-12-01', to: '2026-02-28' }, today).period).toEqual({
      from: '2025-12-01',
      to: '2026-02-28',
    });
    expect(periodFromParams({ period: 'custom', from: '2026-02-30', to: '2026-03-01' }, today).preset).toBe('year');
    expect(periodFromParams({ period: 'custom', from: '2026-03-02', to: '2026-03-01' }, today).preset).toBe('year');
  });

  it('isIsoDate refuses days that do not exist', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-1-5')).toBe(false);
  });
});

describe('formats', () => {
  it('when a rate is answered to four decimals, then a percentage to one; none when null', () => {
    expect(formatRate(0.6667)).toBe('66.7%');
    expect(formatRate(0.3333)).toBe('33.3%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(null)).toBeNull();
  });

  it('when a median falls between two days, then its half shows', () => {
    expect(formatDays(3)).toBe('3');
    expect(formatDays(2.5)).toBe('2.5');
    expect(formatDays(null)).toBeNull();
  });

  it('when months span two years, then the year is written', () => {
    expect(formatMonth('2026-03', 'zh', false)).toBe('3月');
    expect(formatMonth('2025-12', 'zh', true)).toBe('2025年12月');
  });

  it('when levels are counted, then lowest first and none last', () => {
    expect(escalationLevels({ '2': 1, none: 3, '0': 5, '10': 1 })).toEqual([
      { level: '0', count: 5 },
      { level: '2', count: 1 },
      { level: '10', count: 1 },
      { level: 'none', count: 3 },
    ]);
  });
});
