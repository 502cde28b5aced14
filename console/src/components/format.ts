/** Dates as a Chinese office writes them, in Asia/Shanghai whatever the PC's zone. */
import type { Lang } from '../i18n/lang';
import { todayInShanghai } from './civil-day';

/** A civil date (YYYY-MM-DD) as 12月1日 / Dec 1 (with the year when it is not this year in Asia/Shanghai). */
export function formatDay(isoDate: string, lang: Lang, currentYear = Number(todayInShanghai().slice(0, 4))): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  if (lang === 'en') {
    const text = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
      ...(y !== currentYear ? { year: 'numeric' } : {}),
    });
    return text;
  }
  return `${y !== currentYear ? `${y}年` : ''}${m}月${d}日`;
}

const shanghai = (lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });

/** An instant as Asia/Shanghai date and time: 2026-11-26 14:05. */
export function formatInstant(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const parts = Object.fromEntries(
    shanghai(lang)
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
