/**
 * How a channel's address and a held delivery read on the channels screen (S10 管理 · 通知渠道). A robot
 * URL carries its credential (DingTalk's `access_token`, WeCom's `key`): the screen shows only enough of
 * it to tell two channels apart.
 */
import type { Lang } from '../i18n/lang';

/** Query parameters whose value is a credential. */
const SECRET_PARAM = /token|key|secret|sign|auth|pass|pwd|code/i;
/** A path segment that looks like a credential: long, and letters mixed with digits. */
const SECRET_SEGMENT = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{20,}$/;
const MASK = '••••';

/** The first 4 characters and a mask (short values are masked whole). */
export function maskValue(value: string): string {
  return value.length > 8 ? `${value.slice(0, 4)}${MASK}` : MASK;
}

/**
 * The URL with its credentials masked: a password in it, the values of token / key / secret-like query
 * parameters, and token-like path segments (e.g. `/hooks/T0ABC…/B0DEF…/XyZ…`). Not a URL: masked whole
 * after its first characters.
 */
export function maskUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return maskValue(raw);
  }
  const auth = url.username ? `${url.username}${url.password ? `:${MASK}` : ''}@` : '';
  const path = url.pathname
    .split('/')
    .map((s) => (SECRET_SEGMENT.test(s) ? maskValue(s) : s))
    .join('/');
  const params = [...url.searchParams.entries()].map(
    ([k, v]) => `${encodeURIComponent(k)}=${SECRET_PARAM.test(k) && v ? maskValue(v) : encodeURIComponent(v)}`,
  );
  const query = params.length ? `?${params.join('&')}` : '';
  return `${url.protocol}//${auth}${url.host}${path === '/' && query ? '' : path}${query}`;
}

/** At most `max` characters, the middle left out (the host and the masked credential at the end stay). */
export function shorten(text: string, max = 56): string {
  if (text.length <= max) return text;
  const tail = Math.floor((max - 1) / 3);
  return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
}

const SHANGHAI = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An instant as a day and time in Asia/Shanghai: 11月28日 08:30 / 28 Nov 08:30 (the year when not `nowMs`'s). */
export function formatDayTime(iso: string, lang: Lang, nowMs: number): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const of = (at: number) =>
    Object.fromEntries(SHANGHAI.formatToParts(at).map((p) => [p.type, p.value])) as Record<string, string>;
  const p = of(ms);
  const sameYear = p.year === of(nowMs).year;
  const hour = p.hour === '24' ? '00' : p.hour;
  if (lang === 'en')
    return `${p.day} ${MONTHS_EN[Number(p.month) - 1]}${sameYear ? '' : ` ${p.year}`} ${hour}:${p.minute}`;
  return `${sameYear ? '' : `${p.year}年`}${Number(p.month)}月${Number(p.day)}日 ${hour}:${p.minute}`;
}

/** A pending delivery that may not go before a later instant is held (a routine one, outside working hours). */
/** Failed, or pending well past its time (its run ended or never started; the server checks which). */
export function mayRetry(d: { status: string; notBefore: string }, nowMs: number): boolean {
  return d.status === 'failed' || (d.status === 'pending' && nowMs - Date.parse(d.notBefore) > STALLED_AFTER_MS);
}
const STALLED_AFTER_MS = 10 * 60_000;

export function isHeld(d: { status: string; notBefore: string }, nowMs: number): boolean {
  return d.status === 'pending' && Date.parse(d.notBefore) > nowMs;
}

/** A notice's title without the case number it starts with (shown in a column of its own). */
export function withoutCaseNo(title: string, caseNo: string): string {
  return title.startsWith(caseNo) ? title.slice(caseNo.length).trimStart() || title : title;
}
