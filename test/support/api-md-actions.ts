/**
 * The oracle of the action tests: api.md's "Actions" table, its "from stage" and "roles" columns
 * transcribed by hand, cell by cell. Nothing here is imported from the code under test (only the type
 * names), so a code change that allows an action where api.md does not turns the tests red.
 *
 * Where a cell needs a word of interpretation, the comment on it says which, and why (domain.md).
 */
import type { Role, Stage } from '../../domain/case-types';
import type { ActionName } from '../../domain/case-decider';

/** api.md: "any open" — every stage but `closed` (domain.md "Case lifecycle"). */
export const ANY_OPEN: readonly Stage[] = [
  'registered',
  'accepted',
  'in_mediation',
  'following_up',
  'transferred',
  'under_review',
];

/**
 * Who a roles cell names, relative to the case:
 * - `owner`: the unit that owns the case now; `target`: the unit a pending transfer goes to.
 * - a `mediator of X`: a mediator whose unit is X;
 * - a `supervisor of X`: a supervisor of X or of a unit above X (domain.md: a supervisor may do
 *   "everything a mediator may, in their unit and the units below it");
 * - a `liaison of X court`: a liaison of X, when X is a court.
 */
export type Who =
  | 'mediator of owner'
  | 'supervisor of owner'
  | 'liaison of owner court'
  | 'mediator of target'
  | 'supervisor of target'
  | 'liaison of target court';

export interface RoleRule {
  who: Who;
  /** Only in these stages (a cell like "owner (liaison for under_review)"). */
  stages?: readonly Stage[];
  /** Only when the target of the pending transfer is (not) a court: the take-over cell. */
  target?: 'court' | 'not a court';
  /** `extend`: "mediator with consent". */
  withConsent?: true;
}

export interface ApiMdAction {
  /** The "from stage" cell, verbatim. */
  fromStageCell: string;
  /** The stages it names. */
  fromStages: readonly Stage[];
  /** A condition the cell adds to the stage. */
  requires?: 'paused' | 'not paused' | 'confirmation window open';
  /** The "roles" cell, verbatim. */
  rolesCell: string;
  /** Who it names. */
  roles: readonly RoleRule[];
}

/** "owner": whoever acts for the owning unit — its mediators, its supervisors, and, when the owner is
 * a court (a case under review, or taken over by a court), the court's liaisons. */
const OWNER: readonly RoleRule[] = [
  { who: 'mediator of owner' },
  { who: 'supervisor of owner' },
  { who: 'liaison of owner court' },
];
const SUPERVISOR_OF_OWNER: readonly RoleRule[] = [{ who: 'supervisor of owner' }];
const PAUSE_STAGES: readonly Stage[] = ['accepted', 'in_mediation', 'following_up', 'under_review'];
/** "owner (liaison for under_review)": under review the owner is the court, and only its liaison acts. */
const PAUSE_ROLES: readonly RoleRule[] = [
  ...OWNER.map((rule) => ({ ...rule, stages: ['accepted', 'in_mediation', 'following_up'] as const })),
  { who: 'liaison of owner court', stages: ['under_review'] },
];

export const API_MD_ACTIONS: Record<ActionName, ApiMdAction> = {
  accept: {
    fromStageCell: 'registered',
    fromStages: ['registered'],
    // "mediator" read as the owner's mediator: a mediator acts on cases of their unit (domain.md).
    rolesCell: 'mediator, supervisor of owner',
    roles: [{ who: 'mediator of owner' }, { who: 'supervisor of owner' }],
  },
  reject: {
    fromStageCell: 'registered',
    fromStages: ['registered'],
    rolesCell: 'supervisor of owner',
    roles: SUPERVISOR_OF_OWNER,
  },
  assign: {
    fromStageCell: 'accepted, in_mediation, following_up',
    fromStages: ['accepted', 'in_mediation', 'following_up'],
    rolesCell: 'supervisor of owner',
    roles: SUPERVISOR_OF_OWNER,
  },
  'record-session': {
    fromStageCell: 'accepted, in_mediation',
    fromStages: ['accepted', 'in_mediation'],
    rolesCell: "owner's mediator/supervisor",
    roles: [{ who: 'mediator of owner' }, { who: 'supervisor of owner' }],
  },
  pause: {
    fromStageCell: 'accepted, in_mediation, following_up, under_review',
    fromStages: PAUSE_STAGES,
    // Implied by `resume` ("when paused"): pausing is for a case that is not paused.
    requires: 'not paused',
    rolesCell: 'owner (liaison for under_review)',
    roles: PAUSE_ROLES,
  },
  resume: {
    fromStageCell: 'same, when paused',
    fromStages: PAUSE_STAGES,
    requires: 'paused',
    rolesCell: 'same',
    roles: PAUSE_ROLES,
  },
  extend: {
    fromStageCell: 'per policy',
    // "Per policy": a deadline can be extended while it runs, so the stages are the open stages in
    // which a deadline of the case runs (domain.md "Deadlines"): registered (acceptance), accepted and
    // in_mediation (mediation), following_up (follow_up; confirmation_window cannot be extended),
    // transferred (takeover), under_review (confirmation_decision). Whether a given kind may be
    // extended, and by whom, is the policy's (served at GET /api/v1/policies).
    fromStages: ANY_OPEN,
    rolesCell: 'mediator with consent, or supervisor',
    roles: [{ who: 'mediator of owner', withConsent: true }, { who: 'supervisor of owner' }],
  },
  'record-agreement': {
    fromStageCell: 'accepted, in_mediation',
    fromStages: ['accepted', 'in_mediation'],
    rolesCell: 'owner',
    roles: OWNER,
  },
  'request-confirmation': {
    fromStageCell: 'following_up, window open',
    fromStages: ['following_up'],
    requires: 'confirmation window open',
    rolesCell: 'owner',
    roles: OWNER,
  },
  'take-over': {
    fromStageCell: 'transferred',
    fromStages: ['transferred'],
    rolesCell: 'liaison (court target) or mediator/supervisor (unit or agency target) of the target',
    roles: [
      { who: 'liaison of target court', target: 'court' },
      { who: 'mediator of target', target: 'not a court' },
      { who: 'supervisor of target', target: 'not a court' },
    ],
  },
  'record-confirmation': {
    fromStageCell: 'under_review',
    fromStages: ['under_review'],
    rolesCell: 'liaison of owner court',
    roles: [{ who: 'liaison of owner court' }],
  },
  'record-failure': {
    fromStageCell: 'accepted, in_mediation',
    fromStages: ['accepted', 'in_mediation'],
    rolesCell: 'owner',
    roles: OWNER,
  },
  transfer: {
    fromStageCell: 'registered, accepted, in_mediation',
    fromStages: ['registered', 'accepted', 'in_mediation'],
    rolesCell: 'supervisor of owner',
    roles: SUPERVISOR_OF_OWNER,
  },
  escalate: {
    fromStageCell: 'registered, accepted, in_mediation',
    fromStages: ['registered', 'accepted', 'in_mediation'],
    rolesCell: 'supervisor of owner',
    roles: SUPERVISOR_OF_OWNER,
  },
  'report-risk': {
    fromStageCell: 'any open',
    fromStages: ANY_OPEN,
    rolesCell: 'owner, liaison of owner',
    roles: OWNER,
  },
  'record-follow-up': {
    fromStageCell: 'following_up',
    fromStages: ['following_up'],
    rolesCell: 'owner',
    roles: OWNER,
  },
  withdraw: {
    fromStageCell: 'any open',
    fromStages: ANY_OPEN,
    rolesCell: 'owner',
    roles: OWNER,
  },
};

/** Whether api.md lets `action` start from `stage` (the stage column only). */
export function apiMdAllows(action: ActionName, stage: Stage): boolean {
  return API_MD_ACTIONS[action].fromStages.includes(stage);
}

/** An org unit on a path, `[self, parent, …, root]`, as the org tree gives it. */
export interface PathUnit {
  id: string;
  kind: string;
}

export interface ConcreteActor {
  role: Extract<Role, 'mediator' | 'supervisor' | 'liaison'>;
  org: string;
  /** `extend` by a mediator: only with the parties' consent. */
  withConsent?: true;
}

/**
 * Every concrete actor the roles cell of `action` names for a case in `stage`, owned by `owner` and
 * (when transferred) on its way to `target`.
 */
export function actorsFor(
  action: ActionName,
  c: { stage: Stage; owner: readonly PathUnit[]; target?: readonly PathUnit[] | null },
): ConcreteActor[] {
  const out: ConcreteActor[] = [];
  const mediatorOf = (path: readonly PathUnit[]): ConcreteActor[] =>
    path[0] ? [{ role: 'mediator', org: path[0].id }] : [];
  const supervisorsOf = (path: readonly PathUnit[]): ConcreteActor[] =>
    path.map((u) => ({ role: 'supervisor', org: u.id }));
  const liaisonOf = (path: readonly PathUnit[]): ConcreteActor[] =>
    path[0]?.kind === 'court' ? [{ role: 'liaison', org: path[0].id }] : [];
  const target = c.target ?? [];
  for (const rule of API_MD_ACTIONS[action].roles) {
    if (rule.stages && !rule.stages.includes(c.stage)) continue;
    if (rule.target === 'court' && target[0]?.kind !== 'court') continue;
    if (rule.target === 'not a court' && (target.length === 0 || target[0]?.kind === 'court')) continue;
    const found =
      rule.who === 'mediator of owner'
        ? mediatorOf(c.owner)
        : rule.who === 'supervisor of owner'
          ? supervisorsOf(c.owner)
          : rule.who === 'liaison of owner court'
            ? liaisonOf(c.owner)
            : rule.who === 'mediator of target'
              ? mediatorOf(target)
              : rule.who === 'supervisor of target'
                ? supervisorsOf(target)
                : liaisonOf(target);
    out.push(...found.map((a) => (rule.withConsent ? { ...a, withConsent: true as const } : a)));
  }
  return out;
}
