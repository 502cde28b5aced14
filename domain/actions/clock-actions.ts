/** Pausing, resuming and extending the clock, and reporting risk (api.md "Actions"; domain.md
 * "How a period is counted"). */
import type { CaseState, Deadline, RiskLevel } from '../case-types';
import { RISK_LEVELS } from '../case-types';
import type { NewEvent } from '../case-events';
import type { NotifyTarget, PolicyEntry } from '../deadline-policy';
import { hasRules } from '../case-rules';
import { ok, refuse, type Decision } from '../case-commands';
import { extender, isSupervisorOf, ownerStaff, pauser } from '../case-authorization';
import {
  calendarOf,
  currentDeadline,
  endEvent,
  entryFor,
  extendDeadline,
  ms,
  pushBack,
  startDeadline,
} from '../deadlines';
import { OPEN_STAGES, hasReason, type ActionRule } from './action-rule';

const CLOCK_STAGES = ['accepted', 'in_mediation', 'following_up', 'under_review'] as const;

export const pause: ActionRule<'pause'> = {
  stages: CLOCK_STAGES,
  pause: 'running',
  who: pauser,
  decide(cmd, { state, base }) {
    if (!hasReason(cmd)) return refuse('invalid_input', 'a reason is required');
    const paused = state.deadlines
      .filter((d) => d.status === 'running' && d.kind !== 'risk_response')
      .map<NewEvent>((d) => ({
        ...base,
        type: 'deadline.changed',
        data: { deadline: { ...d, status: 'paused', pausedAt: cmd.at }, change: 'paused' },
      }));
    return ok([{ ...base, type: 'case.paused', data: {} }, ...paused]);
  },
};

export const resume: ActionRule<'resume'> = {
  stages: CLOCK_STAGES,
  pause: 'paused',
  who: pauser,
  decide(_cmd, { state, ctx, base, now }) {
    const since = ms(state.paused!.since);
    const resumed = state.deadlines
      .filter((d) => d.status === 'paused')
      .map<NewEvent>((d) => ({
        ...base,
        type: 'deadline.changed',
        data: { deadline: pushBack(d, ms(d.pausedAt ?? state.paused!.since), now, calendarOf(ctx)), change: 'resumed' },
      }));
    return ok([{ ...base, type: 'case.resumed', data: { pausedMs: Math.max(0, now - since) } }, ...resumed]);
  },
};

export const extend: ActionRule<'extend'> = {
  stages: OPEN_STAGES,
  pause: 'any',
  who: extender,
  decide(cmd, { state, ctx, base, now }) {
    if (!hasReason(cmd)) return refuse('invalid_input', 'a reason is required');
    const d = currentDeadline(state, cmd.kind, true);
    if (!d) return refuse('invalid_transition', `there is no ${cmd.kind} deadline to extend`);
    const entry = entryFor(state, ctx, d);
    const blocked = extensionBlocked(d, entry);
    if (blocked || !entry.extension.allowed) return refuse('invalid_transition', blocked ?? 'not extendable');
    const supervisor = isSupervisorOf(cmd.actor, state.owner);
    if (entry.extension.requires === 'approval' && !supervisor)
      return refuse('forbidden', `extending ${cmd.kind} needs a supervisor's approval`);
    if (!supervisor && !cmd.consent) return refuse('forbidden', "a mediator extends only with the parties' consent");
    const bounds = checkExtensionBounds(state, d, entry, cmd);
    if (bounds) return bounds;
    const max = entry.extension.maxTotal;
    if (max !== null) {
      if (cmd.unit !== d.unit) return refuse('invalid_input', `${cmd.kind} extensions are counted in ${d.unit}`);
      const used = d.extensions.reduce((s, e) => s + e.amount, 0);
      if (used + cmd.amount > max)
        return refuse('invalid_input', `${cmd.kind} may be extended by ${max} ${d.unit} in all (${used} used)`);
    }
    const moved = extendDeadline(d, cmd.amount, cmd.unit, entry.warnFraction, calendarOf(ctx));
    const extension = {
      amount: cmd.amount,
      unit: cmd.unit,
      reason: base.reason ?? '',
      by: cmd.actor.id,
      at: cmd.at,
      consent: cmd.consent,
      dueDateBefore: d.dueDate,
    };
    const deadline: Deadline = {
      ...d,
      ...moved,
      status: d.status === 'breached' ? 'running' : d.status,
      endedAt: null,
      warned: ms(moved.warnAt) <= now && d.warned,
      extensions: [...d.extensions, extension],
    };
    return ok([{ ...base, type: 'deadline.changed', data: { deadline, change: 'extended' } }]);
  },
};

/** Why the policy does not let this deadline be extended now, or null when it does. */
export function extensionBlocked(d: Deadline, entry: PolicyEntry): string | null {
  if (!entry.extension.allowed) return `the ${d.kind} deadline cannot be extended (${entry.basis})`;
  if (d.status === 'breached' && entry.onBreach !== 'notify') return `a breached ${d.kind} deadline cannot be extended`;
  return null;
}

/**
 * Under rules 2 an extension is counted in its period's own unit (a month period is not extended by
 * hours) and one extension adds at most one more period, or the policy's total where it sets one.
 */
function checkExtensionBounds(
  state: CaseState,
  d: Deadline,
  entry: PolicyEntry,
  cmd: { kind: string; amount: number; unit: string },
): Decision | null {
  if (!hasRules(state, 2)) return null;
  if (cmd.unit !== d.unit) return refuse('invalid_input', `${cmd.kind} extensions are counted in ${d.unit}`);
  const most = entry.extension.allowed && entry.extension.maxTotal !== null ? entry.extension.maxTotal : entry.amount;
  if (cmd.amount > most) return refuse('invalid_input', `one ${cmd.kind} extension adds at most ${most} ${d.unit}`);
  return null;
}

const rank = (l: RiskLevel): number => RISK_LEVELS.indexOf(l);

export const reportRisk: ActionRule<'report-risk'> = {
  stages: OPEN_STAGES,
  pause: 'any',
  who: ownerStaff,
  decide(cmd, { state, ctx, base, now }) {
    if (!hasReason(cmd)) return refuse('invalid_input', 'a reason is required');
    const raisedToHigh = rank(cmd.level) >= rank('high') && rank(state.riskLevel) < rank(cmd.level);
    const notify: NotifyTarget[] = raisedToHigh ? ['police_liaison', 'owner_supervisor'] : [];
    const events: NewEvent[] = [
      { ...base, type: 'risk.reported', data: { level: cmd.level, previous: state.riskLevel, notify } },
    ];
    const running = currentDeadline(state, 'risk_response');
    if (raisedToHigh && !running) {
      events.push({
        ...base,
        type: 'deadline.started',
        data: { deadline: startDeadline(state, ctx, 'risk_response', now) },
      });
    }
    // Lowering a risk does not answer it: the response clock ends as cancelled (rules 2), not met.
    if (rank(cmd.level) < rank('high') && running)
      events.push(endEvent(running, hasRules(state, 2) ? 'cancelled' : 'met', base));
    return ok(events);
  },
};
