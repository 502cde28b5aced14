/**
 * The timer fired: every warning and breach due by now, with the breach effects of the policy
 * (domain.md "Deadlines"; api.md: breach effects happen whether or not anyone calls the API).
 */
import type { CaseState, Deadline } from './case-types';
import type { NewEvent } from './case-events';
import { ok, type Decision, type DecideContext, type TickCommand } from './case-commands';
import { endEvent, entryFor, ms } from './deadlines';
import type { PolicyEntry } from './deadline-policy';
import { escalationEvents, escalationTarget } from './escalation';
import { evolve } from './case-evolve';

export function decideTick(state: CaseState, cmd: TickCommand, ctx: DecideContext): Decision {
  const now = ms(cmd.at);
  const base = { at: cmd.at, actor: cmd.actor, reason: null };
  const events: NewEvent[] = [];
  if (state.stage === 'closed') return ok(events);
  // Work on a running copy so a breach that escalates sees the escalation of an earlier one.
  let current = state;
  for (const d of state.deadlines) {
    if (d.status !== 'running') continue;
    const entry = entryFor(current, ctx, d);
    if (now >= ms(d.dueAt)) {
      const produced = breachEvents(current, ctx, d, entry, base);
      events.push(...produced);
      current = produced.reduce(
        (s, e, i) => evolve(s, { ...e, caseId: s.id, seq: s.version + i + 1, prevHash: '', hash: '' }),
        current,
      );
    } else if (!d.warned && now >= ms(d.warnAt)) {
      events.push({
        ...base,
        type: 'deadline.warned',
        data: { deadline: { ...d, warned: true }, notify: entry.notify },
      });
    }
  }
  return ok(events);
}

function breachEvents(
  state: CaseState,
  ctx: DecideContext,
  d: Deadline,
  entry: PolicyEntry,
  base: Omit<NewEvent, 'type' | 'data'>,
): NewEvent[] {
  if (entry.onBreach === 'expire') {
    return [endEvent({ ...d, warned: true }, 'expired', base)];
  }
  const target =
    entry.onBreach === 'escalate' && ['registered', 'accepted', 'in_mediation'].includes(state.stage)
      ? escalationTarget(state.owner)
      : null;
  const effect =
    entry.onBreach === 'escalate'
      ? target
        ? `escalated to ${target[0]?.id}`
        : 'top of the escalation ladder: notified'
      : 'notified';
  const breached: NewEvent = {
    ...base,
    reason: `${d.kind} deadline passed (${d.dueDate})`,
    type: 'deadline.breached',
    data: {
      deadline: { ...d, status: 'breached', warned: true, endedAt: base.at },
      notify: entry.notify,
      effect,
    },
  };
  if (!target) return [breached];
  const afterBreach = evolve(state, { ...breached, caseId: state.id, seq: state.version + 1, prevHash: '', hash: '' });
  return [
    breached,
    ...escalationEvents(
      afterBreach,
      ctx,
      { ...base, reason: `automatic escalation: ${d.kind} deadline passed` },
      true,
      target,
    ),
  ];
}
