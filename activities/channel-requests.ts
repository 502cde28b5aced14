/**
 * The HTTP request each kind of outbound channel takes (api.md "Notifications"), and how to read its
 * answer. Pure apart from the clock passed in: tests check the signatures against the published rules.
 */
import { createHmac } from 'node:crypto';
import type { ChannelDoc, DeliveryPayload } from '../db/models';

export interface ChannelRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The request for a channel. Webhook: JSON body, `X-Signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<body>">`. DingTalk custom robot: markdown, signed with `timestamp` and `sign` in the URL
 * (HMAC-SHA256 of "<timestamp ms>\n<secret>", base64). WeCom group robot: markdown, the key in the URL. */
export function channelRequest(channel: ChannelDoc, payload: DeliveryPayload, nowMs: number): ChannelRequest {
  switch (channel.kind) {
    case 'webhook': {
      const body = JSON.stringify(payload);
      const timestamp = String(Math.floor(nowMs / 1000));
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-notification-id': payload.id,
        'x-timestamp': timestamp,
      };
      if (channel.secret)
        headers['x-signature'] =
          `sha256=${createHmac('sha256', channel.secret).update(`${timestamp}.${body}`).digest('hex')}`;
      return { url: channel.url, headers, body };
    }
    case 'dingtalk': {
      const url = new URL(channel.url);
      if (channel.secret) {
        const timestamp = String(nowMs);
        const sign = createHmac('sha256', channel.secret).update(`${timestamp}\n${channel.secret}`).digest('base64');
        url.searchParams.set('timestamp', timestamp);
        url.searchParams.set('sign', sign);
      }
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: payload.title, text: markdown(payload) } });
      return { url: url.toString(), headers: { 'content-type': 'application/json' }, body };
    }
    case 'wecom': {
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { content: markdown(payload) } });
      return { url: channel.url, headers: { 'content-type': 'application/json' }, body };
    }
  }
}

function markdown(p: DeliveryPayload): string {
  return `### ${p.title}\n\n${p.detail}\n\n案号：${p.caseNo}　时间：${p.at}`;
}

export type ChannelAnswer = { ok: true } | { ok: false; error: string; retryable: boolean };

/** Whether the channel took it. A webhook answers by status; the robots answer 200 with an `errcode`. */
export function readAnswer(kind: ChannelDoc['kind'], status: number, text: string): ChannelAnswer {
  const statusError = (): ChannelAnswer => ({
    ok: false,
    error: `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`,
    // A refusal (bad signature, unknown hook) will not change by retrying; overload and outages may.
    retryable: status >= 500 || status === 408 || status === 429,
  });
  if (status < 200 || status >= 300) return statusError();
  if (kind === 'webhook') return { ok: true };
  let answer: { errcode?: number; errmsg?: string } = {};
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    return { ok: false, error: `not a robot answer: ${text.slice(0, 200)}`, retryable: true };
  }
  if (answer.errcode === 0) return { ok: true };
  // 130101 (DingTalk) and 45009 (WeCom): sending too fast.
  const retryable = answer.errcode === 130101 || answer.errcode === 45009;
  return { ok: false, error: `errcode ${answer.errcode}: ${answer.errmsg ?? ''}`, retryable };
}
