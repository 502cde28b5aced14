/**
 * The period of S7 统计分析: presets 本月 / 本季 / 本年 up to today, or a custom range. Dates are
 * Asia/Shanghai calendar days and `to` is inclusive, as `GET /api/v1/stats` counts them (api.md).
 */

export const PERIOD_PRESETS = ['month', 'quarter', 'year', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface Period {
  /** First day counted, YYYY-MM-DD. */
  from: string;
  /** Last day counted (inclusive), YYYY-MM-DD. */
  to: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A preset's days: from the first day of this month / quarter / year to today. */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, today: string): Period {
  const year = today.slice(0, 4);
  const month = Number(today.slice(5, 7));
  if (preset === 'year') return { from: `${year}-01-01`, to: today };
  const first = preset === 'month' ? month : month - ((month - 1) % 3);
  return { from: `${year}-${String(first).padStart(2, '0')}-01`, to: today };
}

/** Whether `s` is a real calendar day written YYYY-MM-DD. */
export function isIsoDate(s: string | null | undefined): s is string {
  if (!s || !ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The period the address asks for: a preset (本年 by default), or custom days when both are valid and in order. */
export function periodFromParams(
  params: { period: string | null; from: string | null; to: string | null },
  today: string,
): { preset: PeriodPreset; period: Period } {
  if (params.period === 'custom' && isIsoDate(params.from) && isIsoDate(params.to) && params.from <= params.to)
    return { preset: 'custom', period: { from: params.from, to: params.to } };
  const preset = params.period === 'month' || params.period === 'quarter' ? params.period : 'year';
  return { preset, period: presetPeriod(preset, today) };
}
