/**
 * Error codes → HTTP statuses (api.md "Errors"): every code the decider or the workflow can fail with
 * has a deliberate status, an unknown workflow failure type is a 500 rather than a guess, and Temporal
 * refusing an update because the case's workflow task is failing is a 503 however it arrives.
 */
import type { Request, Response } from 'express';
import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { REJECTION_CODES } from '../../domain/case-decider';
import { AppError, isErrorCode, problemHandler, statusOf, toAppError, type ErrorCode } from '../../api/errors';
import { mapFailure } from '../../api/case-gateway';

// Transcribed from api.md "Errors" (and the issue for not_registered and event_conflict).
const EXPECTED: Record<string, number> = {
  validation_failed: 400,
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  not_registered: 404,
  invalid_transition: 409,
  already_registered: 409,
  version_mismatch: 412,
  idempotency_conflict: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
  event_conflict: 500,
};

/** What the workflow's update failure looks like at the client. */
const updateFailure = (type: string, message = 'refused'): WorkflowUpdateFailedError =>
  new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message }));

const mapped = (err: unknown): AppError => {
  try {
    mapFailure(err);
  } catch (thrown) {
    return toAppError(thrown);
  }
  throw new Error('mapFailure returned');
};

/** The bare gRPC error Update-with-Start rethrows (grpc-js shape: code, details, metadata). */
function grpcError(code: number, message: string): Error {
  return Object.assign(new Error(`${code} ${message}`), { code, details: message, metadata: { internalRepr: {} } });
}

describe('the status of every code', () => {
  test.each(REJECTION_CODES)('when the decider refuses with %s, then the API knows the code and its status', (code) => {
    expect(isErrorCode(code)).toBe(true);
    expect(statusOf(code).status).toBe(EXPECTED[code]);
    expect(statusOf(code).status).toBeLessThan(500);
  });

  test.each(Object.entries(EXPECTED))('when an error has code %s, then it answers %i', (code, status) => {
    expect(isErrorCode(code)).toBe(true);
    expect(new AppError(code as ErrorCode, 'x').status).toBe(status);
  });

  test('when the stored history conflicts, then the problem has its own title', () => {
    expect(statusOf('event_conflict')).toEqual({ status: 500, title: 'Case history conflict' });
  });
});

describe('workflow failures', () => {
  test('when an action reaches a case that was never registered, then 404', () => {
    const err = mapped(updateFailure('not_registered', 'the case is not registered'));
    expect({ code: err.code, status: err.status, detail: err.message }).toEqual({
      code: 'not_registered',
      status: 404,
      detail: 'the case is not registered',
    });
  });

  test('when the workflow fails an update with event_conflict, then 500 with that code', () => {
    const err = mapped(updateFailure('event_conflict', 'MongoDB holds a different event at seq 7'));
    expect([err.code, err.status]).toEqual(['event_conflict', 500]);
  });

  test('when the failure type is one the API does not know, then 500 internal, the type kept for the log only', () => {
    const err = mapped(updateFailure('brand_new_type', 'secret detail'));
    expect([err.code, err.status, err.message]).toEqual(['internal', 500, 'an unexpected error occurred']);
    expect(String((err.cause as Error).message)).toContain("'brand_new_type'");
  });
});

describe('unavailable backing services', () => {
  const TASK_FAILED =
    '9 FAILED_PRECONDITION: Unable to perform workflow execution update due to Workflow Task in failed state.';

  test('when Temporal refuses because the workflow task is failing, as a plain Error, then 503', () => {
    expect(toAppError(new Error(TASK_FAILED)).status).toBe(503);
  });

  test('when that refusal is the cause of another error, or a bare gRPC error, then 503', () => {
    expect(toAppError(new Error('Update-With-Start failed', { cause: new Error(TASK_FAILED) })).status).toBe(503);
    expect(toAppError(grpcError(9, TASK_FAILED)).status).toBe(503);
  });

  test('when a gRPC error says UNAVAILABLE, then 503; a MongoDB error with the same number is not', () => {
    expect(toAppError(grpcError(14, 'UNAVAILABLE: connection refused')).status).toBe(503);
    expect(toAppError(Object.assign(new Error('type mismatch'), { code: 14 })).status).toBe(500);
  });

  test('when an update is not answered within the RPC deadline (the worker died mid-update), then 503', () => {
    const deadline = Object.assign(new Error('4 DEADLINE_EXCEEDED: context deadline exceeded'), { code: 4 });
    expect(
      toAppError(new WorkflowUpdateRPCTimeoutOrCancelledError('context deadline exceeded', { cause: deadline })).status,
    ).toBe(503);
  });

  test('when an error is just a bug, then 500 internal', () => {
    expect(toAppError(new TypeError('x is undefined'))).toMatchObject({ code: 'internal', status: 500 });
  });

  test('when the handler answers a plain "Workflow Task in failed state" Error, then the problem is 503', () => {
    const sent: { status?: number; body?: unknown } = {};
    const res = {
      status(s: number) {
        sent.status = s;
        return res;
      },
      type: () => res,
      json(b: unknown) {
        sent.body = b;
        return res;
      },
    } as unknown as Response;
    const req = { originalUrl: '/api/v1/cases/x/actions/pause', id: 'r-1' } as unknown as Request;
    problemHandler(new Error(TASK_FAILED), req, res, () => undefined);
    expect(sent.status).toBe(503);
    expect(sent.body).toMatchObject({ status: 503, title: 'Service unavailable' });
  });
});
