/**
 * Who is calling: a bearer JWT (HS256 with AUTH_JWT_SECRET, for scripts and integrations) or a browser
 * session cookie (api.md "Accounts and sessions"), whose writes must also pass the CSRF checks.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import { ROLES, type Role } from '../domain/case-types';
import type { AccountStore } from '../db/accounts';
import type { SessionDoc } from '../db/models';
import { SESSION_TOUCH_MS, sessionExpiry } from './account-policy';
import { isSameOrigin, readSessionToken } from './session-cookie';
import { AppError } from './errors';

export interface Caller {
  sub: string;
  role: Role;
  org: string;
  name: string | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
    /** The browser session the caller signed in with; absent for a bearer token. */
    authSession?: SessionDoc;
    /** When the credential ends: the token's `exp`, or the session's idle or absolute limit. */
    authExpiresAt?: string;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates by the bearer token when there is an `Authorization` header, else by the session
 * cookie. A token is checked for signature, expiry, a known role, a non-blank subject and, with
 * `knowsOrg`, an org unit that exists now (a token minted for a unit that never existed, or has gone,
 * acts for no one). A session must be within its idle and absolute limits, and a write through it
 * needs a same-origin request and the session's CSRF token.
 */
export function authenticate(
  secret: string,
  opts: { knowsOrg?: (org: string) => boolean; accounts?: AccountStore } = {},
): RequestHandler {
  const key = new TextEncoder().encode(secret);
  return (req, _res, next) => {
    const header = req.headers.authorization;
    const cookie = header === undefined && opts.accounts ? readSessionToken(req) : null;
    const done = cookie
      ? bySession(req, cookie, opts.accounts!, opts.knowsOrg)
      : byBearer(req, header ?? '', key, opts.knowsOrg);
    done.then(() => next(), next);
  };
}

async function byBearer(
  req: Request,
  header: string,
  key: Uint8Array,
  knowsOrg: ((org: string) => boolean) | undefined,
): Promise<void> {
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) throw new AppError('unauthorized', 'sign in, or send a bearer token');
  const { payload } = await jwtVerify(m[1]!, key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] }).catch(
    () => {
      throw new AppError('unauthorized', 'the token is invalid or expired');
    },
  );
  const role = payload.role as Role;
  if (!ROLES.includes(role) || typeof payload.org !== 'string' || typeof payload.sub !== 'string') {
    throw new AppError('unauthorized', 'the token lacks a valid role, org or sub claim');
  }
  if (payload.sub.trim() === '') throw new AppError('unauthorized', 'the token names no user (empty sub)');
  if (knowsOrg && !knowsOrg(payload.org)) {
    throw new AppError('unauthorized', `the token is for org unit ${payload.org}, which does not exist`);
  }
  req.caller = {
    sub: payload.sub,
    role,
    org: payload.org,
    name: typeof payload.name === 'string' ? payload.name : null,
  };
  req.authExpiresAt = new Date(payload.exp! * 1000).toISOString();
}

async function bySession(
  req: Request,
  token: string,
  accounts: AccountStore,
  knowsOrg: ((org: string) => boolean) | undefined,
): Promise<void> {
  const session = await accounts.sessionByToken(token);
  const now = new Date();
  if (!session) throw new AppError('unauthorized', 'the session has ended; sign in again');
  if (sessionExpiry(session) <= now) {
    await accounts.endSession(session._id);
    throw new AppError('unauthorized', 'the session has expired; sign in again');
  }
  if (knowsOrg && !knowsOrg(session.org)) throw new AppError('unauthorized', "the account's org unit no longer exists");
  if (!SAFE_METHODS.has(req.method)) checkCsrf(req, session);
  // An open event stream is not activity: it must not keep an idle session alive.
  if (req.path !== '/events' && now.getTime() - Date.parse(session.lastSeenAt) >= SESSION_TOUCH_MS) {
    await accounts.touchSession(session._id, now);
    session.lastSeenAt = now.toISOString();
  }
  req.caller = { sub: session.userId, role: session.role, org: session.org, name: session.name };
  req.authSession = session;
  req.authExpiresAt = sessionExpiry(session).toISOString();
}

function checkCsrf(req: Request, session: SessionDoc): void {
  if (!isSameOrigin(req)) throw new AppError('forbidden', 'a signed-in write must come from this site (Origin)');
  const sent = Buffer.from(String(req.headers['x-csrf-token'] ?? ''));
  const expected = Buffer.from(session.csrfToken);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    throw new AppError('forbidden', 'a signed-in write needs the X-CSRF-Token header from GET /api/v1/me');
  }
}

export function requireCaller(req: { caller?: Caller }): Caller {
  if (!req.caller) throw new AppError('unauthorized', 'sign in, or send a bearer token');
  return req.caller;
}

export async function signToken(
  secret: string,
  claims: { sub: string; role: Role; org: string; name?: string },
  ttl = '12h',
): Promise<string> {
  return new SignJWT({ role: claims.role, org: claims.org, ...(claims.name ? { name: claims.name } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}
