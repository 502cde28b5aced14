/** Accepting, rejecting and assigning a registered case (api.md "Actions"). */
import { SUBTRACKS_OF } from '../case-types';
import { ok, refuse } from '../case-commands';
import { ownerStaff, ownerSupervisor } from '../case-authorization';
import { endDeadlines, startDeadline } from '../deadlines';
import { closeEvents, hasReason, type ActionRule } from './action-rule';

export const accept: ActionRule<'accept'> = {
  stages: ['registered'],
  pause: 'running',
  who: ownerStaff,
  decide(cmd, { state, ctx, base, now }) {
    if (cmd.subtrack !== null && !SUBTRACKS_OF[cmd.track].includes(cmd.subtrack))
      return refuse('invalid_input', `subtrack ${cmd.subtrack} does not belong to track ${cmd.track}`);
    const mediation = startDeadline(state, ctx, 'mediation', now, { track: cmd.track, subtrack: cmd.subtrack });
    return ok([
      {
        ...base,
        type: 'case.accepted',
        data: { track: cmd.track, subtrack: cmd.subtrack, assigneeId: cmd.assigneeId },
      },
      ...endDeadlines(state, 'met', base, ['acceptance']),
      { ...base, type: 'deadline.started', data: { deadline: mediation } },
    ]);
  },
};

export const reject: ActionRule<'reject'> = {
  stages: ['registered'],
  pause: 'running',
  who: ownerSupervisor,
  decide(cmd, scope) {
    if (!hasReason(cmd)) return refuse('invalid_input', 'a reason is required');
    return ok(closeEvents(scope, 'rejected', { kind: cmd.referral }, ['acceptance']));
  },
};

export const assign: ActionRule<'assign'> = {
  stages: ['accepted', 'in_mediation', 'following_up'],
  pause: 'any',
  who: ownerSupervisor,
  decide(cmd, { base }) {
    if (!hasReason(cmd)) return refuse('invalid_input', 'a reason is required');
    return ok([{ ...base, type: 'case.assigned', data: { assigneeId: cmd.assigneeId } }]);
  },
};
