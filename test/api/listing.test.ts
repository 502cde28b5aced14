/** Listing: filters, scope and cursor pages that stay stable while new cases arrive. */
import request from 'supertest';
import { syntheticCases } from '../../scripts/synthetic-cases';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
const UNITS = ['ND-JC-JN-ROOM', 'ND-JC-JN-V01', 'ND-JC-ZW-ROOM', 'ND-JC-CN', 'ND-FA-CY-ROOM'];

beforeAll(async () => {
  stack = await startTestStack();
  await stack.db.models.Case.collection.insertMany(
    syntheticCases(stack.tree, {
      count: 1500,
      prefix: 'a',
      start: Date.parse('2026-06-01T00:00:00Z'),
      units: UNITS,
    }),
  );
});
afterAll(() => stack.close());

async function walk(token: string, query: string, during?: () => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res: request.Response = await request(stack.app)
      .get(`/api/v1/cases?${query}&limit=37${cursor ? `&cursor=${cursor}` : ''}`)
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    ids.push(...(res.body.items as Array<{ id: string }>).map((c) => c.id));
    cursor = res.body.nextCursor as string | null;
    if (during) await during();
  } while (cursor);
  return ids;
}

test('when new cases are registered while a filtered list is paged, then every page walk sees each earlier case exactly once', async () => {
  const token = await stack.token('supervisor', 'ND-JC', 'sup');
  const expected = (
    await stack.db.models.Case.find({ stage: 'in_mediation', ownerPath: 'ND-JC' }).select({ _id: 1 }).lean()
  )
    .map((d) => d._id)
    .sort();
  expect(expected.length).toBeGreaterThan(150);
  let batch = 0;
  const insertSome = async () => {
    batch++;
    await stack.db.models.Case.collection.insertMany(
      syntheticCases(stack.tree, { count: 20, prefix: `new${batch}`, start: Date.now(), units: UNITS }),
    );
  };
  const seen = await walk(token, 'stage=in_mediation', insertSome);
  expect(batch).toBeGreaterThan(3);
  expect(new Set(seen).size).toBe(seen.length); // no duplicates
  expect(seen.filter((id) => !id.startsWith('new')).sort()).toEqual(expected); // none missing
});

test('when filters combine, then only matching cases in scope come back, newest first', async () => {
  const token = await stack.token('mediator', 'ND-JC-JN-ROOM', 'm');
  const res = await request(stack.app)
    .get('/api/v1/cases?category=marriage_family&riskLevel=low&limit=100')
    .set('Authorization', `Bearer ${token}`);
  const items = res.body.items as Array<{
    category: string;
    riskLevel: string;
    ownerOrgUnitId: string;
    createdAt: string;
  }>;
  expect(items.length).toBeGreaterThan(0);
  for (const c of items)
    expect(c).toMatchObject({ category: 'marriage_family', riskLevel: 'low', ownerOrgUnitId: 'ND-JC-JN-ROOM' });
  expect(items.map((c) => c.createdAt)).toEqual([...items.map((c) => c.createdAt)].sort().reverse());
  const q = await request(stack.app)
    .get('/api/v1/cases?q=boundary&overdue=true&limit=100')
    .set('Authorization', `Bearer ${token}`);
  for (const c of q.body.items as Array<{ summary: string; deadlines: unknown }>)
    expect(c.summary).toContain('boundary');
  const bad = await request(stack.app).get('/api/v1/cases?cursor=not-a-cursor').set('Authorization', `Bearer ${token}`);
  expect(bad.status).toBe(400);
});
