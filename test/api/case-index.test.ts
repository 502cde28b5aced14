/**
 * The case rows of listing and the queues (api/case-index.ts, decision 63) when the store fails or a case
 * leaves it: a request that cannot bring the rows up to date fails as unavailable (503, api.md "Errors"),
 * never answers from rows it knows to be old, and the next request reads them all again; and when a
 * change reaches the live feed late, after changes stamped later (api.md: a live event "may come twice,
 * never not at all").
 */
import { mongo } from 'mongoose';
import { CaseIndex } from '../../api/case-index';
import { nextDueFirst } from '../../api/case-queries';
import { toAppError } from '../../api/errors';
import { LiveFeed } from '../../api/live-feed';
import { FEED_WRITE_WITHIN_MS, writeToFeed } from '../../db/live-feed-writes';
import type { LiveEventDoc } from '../../db/models';
import { storeCaseChange, storeCases, syntheticCases } from '../../scripts/synthetic-cases';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

const mine = { _id: { $regex: '^ix-' } };

/** Stores `count` registered cases `<prefix>-000000`… of one room, with their feed entries. */
async function storeRegistered(prefix: string, count: number): Promise<void> {
  const cases = syntheticCases(stack.tree, { count, prefix, start: Date.now(), units: ['ND-JC-CN'] });
  await storeCases(
    stack.db.models,
    cases.map((c) => ({ ...c, stage: 'registered', outcome: null })),
  );
}

test('when a case changes five times between two polls, then the next poll reads it once (issue 14: no redundant reads)', async () => {
  const { models } = stack.db;
  const index = new CaseIndex(models, new LiveFeed(models, { lookbackMs: 2_000 }));
  await storeRegistered('rr', 1);
  const only = { _id: 'rr-000000' };
  expect(await index.select(only)).toHaveLength(1);
  for (let version = 4; version <= 8; version++) {
    await models.Case.updateOne(only, { $set: { version, summary: `change ${version}` } });
    await storeCaseChange(models, only._id, version);
  }
  const findById = jest.spyOn(models.Case, 'findById');
  try {
    expect(await index.select(only)).toEqual([expect.objectContaining({ version: 8, summary: 'change 8' })]);
    expect(findById.mock.calls.filter(([id]) => id === only._id)).toHaveLength(1);
  } finally {
    findById.mockRestore();
    index.close();
  }
});

test('when a changed case cannot be read again, then that request is unavailable and the next one shows the change', async () => {
  const { models } = stack.db;
  const index = new CaseIndex(models, new LiveFeed(models, { lookbackMs: 2_000 }));
  await storeRegistered('ix', 3);
  expect((await index.select(mine)).map((r) => r.stage)).toEqual(['registered', 'registered', 'registered']);

  await models.Case.updateOne({ _id: 'ix-000001' }, { $set: { stage: 'accepted', version: 4 } });
  await storeCaseChange(stack.db.models, 'ix-000001', 4);
  const down = new mongo.MongoNetworkError('connection closed');
  const findById = jest.spyOn(models.Case, 'findById').mockImplementationOnce(() => {
    throw down;
  });
  const failed = await index.select(mine).catch((err: unknown) => err);
  expect(toAppError(failed).code).toBe('unavailable');
  findById.mockRestore();

  // Back: the rows are read again, with the change.
  const rows = await index.select(mine);
  expect(rows.find((r) => r._id === 'ix-000001')).toMatchObject({ stage: 'accepted', version: 4 });

  // A case no longer stored leaves the rows.
  await models.Case.deleteOne({ _id: 'ix-000002' });
  await storeCaseChange(stack.db.models, 'ix-000002', 5);
  expect((await index.select(mine)).map((r) => r._id).sort()).toEqual(['ix-000000', 'ix-000001']);
  index.close();
});

test('when cases are due at the same instant, then the queue lists the one registered first first, across pages', async () => {
  const { models } = stack.db;
  const index = new CaseIndex(models, new LiveFeed(models, { lookbackMs: 2_000 }));
  const due = new Date(Date.now() + 3 * 86_400_000).toISOString();
  // Registered one second apart; ids run the other way, so an order by id alone would reverse them.
  const sameDay = syntheticCases(stack.tree, { count: 4, prefix: 'tb', start: Date.now(), units: ['ND-JC-CN'] }).map(
    (c, i) => ({ ...c, _id: `tb-${3 - i}`, id: `tb-${3 - i}`, stage: 'registered', outcome: null, nextDueAt: due }),
  );
  // Paused (no running deadline), registered at one instant, stored out of id order: last, by id.
  const undated = ['tb-9', 'tb-7', 'tb-8'].map((id) => ({
    ...sameDay[3]!,
    _id: id,
    id,
    caseNo: `ND-2026-${id}`,
    nextDueAt: null,
    paused: true,
  }));
  await storeCases(models, [...undated, ...sameDay]);

  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await nextDueFirst(models, index, [{ _id: { $regex: '^tb-' } }], 2, cursor);
    seen.push(...page.docs.map((d) => d._id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  // Pages of two: the third ends inside the cases without a deadline, so a cursor resumes there too.
  expect(seen).toEqual(['tb-3', 'tb-2', 'tb-1', 'tb-0', 'tb-7', 'tb-8', 'tb-9']);

  // A cursor without the registration time (the shape before decision 67) is refused as malformed.
  const oldShape = Buffer.from(JSON.stringify({ d: due, i: 'tb-2' })).toString('base64url');
  const refused = await nextDueFirst(models, index, [], 2, oldShape).catch((err: unknown) => err);
  expect(toAppError(refused).code).toBe('validation_failed');
  index.close();
});

test('when a change reaches the feed seconds after its stamp, after a later change was passed on, then the rows still show it', async () => {
  const { models } = stack.db;
  const index = new CaseIndex(models, new LiveFeed(models, { lookbackMs: 1_500 }));
  await storeRegistered('lf', 2);
  const stages = async () =>
    Object.fromEntries((await index.select({ _id: { $regex: '^lf-' } })).map((r) => [r._id, r.stage]));
  expect(await stages()).toEqual({ 'lf-000000': 'registered', 'lf-000001': 'registered' });

  // The first change's feed write is held up (a slow store, a wait for a pooled connection)...
  const feed = models.LiveEvent.collection;
  const insertMany = feed.insertMany.bind(feed);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  jest.spyOn(feed, 'insertMany').mockImplementationOnce(async (...args) => {
    await held;
    return insertMany(...args);
  });
  await models.Case.updateOne({ _id: 'lf-000000' }, { $set: { stage: 'accepted', version: 4 } });
  const late = storeCaseChange(models, 'lf-000000', 4);
  // ...while a change stamped two seconds after it, beyond the lookback, is passed on first.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await models.Case.updateOne({ _id: 'lf-000001' }, { $set: { stage: 'accepted', version: 4 } });
  await storeCaseChange(models, 'lf-000001', 4);
  expect(await stages()).toEqual({ 'lf-000000': 'registered', 'lf-000001': 'accepted' });

  release();
  await late;
  expect(await stages()).toEqual({ 'lf-000000': 'accepted', 'lf-000001': 'accepted' });
  jest.restoreAllMocks();
  index.close();
});

test('when a feed reader would look back no further than a write may take, then it is refused', () => {
  expect(() => new LiveFeed(stack.db.models, { lookbackMs: FEED_WRITE_WITHIN_MS })).toThrow(/lookbackMs/);
});

describe('writing the live feed', () => {
  const entry =
    (key: string) =>
    (stamp: string): LiveEventDoc[] => [
      { _id: `${stamp}|c|${key}`, at: stamp, type: 'case.changed', caseId: key, version: 1 },
    ];
  const stored = (key: string) => stack.db.models.LiveEvent.countDocuments({ caseId: key });

  test('when every write comes back late, then it is written three times under new stamps and the caller is told', async () => {
    let now = Date.parse('2026-11-28T03:00:00Z');
    const late: number[] = [];
    // Each write appears to take 2 s: the clock moves on by that much at each reading.
    const clock = () => (now += 2_000);
    await writeToFeed(stack.db.models, entry('wf-late'), { clock, onLate: (ms) => late.push(ms) });
    expect(await stored('wf-late')).toBe(3);
    expect(late).toEqual([2_000]);
  });

  test('when a write fails for another reason than an entry already stored, then the caller gets the error', async () => {
    const { collection } = stack.db.models.LiveEvent;
    const refused = Object.assign(new Error('document failed validation'), { writeErrors: [{ code: 121 }] });
    jest.spyOn(collection, 'insertMany').mockRejectedValueOnce(refused);
    await expect(writeToFeed(stack.db.models, entry('wf-refused'))).rejects.toBe(refused);
    const mixed = Object.assign(new Error('bulk'), { code: 11000, writeErrors: [{ code: 11000 }, { code: 121 }] });
    jest.spyOn(collection, 'insertMany').mockRejectedValueOnce(mixed);
    await expect(writeToFeed(stack.db.models, entry('wf-mixed'))).rejects.toBe(mixed);
    const duplicates = Object.assign(new Error('bulk'), { code: 11000, writeErrors: { code: 11000 } });
    jest.spyOn(collection, 'insertMany').mockRejectedValueOnce(duplicates);
    await expect(writeToFeed(stack.db.models, entry('wf-dup'))).resolves.toBeUndefined();
    jest.restoreAllMocks();
  });
});
