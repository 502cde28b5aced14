/** Signing in and out, and who the caller is (api.md "Accounts and sessions"). */
import { Router, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AccountStore } from '../../db/accounts';
import type { OrgTree } from '../../db/org-units';
import { LOCK_AFTER_FAILURES, LOCK_MS, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, sessionExpiry } from '../account-policy';
import { requireCaller } from '../auth';
import { AppError, problemBody } from '../errors';
import { verifyPassword } from '../passwords';
import { loginSchema } from '../schemas';
import { clearSessionCookie, isCrossSite, setSessionCookie, type CookieSecurity } from '../session-cookie';
import { parse } from '../validate';
import { prefersEnglish } from './allowed-actions';

export interface SessionDeps {
  accounts: AccountStore;
  orgTree: () => OrgTree;
  cookieSecurity: CookieSecurity;
  /** Sign-in attempts per client address per minute (on top of the per-account lock-out). */
  loginsPerMinute?: number;
}

const WRONG = { zh: '登录名或密码错误', en: 'wrong login or password' };

/** `POST /api/v1/session`: mounted before authentication. */
export function loginRoutes(deps: SessionDeps): Router {
  const router = Router();
  router.post(
    '/session',
    rateLimit({
      windowMs: 60_000,
      limit: deps.loginsPerMinute ?? 60,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (req, res) => {
        res
          .status(429)
          .type('application/problem+json')
          .json(problemBody(req, 'rate_limited', 'too many sign-in attempts from this address; retry later'));
      },
    }),
    async (req, res) => {
      if (isCrossSite(req)) throw new AppError('forbidden', 'signing in must come from this site');
      const body = parse(loginSchema, req.body, 'request body');
      const now = new Date();
      const user = await deps.accounts.byLogin(body.login);
      if (user?.lockedUntil && Date.parse(user.lockedUntil) > now.getTime()) {
        const seconds = Math.ceil((Date.parse(user.lockedUntil) - now.getTime()) / 1000);
        res.setHeader('Retry-After', String(seconds));
        const minutes = Math.ceil(seconds / 60);
        throw new AppError(
          'rate_limited',
          prefersEnglish(req)
            ? `the account is locked after ${LOCK_AFTER_FAILURES} failed sign-ins; try again in ${minutes} min`
            : `连续 ${LOCK_AFTER_FAILURES} 次登录失败，账号已锁定，请 ${minutes} 分钟后再试`,
        );
      }
      const ok = await verifyPassword(user?.passwordHash ?? null, body.password);
      if (!user || !ok || user.disabled) {
        if (user && !ok) await deps.accounts.recordFailure(user, LOCK_AFTER_FAILURES, LOCK_MS, now);
        throw new AppError('unauthorized', WRONG[prefersEnglish(req) ? 'en' : 'zh']);
      }
      await deps.accounts.recordSuccess(user);
      const { token, session } = await deps.accounts.startSession(user, now, {
        idle: new Date(now.getTime() - SESSION_IDLE_MS).toISOString(),
        absolute: new Date(now.getTime() - SESSION_ABSOLUTE_MS).toISOString(),
      });
      setSessionCookie(req, res, token, deps.cookieSecurity);
      req.caller = { sub: user._id, role: user.role, org: user.org, name: user.name };
      req.authSession = session;
      req.authExpiresAt = sessionExpiry(session).toISOString();
      res.set('Cache-Control', 'no-store').json(meBody(req, deps.orgTree()));
    },
  );
  return router;
}

/** `DELETE /api/v1/session` and `GET /api/v1/me`: mounted after authentication. */
export function sessionRoutes(deps: SessionDeps): Router {
  const router = Router();
  router.delete('/session', async (req, res) => {
    requireCaller(req);
    // 404: the resource to delete, a browser session, does not exist for a bearer token.
    if (!req.authSession) throw new AppError('not_found', 'a bearer token has no session to end');
    await deps.accounts.endSession(req.authSession._id);
    clearSessionCookie(req, res, deps.cookieSecurity);
    res.status(204).end();
  });
  router.get('/me', (req, res) => {
    requireCaller(req);
    res.set('Cache-Control', 'no-store').json(meBody(req, deps.orgTree()));
  });
  return router;
}

function meBody(req: Request, tree: OrgTree) {
  const caller = requireCaller(req);
  const path = tree.get(caller.org) ? tree.path(caller.org).reverse() : [];
  return {
    sub: caller.sub,
    login: req.authSession?.login ?? null,
    name: caller.name,
    role: caller.role,
    org: caller.org,
    orgName: tree.get(caller.org)?.name ?? null,
    orgPath: path.map((u) => ({ id: u.id, name: tree.get(u.id)!.name })),
    csrfToken: req.authSession?.csrfToken ?? null,
    expiresAt: req.authExpiresAt ?? null,
  };
}
