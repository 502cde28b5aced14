/**
 * Every per-action read and write of the read model is served by the `_id` index, so its cost does
 * not grow with the archive (issue 14). On the embedded FerretDB this holds only with our patch
 * (scripts/ferretdb-launcher/patches): FerretDB as published scans the table for every `_id` lookup
 * and decodes every document for `{ _id, version: { $lt } }`. Checked with `explain` on the filters
 * the code sends: the SQLite plan must SEARCH the `_id` index; on MongoDB the plan must not COLLSCAN.
 */
import type { mongo } from 'mongoose';
import { startTestStack, type TestStack } from '../support/stack';

type Doc = { _id: string; version?: number };

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

/** The query plan of an explain, as text. */
async function plan(collection: mongo.Collection<Doc>, filter: mongo.Filter<Doc>): Promise<string> {
  const explained = await collection.find(filter).explain();
  return JSON.stringify(explained.queryPlanner);
}

async function isFerretDb(collection: mongo.Collection<Doc>): Promise<boolean> {
  const explained = await collection.find({}).explain();
  return (explained.serverInfo as { ferretdbVersion?: string } | undefined)?.ferretdbVersion !== undefined;
}

const filters: Record<string, { collection: string; filter: mongo.Filter<Doc> }> = {
  'findById of a case': { collection: 'cases', filter: { _id: 'case-1' } },
  'the conditional update of recordEvents': { collection: 'cases', filter: { _id: 'case-1', version: { $lt: 4 } } },
  'the lookup of a stored event': { collection: 'case_events', filter: { _id: 'case-1:3' } },
};

describe.each(Object.entries(filters))('%s', (_what, { collection, filter }) => {
  test('is answered from the _id index, not by a scan', async () => {
    const coll = stack.db.conn.db!.collection<Doc>(collection);
    const text = await plan(coll, filter);
    if (await isFerretDb(coll)) expect(text).toMatch(/SEARCH \S+ USING INDEX \S+__id_ /);
    else expect(text).not.toMatch(/COLLSCAN/);
  });
});
