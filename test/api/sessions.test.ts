/**
 * Accounts and sessions (api.md "Accounts and sessions", console.md "Sessions and CSRF"): an admin
 * creates accounts; a user signs in with a password and gets an HttpOnly SameSite=Lax cookie; the cookie
 * authenticates any route; a cookie-authenticated write needs the CSRF token and a same-origin Origin;
 * a wrong login and a wrong password look the same; 5 failures in a row lock the account for 15 minutes;
 * idle (30 min) and absolute (12 h) limits, logout and disabling end a session; bearer tokens still work.
 */
import { createHash } from 'node:crypto';
import request from 'supertest';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let admin: string;
const HOST = 'localhost';
const ORIGIN = `http://${HOST}`;
const ROOM = 'ND-JC-JN-ROOM';
const PASSWORD = 'Mediate-2026-room';

beforeAll(async () => {
  stack = await startTestStack();
  admin = await stack.token('admin', 'ND', 'admin-1');
});
afterAll(() => stack.close());

let n = 0;
async function createUser(fields: Record<string, unknown> = {}) {
  const body = {
    login: `user${++n}.${Date.now() % 100000}`,
    name: '林调解',
    role: 'mediator',
    org: ROOM,
    password: PASSWORD,
    reason: '新入职调解员',
    ...fields,
  };
  const res = await request(stack.app).post('/api/v1/users').set('Authorization', `Bearer ${admin}`).send(body);
  expect(res.status).toBe(201);
  return { ...(res.body as { id: string; login: string }), password: body.password };
}

function login(loginName: string, password: string) {
  return request(stack.app).post('/api/v1/session').set('Host', HOST).send({ login: loginName, password });
}

async function signIn(loginName: string, password = PASSWORD) {
  const res = await login(loginName, password);
  expect(res.status).toBe(200);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = setCookie[0]!.split(';')[0]!;
  return { cookie, csrf: res.body.csrfToken as string, setCookie: setCookie[0]!, me: res.body };
}

const get = (path: string, cookie: string) => request(stack.app).get(path).set('Host', HOST).set('Cookie', cookie);

describe('accounts (admin)', () => {
  it('creates an account and lists it without any secret', async () => {
    const u = await createUser();
    expect(u).toMatchObject({
      login: expect.any(String),
      name: '林调解',
      role: 'mediator',
      org: ROOM,
      disabled: false,
    });
    const list = await request(stack.app)
      .get(`/api/v1/users?orgUnitId=${ROOM}&role=mediator`)
      .set('Authorization', `Bearer ${admin}`);
    expect(list.status).toBe(200);
    const mine = (list.body.items as Array<Record<string, unknown>>).find((x) => x.id === u.id);
    expect(mine).toEqual({ id: u.id, login: u.login, name: '林调解', role: 'mediator', org: ROOM, disabled: false });
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|passwordHash|lockedUntil/);
  });

  it('refuses a taken login (409), a weak password, an unknown unit and a missing reason (400)', async () => {
    const u = await createUser();
    const post = (body: Record<string, unknown>) =>
      request(stack.app).post('/api/v1/users').set('Authorization', `Bearer ${admin}`).send(body);
    const base = { login: 'fresh.login', name: '王某', role: 'mediator', org: ROOM, password: PASSWORD, reason: 'r' };
    expect((await post({ ...base, login: u.login })).status).toBe(409);
    for (const bad of [
      { password: 'short1' },
      { password: 'onlyletterslong' },
      { org: 'NO-SUCH-UNIT' },
      { login: 'Has Space' },
      { reason: '   ' },
      { role: 'root' },
    ]) {
      const res = await post({ ...base, ...bad });
      expect([res.status, Object.keys(bad)[0]]).toEqual([400, Object.keys(bad)[0]]);
      expect((res.body as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toContain(
        Object.keys(bad)[0],
      );
    }
  });

  it('lets only an admin create or change accounts', async () => {
    const sup = await stack.token('supervisor', 'ND-JC');
    const res = await request(stack.app)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${sup}`)
      .send({ login: 'x.y.z', name: '王某', role: 'admin', org: 'ND', password: PASSWORD, reason: 'r' });
    expect(res.status).toBe(403);
  });

  it('shows a non-admin only the accounts of their own subtree', async () => {
    const here = await createUser();
    const elsewhere = await createUser({ org: 'ND-FA-CY-ROOM' });
    const med = await stack.token('mediator', ROOM);
    const res = await request(stack.app).get('/api/v1/users').set('Authorization', `Bearer ${med}`);
    const ids = (res.body.items as Array<{ id: string }>).map((u) => u.id);
    expect(ids).toContain(here.id);
    expect(ids).not.toContain(elsewhere.id);
    const other = await request(stack.app)
      .get('/api/v1/users?orgUnitId=ND-FA-CY-ROOM')
      .set('Authorization', `Bearer ${med}`);
    expect(other.body.items).toEqual([]);
  });
});

describe('signing in', () => {
  it('answers the me body and an HttpOnly SameSite=Lax cookie, not Secure on plain localhost', async () => {
    const u = await createUser({ name: '陈调解' });
    const { setCookie, me, cookie } = await signIn(u.login);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    expect(me).toMatchObject({
      sub: u.id,
      login: u.login,
      name: '陈调解',
      role: 'mediator',
      org: ROOM,
      orgName: '蕉南街道派出所驻所调解室',
      csrfToken: expect.any(String),
    });
    const { orgPath, expiresAt } = me as { orgPath: Array<{ id: string }>; expiresAt: string };
    expect(orgPath.map((p) => p.id)).toEqual(['ND', 'ND-JC', 'ND-JC-JN', ROOM]);
    const minutes = (Date.parse(expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
    const again = await get('/api/v1/me', cookie);
    expect(again.status).toBe(200);
    expect(again.body.csrfToken).toBe(me.csrfToken);
    expect((await get('/api/v1/cases', cookie)).status).toBe(200);
  });

  it('sets a Secure __Host- cookie when reached by another host name', async () => {
    const u = await createUser();
    const res = await request(stack.app)
      .post('/api/v1/session')
      .set('Host', 'tiaojie.example.gov.cn')
      .send({ login: u.login, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/^__Host-\w+=[\w-]+;.*Path=\/.*; Secure/);
  });

  it('stores only a digest of the session token', async () => {
    const u = await createUser();
    const { cookie } = await signIn(u.login);
    const token = cookie.split('=')[1]!;
    const sessions = await stack.db.models.Session.find({ userId: u.id }).lean();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!._id).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(sessions)).not.toContain(token);
  });

  it('gives one generic answer for a wrong login and a wrong password', async () => {
    const u = await createUser();
    const wrongPassword = await login(u.login, 'Wrong-password-1');
    const wrongLogin = await login('nobody.here', PASSWORD);
    expect(wrongPassword.status).toBe(401);
    expect(wrongLogin.status).toBe(401);
    expect(wrongPassword.body.detail).toBe(wrongLogin.body.detail);
    expect(wrongPassword.headers['set-cookie']).toBeUndefined();
  });

  it('locks the account after 5 failures in a row for 15 minutes, even for the right password', async () => {
    const u = await createUser();
    for (let i = 0; i < 5; i++) expect((await login(u.login, `Wrong-password-${i}`)).status).toBe(401);
    const locked = await login(u.login, PASSWORD);
    expect([423, 429]).toContain(locked.status);
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // The lock ends on time: pretend its 15 minutes have passed.
    await stack.db.models.User.updateOne(
      { _id: u.id },
      { $set: { lockedUntil: new Date(Date.now() - 1000).toISOString() } },
    );
    expect((await login(u.login, PASSWORD)).status).toBe(200);
  });

  it('counts parallel wrong guesses each: five at once lock the account', async () => {
    const u = await createUser();
    await Promise.all([0, 1, 2, 3, 4].map((i) => login(u.login, `Wrong-password-${i}`)));
    expect([423, 429]).toContain((await login(u.login, PASSWORD)).status);
  });

  it('counts failures in a row only: a success in between starts the count again', async () => {
    const u = await createUser();
    for (let i = 0; i < 4; i++) await login(u.login, `Wrong-password-${i}`);
    expect((await login(u.login, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) await login(u.login, `Wrong-password-${i}`);
    expect((await login(u.login, PASSWORD)).status).toBe(200);
  });

  it('refuses a sign-in posted from another site', async () => {
    const u = await createUser();
    const res = await login(u.login, PASSWORD).set('Origin', 'https://evil.example');
    expect(res.status).toBe(403);
  });
});

describe('a signed-in browser', () => {
  it('needs the CSRF token and a same-origin Origin for a write; a bearer request needs neither', async () => {
    const u = await createUser();
    const { cookie, csrf } = await signIn(u.login);
    const intake = (key: string) =>
      request(stack.app)
        .post('/api/v1/cases')
        .set('Host', HOST)
        .set('Cookie', cookie)
        .set('Idempotency-Key', runKey(key))
        .send(intakeBody());
    expect((await intake('csrf-none').set('Origin', ORIGIN)).status).toBe(403);
    expect((await intake('csrf-wrong').set('Origin', ORIGIN).set('X-CSRF-Token', 'x'.repeat(43))).status).toBe(403);
    expect((await intake('csrf-cross').set('Origin', 'https://evil.example').set('X-CSRF-Token', csrf)).status).toBe(
      403,
    );
    expect((await intake('csrf-no-origin').set('X-CSRF-Token', csrf)).status).toBe(403);
    const ok = await intake('csrf-ok').set('Origin', ORIGIN).set('X-CSRF-Token', csrf);
    expect(ok.status).toBe(201);
    const fetchSite = await intake('csrf-fetch-site').set('Sec-Fetch-Site', 'same-origin').set('X-CSRF-Token', csrf);
    expect(fetchSite.status).toBe(201);
    // The case is the signed-in user's: registered by them, in their unit.
    expect(ok.body.ownerOrgUnitId).toBe(ROOM);
    const bearer = await stack.token('mediator', ROOM);
    const byToken = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${bearer}`)
      .set('Idempotency-Key', runKey('csrf-bearer'))
      .send(intakeBody());
    expect(byToken.status).toBe(201);
  });

  it('ends the session at logout', async () => {
    const u = await createUser();
    const { cookie, csrf } = await signIn(u.login);
    const out = await request(stack.app)
      .delete('/api/v1/session')
      .set('Host', HOST)
      .set('Cookie', cookie)
      .set('Origin', ORIGIN)
      .set('X-CSRF-Token', csrf);
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await get('/api/v1/me', cookie)).status).toBe(401);
  });

  it('ends after 30 minutes idle and after 12 hours in all', async () => {
    const u = await createUser();
    const idle = await signIn(u.login);
    const long = await signIn(u.login);
    const digest = (c: string) => createHash('sha256').update(c.split('=')[1]!).digest('hex');
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    await stack.db.models.Session.updateOne({ _id: digest(idle.cookie) }, { $set: { lastSeenAt: ago(31 * 60_000) } });
    await stack.db.models.Session.updateOne(
      { _id: digest(long.cookie) },
      { $set: { createdAt: ago(12 * 3600_000 + 1000), lastSeenAt: ago(1000) } },
    );
    expect((await get('/api/v1/me', idle.cookie)).status).toBe(401);
    expect((await get('/api/v1/me', long.cookie)).status).toBe(401);
    // Activity keeps a session alive: one seen 29 minutes ago still works.
    const active = await signIn(u.login);
    await stack.db.models.Session.updateOne({ _id: digest(active.cookie) }, { $set: { lastSeenAt: ago(29 * 60_000) } });
    expect((await get('/api/v1/me', active.cookie)).status).toBe(200);
    // An ended session nobody comes back to is removed at the user's next sign-in (no TTL index here).
    const forgotten = await signIn(u.login);
    await stack.db.models.Session.updateOne(
      { _id: digest(forgotten.cookie) },
      { $set: { lastSeenAt: ago(31 * 60_000) } },
    );
    await signIn(u.login);
    const left = (await stack.db.models.Session.find({ userId: u.id }).lean()).map((x) => x._id);
    expect(left).not.toContain(digest(forgotten.cookie));
    expect(left).toContain(digest(active.cookie));
  });

  it('is revoked when an admin disables the user, who then cannot sign in; re-enabled, they can', async () => {
    const u = await createUser();
    const { cookie } = await signIn(u.login);
    const patch = (body: Record<string, unknown>) =>
      request(stack.app).patch(`/api/v1/users/${u.id}`).set('Authorization', `Bearer ${admin}`).send(body);
    expect((await patch({ disabled: true })).status).toBe(400); // no reason
    const off = await patch({ disabled: true, reason: '离职' });
    expect(off.status).toBe(200);
    expect(off.body.disabled).toBe(true);
    expect((await get('/api/v1/me', cookie)).status).toBe(401);
    expect((await login(u.login, PASSWORD)).status).toBe(401);
    expect((await patch({ disabled: false, reason: '返岗' })).status).toBe(200);
    await signIn(u.login);
    const log = await stack.db.models.AccountChange.find({ userId: u.id }).sort({ at: 1 }).lean();
    expect(log.map((l) => [l.change, l.fields, l.reason, l.actor.sub])).toEqual([
      ['created', ['login', 'name', 'role', 'org', 'password'], '新入职调解员', 'admin-1'],
      ['updated', ['disabled'], '离职', 'admin-1'],
      ['updated', ['disabled'], '返岗', 'admin-1'],
    ]);
  });

  it('acts with the new role or unit after an admin changes them (old sessions end)', async () => {
    const u = await createUser();
    const before = await signIn(u.login);
    const res = await request(stack.app)
      .patch(`/api/v1/users/${u.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ role: 'supervisor', org: 'ND-JC-JN', reason: '调任街道中心' });
    expect(res.body).toMatchObject({ role: 'supervisor', org: 'ND-JC-JN' });
    expect((await get('/api/v1/me', before.cookie)).status).toBe(401);
    const after = await signIn(u.login);
    expect(after.me).toMatchObject({ role: 'supervisor', org: 'ND-JC-JN' });
  });

  it('takes a new password after a reset, and no longer the old one', async () => {
    const u = await createUser();
    const res = await request(stack.app)
      .patch(`/api/v1/users/${u.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ password: 'Brand-new-2027', reason: '忘记密码' });
    expect(res.status).toBe(200);
    expect((await login(u.login, PASSWORD)).status).toBe(401);
    expect((await login(u.login, 'Brand-new-2027')).status).toBe(200);
  });

  it('answers 401 for a forged or unknown session cookie', async () => {
    expect((await get('/api/v1/me', `mediation_session=${'A'.repeat(43)}`)).status).toBe(401);
    expect((await get('/api/v1/me', 'mediation_session=garbage')).status).toBe(401);
  });
});
