// @vitest-environment jsdom
/**
 * What a mediator reads when a request does not get through: Chinese, and saying that nothing typed is
 * lost (console.md: Chinese first; a clear error, nothing lost), not the browser's "Failed to fetch" or the
 * server's technical English; and which failures a query tries again.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../i18n/i18n';
import { ApiError, requestJson, retryUnlessRefused } from './http';

beforeAll(() => {
  localStorage.clear();
  initI18n();
});
afterEach(() => vi.unstubAllGlobals());

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  vi.stubGlobal(
    'fetch',
    vi.fn(() =>
      Promise.resolve(
        new Response(JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/problem+json', ...headers },
        }),
      ),
    ),
  );

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: unknown) => err,
  );

describe('requestJson', () => {
  it('when the network is down, then an ApiError of status 0 says so in Chinese', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const err = await failure(requestJson('GET', '/api/v1/cases'));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 0, message: '无法连接服务器，请检查网络后重试' });
  });

  it('when a backing service is down (503), then it says the service is away and what was typed stays', async () => {
    answer(503, { title: 'Service unavailable', detail: 'a backing service is unavailable; try again shortly' });
    const err = await failure(requestJson('POST', '/api/v1/cases', {}));
    expect(err).toMatchObject({
      status: 503,
      message: '服务暂时不可用，请稍后重试：已填写的内容仍在，重试不会重复办理',
    });
  });

  it('when refused for too many requests, then it says how long to wait', async () => {
    answer(429, { title: 'Too many requests' }, { 'Retry-After': '30' });
    await expect(failure(requestJson('GET', '/api/v1/cases'))).resolves.toMatchObject({
      message: '操作太频繁，请 30 秒后重试',
    });
  });

  it('when the server refuses the request itself, then its own words are kept', async () => {
    answer(409, { title: 'Conflict', detail: '案件已结案' });
    await expect(failure(requestJson('GET', '/api/v1/cases'))).resolves.toMatchObject({
      status: 409,
      message: '案件已结案',
    });
  });

  it('when the request is cancelled, then it stays a cancellation', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new DOMException('aborted', 'AbortError'))),
    );
    await expect(failure(requestJson('GET', '/api/v1/cases'))).resolves.toMatchObject({ name: 'AbortError' });
  });
});

describe('retryUnlessRefused', () => {
  it('tries again after no answer or a 5xx, twice at most, and never after a 4xx', () => {
    expect(retryUnlessRefused(0, new ApiError(0, null, null))).toBe(true);
    expect(retryUnlessRefused(1, new ApiError(503, null, null))).toBe(true);
    expect(retryUnlessRefused(2, new ApiError(503, null, null))).toBe(false);
    expect(retryUnlessRefused(0, new ApiError(404, null, null))).toBe(false);
    expect(retryUnlessRefused(0, new ApiError(412, null, null))).toBe(false);
  });
});
