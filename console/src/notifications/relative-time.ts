/** 「3 分钟前」 / "3 minutes ago" from the server-corrected now; older than a week, the instant itself. */
import { formatInstant } from '../components/format';
import type { Lang } from '../i18n/lang';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function relativeTime(at: string, now: number, lang: Lang, justNow: string): string {
  const then = Date.parse(at);
  if (Number.isNaN(then)) return at;
  const ago = now - then;
  if (ago < MINUTE) return justNow;
  const rtf = new Intl.RelativeTimeFormat(lang === 'en' ? 'en' : 'zh-CN', { numeric: 'auto' });
  if (ago < HOUR) return rtf.format(-Math.floor(ago / MINUTE), 'minute');
  if (ago < DAY) return rtf.format(-Math.floor(ago / HOUR), 'hour');
  if (ago < 7 * DAY) return rtf.format(-Math.floor(ago / DAY), 'day');
  return formatInstant(at, lang);
}
