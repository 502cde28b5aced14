/**
 * The requests of each outbound channel kind, checked against the published rules: api.md for the
 * webhook (`X-Signature: sha256=` + hex HMAC-SHA256 of "<timestamp>.<body>"); DingTalk's custom robot
 * 加签 (the `timestamp` in ms and `sign` = base64 HMAC-SHA256 of "<timestamp>\n<secret>" keyed by the
 * secret, in the URL; a `markdown` message with `title` and `text`); WeCom's group robot (a `markdown`
 * message with `content`). And how an answer is read: a robot answers HTTP 200 with an `errcode`.
 */
import { createHmac } from 'node:crypto';
import { channelRequest, readAnswer } from '../../activities/channel-requests';
import type { ChannelDoc, DeliveryPayload } from '../../db/models';

const payload: DeliveryPayload = {
  id: 'case-1:7',
  caseId: 'case-1',
  caseNo: 'ND-2026-000123',
  kind: 'deadline.breached',
  title: 'ND-2026-000123 受理期限已超期',
  detail: '期限至 2026-11-20；已自动升级至蕉南街道矛盾纠纷调处中心',
  at: '2026-11-21T00:00:00.000Z',
};
const channel = (kind: ChannelDoc['kind'], url: string, secret: string | null): ChannelDoc => ({
  _id: 'ch-1',
  orgUnitId: 'ND-JC-JN',
  kind,
  url,
  secret,
  immediate: false,
  events: null,
  disabled: false,
  createdAt: '',
  updatedAt: '',
});
const NOW = Date.parse('2026-11-27T01:02:03.456Z');

test('webhook: the JSON body of api.md, a stable id, and the signature over timestamp and body', () => {
  const r = channelRequest(channel('webhook', 'https://example.org/hook', 's3cret'), payload, NOW);
  expect(JSON.parse(r.body)).toEqual(payload);
  expect(r.headers['x-notification-id']).toBe('case-1:7');
  expect(r.headers['x-timestamp']).toBe('1795741323');
  const expected = createHmac('sha256', 's3cret').update(`1795741323.${r.body}`).digest('hex');
  expect(r.headers['x-signature']).toBe(`sha256=${expected}`);
});

test('DingTalk: signed in the URL, a markdown message', () => {
  const r = channelRequest(
    channel('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc', 'SECxyz'),
    payload,
    NOW,
  );
  const url = new URL(r.url);
  expect(url.searchParams.get('access_token')).toBe('abc');
  expect(url.searchParams.get('timestamp')).toBe(String(NOW));
  expect(url.searchParams.get('sign')).toBe(createHmac('sha256', 'SECxyz').update(`${NOW}\nSECxyz`).digest('base64'));
  const body = JSON.parse(r.body);
  expect(body.msgtype).toBe('markdown');
  expect(body.markdown.title).toBe(payload.title);
  expect(body.markdown.text).toContain('已自动升级至蕉南街道矛盾纠纷调处中心');
});

test('WeCom: a markdown message to the robot URL', () => {
  const r = channelRequest(
    channel('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', null),
    payload,
    NOW,
  );
  expect(r.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k');
  const body = JSON.parse(r.body);
  expect(body.msgtype).toBe('markdown');
  expect(body.markdown.content).toContain(payload.caseNo);
});

test('answers: 2xx webhook ok; 4xx final, 5xx and 429 retried; robots by errcode', () => {
  expect(readAnswer('webhook', 204, '')).toEqual({ ok: true });
  expect(readAnswer('webhook', 401, 'bad signature')).toMatchObject({ ok: false, retryable: false });
  expect(readAnswer('webhook', 503, '')).toMatchObject({ ok: false, retryable: true });
  expect(readAnswer('webhook', 429, '')).toMatchObject({ ok: false, retryable: true });
  expect(readAnswer('dingtalk', 200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true });
  expect(readAnswer('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toMatchObject({
    ok: false,
    retryable: false,
    error: expect.stringContaining('310000'),
  });
  expect(readAnswer('wecom', 200, '{"errcode":45009,"errmsg":"api freq out of limit"}')).toMatchObject({
    retryable: true,
  });
});
