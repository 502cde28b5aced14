/** Staff accounts: the pickers' list, and an administrator's changes (api.md "Accounts and sessions"). */
import { Router } from 'express';
import type { z } from 'zod';
import { LoginTakenError, publicUser, type AccountStore, type UserPatch } from '../../db/accounts';
import type { OrgTree } from '../../db/org-units';
import { requireCaller, type Caller } from '../auth';
import { AppError } from '../errors';
import { hashPassword } from '../passwords';
import { createUserSchema, patchUserSchema, usersQuerySchema } from '../schemas';
import { parse } from '../validate';

export function userRoutes(deps: { accounts: AccountStore; orgTree: () => OrgTree }): Router {
  const router = Router();

  // Everyone sees the accounts of their own subtree (names for the ids the cases hold); an admin, all.
  router.get('/users', async (req, res) => {
    const caller = requireCaller(req);
    const q = parse(usersQuerySchema, req.query, 'query');
    const scope = caller.role === 'admin' ? null : deps.orgTree().subtree(caller.org);
    const orgs = q.orgUnitId ? (scope && !scope.includes(q.orgUnitId) ? [] : [q.orgUnitId]) : (scope ?? undefined);
    const users = await deps.accounts.list({ orgs, role: q.role });
    res.json({ items: users.map(publicUser) });
  });

  router.post('/users', async (req, res) => {
    const caller = requireAdmin(req);
    const body = parse(createUserSchema, req.body, 'request body');
    knownOrg(deps.orgTree(), body.org);
    try {
      const user = await deps.accounts.create(
        {
          login: body.login,
          name: body.name,
          role: body.role,
          org: body.org,
          passwordHash: await hashPassword(body.password),
        },
        actorOf(caller),
        body.reason,
      );
      res.status(201).json(publicUser(user));
    } catch (err) {
      if (err instanceof LoginTakenError) throw new AppError('conflict', err.message);
      throw err;
    }
  });

  router.patch('/users/:id', async (req, res) => {
    const caller = requireAdmin(req);
    const body = parse(patchUserSchema, req.body, 'request body');
    if (body.org !== undefined) knownOrg(deps.orgTree(), body.org);
    const user = await deps.accounts.update(String(req.params.id), await userPatch(body), actorOf(caller), body.reason);
    if (!user) throw new AppError('not_found', 'no such user');
    res.json(publicUser(user));
  });

  return router;
}

/** A change as the store takes it: the password as its hash. */
export async function userPatch(body: z.infer<typeof patchUserSchema>): Promise<UserPatch> {
  const { password, reason: _reason, ...rest } = body;
  return { ...rest, ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}) };
}

function requireAdmin(req: { caller?: Caller }): Caller {
  const caller = requireCaller(req);
  if (caller.role !== 'admin') throw new AppError('forbidden', 'only an administrator manages accounts');
  return caller;
}

function knownOrg(tree: OrgTree, org: string): void {
  if (!tree.get(org))
    throw new AppError('validation_failed', `no org unit ${org}`, [{ path: 'org', message: 'unknown org unit' }]);
}

const actorOf = (c: Caller) => ({ sub: c.sub, role: c.role, org: c.org });
