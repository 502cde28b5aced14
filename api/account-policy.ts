/**
 * The rules of staff accounts and browser sessions (api.md "Accounts and sessions", console.md
 * "Sessions and CSRF"): one home for each number. 等保 2.0 登录失败处理: lock after 5 failures in a row.
 */
export const LOGIN_PATTERN = /^[a-z0-9._-]{3,32}$/;
/** At least 10 characters, with a letter and a digit. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** A session's last-seen instant is written at most this often (a request otherwise costs one read). */
export const SESSION_TOUCH_MS = 60_000;

export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (!/\p{L}/u.test(password) || !/\p{N}/u.test(password)) return 'must contain a letter and a digit';
  return null;
}

/** When a session ends if it stays idle: the sooner of its idle and its absolute limit. */
export function sessionExpiry(s: { createdAt: string; lastSeenAt: string }): Date {
  return new Date(Math.min(Date.parse(s.lastSeenAt) + SESSION_IDLE_MS, Date.parse(s.createdAt) + SESSION_ABSOLUTE_MS));
}
