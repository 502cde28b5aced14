/**
 * Errors with stable string codes, and the one Express error middleware that maps code → status →
 * application/problem+json (RFC 9457). No stack traces and no echo of sensitive fields.
 */
import { isGrpcServiceError } from '@temporalio/client';
import type { ErrorRequestHandler, Request } from 'express';
import type { RejectionCode } from '../domain/case-decider';
import type { FAILURE_TYPES } from '../workflows/dispute-case';

type WorkflowFailureType = (typeof FAILURE_TYPES)[keyof typeof FAILURE_TYPES];

export const PROBLEM_BASE = 'https://mediation.example/problems/';

export interface FieldError {
  path: string;
  message: string;
}

/** Codes the API raises itself (the decider's and the workflow's come in through the union below). */
type ApiCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'idempotency_conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal'
  // The workflow found MongoDB holding a different event under a seq it persists: the history diverged.
  | 'event_conflict';

/** Every code an error may carry: a new decider or workflow code without a status fails to compile. */
export type ErrorCode = RejectionCode | WorkflowFailureType | ApiCode;

const STATUS = {
  validation_failed: { status: 400, title: 'Invalid request' },
  invalid_input: { status: 400, title: 'Invalid request' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  // An action reached a case workflow that never registered a case: as far as callers know, no such case.
  not_registered: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  invalid_transition: { status: 409, title: 'Action not allowed now' },
  already_registered: { status: 409, title: 'Already registered' },
  conflict: { status: 409, title: 'Conflict' },
  version_mismatch: { status: 412, title: 'Version mismatch' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  idempotency_conflict: { status: 422, title: 'Idempotency key reused with a different body' },
  rate_limited: { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'Service unavailable' },
  internal: { status: 500, title: 'Internal error' },
  event_conflict: { status: 500, title: 'Case history conflict' },
} as const satisfies Record<ErrorCode, { status: number; title: string }>;

/** Whether a code from outside (a workflow failure's `type`) is one the API knows. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(STATUS, code);
}

/** The status and title of a code (RFC 9457 `status` and `title`). */
export function statusOf(code: ErrorCode): { status: number; title: string } {
  return STATUS[code];
}

export class AppError extends Error {
  /** Raised before the case was asked anything: nothing was applied, whatever the status (an
   * Idempotency-Key is then given back, api/routes/cases.ts). */
  readonly notApplied: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    options?: { cause?: unknown; notApplied?: boolean },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.notApplied = options?.notApplied ?? false;
  }
  get status(): number {
    return STATUS[this.code].status;
  }
}

export function problemBody(req: Request, code: ErrorCode, detail: string, errors?: FieldError[]) {
  const s = STATUS[code];
  return {
    type: `${PROBLEM_BASE}${code.replace(/_/g, '-')}`,
    title: s.title,
    status: s.status,
    detail,
    instance: req.originalUrl,
    correlationId: typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : '',
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

// WorkflowUpdateRPCTimeoutOrCancelledError: the case did not answer an update within the client's RPC
// deadline (its worker died mid-update, say); the update may still complete, and the same
// Idempotency-Key will find it, so the caller should retry.
const UNAVAILABLE_ERRORS =
  /MongoServerSelectionError|MongoNetworkError|MongoNotConnectedError|ConnectionError|ServiceError|TransportError|WorkflowUpdateRPCTimeoutOrCancelledError/;
/** Temporal refuses updates while a case's workflow task keeps failing (say, a deploy that broke replay):
 * it heals once the workers are fixed, so the caller should retry. Update-with-Start delivers it as the
 * bare gRPC error (a plain `Error`, code FAILED_PRECONDITION), not as a ServiceError: known by its text. */
const WORKFLOW_TASK_FAILED = /Workflow Task in failed state/i;
const GRPC_UNAVAILABLE = 14;

/** A backing service that is down or not ready, anywhere along the `cause` chain. */
function isUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e instanceof Error && depth < 10; depth++, e = e.cause) {
    if (UNAVAILABLE_ERRORS.test(e.name) || WORKFLOW_TASK_FAILED.test(e.message)) return true;
    if (isGrpcServiceError(e) && Number(e.code) === GRPC_UNAVAILABLE) return true;
  }
  return false;
}

/** Whether `text` parses as JSON: body-parser's strict mode refuses a valid JSON value that is not an object
 * or an array (`null`, `3`, `"x"`) with the same error as text that is not JSON at all. */
function isJson(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The 4xx status of an error http-errors made for a client's mistake (`expose`: its message is safe to
 * show), such as raw-body's for a body cut short or of another length than its Content-Length, or zlib's
 * for a compressed body that does not decompress (body-parser gives those a status and no code of ours). */
function clientErrorStatus(err: unknown): number | null {
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : e?.statusCode;
  return e?.expose === true && typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

/** Maps body-parser's errors (bad JSON, too large, wrong charset, unreadable body) to stable codes. */
function fromBodyParser(err: unknown): AppError | null {
  const { type, body } = (err ?? {}) as { type?: string; body?: unknown };
  if (type === 'entity.parse.failed')
    return isJson(body)
      ? new AppError('validation_failed', 'the request body must be a JSON object', [
          { path: 'request body', message: 'must be a JSON object' },
        ])
      : new AppError('validation_failed', 'the request body is not valid JSON', [
          { path: 'request body', message: 'is not valid JSON' },
        ]);
  if (type === 'entity.too.large') return new AppError('payload_too_large', 'the body is larger than allowed');
  if (type === 'charset.unsupported')
    return new AppError('unsupported_media_type', 'the body must be JSON in UTF-8; send no other charset');
  if (type === 'encoding.unsupported')
    return new AppError(
      'unsupported_media_type',
      'unsupported Content-Encoding; send the body uncompressed, or as gzip, deflate or br',
    );
  const status = clientErrorStatus(err);
  if (status === null) return null;
  if (status === 413) return new AppError('payload_too_large', 'the body is larger than allowed');
  if (status === 415) return new AppError('unsupported_media_type', 'unsupported body encoding');
  return new AppError('validation_failed', 'the request body could not be read', [
    { path: 'request body', message: 'could not be read: cut short, not of its Content-Length, or not decompressible' },
  ]);
}

/** Any error as the AppError it answers with: its own code, body-parser's, 503 for an unavailable backing
 * service, else 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const parsed = fromBodyParser(err);
  if (parsed) return parsed;
  // Express's router cannot percent-decode a path parameter such as `%ff%fe` (not UTF-8).
  if (err instanceof URIError)
    return new AppError('validation_failed', 'the path is not valid percent-encoded UTF-8', [
      { path: 'path', message: 'invalid percent-encoding' },
    ]);
  return isUnavailable(err)
    ? new AppError('unavailable', 'a backing service is unavailable; try again shortly', undefined, { cause: err })
    : new AppError('internal', 'an unexpected error occurred', undefined, { cause: err });
}

/** An error raised before the case was asked anything, as the AppError it answers with, marked so. */
export function notApplied(err: unknown): AppError {
  const e = toAppError(err);
  return new AppError(e.code, e.message, e.errors, { cause: e.cause, notApplied: true });
}

export const problemHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const appErr = toAppError(err);
  const body = problemBody(req, appErr.code, appErr.message, appErr.errors);
  if (body.status >= 500) req.log?.error({ err, status: body.status }, 'request failed');
  else req.log?.info({ code: appErr.code, status: body.status }, 'request refused');
  res.status(body.status).type('application/problem+json').json(body);
};
