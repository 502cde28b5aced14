/**
 * The one fetch every API call goes through: same-origin cookies, the session's CSRF token on writes,
 * the server clock from `Date`, and a 401 turned into "go to the login page".
 */
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
  const response = await fetch(request);
  recordServerDate(response.headers.get('Date'));
  const path = new URL(request.url).pathname;
  if (response.status === 401 && !AUTH_PATHS.includes(path)) onUnauthorized?.();
  return response;
}

/** An API answer that is not 2xx, with the problem+json body when there is one. */
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
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
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
