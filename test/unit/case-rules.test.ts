/**
 * Domain rules that keep impossible histories out (issue "Trustworthy history and rules", item 6):
 * dates no earlier than registration and not in the future, windows closed at their due instant,
 * extensions bounded in their own unit, a lowered risk cancelling its clock, ill-formed text refused.
 * Cases registered under the first rules keep them (their recorded histories decide as they did).
 */
import type { CaseEvent } from '../../domain/case-events';
import type { CaseState } from '../../domain/case-types';
import { evolve } from '../../domain/case-decider';
import { COURT, Run, countySupervisor, courtLiaison, registered, roomMediator, tree } from '../support/decider-run';

const T0 = '2026-11-02T02:00:00.000Z'; // Monday 2026-11-02, 10:00 in Shanghai
const later = (ms: number): string => new Date(Date.parse(T0) + ms).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const accepted = (): Run =>
  registered(T0).act(later(HOUR), {
    type: 'accept',
    track: 'people',
    subtrack: null,
    assigneeId: 'u-1',
    actor: roomMediator,
  });

const withAgreement = (): Run =>
  accepted().act(later(2 * HOUR), {
    type: 'record-agreement',
    terms: 'pay 3000',
    signedOn: '2026-11-02',
    performanceDueOn: null,
    obligations: [],
    actor: roomMediator,
  });

/** The same case as if it had been registered before rules 2 (its registered event has no rulesVersion). */
function underFirstRules(run: Run): Run {
  const [first, ...rest] = run.events as [CaseEvent, ...CaseEvent[]];
  if (first.type !== 'case.registered') throw new Error('not a registration');
  const { rulesVersion: _dropped, ...legacyCase } = first.data.case;
  const legacy = { ...first, data: { case: legacyCase } } as unknown as CaseEvent;
  const events = [legacy, ...rest];
  return new Run(
    events.reduce<CaseState | null>((s, e) => evolve(s, e), null),
    events,
  );
}

describe('dates of what happened', () => {
  test('when an agreement is said to be signed in 2020 on a case registered in 2026, then it is refused', () => {
    const d = accepted().decide({
      type: 'record-agreement',
      at: later(2 * HOUR),
      terms: 't',
      signedOn: '2020-01-01',
      performanceDueOn: null,
      obligations: [],
      actor: roomMediator,
    });
    expect(d).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  test('when a session is said to be held in 1970, then it is refused', () => {
    const d = accepted().decide({
      type: 'record-session',
      at: later(2 * HOUR),
      heldAt: '1970-01-01T00:00:00.000Z',
      mode: 'on_site',
      attendees: ['A'],
      notes: '',
      actor: roomMediator,
    });
    expect(d).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  test('when a session is held earlier on the day of registration, then it is recorded', () => {
    const d = accepted().decide({
      type: 'record-session',
      at: later(2 * HOUR),
      heldAt: '2026-11-02T00:30:00.000Z',
      mode: 'on_site',
      attendees: ['A'],
      notes: '',
      actor: roomMediator,
    });
    expect(d.ok).toBe(true);
  });

  test('when a follow-up visit is dated before the agreement was signed, then it is refused', () => {
    const d = withAgreement().decide({
      type: 'record-follow-up',
      at: later(3 * DAY),
      visitedOn: '2026-11-01',
      performed: true,
      notes: '',
      actor: roomMediator,
    });
    expect(d).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  test('when a court rules with a date before the case reached it, then it is refused', () => {
    const review = withAgreement()
      .act(later(3 * DAY), { type: 'request-confirmation', court: tree.path(COURT), actor: roomMediator })
      .act(later(4 * DAY), { type: 'take-over', actor: courtLiaison });
    const d = review.decide({
      type: 'record-confirmation',
      at: later(5 * DAY),
      decision: 'confirmed',
      ruledOn: '2026-11-03',
      actor: courtLiaison,
    });
    expect(d).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  test('when a case registered under the first rules records an agreement signed in 2020, then it is still accepted', () => {
    const d = underFirstRules(accepted()).decide({
      type: 'record-agreement',
      at: later(2 * HOUR),
      terms: 't',
      signedOn: '2020-01-01',
      performanceDueOn: null,
      obligations: [],
      actor: roomMediator,
    });
    expect(d.ok).toBe(true);
  });
});

describe('the 30-day confirmation window (人民调解法 Art. 33)', () => {
  // Signed 2026-11-02: 30 days → 2026-12-02 (a Wednesday), so the window ends at 2026-12-03T00:00+08:00.
  const windowEnd = Date.parse('2026-12-02T16:00:00.000Z');

  test('when the window has passed its due instant but its timer has not fired, then confirmation is refused', () => {
    const d = withAgreement().decide({
      type: 'request-confirmation',
      at: new Date(windowEnd + 1000).toISOString(),
      court: tree.path(COURT),
      actor: roomMediator,
    });
    expect(d).toMatchObject({ ok: false, code: 'invalid_transition' });
  });

  test('when the window is still open, then confirmation may be requested', () => {
    const d = withAgreement().decide({
      type: 'request-confirmation',
      at: new Date(windowEnd - 1000).toISOString(),
      court: tree.path(COURT),
      actor: roomMediator,
    });
    expect(d.ok).toBe(true);
  });
});

describe('extensions', () => {
  const extend = (amount: number, unit: 'months' | 'hours' | 'days') =>
    accepted().decide({
      type: 'extend',
      at: later(DAY),
      kind: 'mediation',
      amount,
      unit,
      reason: 'parties asked for time',
      consent: true,
      actor: countySupervisor,
    });

  test('when a supervisor extends a one-month mediation period by 365 months, then it is refused', () => {
    expect(extend(365, 'months')).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  test('when a month period is extended by a unit of hours, then it is refused', () => {
    expect(extend(24, 'hours')).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(extend(10, 'days')).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  test('when a month period is extended by one month, then its due date moves', () => {
    expect(extend(1, 'months').ok).toBe(true);
  });
});

describe('risk', () => {
  test('when a critical risk is lowered to medium, then the 24-hour response ends as cancelled, not met', () => {
    const raised = accepted().act(later(2 * HOUR), {
      type: 'report-risk',
      level: 'critical',
      reason: 'threats',
      actor: roomMediator,
    });
    const lowered = raised.act(later(3 * HOUR), {
      type: 'report-risk',
      level: 'medium',
      reason: 'calmed down',
      actor: roomMediator,
    });
    const clock = lowered.state!.deadlines.find((d) => d.kind === 'risk_response');
    expect(clock?.status).toBe('cancelled');
  });
});

describe('text', () => {
  test('when a party name holds a lone surrogate, then registration is refused', () => {
    const d = new Run().decide({
      type: 'register',
      at: T0,
      caseId: 'c-2',
      caseNo: 'ND-2026-000002',
      category: 'neighbor',
      source: 'walk_in',
      summary: 's',
      gridId: null,
      occurredOn: null,
      amountCny: null,
      riskLevel: 'low',
      owner: tree.path('ND-JC-JN-ROOM'),
      intakeFingerprint: 'f',
      parties: [
        { role: 'applicant', name: '\ud800', idNumber: null, phone: null },
        { role: 'respondent', name: 'B', idNumber: null, phone: null },
      ],
      actor: roomMediator,
    });
    expect(d).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  test('when text holds a character outside the BMP (a proper surrogate pair), then it is accepted', () => {
    const d = accepted().decide({
      type: 'record-session',
      at: later(2 * HOUR),
      heldAt: later(HOUR),
      mode: 'online',
      attendees: ['𠀀 (CJK Ext. B)'],
      notes: '',
      actor: roomMediator,
    });
    expect(d.ok).toBe(true);
  });
});

describe('assignment follows ownership', () => {
  const escalated = (run: Run): Run =>
    run.act(later(DAY), { type: 'escalate', reason: 'complex dispute', actor: countySupervisor });

  test('when a case is escalated, then the assignee of the unit below is cleared for the new owner to assign', () => {
    const run = escalated(accepted());
    expect(run.state).toMatchObject({ owner: tree.path('ND-JC-JN'), assigneeId: null });
  });

  test('when a case registered under the first rules is escalated, then it keeps its assignee as it did', () => {
    expect(escalated(underFirstRules(accepted())).state!.assigneeId).toBe('u-1');
  });
});
