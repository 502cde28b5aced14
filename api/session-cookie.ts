/**
 * The session cookie (console.md "Sessions and CSRF"): HttpOnly, SameSite=Lax, `Secure` with the
 * `__Host-` prefix unless the API is reached over plain http on localhost (api.md), and the same-origin
 * checks a cookie-authenticated write must pass.
 */
import type { Request, Response } from 'express';
import { SESSION_ABSOLUTE_MS } from './account-policy';

const PLAIN = 'mediation_session';
const SECURE = '__Host-mediation_session';
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** `auto` (the default): Secure except over plain http on localhost; `always` / `never` override it
 * (`never` for a trusted LAN without TLS, where browsers would drop a Secure cookie). */
export type CookieSecurity = 'auto' | 'always' | 'never';

export function cookieIsSecure(req: Request, mode: CookieSecurity): boolean {
  if (mode !== 'auto') return mode === 'always';
  return req.protocol === 'https' || !LOCAL_HOSTS.has(req.hostname);
}

export function readSessionToken(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === PLAIN || name === SECURE) {
      const value = part.slice(eq + 1).trim();
      if (/^[\w-]{43}$/.test(value)) return value;
    }
  }
  return null;
}

export function setSessionCookie(req: Request, res: Response, token: string, mode: CookieSecurity): void {
  const secure = cookieIsSecure(req, mode);
  const attrs = ['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${SESSION_ABSOLUTE_MS / 1000}`];
  res.append('Set-Cookie', `${secure ? SECURE : PLAIN}=${token}; ${attrs.join('; ')}${secure ? '; Secure' : ''}`);
}

export function clearSessionCookie(req: Request, res: Response, mode: CookieSecurity): void {
  const secure = cookieIsSecure(req, mode);
  res.append(
    'Set-Cookie',
    `${secure ? SECURE : PLAIN}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`,
  );
}

/** Whether the request comes from a page of this origin: `Sec-Fetch-Site: same-origin`, or an `Origin`
 * equal to the one the request was sent to. */
export function isSameOrigin(req: Request): boolean {
  if (req.headers['sec-fetch-site'] === 'same-origin') return true;
  const origin = req.headers.origin;
  if (!origin) return false;
  return origin === `${req.protocol}://${req.headers.host ?? ''}`;
}

/** A cross-site page may not sign a browser in either (login CSRF): a foreign `Origin` or
 * `Sec-Fetch-Site: cross-site` is refused; scripts, which send neither, are not. */
export function isCrossSite(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return true;
  return req.headers.origin !== undefined && !isSameOrigin(req);
}
