/**
 * The case state machine as a decider: `decide(state, command) → events | rejection` and
 * `evolve(state, event) → state`, both pure. The workflow's update validators call `decide` (so a
 * refused command never enters history); the same `evolve` rebuilds a case at any past moment for
 * auditors. Rules: domain.md "Case lifecycle" and "Deadlines", api.md "Actions"; each action's rule is
 * in `actions/`, the guard in `case-guard.ts`, the deadline arithmetic in `deadlines.ts`.
 */
import type { CaseState, Stage } from './case-types';
import { shanghaiDate } from './civil-date';
import {
  ACTION_NAMES,
  refuse,
  type ActionName,
  type Command,
  type CommandOf,
  type DecideContext,
  type Decision,
} from './case-commands';
import { ACTION_RULES } from './actions';
import type { ActionRule, ActionScope } from './actions/action-rule';
import { guard, guardSubjectOf } from './case-guard';
import { decideRegister } from './case-register';
import { decideTick } from './case-tick';
import { decideAdoptCalendar } from './calendar-change';
import { illFormedTextPath } from './well-formed-text';

export * from './case-commands';
export { evolve } from './case-evolve';
export { currentDeadline, extendDeadline, nextDueInstant, pushBack } from './deadlines';
export { escalationTarget, isGrassroots } from './escalation';

/** The stages each action may start from (api.md "Actions"), as the action rules hold them. */
export const ACTION_STAGES: Record<ActionName, readonly Stage[]> = Object.fromEntries(
  ACTION_NAMES.map((a) => [a, ACTION_RULES[a].stages]),
) as Record<ActionName, readonly Stage[]>;

export function decide(state: CaseState | null, cmd: Command, ctx: DecideContext): Decision {
  const illFormed = illFormedTextPath(cmd);
  if (illFormed) return refuse('invalid_input', `${illFormed} is not well-formed text (a lone surrogate)`);
  if (cmd.type === 'register') return decideRegister(state, cmd, ctx);
  if (!state) return refuse('not_registered', 'the case is not registered');
  if (cmd.type === 'tick') return decideTick(state, cmd, ctx);
  if (cmd.type === 'adopt-calendar') return decideAdoptCalendar(state, cmd, ctx);
  const verdict = guard(guardSubjectOf(state, ctx.policy), cmd.actor, cmd.type);
  if (!verdict.allowed) return refuse(verdict.code, verdict.reason.en);
  return decideAction(state, cmd, ctx);
}

function decideAction<A extends ActionName>(state: CaseState, cmd: CommandOf<A>, ctx: DecideContext): Decision {
  const now = Date.parse(cmd.at);
  const scope: ActionScope = {
    state,
    ctx,
    base: { at: cmd.at, actor: cmd.actor, reason: cmd.reason?.trim() || null },
    now,
    today: shanghaiDate(now),
  };
  const rule = ACTION_RULES[cmd.type] as ActionRule<A>;
  return rule.decide(cmd, scope);
}
