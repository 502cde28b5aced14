/**
 * The API's way into the case workflows: Update-with-Start for intake, updates for actions, and the
 * mapping of workflow failures (stable `type` codes from the decider) to AppErrors.
 */
import { createHash } from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowUpdateFailedError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CaseUpdateResult, CaseView } from '../domain/case-view';
import type { CaseDoc, Models } from '../db/models';
import { isFerretDb } from '../db/connection';
import { caseNumberAllocator, type AllocateCaseNo } from '../db/case-numbers';
import { shanghaiYear } from '../domain/civil-date';
import { docToView } from './case-access';
import type { DeadlinePolicy } from '../domain/deadline-policy';
import type { CalendarSpec } from '../domain/calendar';
import { actionUpdate, disputeCase, intakeUpdate, type ActionInput, type IntakeInput } from '../workflows/dispute-case';
import { AppError, isErrorCode, notApplied } from './errors';

export const workflowIdFor = (caseId: string): string => `case-${caseId}`;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A stable case id for an intake idempotency scope: retries land on the same workflow. */
export function caseIdFor(scope: string): string {
  const h = sha256Hex(`case-id:${scope}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Workflow failures as AppErrors: a failure `type` is a code the API maps to a status. */
export function mapFailure(err: unknown): never {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const type = err.cause.type ?? '';
    if (isErrorCode(type)) throw new AppError(type, err.cause.message, undefined, { cause: err });
    // A type the API does not know is a bug between workflow and API, not the caller's doing: 500, and
    // the type goes to the log (through the cause) rather than to the caller.
    const unknown = new Error(`workflow failure of unknown type '${type}'`, { cause: err });
    throw new AppError('internal', 'an unexpected error occurred', undefined, { cause: unknown });
  }
  if (err instanceof WorkflowNotFoundError) throw new AppError('not_found', 'no such case', undefined, { cause: err });
  throw err;
}

export interface CaseGatewayOptions {
  client: Client;
  models: Models;
  taskQueue: string;
  policy?: DeadlinePolicy;
  /** The calendar new cases pin (the newest installed official calendar). */
  calendar?: () => Promise<CalendarSpec>;
  caseNoPrefix: string;
}

export class CaseGateway {
  private allocator: Promise<AllocateCaseNo> | null = null;

  constructor(private readonly opts: CaseGatewayOptions) {}

  /** The view the workflow's activity wrote before the update returned (read-your-writes). */
  private async readView(result: CaseUpdateResult): Promise<CaseView> {
    const doc = await this.opts.models.Case.findById(result.id).lean<CaseDoc>();
    if (!doc || doc.version < result.version)
      throw new AppError('unavailable', 'the case was changed but its view is not readable yet; retry');
    return docToView(doc);
  }

  /** The case's number, allocated here rather than by an activity of its workflow (one activity and one
   * workflow task fewer per intake); a retried intake gets the number its case already has. */
  private async caseNoFor(caseId: string): Promise<string> {
    // One increment at a time on FerretDB only (db/case-numbers.ts); asked once, again after a failure.
    this.allocator ??= isFerretDb(this.opts.models.Counter.db).then(
      (serializeCounter) => caseNumberAllocator(this.opts.models, { serializeCounter }),
      (err: unknown) => {
        this.allocator = null;
        throw err;
      },
    );
    try {
      const allocate = await this.allocator;
      const year = shanghaiYear(Date.now());
      return (await allocate({ caseId, prefix: this.opts.caseNoPrefix, year })).caseNo;
    } catch (err) {
      // The activity this replaces retried until it got a number: here the caller retries (503), and the
      // same Idempotency-Key gets the number this case may already have.
      throw new AppError('unavailable', 'no case number could be allocated just now; retry', undefined, {
        cause: err,
      });
    }
  }

  async intake(caseId: string, input: IntakeInput, fingerprint: string): Promise<CaseView> {
    const { calendar, caseNo } = await this.beforeIntake(caseId).catch((err: unknown) => {
      throw notApplied(err);
    });
    const startOp = new WithStartWorkflowOperation(disputeCase, {
      workflowId: workflowIdFor(caseId),
      taskQueue: this.opts.taskQueue,
      args: [
        {
          caseId,
          caseNoPrefix: this.opts.caseNoPrefix,
          ...(this.opts.policy ? { policy: this.opts.policy } : {}),
          ...(calendar ? { calendar } : {}),
        },
      ],
      // A retried intake joins the running case; a closed case is never started again under its id.
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    try {
      const result = await this.opts.client.workflow.executeUpdateWithStart(intakeUpdate, {
        args: [{ ...input, caseNo }],
        updateId: `intake-${fingerprint.slice(0, 40)}`,
        startWorkflowOperation: startOp,
      });
      return await this.readView(result);
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        throw new AppError('conflict', 'this idempotency key belongs to a case that is already closed', undefined, {
          cause: err,
        });
      }
      mapFailure(err);
    }
  }

  /** What an intake needs before its case is asked: the calendar and the case's number. */
  private async beforeIntake(caseId: string) {
    const calendar = this.opts.calendar ? await this.opts.calendar() : undefined;
    return { calendar, caseNo: await this.caseNoFor(caseId) };
  }

  async act(caseId: string, input: ActionInput, updateId?: string): Promise<CaseView> {
    try {
      const result = await this.opts.client.workflow.getHandle(workflowIdFor(caseId)).executeUpdate(actionUpdate, {
        args: [input],
        ...(updateId ? { updateId } : {}),
      });
      return await this.readView(result);
    } catch (err) {
      // The workflow of a closed case has completed: the action is refused like any other in `closed`.
      if (err instanceof WorkflowNotFoundError)
        throw new AppError('invalid_transition', 'the case is closed', undefined, { cause: err });
      mapFailure(err);
    }
  }
}
