/**
 * Notifications that reach people (issue 11; api.md "Notifications and live events"). A high-risk
 * report on a village committee's case must reach, within 5 s, the owner unit's supervisor and the
 * police liaison (the township's 派出所驻所调解室): an inbox item each, an event on their open streams,
 * and a signed POST to each webhook configured for their units. Receivers are real local HTTP servers:
 * one fails its first three requests and still ends with exactly one accepted delivery per notification
 * id; one checks the signature with a secret that differs from the channel's and refuses: its delivery
 * shows as failed with the error. Signatures are checked by the api.md rule, not by the server's code.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { LiveFeed, feedIdTime } from '../../api/live-feed';
import type { LiveEventDoc } from '../../db/models';
import { createAccount } from '../support/accounts';
import { intakeBody, runKey, startTestStack, type TestStack } from '../support/stack';
import { openSse, type SseStream } from '../support/sse';
import { receiver } from '../support/webhook-receiver';

const VILLAGE = 'ND-JC-JN-V01';
const POLICE_ROOM = 'ND-JC-JN-ROOM'; // 蕉南街道派出所驻所调解室, in the same township
const GOOD_SECRET = 'village-webhook-secret';

let stack: TestStack;
let server: http.Server;
let base: string;
let admin: string;
let mediator: string;
const users = { villageSupervisor: '', policeSupervisor: '' };
const tokens = { villageSupervisor: '', policeSupervisor: '' };
let good: Awaited<ReturnType<typeof receiver>>;
let flaky: Awaited<ReturnType<typeof receiver>>;
let wrongSecret: Awaited<ReturnType<typeof receiver>>;
let goodChannelId = '';

const createUser = (login: string, role: string, org: string) => createAccount(stack.app, admin, login, role, org);

async function addChannel(orgUnitId: string, url: string, secret: string): Promise<string> {
  const res = await request(stack.app)
    .post('/api/v1/notification-channels')
    .set('Authorization', `Bearer ${admin}`)
    .send({ orgUnitId, kind: 'webhook', url, secret });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ orgUnitId, kind: 'webhook', url, hasSecret: true, immediate: false });
  expect(res.body).not.toHaveProperty('secret');
  return res.body.id as string;
}

async function until<T>(
  what: string,
  get: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  ms = 15_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const inbox = (token: string, query = '') =>
  request(stack.app).get(`/api/v1/notifications${query}`).set('Authorization', `Bearer ${token}`);

beforeAll(async () => {
  stack = await startTestStack();
  server = http.createServer(stack.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  admin = await stack.token('admin', 'ND', 'admin-1');
  users.villageSupervisor = await createUser('v01.sup', 'supervisor', VILLAGE);
  users.policeSupervisor = await createUser('room.sup', 'supervisor', POLICE_ROOM);
  tokens.villageSupervisor = await stack.token('supervisor', VILLAGE, users.villageSupervisor);
  tokens.policeSupervisor = await stack.token('supervisor', POLICE_ROOM, users.policeSupervisor);
  mediator = await stack.token('mediator', VILLAGE, 'u-v01-mediator');
  good = await receiver(GOOD_SECRET);
  flaky = await receiver('police-room-secret', (n) => (n <= 3 ? 503 : 200));
  wrongSecret = await receiver('what-the-receiver-expects');
  goodChannelId = await addChannel(VILLAGE, good.url, GOOD_SECRET);
  await addChannel(POLICE_ROOM, flaky.url, 'police-room-secret');
  await addChannel(VILLAGE, wrongSecret.url, 'a-different-secret');
});

afterAll(async () => {
  await Promise.all([good?.close(), flaky?.close(), wrongSecret?.close()]);
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await stack.close();
});

describe('a high-risk report', () => {
  let caseId = '';
  let caseNo = '';
  let streams: SseStream[] = [];
  let reportedAt = 0;

  beforeAll(async () => {
    const c = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediator}`)
      .set('Idempotency-Key', runKey('notify-risk'))
      .send(intakeBody({ orgUnitId: VILLAGE }));
    expect(c.status).toBe(201);
    caseId = c.body.id as string;
    caseNo = c.body.caseNo as string;
    streams = await Promise.all(
      [tokens.villageSupervisor, tokens.policeSupervisor].map((t) =>
        openSse(`${base}/api/v1/events`, { Authorization: `Bearer ${t}` }),
      ),
    );
    reportedAt = Date.now();
    await request(stack.app)
      .post(`/api/v1/cases/${caseId}/actions/report-risk`)
      .set('Authorization', `Bearer ${mediator}`)
      .send({ level: 'high', reason: '当事人扬言报复' })
      .expect(200);
  });
  afterAll(() => streams.forEach((s) => s.close()));

  it('puts an item in the inbox of the owner unit’s supervisor and of the police liaison within 5 s', async () => {
    for (const token of [tokens.villageSupervisor, tokens.policeSupervisor]) {
      const item = await until('the inbox item', async () => {
        const res = await inbox(token, '?unread=true');
        expect(res.status).toBe(200);
        return (res.body.items as Array<Record<string, unknown>>).find((i) => i.caseId === caseId);
      });
      expect(Date.now() - reportedAt).toBeLessThan(5_000);
      expect(item).toMatchObject({ caseId, caseNo, kind: 'risk.reported', readAt: null });
      expect(item.title).toContain(caseNo);
      expect(item.title).toContain('高风险');
    }
    // Nobody else's inbox has it.
    const other = await stack.token('supervisor', 'ND-JC-ZW', 'u-zw-sup');
    expect((await inbox(other)).body.items).toEqual([]);
  });

  it('sends notification.created and case.changed on their open streams', async () => {
    for (const s of streams) {
      expect(s.status).toBe(200);
      expect(s.contentType).toMatch(/^text\/event-stream/);
      const n = await s.next((e) => e.event === 'notification.created', 5_000);
      expect(JSON.parse(n.data)).toMatchObject({ caseId, caseNo, kind: 'risk.reported' });
      expect(n.id).toBeTruthy();
    }
    // The case change goes to whoever may see the case: the owner unit's supervisor (the police room, a
    // sibling unit, is told of the risk but does not see the case).
    const changed = await streams[0]!.next(
      (e) => e.event === 'case.changed' && JSON.parse(e.data).id === caseId,
      5_000,
    );
    expect(JSON.parse(changed.data).version).toBeGreaterThanOrEqual(2);
    await streams[0]!.next((e) => e.event === 'counts.changed', 5_000);
    expect(streams[1]!.events.filter((e) => e.event === 'case.changed')).toEqual([]);
  });

  it('POSTs the notification, signed, to the webhook of the owner unit within 5 s', async () => {
    const got = await until('the webhook POST', () => good.got.find((r) => r.answered === 200), 5_000);
    const body = JSON.parse(got.body) as Record<string, unknown>;
    expect(body).toEqual({
      id: expect.any(String),
      caseId,
      caseNo,
      kind: 'risk.reported',
      title: expect.stringContaining(caseNo),
      detail: expect.any(String),
      at: expect.any(String),
    });
    expect(got.headers['x-notification-id']).toBe(body.id);
    expect(got.headers['content-type']).toMatch(/^application\/json/);
  });

  it('retries a failing receiver until it accepts, exactly once per notification id', async () => {
    await until('the flaky receiver to accept', () => flaky.got.some((r) => r.answered === 200), 20_000);
    await new Promise((r) => setTimeout(r, 1_500)); // nothing more should come
    const ids = flaky.got.map((r) => r.headers['x-notification-id']);
    expect(new Set(ids).size).toBe(1);
    expect(flaky.got.map((r) => r.answered)).toEqual([503, 503, 503, 200]);
    const deliveries = await request(stack.app)
      .get(`/api/v1/deliveries?orgUnitId=${POLICE_ROOM}`)
      .set('Authorization', `Bearer ${admin}`);
    expect(deliveries.body.items).toEqual([
      expect.objectContaining({ status: 'sent', attempts: 4, lastError: null, sentAt: expect.any(String) }),
    ]);
  });

  it('shows a delivery refused for a wrong secret as failed, with the error, and can send it again', async () => {
    const failed = await until('the failed delivery', async () => {
      const res = await request(stack.app)
        .get('/api/v1/deliveries?status=failed')
        .set('Authorization', `Bearer ${admin}`);
      return (res.body.items as Array<Record<string, unknown>>)[0];
    });
    expect(failed).toMatchObject({ orgUnitId: VILLAGE, status: 'failed', attempts: 1 });
    expect(failed.lastError).toMatch(/401/);
    expect(wrongSecret.got.map((r) => r.answered)).toEqual([401]);
    const again = await request(stack.app)
      .post(`/api/v1/deliveries/${String(failed.id)}/retry`)
      .set('Authorization', `Bearer ${admin}`);
    expect(again.status).toBe(202);
    await until('the second refusal', () => wrongSecret.got.length === 2);
    // Only a failed delivery can be sent again.
    const sent = await request(stack.app).get('/api/v1/deliveries?status=sent').set('Authorization', `Bearer ${admin}`);
    const retrySent = await request(stack.app)
      .post(`/api/v1/deliveries/${String(sent.body.items[0].id)}/retry`)
      .set('Authorization', `Bearer ${admin}`);
    expect(retrySent.status).toBe(409);
  });

  it('marks read per user: one, then all', async () => {
    const list = await inbox(tokens.villageSupervisor);
    const id = list.body.items[0].id as string;
    const read = await request(stack.app)
      .post(`/api/v1/notifications/${encodeURIComponent(id)}/read`)
      .set('Authorization', `Bearer ${tokens.villageSupervisor}`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await inbox(tokens.villageSupervisor, '?unread=true')).body).toMatchObject({ items: [], unreadCount: 0 });
    // The police liaison's copy is still unread.
    expect((await inbox(tokens.policeSupervisor, '?unread=true')).body.unreadCount).toBe(1);
    // Someone else's notification is not found.
    const theirs = await request(stack.app)
      .post(`/api/v1/notifications/${encodeURIComponent(id)}/read`)
      .set('Authorization', `Bearer ${tokens.policeSupervisor}`);
    expect(theirs.status).toBe(404);
    const all = await request(stack.app)
      .post('/api/v1/notifications/read-all')
      .set('Authorization', `Bearer ${tokens.policeSupervisor}`);
    expect(all.body).toEqual({ marked: 1, unreadCount: 0 });
  });
});

describe('the event stream', () => {
  it('resumes after a reconnect with Last-Event-ID without losing an event', async () => {
    const token = tokens.villageSupervisor;
    // Someone else's stream stays open throughout, as in a station at work: it keeps this process's feed
    // polling every second. (The read models poll it only a few times within its retention; a stream opened
    // after a long quiet may be passed on the entries since their last poll: at least once.)
    const bystander = await openSse(`${base}/api/v1/events`, { Authorization: `Bearer ${tokens.policeSupervisor}` });
    const first = await openSse(`${base}/api/v1/events`, { Authorization: `Bearer ${token}` });
    const c = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediator}`)
      .set('Idempotency-Key', runKey('notify-resume'))
      .send(intakeBody({ orgUnitId: VILLAGE }));
    const seen = await first.next((e) => e.event === 'case.changed' && JSON.parse(e.data).id === c.body.id);
    first.close();
    // While disconnected: the case changes again.
    await request(stack.app)
      .post(`/api/v1/cases/${c.body.id}/actions/report-risk`)
      .set('Authorization', `Bearer ${mediator}`)
      .send({ level: 'medium', reason: '邻里再起争执' })
      .expect(200);
    // The feed moves on by more than its re-read window (2 s in tests): only Last-Event-ID can bring the
    // change back.
    await new Promise((r) => setTimeout(r, 2_500));
    await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediator}`)
      .set('Idempotency-Key', runKey('notify-resume-later'))
      .send(intakeBody({ orgUnitId: VILLAGE }))
      .expect(201);
    await new Promise((r) => setTimeout(r, 500));
    const fresh = await openSse(`${base}/api/v1/events`, { Authorization: `Bearer ${token}` });
    const again = await openSse(`${base}/api/v1/events`, {
      Authorization: `Bearer ${token}`,
      'Last-Event-ID': seen.id!,
    });
    const before = JSON.parse(seen.data).version as number;
    await again.next(
      (e) => e.event === 'case.changed' && JSON.parse(e.data).id === c.body.id && JSON.parse(e.data).version > before,
    );
    again.close();
    // The control: a stream opened at the same time without Last-Event-ID does not get it.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(fresh.events.filter((e) => e.event === 'case.changed' && JSON.parse(e.data).id === c.body.id)).toEqual([]);
    fresh.close();
    bystander.close();
  });

  it('tells a client resuming from too far back to resync', async () => {
    const s = await openSse(`${base}/api/v1/events`, {
      Authorization: `Bearer ${tokens.villageSupervisor}`,
      'Last-Event-ID': '2020-01-01T00:00:00.000Z|c|x:1',
    });
    await s.next((e) => e.event === 'resync');
    s.close();
  });

  it('shows a case change only to those who may see the case', async () => {
    const outsider = await stack.token('mediator', 'ND-JC-ZW-V01', 'u-zw-med');
    const s = await openSse(`${base}/api/v1/events`, { Authorization: `Bearer ${outsider}` });
    const mine = await openSse(`${base}/api/v1/events`, { Authorization: `Bearer ${tokens.villageSupervisor}` });
    const c = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediator}`)
      .set('Idempotency-Key', runKey('notify-visibility'))
      .send(intakeBody({ orgUnitId: VILLAGE }));
    await mine.next((e) => e.event === 'case.changed' && JSON.parse(e.data).id === c.body.id);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(s.events.filter((e) => e.event === 'case.changed' && JSON.parse(e.data).id === c.body.id)).toEqual([]);
    s.close();
    mine.close();
  });

  it('answers 401 without credentials', async () => {
    const s = await openSse(`${base}/api/v1/events`, {});
    expect(s.status).toBe(401);
    s.close();
  });
});

describe('the event stream, further', () => {
  const caseChanged = (id: string) => (e: { event: string; data: string }) =>
    e.event === 'case.changed' && JSON.parse(e.data).id === id;

  it('advances a quiet stream’s Last-Event-ID with its heartbeats', async () => {
    // Nothing here is for the outsider: only the heartbeat's id can keep a resume within the feed.
    const outsider = await stack.token('mediator', 'ND-JC-ZW-V01', 'u-zw-med-2');
    const quiet = await openSse(`${base}/api/v1/events`, { Authorization: `Bearer ${outsider}` });
    const mine = await openSse(`${base}/api/v1/events`, { Authorization: `Bearer ${tokens.villageSupervisor}` });
    const c = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediator}`)
      .set('Idempotency-Key', runKey('notify-quiet'))
      .send(intakeBody({ orgUnitId: VILLAGE }));
    const seen = await mine.next(caseChanged(c.body.id as string));
    await until('a heartbeat at or past the change', () => {
      const id = quiet.lastEventId();
      return !!id && id >= seen.id!;
    });
    expect(quiet.events.filter((e) => e.event === 'case.changed')).toEqual([]);
    quiet.close();
    mine.close();
  });

  it('refreshes the counts of a unit a case leaves, without showing it the case', async () => {
    const v02 = 'ND-JC-JN-V02';
    const v02Mediator = await stack.token('mediator', v02, 'u-v02-med');
    const v02Supervisor = await stack.token('supervisor', v02, await createUser('v02.sup', 'supervisor', v02));
    const c = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${mediator}`)
      .set('Idempotency-Key', runKey('notify-left'))
      .send(intakeBody({ orgUnitId: VILLAGE }));
    const id = c.body.id as string;
    const act = (token: string, action: string, body: object) =>
      request(stack.app)
        .post(`/api/v1/cases/${id}/actions/${action}`)
        .set('Authorization', `Bearer ${token}`)
        .send(body);
    expect((await act(tokens.villageSupervisor, 'transfer', { toOrgUnitId: v02, reason: '属地管辖' })).status).toBe(
      200,
    );
    expect((await act(v02Mediator, 'take-over', {})).status).toBe(200);
    const stream = await openSse(`${base}/api/v1/events`, { Authorization: `Bearer ${v02Mediator}` });
    await new Promise((r) => setTimeout(r, 2_500)); // what was written before it has passed
    const from = stream.events.length;
    const escalated = await act(v02Supervisor, 'escalate', { reason: '涉及多个村居' });
    expect(escalated.status).toBe(200);
    await stream.next((e) => e.event === 'counts.changed' && stream.events.indexOf(e) >= from, 5_000);
    await new Promise((r) => setTimeout(r, 1_000));
    // The township centre owns it now: V02's mediator may not see it, so is not told its new version.
    expect(stream.events.slice(from).filter((e) => e.event === 'case.changed' && JSON.parse(e.data).id === id)).toEqual(
      [],
    );
    stream.close();
  });

  it('passes on what the workers write even when this process’s clock runs ahead of theirs', async () => {
    const feed = new LiveFeed(stack.db.models, { pollMs: 3_600_000, lookbackMs: 2_000 });
    const got: LiveEventDoc[] = [];
    const stop = feed.subscribe((doc) => got.push(doc));
    const ahead = jest.spyOn(Date, 'now').mockImplementation(() => new Date().getTime() + 30_000);
    try {
      await feed.poll();
      // A worker writes with its own (30 s slower) clock, after this process has started polling.
      const at = new Date().toISOString();
      const doc: LiveEventDoc = {
        _id: `${at}|c|clock-skew:1`,
        at,
        type: 'case.changed',
        caseId: 'clock-skew',
        version: 1,
      };
      await stack.db.models.LiveEvent.collection.insertOne(doc as never);
      await feed.poll();
      expect(got.map((d) => d._id)).toContain(doc._id);
      expect(feedIdTime(doc._id)).toBeLessThan(Date.now() - 2_000); // older than the look-back, by this clock
    } finally {
      ahead.mockRestore();
      stop();
    }
  });
});

describe('channels and deliveries', () => {
  const create = (body: object) =>
    request(stack.app).post('/api/v1/notification-channels').set('Authorization', `Bearer ${admin}`).send(body);

  it('refuses a webhook or DingTalk channel without its signing secret, and its removal', async () => {
    for (const kind of ['webhook', 'dingtalk']) {
      const res = await create({ orgUnitId: VILLAGE, kind, url: 'https://example.org/hook' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'secret' })]));
    }
    const wecom = await create({
      orgUnitId: VILLAGE,
      kind: 'wecom',
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      events: ['risk.reported'],
    });
    expect(wecom.status).toBe(201);
    const removeSecret = await request(stack.app)
      .patch(`/api/v1/notification-channels/${goodChannelId}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ secret: null });
    expect(removeSecret.status).toBe(400);
    const list = await request(stack.app).get('/api/v1/notification-channels').set('Authorization', `Bearer ${admin}`);
    const items = list.body.items as Array<{ id: string; hasSecret: boolean }>;
    expect(items.find((ch) => ch.id === goodChannelId)?.hasSecret).toBe(true);
    await request(stack.app)
      .delete(`/api/v1/notification-channels/${String(wecom.body.id)}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(204);
  });

  it('pages the deliveries newest first with nextCursor, each once', async () => {
    const all = await request(stack.app).get('/api/v1/deliveries?limit=100').set('Authorization', `Bearer ${admin}`);
    const expected = (all.body.items as Array<{ id: string }>).map((d) => d.id);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await request(stack.app)
        .get(`/api/v1/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set('Authorization', `Bearer ${admin}`);
      expect(res.status).toBe(200);
      paged.push(...(res.body.items as Array<{ id: string }>).map((d) => d.id));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(paged).toEqual(expected);
    const bad = await request(stack.app)
      .get('/api/v1/deliveries?cursor=bm90LWEtY3Vyc29y')
      .set('Authorization', `Bearer ${admin}`);
    expect(bad.status).toBe(400);
  });

  /** A delivery recorded with no run (no worker could start it), an hour old. */
  const stalledDelivery = (key: string) => {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    return {
      _id: `stalled:${runKey(key)}`,
      channelId: goodChannelId,
      orgUnitId: VILLAGE,
      payload: {
        id: `stalled-${Date.now()}`,
        caseId: 'c-stalled',
        caseNo: 'ND-2026-999999',
        kind: 'risk.reported',
        title: 'ND-2026-999999 报告高风险',
        detail: '测试',
        at,
      },
      status: 'pending',
      attempts: 0,
      lastError: null,
      notBefore: at,
      createdAt: at,
      sentAt: null,
      resends: 0,
    };
  };
  const deliveryById = async (id: string) => {
    const res = await request(stack.app).get('/api/v1/deliveries?limit=100').set('Authorization', `Bearer ${admin}`);
    return (res.body.items as Array<{ id: string; status: string; lastError: string | null }>).find((d) => d.id === id);
  };

  it('sends again a delivery left pending with no run (recorded while no worker could start it)', async () => {
    const stalled = stalledDelivery('delivery');
    await stack.db.models.Delivery.collection.insertOne(stalled as never);
    const again = await request(stack.app)
      .post(`/api/v1/deliveries/${encodeURIComponent(stalled._id)}/retry`)
      .set('Authorization', `Bearer ${admin}`);
    expect(again.status).toBe(202);
    await until('the stalled notification at the receiver', () =>
      good.got.some((r) => r.headers['x-notification-id'] === stalled.payload.id && r.answered === 200),
    );
    const sent = await until('the delivery to show sent', async () => {
      const res = await request(stack.app)
        .get('/api/v1/deliveries?status=sent&limit=100')
        .set('Authorization', `Bearer ${admin}`);
      return (res.body.items as Array<{ id: string }>).find((d) => d.id === stalled._id);
    });
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('sends nothing to a channel disabled while the notice waited, and says why', async () => {
    const patch = (disabled: boolean) =>
      request(stack.app)
        .patch(`/api/v1/notification-channels/${goodChannelId}`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ disabled })
        .expect(200);
    await patch(true);
    try {
      const held = stalledDelivery('disabled');
      await stack.db.models.Delivery.collection.insertOne(held as never);
      await request(stack.app)
        .post(`/api/v1/deliveries/${encodeURIComponent(held._id)}/retry`)
        .set('Authorization', `Bearer ${admin}`)
        .expect(202);
      const failed = await until('the delivery to show failed', async () => {
        const d = await deliveryById(held._id);
        return d?.status === 'failed' ? d : undefined;
      });
      expect(failed.lastError).toMatch(/disabled/);
      expect(good.got.some((r) => r.headers['x-notification-id'] === held.payload.id)).toBe(false);
    } finally {
      await patch(false);
    }
  });
});

describe('an org unit created while the worker runs', () => {
  it('has a high-risk report in it reach the supervisor above it at once, without a restart (api.md "Org units")', async () => {
    // The earlier tests had the worker resolve recipients, so it holds the tree as it was before this unit;
    // with no supervisor of its own, the notice walks up the tree to the township's.
    const unit = 'ND-JC-JN-V77';
    await request(stack.app)
      .post('/api/v1/org-units')
      .set('Authorization', `Bearer ${admin}`)
      .send({ id: unit, name: '蕉南七十七村调委会', kind: 'village_committee', parentId: 'ND-JC-JN', reason: '新设' })
      .expect(201);
    const townshipSupervisorId = await createUser('jn.sup', 'supervisor', 'ND-JC-JN');
    const townshipSupervisor = await stack.token('supervisor', 'ND-JC-JN', townshipSupervisorId);
    const localMediator = await stack.token('mediator', unit, 'u-v77-mediator');
    const c = await request(stack.app)
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${localMediator}`)
      .set('Idempotency-Key', runKey('notify-new-unit'))
      .send(intakeBody({ orgUnitId: unit }));
    expect(c.status).toBe(201);
    await request(stack.app)
      .post(`/api/v1/cases/${c.body.id as string}/actions/report-risk`)
      .set('Authorization', `Bearer ${localMediator}`)
      .send({ level: 'high', reason: '当事人扬言报复' })
      .expect(200);
    const item = await until('the township supervisor’s item', async () => {
      const res = await inbox(townshipSupervisor, '?unread=true');
      return (res.body.items as Array<Record<string, unknown>>).find((i) => i.caseId === c.body.id);
    });
    expect(item).toMatchObject({ kind: 'risk.reported', readAt: null });
    expect(item.detail).toContain('蕉南七十七村调委会暂无主管');
  });
});
