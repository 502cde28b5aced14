/**
 * One workflow per case (`case-<caseId>`): the shell around the decider in domain/. Updates carry
 * commands; their validators call `decide`, so a refused command never enters history. A handler
 * adopts the decided events at once and answers when one in-order writer has persisted them through
 * an activity. One timer waits for the next warning or due instant; breaches act without any API
 * call, and without waiting for the database.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities, RecordEventsInput } from '../activities/case-activities';
import { CASE_NEXT_DUE, CASE_OWNER, CASE_STAGE, CASE_TRACK } from './search-attributes';
import {
  decide,
  evolve,
  nextDueInstant,
  type ActionCommand,
  type ActionRequest,
  type AdoptCalendarCommand,
  type Command,
  type DecideContext,
  type RegisterCommand,
} from '../domain/case-decider';
import type { Actor, CaseState } from '../domain/case-types';
import {
  caseWhereabouts,
  toCaseDocFields,
  toCaseView,
  type CaseUpdateResult,
  type CaseView,
} from '../domain/case-view';
import { noticeWhereabouts } from '../domain/notifications';
import { LEGACY_POLICY_VERSION, policyByVersion, type DeadlinePolicy } from '../domain/deadline-policy';
import { LEGACY_CALENDAR_VERSION, bundledCalendarSpec, resolveCalendar, type CalendarSpec } from '../domain/calendar';
import { calendarAfter } from '../domain/calendar-change';
import { GENESIS_HASH, chainEvents } from '../domain/hash-chain';
import type { CaseEvent } from '../domain/case-events';
import { shanghaiYear } from '../domain/civil-date';
import { CURRENT_RULES, FIRST_RULES } from '../domain/case-rules';

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface DisputeCaseInput {
  caseId: string;
  /** The deadline policy the case pins: the API passes the one in force (tests pass short periods).
   * Absent only in histories recorded before that; they had the bundled `LEGACY_POLICY_VERSION`. */
  policy?: DeadlinePolicy;
  /** The calendar the case counts with: the API passes the newest installed official calendar; after
   * continue-as-new, the case's own (with any years it adopted). Absent: the bundled legacy calendar. */
  calendar?: CalendarSpec;
  /** Case number prefix (county code), e.g. `ND`. */
  caseNoPrefix?: string;
  /** Continue as new once the history has this many events (default: when Temporal suggests it). */
  historyLimit?: number;
  /** Set by continue-as-new. */
  carried?: { state: CaseState; head: ChainHead };
}

export interface IntakeInput {
  command: Omit<RegisterCommand, 'at' | 'caseNo' | 'caseId' | 'type'>;
  /** The case's number, allocated by the API before the intake (db/case-numbers.ts): one activity and
   * one workflow task fewer per intake (issue 14). Intakes sent without it (older API processes, the
   * histories they recorded) get theirs from the `allocateCaseNo` activity, as before. */
  caseNo?: string;
}

export interface ActionInput {
  command: ActionRequest;
  /** `If-Match`: refuse unless the case is at this version. */
  expectedVersion?: number | null;
}

/** An installed official calendar for the case to adopt (scripts/calendar-migration.ts sends it). */
export interface AdoptCalendarInput {
  calendar: CalendarSpec;
  /** The system or an administrator. */
  actor: Actor;
  reason?: string | null;
}

export interface AdoptCalendarResult extends CaseUpdateResult {
  /** The calendar the case counts with afterwards. */
  calendarVersion: string;
  /** The deadlines counted again (`deadline.recalculated`), by id. */
  recalculated: string[];
}

export const intakeUpdate = defineUpdate<CaseUpdateResult, [IntakeInput]>('intake');
export const actionUpdate = defineUpdate<CaseUpdateResult, [ActionInput]>('action');
export const adoptCalendarUpdate = defineUpdate<AdoptCalendarResult, [AdoptCalendarInput]>('adoptCalendar');
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
  /** MongoDB holds a different event under a seq this case wrote: its change is not in the case file. */
  eventConflict: 'event_conflict',
} as const;

function fail(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/**
 * Patch marker: cases started from 2026-11-25 adopt each change when it is decided and persist it
 * behind, through one in-order writer, so a database outage delays the read side but never the case's
 * own clock. Cases started earlier persisted first and adopted after; their histories replay on that
 * path (test/replay/2026-11-24).
 */
export const ADOPT_FIRST_PATCH = 'adopt-before-persist';

/** Patch marker: cases started from 2026-11-26 are registered under case rules 2 (domain/case-rules.ts). */
export const CASE_RULES_2_PATCH = 'case-rules-2';

/**
 * Patch marker: cases started from 2026-11-27 record the calendar they count with in `case.registered`
 * (`calendarVersion`). Histories recorded earlier replay without it, so their events stay as hashed.
 */
export const PIN_CALENDAR_PATCH = 'pin-calendar-version';

/**
 * Patch marker, taken when the writer first meets an `EventConflict`: the updates waiting on the
 * conflicting events fail with `event_conflict` instead of waiting for ever, and new updates are refused
 * until the writer gets through. A history that met a conflict before this patch replays on the old
 * path (its updates kept waiting).
 */
export const FAIL_ON_EVENT_CONFLICT_PATCH = 'fail-on-event-conflict';

/**
 * Patch marker: from 2026-11-28 a case takes the number the API sends with its intake (`IntakeInput.caseNo`)
 * instead of asking its activity. Without the marker, a history recorded by an older worker from an intake
 * that already carried a number (the API deployed first) replays on the activity it scheduled.
 */
export const API_CASE_NO_PATCH = 'api-case-no';

const isEventConflict = (err: unknown): boolean =>
  err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'EventConflict';

export async function disputeCase(input: DisputeCaseInput): Promise<CaseView | null> {
  // Never the code's "current" policy or calendar: only what the case was started with (or adopted
  // through an event), so a deploy with newer rule data never changes a recorded due date on replay.
  const policy = input.policy ?? policyByVersion(LEGACY_POLICY_VERSION);
  let calendar: CalendarSpec = input.calendar ?? bundledCalendarSpec(LEGACY_CALENDAR_VERSION);
  const adoptFirst = patched(ADOPT_FIRST_PATCH);
  // Recorded histories registered their cases under the first rules: replays must decide as they did.
  const rulesVersion = patched(CASE_RULES_2_PATCH) ? CURRENT_RULES : FIRST_RULES;
  let ctx: DecideContext = {
    policy,
    calendar: resolveCalendar(calendar),
    // A continued run registers nothing, so it takes no marker.
    pinsCalendar: input.carried !== undefined || patched(PIN_CALENDAR_PATCH),
  };
  let state: CaseState | null = input.carried?.state ?? null;
  let head: ChainHead = input.carried?.head ?? { seq: 0, hash: GENESIS_HASH };
  // Events adopted but not yet in MongoDB (always empty on the persist-first path).
  const unpersisted: CaseEvent[] = [];
  let persistedSeq = head.seq;
  // The case as last persisted: its notifications are resolved against it and the events after it.
  let persistedState: CaseState | null = state;
  // Set while MongoDB holds a different event under one of the seqs the writer is trying to persist.
  let conflict: { fromSeq: number; message: string } | null = null;
  const conflicted = (version: number): boolean => conflict !== null && version >= conflict.fromSeq;
  // An update answers once its events are in MongoDB, so the API reads its own write; it fails when they
  // cannot be written there (a conflicting event), rather than wait for a repair that may never come.
  const persistedThrough = async (version: number): Promise<void> => {
    await condition(() => persistedSeq >= version || conflicted(version));
    if (persistedSeq < version) fail(FAILURE_TYPES.eventConflict, conflict!.message);
  };
  const refuseWhileConflicted = (): void => {
    if (conflict) fail(FAILURE_TYPES.eventConflict, conflict.message);
  };

  // The intake (and, on the persist-first path, every handler) runs one at a time, in arrival order.
  let tail: Promise<unknown> = Promise.resolve();
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };

  const now = (): string => new Date(Date.now()).toISOString();

  /** The decided events, chained after the head, and the state they lead to; null when nothing changes. */
  const decideChained = (cmd: Command): { chained: CaseEvent[]; next: CaseState } | null => {
    const decision = decide(state, cmd, ctx);
    if (!decision.ok) fail(decision.code, decision.message);
    if (decision.events.length === 0) return null;
    const chained = chainEvents(input.caseId, head, decision.events);
    let next = state;
    for (const e of chained) next = evolve(next, e);
    return { chained, next: next! };
  };

  const adopt = (chained: CaseEvent[], next: CaseState): void => {
    state = next;
    const last = chained[chained.length - 1]!;
    head = { seq: last.seq, hash: last.hash };
    for (const e of chained) {
      if (e.type !== 'calendar.adopted') continue;
      // Later decisions of the case count with the official years it adopted.
      calendar = calendarAfter(calendar, e.data);
      ctx = { ...ctx, calendar: resolveCalendar(calendar) };
    }
    const due = nextDueInstant(state);
    upsertSearchAttributes([
      { key: CASE_STAGE, value: state.stage },
      { key: CASE_TRACK, value: state.track },
      { key: CASE_OWNER, value: state.owner[0]?.id ?? null },
      { key: CASE_NEXT_DUE, value: due === null ? null : new Date(due) },
    ]);
  };

  /** Hands a command's events to whoever needs them besides the case (an update's answer). */
  type Seen = (events: CaseEvent[]) => void;

  /** Adopts a command's events now and queues them for the writer; returns the case's new version. */
  const commitNow = (cmd: Command, seen?: Seen): number => {
    const decided = decideChained(cmd);
    if (decided) {
      adopt(decided.chained, decided.next);
      unpersisted.push(...decided.chained);
      seen?.(decided.chained);
    }
    return state!.version;
  };

  /** What the store is given for a batch of events that leads to `after`. */
  const recordInput = (events: CaseEvent[], after: CaseState): RecordEventsInput => ({
    caseId: input.caseId,
    events,
    view: toCaseDocFields(after),
    before: persistedState && caseWhereabouts(persistedState),
    noticesAt: noticeWhereabouts(persistedState, events),
  });

  /** The persist-first path of cases started before ADOPT_FIRST_PATCH. */
  const commitAfterPersist = async (cmd: Command, seen?: Seen): Promise<void> => {
    const decided = decideChained(cmd);
    if (!decided) return;
    await recordEvents(recordInput(decided.chained, decided.next));
    persistedSeq = decided.chained[decided.chained.length - 1]!.seq;
    persistedState = decided.next;
    adopt(decided.chained, decided.next);
    seen?.(decided.chained);
  };

  const commit = async (cmd: Command, seen?: Seen): Promise<number> => {
    if (!adoptFirst) {
      await commitAfterPersist(cmd, seen);
      return state!.version;
    }
    const version = commitNow(cmd, seen);
    await persistedThrough(version);
    return version;
  };

  /** The one writer: persists adopted events in order, batching whatever accumulated meanwhile. */
  const writer = async (): Promise<void> => {
    let backoffMs = 60_000;
    for (;;) {
      await condition(() => unpersisted.length > 0);
      const events = unpersisted.slice();
      try {
        // The view of the state after the last of these events: nothing later is adopted before this line.
        const after = state!;
        await recordEvents(recordInput(events, after));
        unpersisted.splice(0, events.length);
        persistedSeq = events[events.length - 1]!.seq;
        persistedState = after;
        backoffMs = 60_000;
        conflict = null;
      } catch (err) {
        // recordEvents retries by itself while the database is away; it gives up only when MongoDB holds
        // a different event under one of these seqs. Keep the events (the case's clock keeps running on
        // them), fail whoever waits for them, report, and try again later: a repair of MongoDB heals it.
        const seqs = { fromSeq: events[0]!.seq, toSeq: events[events.length - 1]!.seq };
        if (isEventConflict(err) && patched(FAIL_ON_EVENT_CONFLICT_PATCH)) {
          conflict = {
            fromSeq: seqs.fromSeq,
            message: `the case file holds a different event under one of seqs ${seqs.fromSeq}–${seqs.toSeq}: the change was made in the case but is not in its file`,
          };
          log.error('case events conflict with the case file', { caseId: input.caseId, ...seqs, error: String(err) });
        } else log.error('case events not persisted', { caseId: input.caseId, ...seqs, error: String(err) });
        await sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 3_600_000);
      }
    }
  };
  if (adoptFirst) void writer();
  const settled = (): boolean => allHandlersFinished() && unpersisted.length === 0;

  const registerCommand = (arg: IntakeInput, caseNo: string): RegisterCommand => ({
    ...arg.command,
    type: 'register',
    rulesVersion,
    caseId: input.caseId,
    caseNo,
    at: now(),
  });

  setHandler(
    intakeUpdate,
    (arg: IntakeInput) =>
      serialized(async () => {
        if (state) {
          if (state.intakeFingerprint === arg.command.intakeFingerprint) {
            const version = state.version;
            await persistedThrough(version);
            return { id: input.caseId, version };
          }
          fail('idempotency_conflict', 'the idempotency key was used for a different intake');
        }
        const caseNo =
          arg.caseNo !== undefined && patched(API_CASE_NO_PATCH)
            ? arg.caseNo
            : (
                await allocateCaseNo({
                  caseId: input.caseId,
                  prefix: input.caseNoPrefix ?? 'ND',
                  year: shanghaiYear(Date.now()),
                })
              ).caseNo;
        return { id: input.caseId, version: await commit(registerCommand(arg, caseNo)) };
      }),
    {
      validator: (arg: IntakeInput) => {
        refuseWhileConflicted();
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

  const applyAction = async (arg: ActionInput): Promise<CaseUpdateResult> => {
    checkVersion(arg);
    return { id: input.caseId, version: await commit(actionCommand(arg)) };
  };
  setHandler(
    actionUpdate,
    // Adopting is synchronous, so actions need no queue; the persist-first path awaited in between.
    (arg: ActionInput) => (adoptFirst ? applyAction(arg) : serialized(() => applyAction(arg))),
    {
      validator: (arg: ActionInput) => {
        refuseWhileConflicted();
        checkVersion(arg);
        const decision = decide(state, actionCommand(arg), ctx);
        if (!decision.ok) fail(decision.code, decision.message);
      },
    },
  );

  const adoptCalendarCommand = (arg: AdoptCalendarInput): AdoptCalendarCommand => ({
    type: 'adopt-calendar',
    at: now(),
    actor: arg.actor,
    reason: arg.reason ?? null,
    calendar: arg.calendar,
  });
  const applyAdoption = async (arg: AdoptCalendarInput): Promise<AdoptCalendarResult> => {
    let recalculated: string[] = [];
    const version = await commit(adoptCalendarCommand(arg), (events) => {
      recalculated = events.flatMap((e) => (e.type === 'deadline.recalculated' ? [e.data.deadline.id] : []));
    });
    return { id: input.caseId, version, calendarVersion: calendar.version, recalculated };
  };
  setHandler(
    adoptCalendarUpdate,
    (arg: AdoptCalendarInput) => (adoptFirst ? applyAdoption(arg) : serialized(() => applyAdoption(arg))),
    {
      validator: (arg: AdoptCalendarInput) => {
        refuseWhileConflicted();
        const decision = decide(state, adoptCalendarCommand(arg), ctx);
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
      await condition(settled);
      await continueAsNew<typeof disputeCase>({ ...input, policy, calendar, carried: { state: state!, head } });
    }
    const seenVersion = state!.version;
    const due = nextDueInstant(state);
    const changed = () => state!.version !== seenVersion || historyFull();
    const woke =
      due === null
        ? await condition(changed).then(() => true)
        : await condition(changed, Math.max(1, due - Date.now()));
    if (!woke) {
      const tick: Command = { type: 'tick', at: now(), actor: { id: 'system', role: 'system', org: null } };
      // The case's clock never waits for the database: the tick is adopted now and persisted behind.
      if (adoptFirst) commitNow(tick);
      else await serialized(() => commitAfterPersist(tick));
    }
  }

  await condition(settled);
  return toCaseView(state!);
}
