/**
 * Staff accounts, their browser sessions and the log of administrators' changes (`users`, `sessions`,
 * `account_changes`). Reads and writes only: the rules live in api/account-policy.ts.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../domain/case-types';
import type { AccountChangeDoc, Models, SessionDoc, UserDoc } from './models';
import { isDuplicateKey } from './models';

export type Actor = AccountChangeDoc['actor'];
export type UserPatch = Partial<Pick<UserDoc, 'name' | 'role' | 'org' | 'disabled' | 'passwordHash'>>;

export class LoginTakenError extends Error {
  constructor(login: string) {
    super(`the login ${login} is taken`);
    this.name = 'LoginTakenError';
  }
}

/** What an account looks like to callers (never the hash or the lock-out counters). */
export function publicUser(u: UserDoc): {
  id: string;
  login: string;
  name: string;
  role: Role;
  org: string;
  disabled: boolean;
} {
  return { id: u._id, login: u.login, name: u.name, role: u.role, org: u.org, disabled: u.disabled };
}

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class AccountStore {
  constructor(private readonly models: Models) {}

  byLogin(login: string): Promise<UserDoc | null> {
    return this.models.User.findOne({ login }).lean<UserDoc>().exec();
  }

  byId(id: string): Promise<UserDoc | null> {
    return this.models.User.findById(id).lean<UserDoc>().exec();
  }

  list(filter: { orgs?: string[]; role?: Role }): Promise<UserDoc[]> {
    const q: Record<string, unknown> = {};
    if (filter.orgs) q.org = { $in: filter.orgs };
    if (filter.role) q.role = filter.role;
    return this.models.User.find(q).sort({ login: 1 }).lean<UserDoc[]>().exec();
  }

  async create(
    user: Pick<UserDoc, 'login' | 'name' | 'role' | 'org' | 'passwordHash'>,
    actor: Actor,
    reason: string,
  ): Promise<UserDoc> {
    const now = new Date().toISOString();
    const doc: UserDoc = {
      _id: `u-${randomUUID()}`,
      ...user,
      disabled: false,
      lockedUntil: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.models.User.collection.insertOne(doc as never);
    } catch (err) {
      if (isDuplicateKey(err)) throw new LoginTakenError(user.login);
      throw err;
    }
    await this.log(doc._id, 'created', ['login', 'name', 'role', 'org', 'password'], actor, reason);
    return doc;
  }

  /** Applies an administrator's change; any change but the name ends the user's sessions (their copy of
   * the role and unit would be stale, and a disabled or re-keyed account must sign in again). */
  async update(id: string, patch: UserPatch, actor: Actor, reason: string): Promise<UserDoc | null> {
    const set: Record<string, unknown> = { ...patch, updatedAt: new Date().toISOString() };
    const forgive = patch.passwordHash !== undefined || patch.disabled === false;
    if (forgive) set.lockedUntil = null;
    const doc = await this.models.User.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' })
      .lean<UserDoc>()
      .exec();
    if (!doc) return null;
    if (forgive) await this.models.LoginFailure.deleteMany({ userId: id }).exec();
    const fields = Object.keys(patch).map((k) => (k === 'passwordHash' ? 'password' : k));
    await this.log(id, 'updated', fields, actor, reason);
    if (fields.some((f) => f !== 'name')) await this.endSessionsOf(id);
    return doc;
  }

  /** A failed login. Each is its own document, so parallel guesses each count: the last of them to
   * count sees every one inserted before it. At the limit the account locks until `lockedUntil` and the
   * count starts again. */
  async recordFailure(user: UserDoc, limit: number, lockMs: number, now: Date): Promise<void> {
    const { LoginFailure, User } = this.models;
    await LoginFailure.collection.insertOne({ _id: randomUUID(), userId: user._id, at: now.toISOString() } as never);
    if ((await LoginFailure.countDocuments({ userId: user._id }).exec()) < limit) return;
    await User.updateOne(
      { _id: user._id },
      { $set: { lockedUntil: new Date(now.getTime() + lockMs).toISOString() } },
    ).exec();
    await LoginFailure.deleteMany({ userId: user._id }).exec();
  }

  /** A successful login forgives the failures before it. */
  async recordSuccess(user: UserDoc): Promise<void> {
    await this.models.LoginFailure.deleteMany({ userId: user._id }).exec();
    if (user.lockedUntil) await this.models.User.updateOne({ _id: user._id }, { $set: { lockedUntil: null } }).exec();
  }

  /** A new session: the token goes to the cookie, only its digest is stored. The user's sessions that
   * have ended (idle since `endedBefore.idle`, or begun before `endedBefore.absolute`) are removed then:
   * FerretDB has no TTL index. */
  async startSession(
    user: UserDoc,
    now: Date,
    endedBefore?: { idle: string; absolute: string },
  ): Promise<{ token: string; session: SessionDoc }> {
    if (endedBefore)
      await this.models.Session.deleteMany({
        userId: user._id,
        $or: [{ lastSeenAt: { $lt: endedBefore.idle } }, { createdAt: { $lt: endedBefore.absolute } }],
      }).exec();
    const token = randomBytes(32).toString('base64url');
    const at = now.toISOString();
    const session: SessionDoc = {
      _id: tokenDigest(token),
      userId: user._id,
      login: user.login,
      name: user.name,
      role: user.role,
      org: user.org,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: at,
      lastSeenAt: at,
    };
    await this.models.Session.collection.insertOne(session as never);
    return { token, session };
  }

  sessionByToken(token: string): Promise<SessionDoc | null> {
    return this.models.Session.findById(tokenDigest(token)).lean<SessionDoc>().exec();
  }

  sessionById(id: string): Promise<SessionDoc | null> {
    return this.models.Session.findById(id).lean<SessionDoc>().exec();
  }

  async touchSession(id: string, now: Date): Promise<void> {
    await this.models.Session.updateOne({ _id: id }, { $set: { lastSeenAt: now.toISOString() } }).exec();
  }

  async endSession(id: string): Promise<void> {
    await this.models.Session.deleteOne({ _id: id }).exec();
  }

  async endSessionsOf(userId: string): Promise<void> {
    await this.models.Session.deleteMany({ userId }).exec();
  }

  private async log(
    userId: string,
    change: AccountChangeDoc['change'],
    fields: string[],
    actor: Actor,
    reason: string,
  ) {
    const doc: AccountChangeDoc = {
      _id: randomUUID(),
      at: new Date().toISOString(),
      userId,
      change,
      fields,
      actor,
      reason,
    };
    await this.models.AccountChange.collection.insertOne(doc as never);
  }
}
