/**
 * The inbox as two API processes serve it from their read models (api/inbox-index.ts; api.md
 * "Notifications and live events": newest first, unread only when asked, read state per user, the unread
 * count), while a worker stores items and announces them on the live feed as the dispatch does: every
 * process shows the items stored before a request, and a mark made through one process holds in the
 * other (also when it has made more marks than a user's mark log keeps, when marks are made at once
 * through one, or when everything of a user with very many unread is marked); pages give every item
 * once, in order; an item the clean-up removed is not shown; a mark made before the item's feed entry
 * was visible still holds; mark-all leaves an item the user has not seen yet unread; a user's rows read
 * again keep a mark applied while the read ran. Counts are checked through requests that read one item (the bell's: the
 * newest unread only), so the rest come from the process's rows, not from items read again.
 */
import { randomUUID } from 'node:crypto';
import { InboxIndex } from '../../api/inbox-index';
import { LiveFeed } from '../../api/live-feed';
import { writeToFeed } from '../../db/live-feed-writes';
import type { InboxItemDoc, LiveEventDoc } from '../../db/models';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
const processes: InboxIndex[] = [];
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  for (const p of processes) p.close();
  await stack.close();
});

/** An API process's inbox: its own feed reader over the shared store. */
function apiProcess(): InboxIndex {
  const p = new InboxIndex(stack.db.models, new LiveFeed(stack.db.models, { lookbackMs: 2_000 }));
  processes.push(p);
  return p;
}

const item = (userId: string, n: number, at: string): InboxItemDoc => ({
  _id: `case-${userId}:${n}:${userId}`,
  userId,
  notificationId: `case-${userId}:${n}`,
  caseId: `case-${userId}`,
  caseNo: 'ND-2026-000001',
  kind: 'deadline.breached',
  title: `通知 ${n}`,
  detail: '期限已届满',
  at,
  readAt: null,
});

/** The items' feed entries, as the worker's dispatch writes them (stamped when written). */
async function announce(items: InboxItemDoc[]): Promise<void> {
  await writeToFeed(stack.db.models, (stamp) =>
    items.map((i): LiveEventDoc => ({
      _id: `${stamp}|n|${i._id}`,
      at: i.at,
      type: 'notification.created',
      caseId: i.caseId,
      userId: i.userId,
      item: i,
    })),
  );
}

/** What the worker's dispatch does: the items, then their feed entries. */
async function store(items: InboxItemDoc[]): Promise<void> {
  await stack.db.models.InboxItem.collection.insertMany(items as never[]);
  await announce(items);
}

const minute = (m: number) => new Date(Date.UTC(2026, 10, 28, 8, m)).toISOString();
const titles = (page: { items: InboxItemDoc[] }) => page.items.map((i) => i.title);
const all = { unread: false, limit: 50 };
const unread = { unread: true, limit: 50 };
/** What the console's bell asks for: the newest unread item and the count. */
const bell = { unread: true, limit: 1 };

test('items stored before and after a process first reads are shown newest first, with the unread count', async () => {
  const user = `u-${randomUUID()}`;
  await store([item(user, 1, minute(1)), item(user, 2, minute(2))]);
  const a = apiProcess();
  expect(titles(await a.page(user, all))).toEqual(['通知 2', '通知 1']);

  await store([item(user, 3, minute(3))]);
  const page = await a.page(user, all);
  expect(titles(page)).toEqual(['通知 3', '通知 2', '通知 1']);
  expect(page.unreadCount).toBe(3);
  expect((await a.page(`u-${randomUUID()}`, all)).items).toEqual([]);
});

test('a mark made through one process holds in the other: one, then all', async () => {
  const user = `u-${randomUUID()}`;
  const other = `u-${randomUUID()}`;
  await store([
    item(user, 1, minute(1)),
    item(user, 2, minute(2)),
    item(user, 3, minute(3)),
    item(other, 1, minute(1)),
  ]);
  const [a, b] = [apiProcess(), apiProcess()];
  expect((await a.page(user, unread)).unreadCount).toBe(3);
  expect((await b.page(user, unread)).unreadCount).toBe(3);

  const marked = await b.markRead(user, `case-${user}:2:${user}`, new Date());
  expect(marked?.readAt).toEqual(expect.any(String));
  expect((await a.page(user, bell)).unreadCount).toBe(2);
  const seenByA = await a.page(user, unread);
  expect(titles(seenByA)).toEqual(['通知 3', '通知 1']);
  expect(seenByA.unreadCount).toBe(2);
  expect((await a.page(user, all)).items.find((i) => i.title === '通知 2')?.readAt).toBe(marked?.readAt);
  // Nobody else's.
  expect(await b.markRead(user, `case-${other}:1:${other}`, new Date())).toBeNull();
  expect((await a.page(other, unread)).unreadCount).toBe(1);

  expect(await a.markAllRead(user, new Date())).toEqual({ marked: 2, unreadCount: 0 });
  expect((await b.page(user, { unread: false, limit: 1 })).unreadCount).toBe(0);
  expect((await b.page(user, unread)).items).toEqual([]);
  expect((await b.page(user, all)).unreadCount).toBe(0);
  expect((await b.page(other, all)).unreadCount).toBe(1);
  // An item arriving after mark-all is unread.
  await store([item(user, 4, minute(4))]);
  expect(titles(await b.page(user, unread))).toEqual(['通知 4']);
});

test('pages give every item once, newest first, ties by id', async () => {
  const user = `u-${randomUUID()}`;
  // Two at the same instant: the larger id first (MongoDB's order of `{ at: -1, _id: -1 }`).
  await store([1, 2, 3, 4, 5].map((n) => item(user, n, minute(n === 5 ? 4 : n))));
  const a = apiProcess();
  const seen: string[] = [];
  let after: { at: string; id: string } | undefined;
  for (let i = 0; i < 5; i++) {
    const page = await a.page(user, { unread: false, limit: 2, after });
    seen.push(...titles(page));
    if (!page.last) break;
    after = page.last;
  }
  expect(seen).toEqual(['通知 5', '通知 4', '通知 3', '通知 2', '通知 1']);
});

test('an item the clean-up removed is not shown, and the page is still full', async () => {
  const user = `u-${randomUUID()}`;
  await store([1, 2, 3].map((n) => item(user, n, minute(n))));
  const a = apiProcess();
  await a.markRead(user, `case-${user}:2:${user}`, new Date());
  expect((await a.page(user, all)).items).toHaveLength(3);
  await stack.db.models.InboxItem.deleteOne({ _id: `case-${user}:2:${user}` });
  const page = await a.page(user, { unread: false, limit: 2 });
  expect(titles(page)).toEqual(['通知 3', '通知 1']);
  expect(page.last).toBeNull();
  expect(page.unreadCount).toBe(2);
});

test('marks beyond what the mark log keeps, and mark-all of very many, hold in the other process', async () => {
  const user = `u-${randomUUID()}`;
  await store(Array.from({ length: 30 }, (_, n) => item(user, n, minute(n))));
  const [a, b] = [apiProcess(), apiProcess()];
  expect((await b.page(user, bell)).unreadCount).toBe(30);
  // 25 marks through A, one at a time (the log keeps the last 20): B reads this user's rows again.
  for (let n = 0; n < 25; n++) await a.markRead(user, `case-${user}:${n}:${user}`, new Date());
  const page = await b.page(user, bell);
  expect(titles(page)).toEqual(['通知 29']);
  expect(page.unreadCount).toBe(5);

  // Past 1,000 unread, mark-all is one pass over the store; its marks are logged 500 ids at a time.
  const many = `u-${randomUUID()}`;
  await store(Array.from({ length: 1_001 }, (_, n) => item(many, n, minute(n % 60))));
  expect((await b.page(many, bell)).unreadCount).toBe(1_001);
  expect((await a.page(many, bell)).unreadCount).toBe(1_001);
  // One more stored, its feed entry not yet written: the user has not seen it, so it stays unread.
  const unseen = item(many, 1_001, minute(0));
  await stack.db.models.InboxItem.collection.insertOne(unseen as never);
  expect(await a.markAllRead(many, new Date())).toEqual({ marked: 1_001, unreadCount: 0 });
  expect((await b.page(many, { unread: false, limit: 1 })).unreadCount).toBe(0);
  expect((await a.page(many, { unread: false, limit: 1 })).unreadCount).toBe(0);
  await announce([unseen]);
  expect(titles(await b.page(many, bell))).toEqual(['通知 1001']);
});

test('a user’s rows read again keep a mark made while the read ran', async () => {
  const user = `u-${randomUUID()}`;
  const id = (n: number) => `case-${user}:${n}:${user}`;
  await store(Array.from({ length: 30 }, (_, n) => item(user, n, minute(n))));
  const [a, b] = [apiProcess(), apiProcess()];
  await b.page(user, bell);
  for (let n = 0; n < 25; n++) await a.markRead(user, id(n), new Date());
  // B is past what the log keeps: it reads the user's rows again. While that read is on its way back (it
  // saw 29 unread), 29 is marked through A and another request of the user's to B applies that mark.
  const { InboxItem } = stack.db.models;
  const realFind = InboxItem.find.bind(InboxItem);
  const find = jest.spyOn(InboxItem, 'find').mockImplementationOnce(((...args: Parameters<typeof realFind>) => ({
    lean: () => ({
      exec: async () => {
        const snapshot: unknown = await realFind(...args)
          .lean()
          .exec();
        await a.markRead(user, id(29), new Date());
        await b.page(user, bell);
        return snapshot;
      },
    }),
  })) as never);
  // Pages that read 28 only: 25…28 unread, 29 read.
  const olderThan29 = { unread: false, limit: 1, after: { at: minute(29), id: id(29) } };
  await b.page(user, olderThan29);
  find.mockRestore();
  const page = await b.page(user, olderThan29);
  expect(titles(page)).toEqual(['通知 28']);
  expect(page.unreadCount).toBe(4);
});

test('marks made at once through one process all hold in another', async () => {
  const user = `u-${randomUUID()}`;
  await store(Array.from({ length: 12 }, (_, n) => item(user, n, minute(n))));
  const [a, c] = [apiProcess(), apiProcess()];
  expect((await c.page(user, bell)).unreadCount).toBe(12);
  // Two tabs, ten clicks at once. (At once through two processes, FerretDB may lose one: decision 72.)
  await Promise.all(Array.from({ length: 10 }, (_, n) => a.markRead(user, `case-${user}:${n}:${user}`, new Date())));
  const page = await c.page(user, bell);
  expect(titles(page)).toEqual(['通知 11']);
  expect(page.unreadCount).toBe(2);
});

test('a mark made before its item’s feed entry was visible still holds', async () => {
  const user = `u-${randomUUID()}`;
  const b = apiProcess();
  await b.page(user, all);
  await store([item(user, 2, minute(2))]);
  // Stored, its feed entry not yet written: A reads it in its first full read, and the user marks it.
  const late = item(user, 1, minute(1));
  await stack.db.models.InboxItem.collection.insertOne(late as never);
  const a = apiProcess();
  expect((await a.page(user, bell)).unreadCount).toBe(2);
  await a.markRead(user, late._id, new Date());
  // B hears of the mark first, then of the item.
  expect((await b.page(user, bell)).unreadCount).toBe(1);
  await announce([late]);
  // The bell reads the newest unread item only (2), and counts the rest from the rows.
  const page = await b.page(user, bell);
  expect(titles(page)).toEqual(['通知 2']);
  expect(page.unreadCount).toBe(1);
});
