/** Registration (api.md "Intake"): the first events of a case. */
import type { CaseState } from './case-types';
import type { NewEvent, RegisteredCase } from './case-events';
import { ok, refuse, type Decision, type DecideContext, type RegisterCommand } from './case-commands';
import { shanghaiDate } from './civil-date';
import { calendarOf, ms, startDeadline } from './deadlines';
import { CURRENT_RULES, FIRST_RULES } from './case-rules';

export function decideRegister(state: CaseState | null, cmd: RegisterCommand, ctx: DecideContext): Decision {
  if (state) {
    return state.intakeFingerprint === cmd.intakeFingerprint
      ? refuse('already_registered', 'the case is already registered with this intake')
      : refuse('already_registered', 'the idempotency key was used for a different intake');
  }
  if (!cmd.parties.some((p) => p.role === 'applicant') || !cmd.parties.some((p) => p.role === 'respondent')) {
    return refuse('invalid_input', 'a case needs at least one applicant and one respondent');
  }
  if (cmd.occurredOn && cmd.occurredOn > shanghaiDate(ms(cmd.at)))
    return refuse('invalid_input', 'occurredOn is in the future');
  const base = { at: cmd.at, actor: cmd.actor, reason: null };
  const rules = cmd.rulesVersion ?? CURRENT_RULES;
  const registered: RegisteredCase = {
    id: cmd.caseId,
    caseNo: cmd.caseNo,
    category: cmd.category,
    source: cmd.source,
    summary: cmd.summary,
    gridId: cmd.gridId,
    occurredOn: cmd.occurredOn,
    amountCny: cmd.amountCny,
    riskLevel: cmd.riskLevel,
    owner: cmd.owner,
    originOrgUnitId: cmd.owner[0]?.id ?? '',
    parties: cmd.parties,
    policyVersion: ctx.policy.version,
    // Replays of histories recorded before cases pinned a calendar must produce their events unchanged.
    ...(ctx.pinsCalendar === false ? {} : { calendarVersion: calendarOf(ctx).version }),
    // A case under the first rules is registered exactly as before they were versioned: replays of its
    // recorded history must hash to what case_events holds.
    ...(rules > FIRST_RULES ? { rulesVersion: rules } : {}),
    createdAt: cmd.at,
    createdBy: cmd.actor.id,
    intakeFingerprint: cmd.intakeFingerprint,
  };
  const acceptance = startDeadline(
    { deadlines: [], track: null, subtrack: null, owner: cmd.owner },
    ctx,
    'acceptance',
    ms(cmd.at),
  );
  const events: NewEvent[] = [
    { ...base, type: 'case.registered', data: { case: registered } },
    { ...base, type: 'deadline.started', data: { deadline: acceptance } },
  ];
  if (cmd.riskLevel === 'high' || cmd.riskLevel === 'critical') {
    const risk = startDeadline(
      { deadlines: [acceptance], track: null, subtrack: null, owner: cmd.owner },
      ctx,
      'risk_response',
      ms(cmd.at),
    );
    events.push({ ...base, type: 'deadline.started', data: { deadline: risk } });
  }
  return ok(events);
}
