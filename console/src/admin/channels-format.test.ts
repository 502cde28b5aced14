/** A channel's address on screen with its credential masked, and a held delivery's day and time. */
import { describe, expect, it } from 'vitest';
import { formatDayTime, isHeld, maskUrl, maskValue, shorten, withoutCaseNo } from './channels-format';

describe('maskUrl', () => {
  it('when a DingTalk robot URL carries its access token, then only its first characters show', () => {
    expect(maskUrl('https://oapi.dingtalk.com/robot/send?access_token=8f3a9c0d1e2f3a4b5c6d7e8f9a0b1c2d')).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=8f3a••••',
    );
  });

  it('when a WeCom robot URL carries its key, then the key is masked', () => {
    expect(maskUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a••••',
    );
  });

  it('when a webhook has a token in its path or a password in it, then those are masked and the rest stays', () => {
    expect(maskUrl('https://hooks.example.cn/services/T0ABC123/B0DEF456/Xy9zAbCdEfGh1234567890kl?src=mediation')).toBe(
      'https://hooks.example.cn/services/T0ABC123/B0DEF456/Xy9z••••?src=mediation',
    );
    expect(maskUrl('http://ops:hunter22@10.0.0.5:8080/notify')).toBe('http://ops:••••@10.0.0.5:8080/notify');
  });

  it('when a URL has no credential, then it reads as it is', () => {
    expect(maskUrl('http://127.0.0.1:43123/hook')).toBe('http://127.0.0.1:43123/hook');
  });

  it('when a short value or something that is not a URL is masked, then nothing of a short one shows', () => {
    expect(maskValue('abc123')).toBe('••••');
    expect(maskUrl('not a url at all')).toBe('not ••••');
  });
});

describe('shorten', () => {
  it('when text is longer than the limit, then the middle goes and both ends stay', () => {
    const text = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a••••';
    const short = shorten(text, 40);
    expect(short).toHaveLength(40);
    expect(short.startsWith('https://qyapi.weixin')).toBe(true);
    expect(short.endsWith('key=693a••••')).toBe(true);
    expect(shorten('http://a.cn/x', 40)).toBe('http://a.cn/x');
  });
});

describe('formatDayTime', () => {
  const now = Date.parse('2026-11-27T15:00:00Z');

  it('when a routine warning is held until the next working morning, then it reads as that day and time in Shanghai', () => {
    expect(formatDayTime('2026-11-28T00:30:00.000Z', 'zh', now)).toBe('11月28日 08:30');
    expect(formatDayTime('2026-11-28T00:30:00.000Z', 'en', now)).toBe('28 Nov 08:30');
  });

  it('when the instant is in another year, then the year is said', () => {
    expect(formatDayTime('2027-01-04T01:00:00.000Z', 'zh', now)).toBe('2027年1月4日 09:00');
  });

  it('when a pending delivery may only go later, then it is held; a failed or due one is not', () => {
    expect(isHeld({ status: 'pending', notBefore: '2026-11-28T00:30:00.000Z' }, now)).toBe(true);
    expect(isHeld({ status: 'pending', notBefore: '2026-11-27T14:00:00.000Z' }, now)).toBe(false);
    expect(isHeld({ status: 'failed', notBefore: '2026-11-28T00:30:00.000Z' }, now)).toBe(false);
  });
});

describe('withoutCaseNo', () => {
  it('when a title starts with its case number, then the rest is said; otherwise the title stays whole', () => {
    expect(withoutCaseNo('ND-2026-000001 风险上报：高风险', 'ND-2026-000001')).toBe('风险上报：高风险');
    expect(withoutCaseNo('受理期限即将到期', 'ND-2026-000001')).toBe('受理期限即将到期');
    expect(withoutCaseNo('ND-2026-000001', 'ND-2026-000001')).toBe('ND-2026-000001');
  });
});
