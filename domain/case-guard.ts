/**
 * The guard: may this actor take this action on this case now? Stage, pause, role and ownership, the
 * same for the decider (which refuses with it before deciding) and for `allowed-actions` (which shows
 * it to people before they try). Pure.
 */
import type { Actor, CaseState, Deadline, OrgKind, OrgPath, Stage, Subtrack, Track } from './case-types';
import { DEADLINE_KINDS } from './case-types';
import { policyEntry, type DeadlinePolicy } from './deadline-policy';
import { isSupervisorOf } from './case-authorization';
import { extensionBlocked } from './actions/clock-actions';
import type { CaseView } from './case-view';
import type { ActionName, RejectionCode } from './case-commands';
import { ACTION_NAMES } from './case-commands';
import type { GuardSubject } from './case-authorization';
import { ACTION_RULES } from './actions';
import { text, type Text } from './text';

export type { GuardSubject } from './case-authorization';

/** A guard refuses for the stage or pause (409) or for who is asking (403), never for the body. */
export type GuardCode = Extract<RejectionCode, 'invalid_transition' | 'forbidden'>;
export type GuardVerdict = { allowed: true } | { allowed: false; code: GuardCode; reason: Text };

const STAGE_NAMES: Record<Stage, Text> = {
  registered: text('登记', 'registered'),
  accepted: text('已受理', 'accepted'),
  in_mediation: text('调解中', 'in mediation'),
  following_up: text('回访履行', 'following up'),
  transferred: text('移交待接收', 'transferred'),
  under_review: text('司法确认审查', 'under review'),
  closed: text('已结案', 'closed'),
};

export const ACTION_TITLES: Record<ActionName, Text> = {
  accept: text('受理', 'accept'),
  reject: text('不予受理', 'reject'),
  assign: text('指派', 'assign'),
  'record-session': text('记录调解', 'record a session'),
  pause: text('中止', 'pause'),
  resume: text('恢复', 'resume'),
  extend: text('延长期限', 'extend a deadline'),
  'record-agreement': text('记录调解协议', 'record the agreement'),
  'request-confirmation': text('申请司法确认', 'request judicial confirmation'),
  'take-over': text('接收', 'take over'),
  'record-confirmation': text('记录确认裁定', 'record the ruling'),
  'record-failure': text('记录调解不成', 'record failure'),
  transfer: text('移交', 'transfer'),
  escalate: text('上报', 'escalate'),
  'report-risk': text('报告风险', 'report a risk'),
  'record-follow-up': text('记录回访', 'record a follow-up'),
  withdraw: text('撤回', 'withdraw'),
};

const deny = (code: GuardCode, reason: Text): GuardVerdict => ({ allowed: false, code, reason });

/** Whether `actor` may take `action` on the case now, and if not, the code and a sentence why. */
export function guard(subject: GuardSubject, actor: Actor, action: ActionName): GuardVerdict {
  const title = ACTION_TITLES[action];
  // The role first: the action route refuses a role that takes no case actions before reading the case.
  if (actor.role === 'auditor' || actor.role === 'admin' || actor.role === 'system')
    return deny('forbidden', text(`${actor.role} 角色不办理案件`, `the ${actor.role} role takes no case actions`));
  if (subject.stage === 'closed') return deny('invalid_transition', text('案件已结案', 'the case is closed'));
  const rule = ACTION_RULES[action];
  if (!rule.stages.includes(subject.stage)) {
    const stage = STAGE_NAMES[subject.stage];
    return deny(
      'invalid_transition',
      text(`「${stage.zh}」阶段不能${title.zh}`, `${action} is not allowed in stage ${subject.stage} (${stage.en})`),
    );
  }
  if (rule.pause === 'running' && subject.paused)
    return deny(
      'invalid_transition',
      text(`暂停期间不能${title.zh}`, `${action} is not allowed while the case is paused`),
    );
  if (rule.pause === 'paused' && !subject.paused)
    return deny('invalid_transition', text('案件未暂停', 'the case is not paused'));
  const denied = rule.who(actor, subject);
  if (denied) return deny('forbidden', denied);
  return action === 'extend' ? guardExtension(subject, actor) : { allowed: true };
}

/** api.md `extend` is "per policy": some deadline must be extendable, and by this actor. */
function guardExtension(subject: GuardSubject, actor: Actor): GuardVerdict {
  if (subject.extendable.length === 0)
    return deny('invalid_transition', text('没有可以延长的期限', 'no deadline of the case can be extended now'));
  if (!isSupervisorOf(actor, subject.owner) && subject.extendable.every((e) => e.requires === 'approval'))
    return deny('forbidden', text('延长期限需经负责人批准', "extending these deadlines needs a supervisor's approval"));
  return { allowed: true };
}

/** The deadlines the policy lets be extended now: the newest active (or breached) one of each kind. */
export function extendableDeadlines(
  c: { deadlines: Deadline[]; track: Track | null; subtrack: Subtrack | null },
  policy: DeadlinePolicy,
): GuardSubject['extendable'] {
  const out: GuardSubject['extendable'] = [];
  for (const kind of DEADLINE_KINDS) {
    const d = [...c.deadlines]
      .reverse()
      .find((x) => x.kind === kind && ['running', 'paused', 'breached'].includes(x.status));
    const entry = d && policyEntry(policy, kind, c.track, c.subtrack);
    if (d && entry && entry.extension.allowed && !extensionBlocked(d, entry))
      out.push({ kind, requires: entry.extension.requires });
  }
  return out;
}

/** One verdict per action of api.md, in its order. */
export function guardAll(subject: GuardSubject, actor: Actor): Array<{ action: ActionName; verdict: GuardVerdict }> {
  return ACTION_NAMES.map((action) => ({ action, verdict: guard(subject, actor, action) }));
}

export function guardSubjectOf(state: CaseState, policy: DeadlinePolicy): GuardSubject {
  return {
    stage: state.stage,
    paused: state.paused !== null,
    owner: state.owner,
    transferTo: state.transfer?.to ?? null,
    extendable: extendableDeadlines(state, policy),
  };
}

/** The subject as the stored case view gives it: the owner's recorded path, with the kinds of its units,
 * and the path of a transfer's target, from the org tree. */
export function guardSubjectOfView(
  view: CaseView,
  units: { kindOf: (id: string) => OrgKind | undefined; pathOf: (id: string) => OrgPath },
  policy: DeadlinePolicy,
): GuardSubject {
  return {
    stage: view.stage,
    paused: view.paused,
    owner: view.ownerPath.map((id) => ({ id, kind: units.kindOf(id) ?? 'agency' })),
    transferTo: view.transfer ? units.pathOf(view.transfer.toOrgUnitId) : null,
    extendable: extendableDeadlines(view, policy),
  };
}
