/**
 * One workflow per case (`case-<caseId>`): the shell around the decider in domain/. Updates carry
 * commands; their validators call `decide`, so a refused command never enters history. Handlers
 * run one at a time, persist the new events through an activity, then adopt them. One timer waits
 * for the next warning or due instant; breaches act without any API call.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from '../activities/case-activities';
import { CASE_NEXT_DUE, CASE_OWNER, CASE_STAGE, CASE_TRACK } from './search-attributes';
import {
  decide,
  evolve,
  nextDueInstant,
  type ActionCommand,
  type ActionRequest,
  type Command,
  type RegisterCommand,
} from '../domain/case-decider';
import type { CaseState } from '../domain/case-types';
import { toCaseDocFields, toCaseView, type CaseUpdateResult, type CaseView } from '../domain/case-view';
import { CURRENT_POLICY, type DeadlinePolicy } from '../domain/deadline-policy';
import { GENESIS_HASH, chainEvents } from '../domain/hash-chain';
import { shanghaiDate } from '../domain/civil-date';

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface DisputeCaseInput {
  caseId: string;
  /** The deadline policy the case pins; defaults to the current one. Tests pass short periods here. */
  policy?: DeadlinePolicy;
  /** Case number prefix (county code), e.g. `ND`. */
  caseNoPrefix?: string;
  /** Continue as new once the history has this many events (default: when Temporal suggests it). */
  historyLimit?: number;
  /** Set by continue-as-new. */
  carried?: { state: CaseState; head: ChainHead };
}

export interface IntakeInput {
  command: Omit<RegisterCommand, 'at' | 'caseNo' | 'caseId' | 'type'>;
}

export interface ActionInput {
  command: ActionRequest;
  /** `If-Match`: refuse unless the case is at this version. */
  expectedVersion?: number | null;
}

export const intakeUpdate = defineUpdate<CaseUpdateResult, [IntakeInput]>('intake');
export const actionUpdate = defineUpdate<CaseUpdateResult, [ActionInput]>('action');
export const caseViewQuery = defineQuery<CaseView | null>('caseView');
export const chainHeadQuery = defineQuery<ChainHead>('chainHead');

const { recordEvents, allocateCaseNo } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '15 seconds',
  // A database outage must not lose an accepted change: keep retrying, backing off to 10 s.
  retry: {
    initialInterval: '200 milliseconds',
    maximumInterval: '10 seconds',
    backoffCoefficient: 2,
    nonRetryableErrorTypes: ['EventConflict'],
  },
});

/** Failure types the API maps to HTTP statuses. */
export const FAILURE_TYPES = {
  versionMismatch: 'version_mismatch',
} as const;

function fail(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

export async function disputeCase(input: DisputeCaseInput): Promise<CaseView | null> {
  const policy = input.policy ?? CURRENT_POLICY;
  const ctx = { policy };
  let state: CaseState | null = input.carried?.state ?? null;
  let head: ChainHead = input.carried?.head ?? { seq: 0, hash: GENESIS_HASH };

  // Handlers that await activities run one at a time, in arrival order.
  let tail: Promise<unknown> = Promise.resolve();
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };

  const now = (): string => new Date(Date.now()).toISOString();
  const result = (): CaseUpdateResult => ({ id: input.caseId, version: state!.version });

  const commit = async (cmd: Command): Promise<void> => {
    const decision = decide(state, cmd, ctx);
    if (!decision.ok) fail(decision.code, decision.message);
    if (decision.events.length === 0) return;
    const chained = chainEvents(input.caseId, head, decision.events);
    let next = state;
    for (const e of chained) next = evolve(next, e);
    // Persist first, adopt after: the read side never misses an event the workflow holds.
    await recordEvents({ caseId: input.caseId, events: chained, view: toCaseDocFields(next!) });
    state = next;
    const last = chained[chained.length - 1]!;
    head = { seq: last.seq, hash: last.hash };
    const due = nextDueInstant(state);
    upsertSearchAttributes([
      { key: CASE_STAGE, value: state!.stage },
      { key: CASE_TRACK, value: state!.track },
      { key: CASE_OWNER, value: state!.owner[0]?.id ?? null },
      { key: CASE_NEXT_DUE, value: due === null ? null : new Date(due) },
    ]);
  };

  const registerCommand = (arg: IntakeInput, caseNo: string): RegisterCommand => ({
    ...arg.command,
    type: 'register',
    caseId: input.caseId,
    caseNo,
    at: now(),
  });

  setHandler(
    intakeUpdate,
    (arg: IntakeInput) =>
      serialized(async () => {
        if (state) {
          if (state.intakeFingerprint === arg.command.intakeFingerprint) return result();
          fail('idempotency_conflict', 'the idempotency key was used for a different intake');
        }
        const { caseNo } = await allocateCaseNo({
          caseId: input.caseId,
          prefix: input.caseNoPrefix ?? 'ND',
          year: Number(shanghaiDate(Date.now()).slice(0, 4)),
        });
        await commit(registerCommand(arg, caseNo));
        return result();
      }),
    {
      validator: (arg: IntakeInput) => {
        if (state) {
          if (state.intakeFingerprint !== arg.command.intakeFingerprint)
            fail('idempotency_conflict', 'the idempotency key was used for a different intake');
          return;
        }
        const decision = decide(null, registerCommand(arg, 'pending'), ctx);
        if (!decision.ok) fail(decision.code, decision.message);
      },
    },
  );

  const actionCommand = (arg: ActionInput): ActionCommand => ({ ...arg.command, at: now() });
  const checkVersion = (arg: ActionInput): void => {
    if (arg.expectedVersion != null && state && state.version !== arg.expectedVersion) {
      fail(FAILURE_TYPES.versionMismatch, `the case is at version ${state.version}, not ${arg.expectedVersion}`);
    }
  };

  setHandler(
    actionUpdate,
    (arg: ActionInput) =>
      serialized(async () => {
        checkVersion(arg);
        await commit(actionCommand(arg));
        return result();
      }),
    {
      validator: (arg: ActionInput) => {
        checkVersion(arg);
        const decision = decide(state, actionCommand(arg), ctx);
        if (!decision.ok) fail(decision.code, decision.message);
      },
    },
  );

  setHandler(caseViewQuery, () => (state ? toCaseView(state) : null));
  setHandler(chainHeadQuery, () => head);

  const historyFull = (): boolean => {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested || (input.historyLimit !== undefined && info.historyLength >= input.historyLimit)
    );
  };

  // A workflow started without an intake (not through the API) gives up after a day.
  if (!(await condition(() => state !== null, '1 day'))) {
    log.warn('no intake arrived; ending', { caseId: input.caseId });
    return null;
  }

  for (;;) {
    if (state!.stage === 'closed') break;
    if (historyFull()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof disputeCase>({ ...input, policy, carried: { state: state!, head } });
    }
    const seenVersion = state!.version;
    const due = nextDueInstant(state);
    const changed = () => state!.version !== seenVersion || historyFull();
    const woke =
      due === null
        ? await condition(changed).then(() => true)
        : await condition(changed, Math.max(1, due - Date.now()));
    if (!woke) {
      await serialized(() => commit({ type: 'tick', at: now(), actor: { id: 'system', role: 'system', org: null } }));
    }
  }

  await condition(allHandlersFinished);
  return toCaseView(state!);
}
