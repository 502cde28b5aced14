/** Moving a case between units: confirmation by a court, take-over, transfer and escalation (api.md
 * "Actions"). */
import type { OrgPath, Subtrack, Track, CaseState } from '../case-types';
import type { NewEvent } from '../case-events';
import { ok, refuse } from '../case-commands';
import { ownerStaff, ownerSupervisor, reviewingLiaison, transferTarget } from '../case-authorization';
import { currentDeadline, endDeadlines, ms, startDeadline } from '../deadlines';
import { hasRules } from '../case-rules';
import { shanghaiDate } from '../civil-date';
import { escalationEvents, escalationTarget } from '../escalation';
import { checkHappenedOn, hasReason, registeredOn, type ActionRule } from './action-rule';

export const requestConfirmation: ActionRule<'request-confirmation'> = {
  stages: ['following_up'],
  pause: 'running',
  who: ownerStaff,
  decide(cmd, { state, ctx, base, now }) {
    const window = currentDeadline(state, 'confirmation_window');
    if (!window) return refuse('invalid_transition', 'the confirmation window has closed');
    // The window closes at its due instant, whether or not its timer has fired yet (人民调解法 Art. 33).
    if (hasRules(state, 2) && now >= ms(window.dueAt))
      return refuse('invalid_transition', `the confirmation window closed at the end of ${window.dueDate}`);
    if (cmd.court[0]?.kind !== 'court') return refuse('invalid_input', 'courtId is not a court');
    const transfer = {
      purpose: 'confirmation' as const,
      from: state.owner,
      to: cmd.court,
      at: cmd.at,
      fromStage: state.stage,
    };
    return ok([
      ...endDeadlines(state, 'met', base, ['confirmation_window']),
      { ...base, type: 'case.transferred', data: { transfer } },
      { ...base, type: 'deadline.started', data: { deadline: startDeadline(state, ctx, 'takeover', now) } },
    ]);
  },
};

/** The track a case takes at a unit it was transferred to. */
function trackForTarget(
  unit: OrgPath[number] | undefined,
  state: CaseState,
): { track: Track; subtrack: Subtrack | null } {
  if (unit?.kind === 'court') return { track: 'judicial', subtrack: 'pre_filing' };
  if (unit?.kind === 'agency') return { track: 'administrative', subtrack: null };
  return { track: state.track ?? 'people', subtrack: state.track ? state.subtrack : null };
}

export const takeOver: ActionRule<'take-over'> = {
  stages: ['transferred'],
  pause: 'running',
  who: transferTarget,
  decide(_cmd, { state, ctx, base, now }) {
    const transfer = state.transfer!;
    const toConfirm = transfer.purpose === 'confirmation';
    const { track, subtrack } = toConfirm
      ? { track: state.track, subtrack: state.subtrack }
      : trackForTarget(transfer.to[0], state);
    const events: NewEvent[] = [
      ...endDeadlines(state, 'met', base, ['takeover']),
      {
        ...base,
        type: 'case.taken_over',
        data: { owner: transfer.to, stage: toConfirm ? 'under_review' : 'accepted', track, subtrack },
      },
    ];
    const next = toConfirm
      ? startDeadline(state, ctx, 'confirmation_decision', now, { owner: transfer.to })
      : startDeadline(state, ctx, 'mediation', now, { owner: transfer.to, track, subtrack });
    events.push({ ...base, type: 'deadline.started', data: { deadline: next } });
    return ok(events);
  },
};

export const recordConfirmation: ActionRule<'record-confirmation'> = {
  stages: ['under_review'],
  pause: 'running',
  who: reviewingLiaison,
  decide(cmd, scope) {
    const { state, ctx, base, now } = scope;
    // A court rules on what it was sent: not before the case reached it.
    const sentOn = state.transfer ? shanghaiDate(ms(state.transfer.at)) : registeredOn(state);
    const badDate = checkHappenedOn('ruledOn', cmd.ruledOn, scope, sentOn);
    if (badDate) return badDate;
    const sender = state.transfer?.from ?? state.owner;
    const events: NewEvent[] = [
      ...endDeadlines(state, 'met', base, ['confirmation_decision']),
      {
        ...base,
        type: 'confirmation.recorded',
        data: { courtId: state.owner[0]?.id ?? '', decision: cmd.decision, ruledOn: cmd.ruledOn, owner: sender },
      },
    ];
    if (cmd.decision === 'rejected') {
      // Back to mediation at the sending unit, with a fresh mediation period; the follow-up of an
      // agreement the court would not confirm is moot.
      events.push(...endDeadlines(state, 'cancelled', base, ['follow_up']));
      events.push({
        ...base,
        type: 'deadline.started',
        data: { deadline: startDeadline(state, ctx, 'mediation', now, { owner: sender }) },
      });
    }
    return ok(events);
  },
};

export const transfer: ActionRule<'transfer'> = {
  stages: ['registered', 'accepted', 'in_mediation'],
  pause: 'running',
  who: ownerSupervisor,
  decide(cmd, { state, ctx, base, now }) {
    if (!hasReason(cmd)) return refuse('invalid_input', 'a reason is required');
    if (cmd.to[0]?.id === state.owner[0]?.id) return refuse('invalid_input', 'the case is already owned by that unit');
    const moved = { purpose: 'transfer' as const, from: state.owner, to: cmd.to, at: cmd.at, fromStage: state.stage };
    return ok([
      ...endDeadlines(state, 'cancelled', base, ['mediation', 'acceptance']),
      { ...base, type: 'case.transferred', data: { transfer: moved } },
      { ...base, type: 'deadline.started', data: { deadline: startDeadline(state, ctx, 'takeover', now) } },
    ]);
  },
};

export const escalate: ActionRule<'escalate'> = {
  stages: ['registered', 'accepted', 'in_mediation'],
  pause: 'running',
  who: ownerSupervisor,
  decide(cmd, { state, ctx, base }) {
    if (!hasReason(cmd)) return refuse('invalid_input', 'a reason is required');
    const target = escalationTarget(state.owner);
    if (!target)
      return refuse(
        'invalid_transition',
        'the case is at the top of the escalation ladder: transfer it or close it as failed',
      );
    return ok(escalationEvents(state, ctx, base, false, target));
  },
};
