/**
 * The guard against api.md's Actions table (stage and roles columns, transcribed by hand in
 * test/support/api-md-actions.ts) for every stage, paused or not, every action and every kind of
 * caller: mediators, supervisors and liaisons of the owner, of units above and beside it, of a
 * transfer's target, and auditors and admins. While paused, only the actions of decision 10
 * (docs/decisions.md) are allowed.
 */
import { ACTION_NAMES, type ActionName } from '../../domain/case-decider';
import { guard, type GuardSubject } from '../../domain/case-guard';
import type { Actor, OrgPath, Stage } from '../../domain/case-types';
import { API_MD_ACTIONS, actorsFor } from '../support/api-md-actions';
import { COURT, ROOM, tree } from '../support/decider-run';

/** docs/decisions.md 10: while paused, only these (the clock is stopped, the work is not). */
const WHILE_PAUSED: readonly ActionName[] = ['resume', 'withdraw', 'report-risk', 'assign', 'extend'];

const UNITS = ['ND', 'ND-JC', 'ND-JC-JN', ROOM, 'ND-JC-ZW', 'ND-JC-CN', COURT];
const CALLERS: Actor[] = [
  ...UNITS.flatMap((org) =>
    (['mediator', 'supervisor', 'liaison'] as const).map((role) => ({ id: `${role}@${org}`, role, org })),
  ),
  { id: 'auditor', role: 'auditor', org: 'ND' },
  { id: 'admin', role: 'admin', org: 'ND' },
];

interface Case {
  stage: Stage;
  owner: OrgPath;
  target: OrgPath | null;
}
const CASES: Case[] = [
  { stage: 'registered', owner: tree.path(ROOM), target: null },
  { stage: 'accepted', owner: tree.path(ROOM), target: null },
  { stage: 'in_mediation', owner: tree.path(ROOM), target: null },
  { stage: 'following_up', owner: tree.path(ROOM), target: null },
  { stage: 'transferred', owner: tree.path(ROOM), target: tree.path('ND-JC-ZW') },
  { stage: 'transferred', owner: tree.path(ROOM), target: tree.path(COURT) },
  { stage: 'under_review', owner: tree.path(COURT), target: null },
  { stage: 'closed', owner: tree.path(ROOM), target: null },
];

/** What api.md (and decision 10) allow this caller. */
function oracle(c: Case, paused: boolean, action: ActionName, actor: Actor): boolean {
  const row = API_MD_ACTIONS[action];
  if (!row.fromStages.includes(c.stage)) return false;
  if (row.requires === 'paused' && !paused) return false;
  if (row.requires === 'not paused' && paused) return false;
  if (paused && !WHILE_PAUSED.includes(action)) return false;
  return actorsFor(action, { stage: c.stage, owner: c.owner, target: c.target }).some(
    (a) => a.role === actor.role && a.org === actor.org,
  );
}

const cells = CASES.flatMap((c) =>
  [false, true]
    .filter((paused) => !paused || API_MD_ACTIONS.pause.fromStages.includes(c.stage))
    .map((paused) => [`${c.stage}${c.target ? ` to ${c.target[0]!.id}` : ''}`, paused, c] as const),
);

test.each(cells)(
  'when a case is %s (paused: %s), then the guard allows exactly the actions and callers api.md names',
  (_label, paused, c) => {
    const subject: GuardSubject = {
      stage: c.stage,
      paused,
      owner: c.owner,
      transferTo: c.target,
      // A deadline the parties may agree to extend: the policy does not narrow api.md's roles here.
      extendable: [{ kind: 'mediation', requires: 'consent_or_approval' }],
    };
    const wrong: string[] = [];
    for (const action of ACTION_NAMES)
      for (const actor of CALLERS) {
        const expected = oracle(c, paused, action, actor);
        if (guard(subject, actor, action).allowed !== expected)
          wrong.push(`${action} by ${actor.id}: expected ${expected ? 'allowed' : 'refused'}`);
      }
    expect(wrong).toEqual([]);
  },
);

test('when every extendable deadline needs approval, then a mediator may not extend and a supervisor may', () => {
  const subject: GuardSubject = {
    stage: 'registered',
    paused: false,
    owner: tree.path(ROOM),
    transferTo: null,
    extendable: [{ kind: 'acceptance', requires: 'approval' }],
  };
  expect(guard(subject, { id: 'm', role: 'mediator', org: ROOM }, 'extend')).toMatchObject({
    allowed: false,
    code: 'forbidden',
  });
  expect(guard(subject, { id: 's', role: 'supervisor', org: 'ND-JC' }, 'extend').allowed).toBe(true);
  expect(guard({ ...subject, extendable: [] }, { id: 's', role: 'supervisor', org: 'ND-JC' }, 'extend')).toMatchObject({
    allowed: false,
    code: 'invalid_transition',
  });
});

test('when an action is refused, then the reason reads in Chinese and in English', () => {
  const subject: GuardSubject = {
    stage: 'accepted',
    paused: true,
    owner: tree.path(ROOM),
    transferTo: null,
    extendable: [],
  };
  const verdict = guard(subject, { id: 'm', role: 'mediator', org: ROOM }, 'record-session');
  expect(verdict).toMatchObject({ allowed: false, code: 'invalid_transition' });
  if (verdict.allowed) return;
  expect(verdict.reason.zh).toBe('暂停期间不能记录调解');
  expect(verdict.reason.en).toMatch(/paused/);
});
