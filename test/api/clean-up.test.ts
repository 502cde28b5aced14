/**
 * Clean-up without TTL indexes (issue 11): a Temporal Schedule runs the clean-up workflow, visible in
 * Temporal; a run removes what is older than the retention — read notifications, dispatched outbox rows,
 * sent deliveries, idempotency records, and sessions that ended (idle 30 min or 12 h old, api.md
 * "Accounts and sessions") before the retention — and keeps everything else, a session that ended
 * yesterday included (the issue: "expired sessions older than a configurable retention").
 */
import { startTestStack, type TestStack } from '../support/stack';
import { runCleanUpSchedule } from '../support/clean-up-run';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

test('the clean-up schedule removes what is past its retention and keeps the rest', async () => {
  const m = stack.db.models;
  const item = (id: string, readAt: string | null, at: string) => ({
    _id: id,
    userId: 'u-1',
    notificationId: 'c:1',
    caseId: 'c',
    caseNo: 'ND-2026-000001',
    kind: 'risk.reported',
    title: 't',
    detail: 'd',
    at,
    readAt,
  });
  await m.InboxItem.collection.insertMany([
    item('old-read', ago(40 * DAY), ago(41 * DAY)),
    item('old-unread', null, ago(41 * DAY)),
    item('new-read', ago(DAY), ago(2 * DAY)),
  ] as never[]);
  const outbox = (id: string, status: string, at: string) => ({
    _id: id,
    caseId: 'c',
    seq: 1,
    eventType: 'risk.reported',
    target: 'owner_supervisor',
    orgUnitId: 'ND',
    at,
    status,
  });
  await m.Notification.collection.insertMany([
    outbox('o-old-sent', 'sent', ago(40 * DAY)),
    outbox('o-old-pending', 'pending', ago(40 * DAY)),
    outbox('o-new-sent', 'sent', ago(DAY)),
  ] as never[]);
  const delivery = (id: string, status: string, sentAt: string | null) => ({
    _id: id,
    status,
    sentAt,
    createdAt: ago(41 * DAY),
  });
  await m.Delivery.collection.insertMany([
    delivery('d-old-sent', 'sent', ago(40 * DAY)),
    delivery('d-old-failed', 'failed', null),
  ] as never[]);
  await m.Idempotency.collection.insertMany([
    { _id: 'k-old', createdAt: new Date(Date.now() - 40 * DAY) },
    { _id: 'k-new', createdAt: new Date(Date.now() - DAY) },
  ] as never[]);
  const session = (id: string, createdAt: string, lastSeenAt: string) => ({
    _id: id,
    userId: 'u-1',
    createdAt,
    lastSeenAt,
  });
  await m.Session.collection.insertMany([
    session('s-idle-long-ago', ago(31 * DAY), ago(31 * DAY)),
    session('s-too-old-long-ago', ago(31 * DAY), ago(30 * DAY - 60_000)),
    session('s-idle-yesterday', ago(DAY + 60 * 60_000), ago(DAY)),
    session('s-live', ago(60 * 60_000), ago(60_000)),
  ] as never[]);

  const result = await runCleanUpSchedule(stack, {
    retentionDays: 30,
    inspect: async (schedule) => {
      expect((await schedule.describe()).action).toMatchObject({
        type: 'startWorkflow',
        workflowType: 'cleanUp',
        taskQueue: stack.taskQueue,
      });
    },
  });
  expect(result).toMatchObject({ readNotifications: 1, outbox: 1, deliveries: 1, idempotency: 1, sessions: 2 });
  const ids = async (model: { find: (f: object) => { lean: () => Promise<Array<{ _id: unknown }>> } }) =>
    (await model.find({}).lean()).map((d) => String(d._id)).sort();
  expect(await ids(m.InboxItem as never)).toEqual(['new-read', 'old-unread']);
  expect(await ids(m.Notification as never)).toEqual(['o-new-sent', 'o-old-pending']);
  expect(await ids(m.Delivery as never)).toEqual(['d-old-failed']);
  expect(await ids(m.Idempotency as never)).toEqual(['k-new']);
  expect(await ids(m.Session as never)).toEqual(['s-idle-yesterday', 's-live']);
});
