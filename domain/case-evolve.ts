/**
 * `evolve`: a case's state as the fold of its events. The workflow folds what it decides; auditors fold
 * `case_events` to see a case at any past moment. Pure; never fails on a well-formed history.
 */
import type { CaseState, Deadline } from './case-types';
import type { CaseEvent, EventBody } from './case-events';
import type { IsoDate } from './civil-date';
import { FIRST_RULES, hasRules } from './case-rules';
import { LEGACY_CALENDAR_VERSION } from './calendar';

function upsertDeadline(deadlines: Deadline[], d: Deadline): Deadline[] {
  const i = deadlines.findIndex((x) => x.id === d.id);
  if (i < 0) return [...deadlines, d];
  const copy = deadlines.slice();
  copy[i] = d;
  return copy;
}

/** Applies one stored event to the state. Pure; never fails on a well-formed history. */
export function evolve(state: CaseState | null, event: CaseEvent): CaseState {
  if (event.type === 'case.registered') {
    const c = event.data.case;
    return {
      ...c,
      version: event.seq,
      stage: 'registered',
      paused: null,
      outcome: null,
      referral: null,
      track: null,
      subtrack: null,
      assigneeId: null,
      escalationLevel: 0,
      transfer: null,
      courtsInvolved: [],
      sessions: [],
      agreement: null,
      followUps: [],
      deadlines: [],
      updatedAt: event.at,
      // Derived, so histories recorded before the field existed fold the same way.
      originPath: c.owner.map((u) => u.id),
      rulesVersion: c.rulesVersion ?? FIRST_RULES,
      calendarVersion: c.calendarVersion ?? LEGACY_CALENDAR_VERSION,
    };
  }
  if (!state) throw new Error(`event ${event.seq} (${event.type}) before case.registered`);
  const s: CaseState = { ...state, version: event.seq, updatedAt: event.at };
  const b = event as EventBody;
  switch (b.type) {
    case 'case.accepted':
      return { ...s, stage: 'accepted', track: b.data.track, subtrack: b.data.subtrack, assigneeId: b.data.assigneeId };
    case 'case.assigned':
      return { ...s, assigneeId: b.data.assigneeId };
    case 'session.recorded':
      return { ...s, stage: 'in_mediation', sessions: [...s.sessions, b.data.session] };
    case 'case.paused':
      return { ...s, paused: { since: event.at, reason: event.reason ?? '' } };
    case 'case.resumed':
      return { ...s, paused: null };
    case 'agreement.recorded':
      return { ...s, stage: 'following_up', agreement: b.data.agreement };
    case 'case.transferred': {
      const t = b.data.transfer;
      const court = t.to[0]?.kind === 'court' ? t.to[0].id : null;
      return {
        ...s,
        stage: 'transferred',
        transfer: t,
        courtsInvolved: court && !s.courtsInvolved.includes(court) ? [...s.courtsInvolved, court] : s.courtsInvolved,
      };
    }
    case 'case.taken_over':
      return {
        ...s,
        stage: b.data.stage,
        owner: b.data.owner,
        track: b.data.track,
        subtrack: b.data.subtrack,
        transfer: b.data.stage === 'under_review' ? s.transfer : null,
        assigneeId: b.data.stage === 'under_review' ? s.assigneeId : null,
      };
    case 'confirmation.recorded': {
      const confirmation = { courtId: b.data.courtId, decision: b.data.decision, ruledOn: b.data.ruledOn as IsoDate };
      return {
        ...s,
        stage: b.data.decision === 'confirmed' ? 'following_up' : 'in_mediation',
        owner: b.data.owner,
        transfer: null,
        agreement: s.agreement && b.data.decision === 'confirmed' ? { ...s.agreement, confirmation } : null,
      };
    }
    case 'case.escalated':
      // Under rules 2 the assignee goes with the old owner: the new unit's supervisor assigns one of their
      // own staff (a person of the unit below could no longer act on the case).
      return {
        ...s,
        owner: b.data.owner,
        escalationLevel: b.data.level,
        assigneeId: hasRules(s, 2) ? null : s.assigneeId,
      };
    case 'risk.reported':
      return { ...s, riskLevel: b.data.level };
    case 'follow_up.recorded':
      return { ...s, followUps: [...s.followUps, b.data.followUp] };
    case 'mediation.failed':
      return s;
    case 'case.closed':
      return {
        ...s,
        stage: 'closed',
        outcome: b.data.outcome,
        referral: b.data.referral,
        paused: null,
        transfer: null,
      };
    case 'calendar.adopted':
      return { ...s, calendarVersion: b.data.to };
    case 'deadline.started':
    case 'deadline.changed':
    case 'deadline.warned':
    case 'deadline.breached':
    case 'deadline.ended':
    case 'deadline.recalculated':
      return { ...s, deadlines: upsertDeadline(s.deadlines, b.data.deadline) };
    case 'case.registered':
      return s;
  }
}
