/** Bearer JWT authentication (HS256 with AUTH_JWT_SECRET) with jose. */
import type { RequestHandler } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import { ROLES, type Role } from '../domain/case-types';
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
  }
}

/**
 * Checks the bearer token: signature, expiry, a known role, a non-blank subject and, with `knowsOrg`,
 * an org unit that exists now (a token minted for a unit that never existed, or has gone, acts for no one).
 */
export function authenticate(secret: string, opts: { knowsOrg?: (org: string) => boolean } = {}): RequestHandler {
  const key = new TextEncoder().encode(secret);
  return (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return next(new AppError('unauthorized', 'a bearer token is required'));
    jwtVerify(m[1]!, key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] })
      .then(({ payload }) => {
        const role = payload.role as Role;
        if (!ROLES.includes(role) || typeof payload.org !== 'string' || typeof payload.sub !== 'string') {
          throw new AppError('unauthorized', 'the token lacks a valid role, org or sub claim');
        }
        if (payload.sub.trim() === '') throw new AppError('unauthorized', 'the token names no user (empty sub)');
        if (opts.knowsOrg && !opts.knowsOrg(payload.org)) {
          throw new AppError('unauthorized', `the token is for org unit ${payload.org}, which does not exist`);
        }
        req.caller = {
          sub: payload.sub,
          role,
          org: payload.org,
          name: typeof payload.name === 'string' ? payload.name : null,
        };
        next();
      })
      .catch((err: unknown) =>
        next(err instanceof AppError ? err : new AppError('unauthorized', 'the token is invalid or expired')),
      );
  };
}

export function requireCaller(req: { caller?: Caller }): Caller {
  if (!req.caller) throw new AppError('unauthorized', 'a bearer token is required');
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
