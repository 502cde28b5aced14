/** Listing: filters, scope and cursor pages that stay stable while new cases arrive. */
import request from 'supertest';
import { storeCaseChange, storeCases, syntheticCases } from '../../scripts/synthetic-cases';
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
    await storeCases(
      stack.db.models,
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

test('when a case is stored or changed after the list was read, then the next list and counts show it at once', async () => {
  const token = await stack.token('mediator', 'ND-JC-CN', 'm-cn');
  const list = async (query: string) =>
    (
      await request(stack.app)
        .get(`/api/v1/cases?${query}&limit=100`)
        .set('Authorization', `Bearer ${token}`)
        .expect(200)
    ).body.items as Array<{ id: string; stage: string }>;
  const counts = async () =>
    (await request(stack.app).get('/api/v1/cases/counts').set('Authorization', `Bearer ${token}`).expect(200))
      .body as Record<string, number>;
  const before = await counts();
  const [fresh] = syntheticCases(stack.tree, { count: 1, prefix: 'late', start: Date.now(), units: ['ND-JC-CN'] });
  await storeCases(stack.db.models, [{ ...fresh, stage: 'registered', outcome: null }]);
  expect((await list('stage=registered')).map((c) => c.id)).toContain('late-000000');
  expect((await counts()).unaccepted).toBe(before.unaccepted! + 1);

  // The worker accepts it: a newer version of the case, then its entry.
  await stack.db.models.Case.updateOne({ _id: 'late-000000' }, { $set: { stage: 'accepted', version: 4 } });
  await storeCaseChange(stack.db.models, 'late-000000', 4);
  expect((await list('stage=registered')).map((c) => c.id)).not.toContain('late-000000');
  expect((await list('stage=accepted')).find((c) => c.id === 'late-000000')).toMatchObject({ stage: 'accepted' });
  expect((await counts()).unaccepted).toBe(before.unaccepted);
});
