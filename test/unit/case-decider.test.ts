import path from 'node:path';
import { buildActionCommand } from '../../api/action-commands';
import { ACTION_NAMES, decide, evolve, nextDueInstant, pushBack, type Command } from '../../domain/case-decider';
import type { CaseEvent } from '../../domain/case-events';
import { STAGES, type CaseState, type Deadline, type Stage } from '../../domain/case-types';
import { CURRENT_POLICY } from '../../domain/deadline-policy';
import { GENESIS_HASH, chainEvents } from '../../domain/hash-chain';
import { OrgTree, readOrgUnitSeed } from '../../db/org-units';
import { apiMdAllows } from '../support/api-md-actions';
import { preconditions, probe, ROOM, stepsTo, type Step } from '../support/case-script';

const tree = new OrgTree(readOrgUnitSeed(path.join(__dirname, '..', '..', 'db', 'seed', 'ningde-org-units.json')));
const ctx = { policy: CURRENT_POLICY };

interface Run {
  state: CaseState | null;
  events: CaseEvent[];
}

function apply(run: Run, cmd: Command): Run {
  const d = decide(run.state, cmd, ctx);
  if (!d.ok) throw new Error(`${cmd.type} refused: ${d.code} ${d.message}`);
  const last = run.events[run.events.length - 1];
  const chained = chainEvents('c-1', { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH }, d.events);
  return {
    state: chained.reduce<CaseState | null>((s, e) => evolve(s, e), run.state),
    events: [...run.events, ...chained],
  };
}

function register(at = new Date().toISOString()): Run {
  return apply(
    { state: null, events: [] },
    {
      type: 'register',
      at,
      caseId: 'c-1',
      caseNo: 'ND-2026-000001',
      category: 'neighbor',
      source: 'walk_in',
      summary: 's',
      gridId: null,
      occurredOn: null,
      amountCny: null,
      riskLevel: 'low',
      owner: tree.path(ROOM),
      intakeFingerprint: 'f',
      parties: [
        { role: 'applicant', name: 'A', idNumber: null, phone: null },
        { role: 'respondent', name: 'B', idNumber: null, phone: null },
      ],
      actor: { id: 'u-1', role: 'mediator', org: ROOM },
    },
  );
}

const toCommand = (step: Step, at = new Date().toISOString()): Command => ({
  ...buildActionCommand(step.action, step.body, { id: `${step.as.role}-1`, ...step.as }, (id) => tree.path(id)),
  at,
});

function caseIn(stage: Stage): Run {
  return stepsTo(stage).reduce((run, step) => apply(run, toCommand(step)), register());
}

// The oracle is the hand transcription of api.md's table (test/support/api-md-actions.ts), never the
// decider's own ACTION_STAGES.
describe('the stage × action matrix', () => {
  const cells = STAGES.flatMap((stage) => ACTION_NAMES.map((action) => [stage, action] as const));
  test.each(cells)(
    'when a case in stage %s gets %s, then it is applied exactly when api.md allows it, else refused as invalid_transition',
    (stage, action) => {
      let run = caseIn(stage);
      expect(run.state!.stage).toBe(stage);
      for (const pre of preconditions(action, stage)) run = apply(run, toCommand(pre));
      const decision = decide(run.state, toCommand(probe(action, stage)), ctx);
      if (apiMdAllows(action, stage)) {
        expect(decision).toMatchObject({ ok: true });
      } else {
        expect(decision).toMatchObject({ ok: false, code: 'invalid_transition' });
      }
    },
  );
});

describe('roles and ownership', () => {
  test('when an auditor or admin sends any action, then it is forbidden', () => {
    const run = caseIn('accepted');
    for (const role of ['auditor', 'admin'] as const) {
      expect(
        decide(run.state, toCommand({ ...probe('withdraw', 'accepted'), as: { role, org: 'ND-JC' } }), ctx),
      ).toMatchObject({ ok: false, code: 'forbidden' });
    }
  });

  test('when a mediator of another unit acts, then it is forbidden; a supervisor above the owner may act', () => {
    const run = caseIn('accepted');
    const other = toCommand({ ...probe('record-session', 'accepted'), as: { role: 'mediator', org: 'ND-JC-ZW-ROOM' } });
    expect(decide(run.state, other, ctx)).toMatchObject({ ok: false, code: 'forbidden' });
    const above = toCommand({ ...probe('record-session', 'accepted'), as: { role: 'supervisor', org: 'ND' } });
    expect(decide(run.state, above, ctx)).toMatchObject({ ok: true });
  });

  test('when a mediator tries a supervisor-only action (reject, transfer, escalate, assign), then it is forbidden', () => {
    for (const [action, stage] of [
      ['reject', 'registered'],
      ['transfer', 'accepted'],
      ['escalate', 'accepted'],
      ['assign', 'accepted'],
    ] as const) {
      const run = caseIn(stage);
      expect(
        decide(run.state, toCommand({ ...probe(action, stage), as: { role: 'mediator', org: ROOM } }), ctx),
      ).toMatchObject({ ok: false, code: 'forbidden' });
    }
  });

  test('when the wrong court liaison takes over, then it is forbidden', () => {
    let run = caseIn('following_up');
    run = apply(run, toCommand(probe('request-confirmation', 'following_up')));
    expect(
      decide(run.state, toCommand({ action: 'take-over', body: {}, as: { role: 'liaison', org: 'ND-FA-COURT' } }), ctx),
    ).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('escalation and the ladder', () => {
  test('when a supervisor escalates twice, then ownership climbs room → township → county and stops there', () => {
    let run = caseIn('accepted');
    const escalate = (r: Run) => apply(r, toCommand(probe('escalate', 'accepted')));
    run = escalate(run);
    expect(run.state!.owner[0]!.id).toBe('ND-JC-JN');
    expect(run.state!.escalationLevel).toBe(1);
    run = escalate(run);
    expect(run.state!.owner[0]!.id).toBe('ND-JC');
    expect(decide(run.state, toCommand(probe('escalate', 'accepted')), ctx)).toMatchObject({
      ok: false,
      code: 'invalid_transition',
    });
    const mediation = run.state!.deadlines.filter((d) => d.kind === 'mediation');
    expect(mediation.map((d) => [d.status, d.ownerOrgUnitId])).toEqual([
      ['cancelled', ROOM],
      ['cancelled', 'ND-JC-JN'],
      ['running', 'ND-JC'],
    ]);
  });

  test('when the mediation deadline passes, then a tick breaches it and escalates to the parent with a fresh period', () => {
    const run = caseIn('accepted');
    const due = run.state!.deadlines.find((d) => d.kind === 'mediation' && d.status === 'running')!;
    const tick = apply(run, { type: 'tick', at: due.dueAt, actor: { id: 'system', role: 'system', org: null } });
    const types = tick.events.slice(run.events.length).map((e) => e.type);
    expect(types).toEqual(['deadline.breached', 'case.escalated', 'deadline.started']);
    expect(tick.state!.owner[0]!.id).toBe('ND-JC-JN');
    expect(tick.state!.deadlines.filter((d) => d.kind === 'mediation').map((d) => d.status)).toEqual([
      'breached',
      'running',
    ]);
  });

  test('when the warning point passes, then a tick warns once', () => {
    const run = caseIn('accepted');
    const next = nextDueInstant(run.state)!;
    const warned = apply(run, {
      type: 'tick',
      at: new Date(next).toISOString(),
      actor: { id: 'system', role: 'system', org: null },
    });
    expect(warned.events.slice(run.events.length).map((e) => e.type)).toEqual(['deadline.warned']);
    const again = decide(
      warned.state,
      { type: 'tick', at: new Date(next + 1).toISOString(), actor: { id: 'system', role: 'system', org: null } },
      ctx,
    );
    expect(again).toEqual({ ok: true, events: [] });
  });
});

describe('pause, resume and extension arithmetic (domain.md)', () => {
  const base: Deadline = {
    id: 'mediation-1',
    kind: 'mediation',
    status: 'paused',
    startedAt: '2026-09-01T02:00:00.000Z',
    startedOn: '2026-09-01',
    amount: 1,
    unit: 'months',
    rawDueDate: '2026-10-01',
    dueDate: '2026-10-08',
    dueAt: '2026-10-08T16:00:00.000Z',
    warnAt: '2026-09-24T00:00:00.000Z',
    originalDueDate: '2026-10-08',
    provisional: false,
    basis: 'b',
    calendarVersion: 'v',
    warned: false,
    pausedAt: '2026-09-10T02:00:00.000Z',
    endedAt: null,
    ownerOrgUnitId: ROOM,
    extensions: [],
  };

  test('when a day/month deadline was paused for 5 whole days, then its unrolled end moves 5 days and rolls again', () => {
    const d = pushBack(base, Date.parse('2026-09-10T02:00:00Z'), Date.parse('2026-09-15T03:00:00Z'));
    // Oct 1 + 5 = Oct 6 (holiday) → first working day Oct 8
    expect(d).toMatchObject({
      status: 'running',
      rawDueDate: '2026-10-06',
      dueDate: '2026-10-08',
      dueAt: '2026-10-08T16:00:00.000Z',
      originalDueDate: '2026-10-08',
    });
    const longer = pushBack(base, Date.parse('2026-09-10T02:00:00Z'), Date.parse('2026-09-20T03:00:00Z'));
    expect(longer.dueDate).toBe('2026-10-12'); // Oct 11 is a Sunday
  });

  test('when a working-day deadline was paused, then it moves by the working days of the pause', () => {
    const wd: Deadline = {
      ...base,
      kind: 'acceptance',
      unit: 'working_days',
      amount: 3,
      rawDueDate: '2026-10-10',
      dueDate: '2026-10-10',
      dueAt: '2026-10-10T16:00:00.000Z',
    };
    // paused Mon Oct 12 → resumed Wed Oct 14: two working days (13, 14) → Oct 10 + 2 working days = Oct 13
    const d = pushBack(wd, Date.parse('2026-10-12T02:00:00Z'), Date.parse('2026-10-14T02:00:00Z'));
    expect(d.dueDate).toBe('2026-10-13');
  });

  test('when a running case is paused and resumed, then its deadlines stop and are pushed back through events', () => {
    let run = caseIn('accepted');
    const before = run.state!.deadlines.find((d) => d.kind === 'mediation' && d.status === 'running')!;
    const t0 = Date.now();
    run = apply(run, { ...toCommand(probe('pause', 'accepted')), at: new Date(t0).toISOString() });
    expect(run.state!.paused).not.toBeNull();
    expect(run.state!.deadlines.find((d) => d.id === before.id)!.status).toBe('paused');
    expect(nextDueInstant(run.state)).toBeNull();
    run = apply(run, { ...toCommand(probe('resume', 'accepted')), at: new Date(t0 + 3 * 86_400_000).toISOString() });
    const after = run.state!.deadlines.find((d) => d.id === before.id)!;
    expect(after.status).toBe('running');
    expect(after.rawDueDate > before.rawDueDate).toBe(true);
    expect(after.originalDueDate).toBe(before.originalDueDate);
  });

  test('when a deadline is extended, then the due date moves from the current one and the original is kept', () => {
    let run = caseIn('accepted');
    const before = run.state!.deadlines.find((d) => d.kind === 'mediation' && d.status === 'running')!;
    run = apply(
      run,
      toCommand({
        action: 'extend',
        body: { kind: 'mediation', amount: 1, unit: 'months', reason: 'appraisal pending', consent: true },
        as: { role: 'mediator', org: ROOM },
      }),
    );
    const after = run.state!.deadlines.find((d) => d.id === before.id)!;
    expect(after.originalDueDate).toBe(before.dueDate);
    expect(after.dueDate > before.dueDate).toBe(true);
    expect(after.extensions).toHaveLength(1);
  });

  test('when a mediator extends without consent, or a labour mediation deadline is extended, then it is refused', () => {
    const run = caseIn('accepted');
    const noConsent = toCommand({
      action: 'extend',
      body: { kind: 'mediation', amount: 10, unit: 'days', reason: 'r', consent: false },
      as: { role: 'mediator', org: ROOM },
    });
    expect(decide(run.state, noConsent, ctx)).toMatchObject({ ok: false, code: 'forbidden' });
    const labour = apply(
      register(),
      toCommand({
        action: 'accept',
        body: { track: 'people', subtrack: 'labor', assigneeId: 'u-1' },
        as: { role: 'mediator', org: ROOM },
      }),
    );
    expect(labour.state!.deadlines.find((d) => d.kind === 'mediation')).toMatchObject({ amount: 15, unit: 'days' });
    const extendLabour = toCommand({
      action: 'extend',
      body: { kind: 'mediation', amount: 5, unit: 'days', reason: 'r', consent: true },
      as: { role: 'supervisor', org: 'ND-JC' },
    });
    expect(decide(labour.state, extendLabour, ctx)).toMatchObject({ ok: false, code: 'invalid_transition' });
  });

  test('when confirmation_decision is extended by more than 10 days in all, then it is refused', () => {
    const run = caseIn('under_review');
    const ext = (amount: number) =>
      toCommand({
        action: 'extend',
        body: { kind: 'confirmation_decision', amount, unit: 'days', reason: 'r', consent: false },
        as: { role: 'supervisor', org: 'ND-JC-COURT' },
      });
    const once = apply(run, ext(6));
    expect(decide(once.state, ext(5), ctx)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(decide(once.state, ext(4), ctx)).toMatchObject({ ok: true });
  });
});

describe('the agreement and what follows it', () => {
  test('when an agreement is signed, then the confirmation window is 30 days from signing and follow-up 15 days from performance', () => {
    // Registered before the agreement is signed: nothing of a case happens before its registration.
    let run = stepsTo('in_mediation').reduce(
      (r, step) => apply(r, toCommand(step)),
      register('2026-04-29T02:00:00.000Z'),
    );
    run = apply(
      run,
      toCommand({
        action: 'record-agreement',
        body: { terms: 't', signedOn: '2026-04-30', performanceDueOn: '2026-05-10' },
        as: { role: 'mediator', org: ROOM },
      }),
    );
    const window = run.state!.deadlines.find((d) => d.kind === 'confirmation_window')!;
    const followUp = run.state!.deadlines.find((d) => d.kind === 'follow_up')!;
    expect(window.dueDate).toBe('2026-06-01');
    expect(followUp.dueDate).toBe('2026-05-25');
  });

  test('when the court confirms, then the case returns to following_up at the sending unit; when it rejects, to mediation', () => {
    const run = caseIn('under_review');
    const confirmed = apply(run, toCommand(probe('record-confirmation', 'under_review')));
    expect(confirmed.state).toMatchObject({ stage: 'following_up', owner: tree.path(ROOM) });
    expect(confirmed.state!.agreement!.confirmation).toMatchObject({ decision: 'confirmed' });
    const rejected = apply(
      run,
      toCommand({
        ...probe('record-confirmation', 'under_review'),
        body: { decision: 'rejected', ruledOn: probe('record-confirmation', 'under_review').body.ruledOn },
      }),
    );
    expect(rejected.state).toMatchObject({ stage: 'in_mediation', owner: tree.path(ROOM) });
  });

  test('when a follow-up finds the agreement unperformed twice, then the case closes as unperformed_referred', () => {
    let run = caseIn('following_up');
    run = apply(run, toCommand(probe('record-follow-up', 'following_up')));
    expect(run.state!.stage).toBe('following_up');
    run = apply(run, toCommand(probe('record-follow-up', 'following_up')));
    expect(run.state).toMatchObject({ stage: 'closed', outcome: 'unperformed_referred' });
    expect(run.state!.deadlines.every((d) => !['running', 'paused'].includes(d.status))).toBe(true);
  });

  test('when mediation fails with a litigation referral to a court, then the case is transferred there', () => {
    let run = caseIn('in_mediation');
    run = apply(
      run,
      toCommand({
        action: 'record-failure',
        body: { reason: 'no agreement', referral: 'litigation', courtId: 'ND-JC-COURT' },
        as: { role: 'mediator', org: ROOM },
      }),
    );
    expect(run.state).toMatchObject({ stage: 'transferred', courtsInvolved: ['ND-JC-COURT'] });
    run = apply(run, toCommand({ action: 'take-over', body: {}, as: { role: 'liaison', org: 'ND-JC-COURT' } }));
    expect(run.state).toMatchObject({ stage: 'accepted', track: 'judicial', subtrack: 'pre_filing' });
  });
});

describe('risk', () => {
  test('when risk is raised to high, then supervisors and police are notified at once and a 24-hour response deadline starts', () => {
    let run = caseIn('accepted');
    run = apply(run, toCommand(probe('report-risk', 'accepted')));
    const reported = run.events.find((e) => e.type === 'risk.reported')!;
    expect(reported.data).toMatchObject({ level: 'high', notify: ['police_liaison', 'owner_supervisor'] });
    const risk = run.state!.deadlines.find((d) => d.kind === 'risk_response')!;
    expect(Date.parse(risk.dueAt) - Date.parse(risk.startedAt)).toBe(24 * 3600_000);
  });
});

describe('history', () => {
  test('when the events of a case are folded again, then the same state results', () => {
    const run = caseIn('under_review');
    const refolded = run.events.reduce<CaseState | null>((s, e) => evolve(s, e), null);
    expect(refolded).toEqual(run.state);
  });
});
