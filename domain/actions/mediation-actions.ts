/** Sessions, the agreement, failure, follow-up visits and withdrawal (api.md "Actions"). */
import type { IsoDate } from '../civil-date';
import type { NewEvent } from '../case-events';
import type { TransferPurpose } from '../case-types';
import { ok, refuse } from '../case-commands';
import { ownerStaff } from '../case-authorization';
import { shanghaiDate, shanghaiStartOfDay } from '../civil-date';
import { hasRules } from '../case-rules';
import { endDeadlines, startDeadline } from '../deadlines';
import { OPEN_STAGES, checkHappenedOn, closeEvents, hasReason, registeredOn, type ActionRule } from './action-rule';

export const recordSession: ActionRule<'record-session'> = {
  stages: ['accepted', 'in_mediation'],
  pause: 'running',
  who: ownerStaff,
  decide(cmd, scope) {
    const { base, now } = scope;
    // A few minutes of clock skew between the recording device and the server are tolerated.
    if (Date.parse(cmd.heldAt) > now + 5 * 60_000) return refuse('invalid_input', 'heldAt is in the future');
    const heldOn = shanghaiDate(Date.parse(cmd.heldAt));
    if (hasRules(scope.state, 2) && heldOn < registeredOn(scope.state))
      return refuse('invalid_input', `heldAt (${heldOn}) is before the case was registered`);
    const session = {
      heldAt: cmd.heldAt,
      mode: cmd.mode,
      attendees: cmd.attendees,
      notes: cmd.notes,
      recordedBy: cmd.actor.id,
    };
    return ok([{ ...base, type: 'session.recorded', data: { session } }]);
  },
};

export const recordAgreement: ActionRule<'record-agreement'> = {
  stages: ['accepted', 'in_mediation'],
  pause: 'running',
  who: ownerStaff,
  decide(cmd, scope) {
    const { state, ctx, base, now, today } = scope;
    const badDate = checkHappenedOn('signedOn', cmd.signedOn, scope);
    if (badDate) return badDate;
    if (cmd.performanceDueOn && cmd.performanceDueOn < cmd.signedOn)
      return refuse('invalid_input', 'performanceDueOn is before signedOn');
    const agreement = {
      terms: cmd.terms,
      signedOn: cmd.signedOn,
      performanceDueOn: cmd.performanceDueOn,
      obligations: cmd.obligations,
      confirmation: null,
    };
    // A period from a date starts with that day (not counted); a date that is today starts now.
    const startOf = (date: IsoDate): number => (date === today ? now : shanghaiStartOfDay(date));
    const windowDeadline = startDeadline(state, ctx, 'confirmation_window', startOf(cmd.signedOn));
    const followUp = startDeadline(state, ctx, 'follow_up', startOf(cmd.performanceDueOn ?? cmd.signedOn));
    return ok([
      { ...base, type: 'agreement.recorded', data: { agreement } },
      ...endDeadlines(state, 'met', base, ['mediation']),
      { ...base, type: 'deadline.started', data: { deadline: windowDeadline } },
      { ...base, type: 'deadline.started', data: { deadline: followUp } },
    ]);
  },
};

export const recordFailure: ActionRule<'record-failure'> = {
  stages: ['accepted', 'in_mediation'],
  pause: 'running',
  who: ownerStaff,
  decide(cmd, scope) {
    const { state, ctx, base, now } = scope;
    if (!hasReason(cmd)) return refuse('invalid_input', 'a reason is required');
    const viaTransfer = (cmd.referral === 'litigation' || cmd.referral === 'administrative') && cmd.target !== null;
    if (!viaTransfer)
      return ok([
        { ...base, type: 'mediation.failed', data: { referral: cmd.referral } },
        ...closeEvents(scope, 'failed_referred', { kind: cmd.referral }),
      ]);
    const target = cmd.target!;
    const wanted = cmd.referral === 'litigation' ? 'court' : 'agency';
    if (target[0]?.kind !== wanted)
      return refuse('invalid_input', `a ${cmd.referral} referral goes to a unit of kind ${wanted}`);
    const purpose: TransferPurpose = cmd.referral === 'litigation' ? 'litigation' : 'administrative';
    return ok([
      { ...base, type: 'mediation.failed', data: { referral: cmd.referral } },
      ...endDeadlines(state, 'cancelled', base, ['mediation', 'acceptance']),
      {
        ...base,
        type: 'case.transferred',
        data: { transfer: { purpose, from: state.owner, to: target, at: cmd.at, fromStage: state.stage } },
      },
      { ...base, type: 'deadline.started', data: { deadline: startDeadline(state, ctx, 'takeover', now) } },
    ]);
  },
};

export const recordFollowUp: ActionRule<'record-follow-up'> = {
  stages: ['following_up'],
  pause: 'running',
  who: ownerStaff,
  decide(cmd, scope) {
    const { state, base } = scope;
    const badDate = checkHappenedOn(
      'visitedOn',
      cmd.visitedOn,
      scope,
      state.agreement?.signedOn ?? registeredOn(state),
    );
    if (badDate) return badDate;
    const followUp = { visitedOn: cmd.visitedOn, performed: cmd.performed, notes: cmd.notes, recordedBy: cmd.actor.id };
    const events: NewEvent[] = [{ ...base, type: 'follow_up.recorded', data: { followUp } }];
    const unperformedBefore = state.followUps.filter((f) => !f.performed).length;
    if (cmd.performed) events.push(...closeEvents(scope, 'resolved', null, ['follow_up']));
    else if (unperformedBefore >= 1)
      events.push(...closeEvents(scope, 'unperformed_referred', { kind: 'litigation' }, ['follow_up']));
    return ok(events);
  },
};

export const withdraw: ActionRule<'withdraw'> = {
  stages: OPEN_STAGES,
  pause: 'any',
  who: ownerStaff,
  decide(cmd, scope) {
    if (!hasReason(cmd)) return refuse('invalid_input', 'a reason is required');
    return ok(closeEvents(scope, 'withdrawn', null));
  },
};
