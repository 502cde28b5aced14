/**
 * Errors with stable string codes, and the one Express error middleware that maps code → status →
 * application/problem+json (RFC 9457). No stack traces and no echo of sensitive fields.
 */
import type { ErrorRequestHandler, Request } from 'express';

export const PROBLEM_BASE = 'https://mediation.example/problems/';

export interface FieldError {
  path: string;
  message: string;
}

const STATUS: Record<string, { status: number; title: string }> = {
  validation_failed: { status: 400, title: 'Invalid request' },
  invalid_input: { status: 400, title: 'Invalid request' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
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
};

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
  get status(): number {
    return (STATUS[this.code] ?? STATUS.internal!).status;
  }
}

export function problemBody(req: Request, code: string, detail: string, errors?: FieldError[]) {
  const s = STATUS[code] ?? STATUS.internal!;
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

function isUnavailable(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? '';
  return /MongoServerSelectionError|MongoNetworkError|MongoNotConnectedError|ConnectionError|ServiceError|TransportError/.test(
    name,
  );
}

/** Maps body-parser's errors (bad JSON, too large, wrong charset) to stable codes. */
function fromBodyParser(err: unknown): AppError | null {
  const type = (err as { type?: string })?.type;
  if (type === 'entity.parse.failed')
    return new AppError('validation_failed', 'the body is not valid JSON', [{ path: '', message: 'invalid JSON' }]);
  if (type === 'entity.too.large') return new AppError('payload_too_large', 'the body is larger than allowed');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new AppError('unsupported_media_type', 'unsupported body encoding');
  return null;
}

export const problemHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  let appErr: AppError;
  if (err instanceof AppError) appErr = err;
  else
    appErr =
      fromBodyParser(err) ??
      (isUnavailable(err)
        ? new AppError('unavailable', 'a backing service is unavailable; try again shortly', undefined, { cause: err })
        : new AppError('internal', 'an unexpected error occurred', undefined, { cause: err }));
  const body = problemBody(req, appErr.code, appErr.message, appErr.errors);
  if (body.status >= 500) req.log?.error({ err }, 'request failed');
  else req.log?.info({ code: appErr.code, status: body.status }, 'request refused');
  res.status(body.status).type('application/problem+json').json(body);
};
