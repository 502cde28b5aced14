/**
 * A delivery's attempts, as Temporal runs them: an attempt that timed out keeps running until its own
 * request ends, while the next attempt sends. A delivery that was sent stays sent (api.md "Notifications":
 * at least once, and `GET /deliveries` shows what was sent): a late failure of an older attempt must not
 * turn it back to pending, from where "send again" would post it to the group a second time.
 */
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import pino from 'pino';
import { connectDatabase, type Database } from '../../db/connection';
import type { ChannelDoc, DeliveryDoc } from '../../db/models';
import { createDeliveryActivities } from '../../activities/deliveries';

let db: Database;
beforeAll(async () => {
  const name = `test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  db = await connectDatabase(process.env.MONGODB_URI!.replace(/\/[^/?]*(\?|$)/, `/${name}$1`));
});
afterAll(async () => {
  await db.conn.dropDatabase();
  await db.close();
});

const now = new Date().toISOString();
const channel: ChannelDoc = {
  _id: 'ch-1',
  orgUnitId: 'ND-JC-JN-ROOM',
  kind: 'webhook',
  url: 'http://127.0.0.1:9/hook',
  secret: 'a-long-enough-signing-secret',
  immediate: true,
  events: null,
  disabled: false,
  createdAt: now,
  updatedAt: now,
};
const delivery = (id: string): DeliveryDoc => ({
  _id: id,
  channelId: channel._id,
  orgUnitId: channel.orgUnitId,
  payload: {
    id: 'c:3',
    caseId: 'c',
    caseNo: 'ND-2026-000001',
    kind: 'risk.reported',
    title: 't',
    detail: 'd',
    at: now,
  },
  status: 'pending',
  attempts: 0,
  lastError: null,
  notBefore: now,
  createdAt: now,
  sentAt: null,
  resends: 0,
});

test('when an older attempt fails after a newer one sent the delivery, then it stays sent', async () => {
  await db.models.Channel.collection.insertOne(channel as never);
  await db.models.Delivery.collection.insertOne(delivery('d-late-failure') as never);
  let releaseFirst!: () => void;
  const firstHangs = new Promise<void>((resolve) => (releaseFirst = resolve));
  let firstCalled!: () => void;
  const firstPosting = new Promise<void>((resolve) => (firstCalled = resolve));
  let calls = 0;
  const fetch = (async () => {
    if (++calls === 1) {
      firstCalled();
      await firstHangs;
      throw new Error('the receiver did not answer in time');
    }
    return new Response('ok', { status: 200 });
  }) as unknown as typeof globalThis.fetch;
  const { sendDelivery } = createDeliveryActivities({ models: db.models, log: pino({ level: 'silent' }), fetch });
  const input = { deliveryId: 'd-late-failure', maximumAttempts: 5 };

  // Attempt 1 has read the delivery and is posting; Temporal gives up on it and runs attempt 2.
  const first = new MockActivityEnvironment({ attempt: 1 }).run(sendDelivery, input);
  await firstPosting;
  await new MockActivityEnvironment({ attempt: 2 }).run(sendDelivery, input);
  const sent = await db.models.Delivery.findById('d-late-failure').lean<DeliveryDoc>();
  expect(sent).toMatchObject({ status: 'sent', attempts: 1 });

  // Attempt 1's request ends in an error only now.
  releaseFirst();
  await first.catch(() => undefined);
  const after = await db.models.Delivery.findById('d-late-failure').lean<DeliveryDoc>();
  expect(after).toMatchObject({ status: 'sent', attempts: 1, lastError: null, sentAt: sent!.sentAt });
});
