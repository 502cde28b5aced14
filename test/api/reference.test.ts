import request from 'supertest';
import { CURRENT_POLICY } from '../../domain/deadline-policy';
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
    },
  );

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
  expect(res.body.entries.length).toBe(CURRENT_POLICY.entries.length);
  for (const e of res.body.entries as Array<{ basis: string }>) expect(e.basis.length).toBeGreaterThan(2);
});

test('the org units are served flat with their kinds and parents', async () => {
  const res = await get('/api/v1/org-units');
  expect(res.status).toBe(200);
  expect(res.body).toEqual(
    expect.arrayContaining([
      { id: 'ND-JC-JN-ROOM', name: expect.any(String), kind: 'station_room', parentId: 'ND-JC-JN' },
    ]),
  );
});
