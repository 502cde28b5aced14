/**
 * The queues of api.md "Queues": the list's new filters and order, and the tab counts, checked against
 * what the case views say (the oracle is the spec's definition applied to each case's deadlines, not
 * the stored `nextDueAt`). Acceptance runs 20 s here, so a registered case is warned after 15 s and
 * breached after 20 s; every other period is an hour.
 */
import request from 'supertest';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';
import { shortPolicy } from '../support/short-policy';
import { shanghaiToday } from '../support/shanghai-today';

const ROOM = 'ND-JC-JN-ROOM';
const ME = 'u-queue';
let stack: TestStack;
let me: string;
let supervisor: string;
const ids = { registered: '', highRisk: '', mine: '', paused: '', transferred: '' };

interface Deadline {
  kind: string;
  status: string;
  dueAt: string;
  warnAt: string;
}
interface View {
  id: string;
  version: number;
  stage: string;
  paused: boolean;
  riskLevel: string;
  assigneeId: string | null;
  deadlines: Deadline[];
  nextDueAt: string | null;
  nextDueKind: string | null;
  warned: boolean;
  createdAt: string;
}

async function intake(key: string, overrides: Record<string, unknown> = {}): Promise<View> {
  const res = await request(stack.app)
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${me}`)
    .set('Idempotency-Key', runKey(key))
    .send(intakeBody(overrides));
  expect(res.status).toBe(201);
  return res.body as View;
}

async function act(token: string, id: string, action: string, body: Record<string, unknown>): Promise<View> {
  const res = await request(stack.app)
    .post(`/api/v1/cases/${id}/actions/${action}`)
    .set('Authorization', `Bearer ${token}`)
    .send(body);
  expect([action, res.status]).toEqual([action, 200]);
  return res.body as View;
}

const list = async (token: string, query: string): Promise<{ items: View[]; nextCursor: string | null }> => {
  const res = await request(stack.app).get(`/api/v1/cases?${query}`).set('Authorization', `Bearer ${token}`);
  expect([query, res.status]).toEqual([query, 200]);
  return res.body as { items: View[]; nextCursor: string | null };
};
const listIds = async (token: string, query: string) =>
  (await list(token, `limit=100&${query}`)).items.map((v) => v.id).sort();
const counts = async (token: string, views?: string) =>
  (
    await request(stack.app)
      .get(`/api/v1/cases/counts${views ? `?views=${views}` : ''}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200)
  ).body as Record<string, number>;

async function view(id: string): Promise<View> {
  return (await request(stack.app).get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${me}`)).body as View;
}

async function until(what: string, check: () => Promise<boolean>, ms = 40_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The spec's order: the earliest running deadline's dueAt first, cases without one last. */
const nextDue = (v: View): string | null =>
  v.deadlines
    .filter((d) => d.status === 'running')
    .map((d) => d.dueAt)
    .sort()[0] ?? null;

beforeAll(async () => {
  stack = await startTestStack({ policy: shortPolicy({ acceptance: 20 }, 3600) });
  me = await stack.token('mediator', ROOM, ME);
  supervisor = await stack.token('supervisor', 'ND-JC');
  ids.registered = (await intake('q-registered')).id;
  ids.highRisk = (await intake('q-high', { riskLevel: 'high' })).id;
  ids.mine = (await intake('q-mine')).id;
  await act(me, ids.mine, 'accept', { track: 'people', assigneeId: ME });
  ids.paused = (await intake('q-paused')).id;
  await act(me, ids.paused, 'accept', { track: 'people', assigneeId: 'u-other' });
  await act(me, ids.paused, 'pause', { reason: '当事人住院' });
  ids.transferred = (await intake('q-transferred')).id;
  await act(me, ids.transferred, 'accept', { track: 'people', assigneeId: 'u-other' });
  await act(supervisor, ids.transferred, 'transfer', { toOrgUnitId: 'ND-JC-ZW', reason: '当事人住漳湾' });
});
afterAll(() => stack.close());

it('gives each case its next running deadline and its kind', async () => {
  for (const id of Object.values(ids)) {
    const v = await view(id);
    const next = v.deadlines.filter((d) => d.status === 'running').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
    expect([id, v.nextDueAt, v.nextDueKind]).toEqual([id, next?.dueAt ?? null, next?.kind ?? null]);
  }
});

it('filters by assigneeId=me, paused and transferTo=me', async () => {
  expect(await listIds(me, 'assigneeId=me')).toEqual([ids.mine]);
  expect(await listIds(me, 'paused=true')).toEqual([ids.paused]);
  expect(await listIds(me, 'paused=false')).not.toContain(ids.paused);
  const zhangwan = await stack.token('supervisor', 'ND-JC-ZW', 'u-zw');
  expect(await listIds(zhangwan, 'transferTo=me')).toEqual([ids.transferred]);
  expect(await listIds(me, 'transferTo=me')).toEqual([]);
});

it('sorts by the next due instant, cases without a running deadline last, across pages', async () => {
  // Ties (cases due at one instant) come in registration order, then by id (decisions.md 67).
  const all = await Promise.all(Object.values(ids).map(view));
  const expected = [...all]
    .sort((a, b) => {
      const [x, y] = [nextDue(a), nextDue(b)];
      if (x === y) return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
      if (x === null) return 1;
      if (y === null) return -1;
      return x.localeCompare(y);
    })
    .map((v) => v.id);
  expect(all.some((v) => nextDue(v) === null)).toBe(true); // the paused case: its clocks stand still
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: View[]; nextCursor: string | null } = await list(
      me,
      `sort=nextDueAt&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    seen.push(...page.items.map((v) => v.id));
    cursor = page.nextCursor;
  } while (cursor);
  expect(seen).toEqual(expected);
});

it('counts each tab within the caller’s visibility, as the list filters find them', async () => {
  const c = await counts(me);
  expect(Object.keys(c).sort()).toEqual(
    ['dueSoon', 'highRisk', 'incoming', 'mine', 'overdue', 'paused', 'unaccepted'].sort(),
  );
  expect(c).toMatchObject({ unaccepted: 2, mine: 1, paused: 1, highRisk: 1, incoming: 0 });
  expect(await counts(me, 'mine,paused')).toEqual({ mine: 1, paused: 1 });
  // Each tab's list holds what its badge counts.
  for (const [v, n] of Object.entries(c)) expect([v, (await listIds(me, `view=${v}`)).length]).toEqual([v, n]);
  expect(await listIds(me, 'view=highRisk')).toEqual([ids.highRisk]);
  expect(await listIds(me, 'view=unaccepted')).toEqual([ids.registered, ids.highRisk].sort());
  const zhangwan = await stack.token('supervisor', 'ND-JC-ZW', 'u-zw');
  expect((await counts(zhangwan, 'incoming')).incoming).toBe(1);
  const elsewhere = await stack.token('mediator', 'ND-FA-CY-ROOM');
  expect(Object.values(await counts(elsewhere)).every((n) => n === 0)).toBe(true);
});

it('moves a registered case to 即将到期 at its warning point and to 已超期 at its breach', async () => {
  const state = async (id: string) => (await view(id)).deadlines.find((d) => d.kind === 'acceptance')!;
  // The workflow records each warning when its timer fires at the warning point.
  await until('the warnings', async () =>
    (await Promise.all([ids.registered, ids.highRisk].map(state))).every((d) => Date.now() >= Date.parse(d.warnAt)),
  );
  await until('the warnings recorded', async () =>
    (await Promise.all([ids.registered, ids.highRisk].map(view))).every((v) => v.warned),
  );
  const acceptance = await state(ids.registered);
  expect(acceptance.status).toBe('running');
  expect(await listIds(me, 'warned=true')).toEqual([ids.highRisk, ids.registered].sort());
  expect((await counts(me, 'dueSoon,overdue')).dueSoon).toBe(2);
  expect(await listIds(me, `dueBefore=${encodeURIComponent(acceptance.dueAt)}`)).toEqual([]);
  const later = new Date(Date.parse(acceptance.dueAt) + 1000).toISOString();
  expect(await listIds(me, `dueBefore=${encodeURIComponent(later)}`)).toEqual([ids.highRisk, ids.registered].sort());

  await until('the breach', async () => (await state(ids.highRisk)).status === 'breached');
  expect(await counts(me, 'dueSoon,overdue')).toEqual({ dueSoon: 0, overdue: 2 });
});

it('counts open and overdue cases per owner unit for the org tree, as the case views say', async () => {
  const res = await request(stack.app).get('/api/v1/cases/counts-by-unit').set('Authorization', `Bearer ${supervisor}`);
  expect(res.status).toBe(200);
  // The oracle: every case the supervisor may see, grouped by owner; overdue as api.md "Queues" defines
  // 已超期 (a running deadline past due, or a breached one, on an open case).
  const now = Date.now();
  const expected = new Map<string, { orgUnitId: string; open: number; overdue: number }>();
  for (const v of (await list(supervisor, 'limit=100')).items as Array<View & { ownerOrgUnitId: string }>) {
    if (v.stage === 'closed') continue;
    const row = expected.get(v.ownerOrgUnitId) ?? { orgUnitId: v.ownerOrgUnitId, open: 0, overdue: 0 };
    row.open++;
    if (v.deadlines.some((d) => (d.status === 'running' && Date.parse(d.dueAt) < now) || d.status === 'breached'))
      row.overdue++;
    expected.set(v.ownerOrgUnitId, row);
  }
  expect(res.body.items).toEqual([...expected.values()].sort((a, b) => a.orgUnitId.localeCompare(b.orgUnitId)));
  const items = res.body.items as Array<{ orgUnitId: string; overdue: number }>;
  expect(items.find((r) => r.orgUnitId === ROOM)).toMatchObject({ overdue: 2 });
  // Nothing outside the caller's scope; a stray parameter is a 400.
  const elsewhere = await stack.token('mediator', 'ND-FA-CY-ROOM');
  expect(
    (await request(stack.app).get('/api/v1/cases/counts-by-unit').set('Authorization', `Bearer ${elsewhere}`)).body,
  ).toEqual({ items: [] });
  expect(
    (await request(stack.app).get('/api/v1/cases/counts-by-unit?x=1').set('Authorization', `Bearer ${supervisor}`))
      .status,
  ).toBe(400);
});

it('refuses unknown views (400) and the admin role (403)', async () => {
  const bad = await request(stack.app)
    .get('/api/v1/cases/counts?views=mine,everything')
    .set('Authorization', `Bearer ${me}`);
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].path).toBe('views');
  const admin = await stack.token('admin', 'ND');
  expect((await request(stack.app).get('/api/v1/cases/counts').set('Authorization', `Bearer ${admin}`)).status).toBe(
    403,
  );
  const sort = await request(stack.app).get('/api/v1/cases?sort=dueDate').set('Authorization', `Bearer ${me}`);
  expect(sort.status).toBe(400);
});

it('takes a case out of 移交待接收 once the court has taken it over for confirmation', async () => {
  const c = await intake('q-confirmation');
  await act(me, c.id, 'accept', { track: 'people', assigneeId: ME });
  await act(me, c.id, 'record-session', {
    heldAt: new Date().toISOString(),
    mode: 'on_site',
    attendees: ['林某', '陈某'],
    notes: '双方到场',
  });
  await act(me, c.id, 'record-agreement', {
    terms: '赔偿 800 元',
    signedOn: shanghaiToday(),
  });
  await act(me, c.id, 'request-confirmation', { courtId: 'ND-JC-COURT' });
  const liaison = await stack.token('liaison', 'ND-JC-COURT', 'u-court');
  expect(await listIds(liaison, 'transferTo=me')).toEqual([c.id]);
  const reviewed = await act(liaison, c.id, 'take-over', {});
  expect(reviewed.stage).toBe('under_review'); // it keeps its transfer while the court reviews it
  expect(await listIds(liaison, 'transferTo=me')).toEqual([]);
  expect(await counts(liaison, 'incoming')).toEqual({ incoming: 0 });
});
