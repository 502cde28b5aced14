/**
 * Org units managed by an administrator (api.md "Org units"): create, rename, move, close (and reopen),
 * each with a reason and logged with its actor; the change is in force at once in this process, within
 * a poll in every other, and survives a restart that loads the seed file again.
 */
import request from 'supertest';
import { OrgTreeCache } from '../../db/org-unit-store';
import { readOrgUnitSeed, upsertOrgUnits } from '../../db/org-units';
import { intakeBody, runKey, SEED_FILE, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let admin: string;
beforeAll(async () => {
  stack = await startTestStack();
  admin = await stack.token('admin', 'ND', 'admin-org');
});
afterAll(() => stack.close());

const post = (body: Record<string, unknown>, token = admin) =>
  request(stack.app).post('/api/v1/org-units').set('Authorization', `Bearer ${token}`).send(body);
/** A new village committee under `parentId`, set up by an administrator. */
const newVillage = (id: string, name: string, parentId: string) =>
  post({ id, name, kind: 'village_committee', parentId, reason: '新设' });
const patch = (id: string, body: Record<string, unknown>) =>
  request(stack.app).patch(`/api/v1/org-units/${id}`).set('Authorization', `Bearer ${admin}`).send(body);
const units = async () =>
  (await request(stack.app).get('/api/v1/org-units').set('Authorization', `Bearer ${admin}`)).body as Array<{
    id: string;
    name: string;
    parentId: string | null;
    closed: boolean;
  }>;
const intake = async (org: string, key: string, unit = org) => {
  const token = await stack.token('mediator', org);
  return request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', runKey(key))
    .send(intakeBody({ orgUnitId: unit }));
};

it('creates a unit that is usable at once: listed, and a mediator there registers a case', async () => {
  const res = await post({
    id: 'ND-JC-JN-V03',
    name: '蕉南街道三村村民委员会人民调解委员会',
    kind: 'village_committee',
    parentId: 'ND-JC-JN',
    reason: '新设三村调委会',
  });
  expect(res.status).toBe(201);
  expect(res.body).toEqual({
    id: 'ND-JC-JN-V03',
    name: '蕉南街道三村村民委员会人民调解委员会',
    kind: 'village_committee',
    parentId: 'ND-JC-JN',
    closed: false,
  });
  expect((await units()).find((u) => u.id === 'ND-JC-JN-V03')).toBeDefined();
  const c = await intake('ND-JC-JN-V03', 'org-v03');
  expect(c.status).toBe(201);
  // The township above it sees the case: the new unit is in its subtree.
  const township = await stack.token('supervisor', 'ND-JC-JN');
  const seen = await request(stack.app).get(`/api/v1/cases/${c.body.id}`).set('Authorization', `Bearer ${township}`);
  expect(seen.status).toBe(200);
});

it('refuses a taken id (409), an unknown parent, a bad id and a missing reason (400), and a non-admin (403)', async () => {
  const base = { id: 'ND-JC-JN-V09', name: '九村', kind: 'village_committee', parentId: 'ND-JC-JN', reason: 'r' };
  expect((await post({ ...base, id: 'ND-JC-JN' })).status).toBe(409);
  expect((await post({ ...base, parentId: 'NO-SUCH' })).status).toBe(400);
  expect((await post({ ...base, id: 'nd lower' })).status).toBe(400);
  expect((await post({ ...base, reason: ' ' })).status).toBe(400);
  expect((await post({ ...base, kind: 'palace' })).status).toBe(400);
  expect((await post(base, await stack.token('supervisor', 'ND'))).status).toBe(403);
});

it('renames and moves a unit, refusing a move that would make a cycle, and logs each change', async () => {
  await newVillage('ND-JC-ZW-V07', '漳湾七村调委会', 'ND-JC-ZW');
  const renamed = await patch('ND-JC-ZW-V07', { name: '漳湾镇七村村民委员会人民调解委员会', reason: '规范名称' });
  expect(renamed.status).toBe(200);
  expect(renamed.body.name).toBe('漳湾镇七村村民委员会人民调解委员会');
  expect((await patch('ND-JC-ZW', { parentId: 'ND-JC-ZW-V07', reason: 'x' })).status).toBe(409);
  expect((await patch('ND-JC-ZW-V07', { parentId: 'ND-JC-ZW-V07', reason: 'x' })).status).toBe(409);
  const c = await intake('ND-JC-ZW-V07', 'org-v07');
  const moved = await patch('ND-JC-ZW-V07', { parentId: 'ND-JC-CN', reason: '区划调整，划归城南' });
  expect(moved.body.parentId).toBe('ND-JC-CN');
  // Visibility follows the tree: 城南 now sees the case, 漳湾 no longer does.
  const see = async (org: string) =>
    (
      await request(stack.app)
        .get(`/api/v1/cases/${c.body.id}`)
        .set('Authorization', `Bearer ${await stack.token('supervisor', org)}`)
    ).status;
  expect(await see('ND-JC-CN')).toBe(200);
  expect(await see('ND-JC-ZW')).toBe(404);

  const history = await request(stack.app)
    .get('/api/v1/org-units/ND-JC-ZW-V07/history')
    .set('Authorization', `Bearer ${admin}`);
  expect(
    (history.body.items as Array<{ change: string; reason: string; actor: { sub: string } }>).map((h) => [
      h.change,
      h.reason,
      h.actor.sub,
    ]),
  ).toEqual([
    ['created', '新设', 'admin-org'],
    ['renamed', '规范名称', 'admin-org'],
    ['moved', '区划调整，划归城南', 'admin-org'],
  ]);
});

it('closes a unit only when nothing is open in it; a closed unit takes no new case; it can reopen', async () => {
  await newVillage('ND-JC-CN-V05', '城南五村调委会', 'ND-JC-CN');
  const c = await intake('ND-JC-CN-V05', 'org-v05');
  expect((await patch('ND-JC-CN-V05', { closed: true, reason: '撤并' })).status).toBe(409);
  expect((await patch('ND-JC-CN', { closed: true, reason: '撤并' })).status).toBe(409); // open units below
  const mediator = await stack.token('mediator', 'ND-JC-CN-V05');
  await request(stack.app)
    .post(`/api/v1/cases/${c.body.id}/actions/withdraw`)
    .set('Authorization', `Bearer ${mediator}`)
    .send({ reason: '当事人撤回' })
    .expect(200);
  const closed = await patch('ND-JC-CN-V05', { closed: true, reason: '撤并入城南中心' });
  expect([closed.status, closed.body.closed]).toEqual([200, true]);
  expect((await units()).find((u) => u.id === 'ND-JC-CN-V05')!.closed).toBe(true);
  const refused = await intake('ND-JC-CN', 'org-into-closed', 'ND-JC-CN-V05');
  expect(refused.status).toBe(400);
  expect(refused.body.errors[0].path).toBe('orgUnitId');
  expect((await patch('ND-JC-CN-V05', { closed: false, reason: '恢复' })).body.closed).toBe(false);
  expect((await intake('ND-JC-CN', 'org-into-reopened', 'ND-JC-CN-V05')).status).toBe(201);
});

it('does not close a unit while a case is on its way to it', async () => {
  await newVillage('ND-JC-CN-V06', '城南六村调委会', 'ND-JC-CN');
  const c = await intake('ND-JC-CN', 'org-incoming');
  const supervisor = await stack.token('supervisor', 'ND-JC-CN');
  await request(stack.app)
    .post(`/api/v1/cases/${c.body.id}/actions/transfer`)
    .set('Authorization', `Bearer ${supervisor}`)
    .send({ toOrgUnitId: 'ND-JC-CN-V06', reason: '属地管辖' })
    .expect(200);
  const refused = await patch('ND-JC-CN-V06', { closed: true, reason: '撤并' });
  expect([refused.status, refused.body.detail]).toEqual([409, expect.stringContaining('1 on their way')]);
});

it('reaches another process by its poll, without a restart', async () => {
  const other = await OrgTreeCache.load(stack.db.models);
  expect(other.current().get('ND-XP-SS-V09')).toBeUndefined();
  other.start(100, (err) => {
    throw err;
  });
  try {
    await post({
      id: 'ND-XP-SS-V09',
      name: '松山九村调委会',
      kind: 'village_committee',
      parentId: 'ND-XP-SS',
      reason: '新设',
    });
    const until = Date.now() + 5000;
    while (!other.current().get('ND-XP-SS-V09') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(other.current().get('ND-XP-SS-V09')?.name).toBe('松山九村调委会');
  } finally {
    other.stop();
  }
});

it('keeps an administrator’s change when the seed file is loaded again at the next start', async () => {
  await patch('ND-FA-SY-V01', { name: '赛岐镇一村调委会（更名）', reason: '更名' });
  await stack.db.models.OrgUnit.updateOne({ _id: 'ND-FA-SY-V02' }, { $set: { name: 'drifted' } });
  await upsertOrgUnits(stack.db.models, readOrgUnitSeed(SEED_FILE));
  const seed = readOrgUnitSeed(SEED_FILE);
  const after = await stack.db.models.OrgUnit.find({ _id: { $in: ['ND-FA-SY-V01', 'ND-FA-SY-V02'] } }).lean();
  const name = (id: string) => after.find((u) => u._id === id)!.name;
  expect(name('ND-FA-SY-V01')).toBe('赛岐镇一村调委会（更名）');
  expect(name('ND-FA-SY-V02')).toBe(seed.find((u) => u.id === 'ND-FA-SY-V02')!.name);
});

it('reaches the other processes when a start loads a seed file that changes the tree, and not when it changes nothing', async () => {
  const other = await OrgTreeCache.load(stack.db.models);
  const seed = readOrgUnitSeed(SEED_FILE);
  await upsertOrgUnits(stack.db.models, seed);
  await other.refresh();
  const unchanged = other.current();
  await upsertOrgUnits(stack.db.models, seed);
  await other.refresh();
  // The same seed again: nothing to reload.
  expect(other.current()).toBe(unchanged);

  const renamed = seed.map((u) => (u.id === 'ND-XP-SG-V02' ? { ...u, name: '三沙镇二村调委会（新种子）' } : u));
  expect(renamed).not.toEqual(seed);
  await upsertOrgUnits(stack.db.models, renamed);
  await other.refresh();
  expect(other.current().get('ND-XP-SG-V02')?.name).toBe('三沙镇二村调委会（新种子）');
});
