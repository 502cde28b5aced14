/**
 * Figures of S7 as the API answers them, only formatted: rates arrive as fractions rounded to four
 * decimals (domain/case-statistics.ts) and are shown as percentages to one decimal, nothing recomputed.
 */
import type { Lang } from '../i18n/lang';

/** A rate (0…1) as a percentage with one decimal: 0.6667 → "66.7%"; null when there is nothing to divide by. */
export function formatRate(rate: number | null): string | null {
  if (rate === null) return null;
  // Through an integer of tenths of a percent, so 0.0005 → 0.1% and never 0.049999…
  const tenths = Math.round(rate * 1000);
  return `${(tenths / 10).toFixed(1)}%`;
}

/** Days as answered (a median of whole days may end in .5). */
export function formatDays(days: number | null): string | null {
  if (days === null) return null;
  return Number.isInteger(days) ? String(days) : days.toFixed(1);
}

/** A month key YYYY-MM as 3月 (or 2025年3月 when the period spans years); Mar 2026 in English. */
export function formatMonth(key: string, lang: Lang, withYear: boolean): string {
  const [y, m] = key.split('-').map(Number);
  if (!y || !m) return key;
  if (lang === 'en')
    return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', {
      month: 'short',
      year: withYear ? 'numeric' : undefined,
      timeZone: 'UTC',
    });
  return `${withYear ? `${y}年` : ''}${m}月`;
}

/** The escalation levels of `byEscalationLevel`, lowest first ("none" last). */
export function escalationLevels(byLevel: Record<string, number>): Array<{ level: string; count: number }> {
  const rank = (k: string) => (k === 'none' ? Number.POSITIVE_INFINITY : Number(k));
  return Object.entries(byLevel)
    .map(([level, count]) => ({ level, count }))
    .sort((a, b) => rank(a.level) - rank(b.level));
}
