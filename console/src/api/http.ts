/**
 * The one fetch every API call goes through: same-origin cookies, the session's CSRF token on writes,
 * the server clock from `Date`, and a 401 turned into "go to the login page".
 */
import i18next from 'i18next';
import { recordServerDate } from './server-clock';

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Calls whose 401 is an answer for the caller (wrong password, no session yet), not a lost session. */
const AUTH_PATHS = ['/api/v1/session', '/api/v1/me'];

export async function apiFetch(input: Request): Promise<Response> {
  const headers = new Headers(input.headers);
  if (!SAFE_METHODS.has(input.method.toUpperCase()) && csrfToken) headers.set('X-CSRF-Token', csrfToken);
  const lang = document.documentElement.lang.startsWith('en') ? 'en' : 'zh-CN';
  if (!headers.has('Accept-Language')) headers.set('Accept-Language', lang);
  const request = new Request(input, { headers, credentials: 'same-origin' });
  let response: Response;
  try {
    response = await fetch(request);
  } catch (err) {
    // A cancelled request stays what it is; anything else never reached the server (status 0).
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, null, null, { cause: err });
  }
  recordServerDate(response.headers.get('Date'));
  const path = new URL(request.url).pathname;
  if (response.status === 401 && !AUTH_PATHS.includes(path)) onUnauthorized?.();
  return response;
}

/**
 * What the user is told when the request did not reach the case at all, in the console's language: the
 * server's own text for these is a technical line in English ("a backing service is unavailable…"), or a
 * proxy's page, or the browser's "Failed to fetch". What was typed is kept, and a retry is applied once.
 */
function transportText(status: number, retryAfterSeconds: number | null): string | null {
  if (status === 0) return i18next.t('networkError');
  if (status === 502 || status === 503 || status === 504) return i18next.t('serviceUnavailable');
  if (status === 429) return i18next.t('tooManyRequests', { seconds: Math.max(1, Math.ceil(retryAfterSeconds ?? 1)) });
  return null;
}

/** An API answer that is not 2xx (status 0: no answer at all), with the problem+json body when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: {
      title?: string;
      detail?: string;
      code?: string;
      /** Validation errors, each at a body path such as `parties.0.idNumber`. */
      errors?: Array<{ path: string; message: string }>;
    } | null,
    readonly retryAfterSeconds: number | null,
    options?: ErrorOptions,
  ) {
    super(transportText(status, retryAfterSeconds) ?? problem?.detail ?? problem?.title ?? `HTTP ${status}`, options);
    this.name = 'ApiError';
  }
}

/** For a query's `retry`: twice more, except when the server refused the request itself (4xx). An
 * answer that never came (status 0) and a 5xx are worth another try. */
export function retryUnlessRefused(failures: number, err: unknown): boolean {
  return !(err instanceof ApiError && err.status >= 400 && err.status < 500) && failures < 2;
}

async function errorOf(response: Response): Promise<ApiError> {
  let problem: ApiError['problem'] = null;
  try {
    problem = (await response.json()) as ApiError['problem'];
  } catch {
    problem = null;
  }
  const retry = response.headers.get('Retry-After');
  const seconds = retry === null ? null : Number(retry);
  return new ApiError(response.status, problem, seconds !== null && Number.isFinite(seconds) ? seconds : null);
}

/** For routes the generated types do not describe yet: JSON in, JSON out, ApiError when not 2xx. */
export async function requestJson<T>(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await apiFetch(new Request(new URL(path, window.location.origin), init));
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export { errorOf };

/** A fresh Idempotency-Key: getRandomValues works on plain-http county servers too (randomUUID does not). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
