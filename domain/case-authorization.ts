/**
 * Who may act on a case (domain.md "Who uses the system", api.md "Actions", roles column). Each
 * predicate answers null when the actor may, or the sentence that says why not.
 */
import type { Actor, DeadlineKind, OrgPath, Stage } from './case-types';
import { text, type Text } from './text';

/** What the guard knows of a case: enough to decide stage, pause, role and ownership. */
export interface GuardSubject {
  stage: Stage;
  paused: boolean;
  owner: OrgPath;
  /** The unit a pending transfer goes to. */
  transferTo: OrgPath | null;
  /** The deadlines the policy lets be extended now, and whose approval each needs. */
  extendable: Array<{ kind: DeadlineKind; requires: 'consent_or_approval' | 'approval' }>;
}

export type Who = (actor: Actor, subject: GuardSubject) => Text | null;

function inPath(path: OrgPath, org: string | null): boolean {
  return org !== null && path.some((u) => u.id === org);
}

/** A supervisor of the unit or of a unit above it. */
export function isSupervisorOf(actor: Actor, path: OrgPath): boolean {
  return actor.role === 'supervisor' && inPath(path, actor.org);
}

/** Staff who act for a unit: its mediators, its (or an ancestor's) supervisors, a court's liaisons. */
export function isStaffOf(actor: Actor, path: OrgPath): boolean {
  const unit = path[0];
  if (!unit) return false;
  if (actor.role === 'mediator') return actor.org === unit.id;
  if (actor.role === 'liaison') return unit.kind === 'court' && actor.org === unit.id;
  return isSupervisorOf(actor, path);
}

/** The owning unit's staff (owner's mediators and supervisors; a reviewing court's liaisons). */
export const ownerStaff: Who = (actor, s) =>
  isStaffOf(actor, s.owner)
    ? null
    : text('只有承办单位的工作人员可以办理', 'only staff of the owning unit may do this');

/** api.md `extend`: "mediator with consent, or supervisor" of the owner (a court's liaison is neither). */
export const extender: Who = (actor, s) =>
  (actor.role === 'mediator' && actor.org === s.owner[0]?.id) || isSupervisorOf(actor, s.owner)
    ? null
    : text(
        '只有承办单位的调解员或负责人可以延长期限',
        "only the owning unit's mediators or supervisors may extend a deadline",
      );

/** A supervisor of the owning unit (or of a unit above it). */
export const ownerSupervisor: Who = (actor, s) =>
  isSupervisorOf(actor, s.owner)
    ? null
    : text('只有承办单位的负责人可以办理', 'only a supervisor of the owning unit may do this');

/** The unit a transfer goes to: a court's liaisons, or another unit's mediators and supervisors. */
export const transferTarget: Who = (actor, s) => {
  const target = s.transferTo;
  const unit = target?.[0];
  if (!target || !unit) return text('案件没有待接收的移交', 'the case has no pending transfer');
  if (unit.kind === 'court')
    return actor.role === 'liaison' && actor.org === unit.id
      ? null
      : text('只有接收法院的联络员可以接收', 'only a liaison of the target court may take over');
  return (actor.role === 'mediator' && actor.org === unit.id) || isSupervisorOf(actor, target)
    ? null
    : text('只有接收单位的工作人员可以接收', 'only staff of the target unit may take over');
};

/** A liaison of the court reviewing the agreement. */
export const reviewingLiaison: Who = (actor, s) =>
  actor.role === 'liaison' && actor.org === s.owner[0]?.id
    ? null
    : text('只有审查法院的联络员可以作出裁定', 'only a liaison of the reviewing court may rule');

/** Pausing a case under court review is the court's call; otherwise the owner's staff. */
export const pauser: Who = (actor, s) =>
  s.stage === 'under_review'
    ? actor.role === 'liaison' && actor.org === s.owner[0]?.id
      ? null
      : text('司法确认审查期间只有审查法院可以中止', 'only the reviewing court pauses a case under review')
    : ownerStaff(actor, s);
