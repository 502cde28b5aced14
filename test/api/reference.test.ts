import request from 'supertest';
import { CURRENT_POLICY } from '../../domain/deadline-policy';
import { CalendarStore } from '../../db/calendar-store';
import { PolicyStore } from '../../db/policy-store';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let token: string;

beforeAll(async () => {
  stack = await startTestStack();
  token = await stack.token('auditor', 'ND-JC');
});
afterAll(() => stack.close());

const get = (path: string) => request(stack.app).get(path).set('Authorization', `Bearer ${token}`);

describe('deadline-preview', () => {
  test.each([
    ['mediation', 'people', '', '2026-09-01', '2026-10-08', false],
    ['mediation', 'people', 'labor', '2026-02-01', '2026-02-24', false],
    ['acceptance', '', '', '2026-09-30', '2026-10-10', false],
    ['confirmation_window', '', '', '2026-04-30', '2026-06-01', false],
    ['mediation', 'people', '', '2026-01-31', '2026-02-28', false],
    ['mediation', 'people', '', '2026-12-31', '2027-02-01', true],
  ])(
    'when a %s (%s/%s) period starts on %s, then it is due on %s',
    async (kind, track, subtrack, start, dueDate, provisional) => {
      const q = new URLSearchParams({ kind, start, ...(track ? { track } : {}), ...(subtrack ? { subtrack } : {}) });
      const res = await get(`/api/v1/deadline-preview?${q.toString()}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        dueDate,
        provisional,
        dueAt: new Date(Date.parse(`${dueDate}T00:00:00+08:00`) + 86_400_000).toISOString(),
      });
      expect(res.body.basis).toEqual(expect.any(String));
      expect(res.body.calendarVersion).toBe('chinese-days@1.5.7/2004-2026');
    },
  );

  test('when the period ends in a year the calendar does not cover, then 400 listing the field', async () => {
    const res = await get('/api/v1/deadline-preview?kind=mediation&track=people&start=1999-03-01');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'start' })]);
  });

  test('when the start is not a date, then 400 listing the field', async () => {
    const res = await get('/api/v1/deadline-preview?kind=mediation&start=2026-02-30');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'start' })]);
  });
});

test('the policy in force is served with its version and the legal basis of every entry', async () => {
  const res = await get('/api/v1/policies');
  expect(res.status).toBe(200);
  expect(res.body.version).toBe(CURRENT_POLICY.version);
  expect(res.body.effectiveFrom).toBe(CURRENT_POLICY.effectiveFrom);
  expect(res.body.entries.length).toBe(CURRENT_POLICY.entries.length);
  for (const e of res.body.entries as Array<{ basis: string; basisType: string }>) {
    expect(e.basis.length).toBeGreaterThan(2);
    expect(['statutory', 'practice']).toContain(e.basisType);
  }
});

test('the policies route also names the policy and calendar new cases get, and the versions in force', async () => {
  const res = await get('/api/v1/policies');
  expect(res.body).toMatchObject({
    current: CURRENT_POLICY.version,
    versions: expect.arrayContaining([
      expect.objectContaining({ version: '2026.1', effectiveFrom: '2026-01-01', origin: 'bundled' }),
    ]),
    calendar: {
      current: 'chinese-days@1.5.7/2004-2026',
      versions: [expect.objectContaining({ version: 'chinese-days@1.5.7/2004-2026', years: [] })],
    },
  });
});

test('when a county policy version is recorded, then it is listed, and other rows under the same version are refused', async () => {
  const store = new PolicyStore(stack.db.conn);
  const county = { ...CURRENT_POLICY, version: 'test-county.1', basedOn: '2026.1' };
  await store.register(county);
  await store.register(county); // the same rows again: a restart
  await expect(store.register({ ...county, effectiveFrom: '2027-01-01' })).rejects.toMatchObject({
    code: 'policy_version_conflict',
  });
  expect(await store.get('test-county.1')).toEqual(county);
  await expect(store.get('nope')).rejects.toMatchObject({ code: 'unknown_policy_version' });
  const res = await get('/api/v1/policies');
  expect(res.body.versions).toEqual(
    expect.arrayContaining([expect.objectContaining({ version: 'test-county.1', basedOn: '2026.1', origin: 'file' })]),
  );
});

// Last: it installs a calendar in this file's database, which every later preview would count with.
test('when an official 2027 calendar is installed, then the preview counts with it and is no longer provisional', async () => {
  const { spec } = await new CalendarStore(stack.db.conn).install(
    [{ year: 2027, holidays: ['2027-02-01'], workdays: [] }],
    { label: 'test-2027', by: 'admin-1' },
  );
  // 1 month from 2026-12-31 is Sun 31 Jan 2027; Mon 1 Feb is an official holiday here, so Tue 2 Feb.
  const res = await get('/api/v1/deadline-preview?kind=mediation&track=people&start=2026-12-31');
  expect(res.body).toMatchObject({ dueDate: '2027-02-02', provisional: false, calendarVersion: spec.version });
  const policies = await get('/api/v1/policies');
  expect(policies.body.calendar.current).toBe('chinese-days@1.5.7/2004-2026+test-2027');
});

test('the org units are served flat with their kinds, parents and whether they are closed', async () => {
  const res = await get('/api/v1/org-units');
  expect(res.status).toBe(200);
  expect(res.body).toEqual(
    expect.arrayContaining([
      { id: 'ND-JC-JN-ROOM', name: expect.any(String), kind: 'station_room', parentId: 'ND-JC-JN', closed: false },
    ]),
  );
});
