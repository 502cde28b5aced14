/**
 * One rule per action of api.md "Actions": the stages it may start from, whether it may be taken
 * while the case is paused, who may take it, and the small function that decides it. The guard reads
 * the first three; `decide` runs only after the guard allowed the action.
 */
import type { CaseState, DeadlineKind, Outcome, Stage } from '../case-types';
import { STAGES } from '../case-types';
import { refuse, type CommandOf, type ActionName, type DecideContext, type Decision } from '../case-commands';
import { hasRules } from '../case-rules';
import type { NewEvent } from '../case-events';
import type { Who } from '../case-authorization';
import { shanghaiDate, type IsoDate } from '../civil-date';
import { endDeadlines, endEvent, isActive } from '../deadlines';

export type EventBase = Omit<NewEvent, 'type' | 'data'>;

/** What a command is decided with: the case, the rules, and the command's own clock. */
export interface ActionScope {
  state: CaseState;
  ctx: DecideContext;
  base: EventBase;
  /** Epoch ms of the command. */
  now: number;
  /** The command's civil date in Asia/Shanghai. */
  today: IsoDate;
}

export interface ActionRule<A extends ActionName> {
  /** api.md "from stage". */
  stages: readonly Stage[];
  /** `any`: also while paused (the clock is stopped, the work is not); `paused`: only then. */
  pause: 'running' | 'any' | 'paused';
  /** api.md "roles". */
  who: Who;
  decide(cmd: CommandOf<A>, scope: ActionScope): Decision;
}

export type ActionRules = { [A in ActionName]: ActionRule<A> };

/** Every stage but `closed` (api.md "any open"). */
export const OPEN_STAGES: readonly Stage[] = STAGES.filter((s) => s !== 'closed');

/** The events that close a case: deadlines of `metKinds` met, every other active one cancelled. */
export function closeEvents(
  scope: ActionScope,
  outcome: Outcome,
  referral: CaseState['referral'],
  metKinds: DeadlineKind[] = [],
): NewEvent[] {
  const { state, base } = scope;
  return [
    ...endDeadlines(state, 'met', base, metKinds),
    ...state.deadlines
      .filter((d) => isActive(d) && !metKinds.includes(d.kind))
      .map((d) => endEvent(d, 'cancelled', base)),
    { ...base, type: 'case.closed', data: { outcome, referral } },
  ];
}

/** The civil date (Asia/Shanghai) the case was registered on: nothing recorded on it happened earlier. */
export function registeredOn(state: CaseState): IsoDate {
  return shanghaiDate(Date.parse(state.createdAt));
}

/** Refuses a date of something that happened (a session, a signature, a visit, a ruling) that lies in the
 * future or, under rules 2, before `earliest` (domain.md: a case's history starts at its registration). */
export function checkHappenedOn(
  field: string,
  date: IsoDate,
  scope: ActionScope,
  earliest: IsoDate = registeredOn(scope.state),
): Decision | null {
  if (date > scope.today) return refuse('invalid_input', `${field} is in the future`);
  if (hasRules(scope.state, 2) && date < earliest)
    return refuse('invalid_input', `${field} (${date}) is before ${earliest}, when the case could first have it`);
  return null;
}

/** A reason is present and not blank. */
export function hasReason(cmd: { reason?: string | null }): boolean {
  return typeof cmd.reason === 'string' && cmd.reason.trim().length > 0;
}
