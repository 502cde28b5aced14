/**
 * What a notification says and who it is for (issue 11; domain.md "Deadlines", the notify column). Pure:
 * the activities resolve targets to users and send; this file only words the message, in Chinese first.
 */
import type { Calendar } from './calendar';
import type { CaseEvent } from './case-events';
import { evolve } from './case-evolve';
import type { CaseState, DeadlineKind, RiskLevel, TransferPurpose } from './case-types';
import { caseWhereabouts, type CaseWhereabouts } from './case-view';
import type { NotifyTarget } from './deadline-policy';
import { nextWorkingInstant } from './working-hours';

export const NOTIFICATION_KINDS = [
  'deadline.warned',
  'deadline.breached',
  'risk.reported',
  'case.transferred',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Outbound channel kinds an org unit may configure (api.md "Notifications"). */
export const CHANNEL_KINDS = ['webhook', 'dingtalk', 'wecom'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Kinds whose requests are signed with the channel's secret, which they must have (a WeCom robot's key
 * is in its URL). */
export function signedChannel(kind: ChannelKind): boolean {
  return kind !== 'wecom';
}

/** Urgent kinds go out at once, night or day; routine ones wait for working hours (domain/working-hours). */
export function isUrgent(kind: NotificationKind): boolean {
  return kind === 'deadline.breached' || kind === 'risk.reported';
}

/** When a notification may go out to a channel that keeps working hours (issue 11, "Working hours";
 * `fromMs`: when it is sent, not when its event happened). Breaches, risk reports and the warning of the
 * 24-hour risk clock go at once; other routine notices at the next working instant, except a warning
 * whose deadline falls before that (held past it, it would warn of nothing): at once too. */
export function channelSendAt(e: CaseEvent, fromMs: number, calendar: Calendar): number {
  const warned = e.type === 'deadline.warned' ? e.data.deadline : null;
  if (isUrgent(e.type as NotificationKind) || warned?.kind === 'risk_response') return fromMs;
  const next = nextWorkingInstant(fromMs, calendar);
  return warned && next >= Date.parse(warned.dueAt) ? fromMs : next;
}

export const DEADLINE_NAMES: Record<DeadlineKind, string> = {
  acceptance: '受理期限',
  mediation: '调解期限',
  takeover: '接收期限',
  confirmation_window: '司法确认申请期',
  confirmation_decision: '确认审查期限',
  follow_up: '回访期限',
  risk_response: '风险处置时限',
};

export const RISK_NAMES: Record<RiskLevel, string> = {
  low: '低风险',
  medium: '中风险',
  high: '高风险',
  critical: '重大风险',
};

const PURPOSE_NAMES: Record<TransferPurpose, string> = {
  confirmation: '申请司法确认',
  litigation: '转诉讼',
  administrative: '转行政处理',
  transfer: '移交',
};

/** The targets an event notifies: the policy's `notify` list, and for a transfer the receiving unit. */
export function notificationTargets(e: CaseEvent): NotifyTarget[] {
  if (e.type === 'deadline.warned' || e.type === 'deadline.breached' || e.type === 'risk.reported')
    return e.data.notify;
  if (e.type === 'case.transferred')
    return e.data.transfer.purpose === 'confirmation' ? ['court'] : ['target_supervisor'];
  return [];
}

/** The case as each event that calls for a notification left it, by `seq`, folding a batch of events
 * over the case as it was before them: a breach is told to the owner it breached under, not to the unit
 * the escalation after it moved the case to; a transfer names the unit it was sent to even when taken
 * over in the same batch. */
export function noticeWhereabouts(before: CaseState | null, events: CaseEvent[]): Record<string, CaseWhereabouts> {
  const at: Record<string, CaseWhereabouts> = {};
  let s = before;
  for (const e of events) {
    s = evolve(s, e);
    if (notificationTargets(e).length > 0) at[e.seq] = caseWhereabouts(s);
  }
  return at;
}

export interface NotificationText {
  kind: NotificationKind;
  title: string;
  detail: string;
}

/** The words of a notification for an event that calls for one, or null. `unitName` names org units. */
export function notificationText(
  e: CaseEvent,
  caseNo: string,
  unitName: (id: string) => string,
  /** Whether the unit that owned the case when the event happened has no parent (the county's top). */
  ownerAtTop = true,
): NotificationText | null {
  switch (e.type) {
    case 'deadline.warned':
      return {
        kind: e.type,
        title: `${caseNo} ${DEADLINE_NAMES[e.data.deadline.kind]}即将到期`,
        detail: `${DEADLINE_NAMES[e.data.deadline.kind]}至 ${e.data.deadline.dueDate}，已过预警点`,
      };
    case 'deadline.breached':
      return {
        kind: e.type,
        title: `${caseNo} ${DEADLINE_NAMES[e.data.deadline.kind]}已超期`,
        detail: `期限至 ${e.data.deadline.dueDate}；${breachEffect(e.data.effect, unitName, ownerAtTop)}`,
      };
    case 'risk.reported':
      return {
        kind: e.type,
        title: `${caseNo} 报告${RISK_NAMES[e.data.level]}`,
        detail: `风险等级由${RISK_NAMES[e.data.previous]}升为${RISK_NAMES[e.data.level]}${
          e.data.level === 'high' || e.data.level === 'critical' ? '，须在 24 小时内处置' : ''
        }`,
      };
    case 'case.transferred':
      return {
        kind: e.type,
        title: `${caseNo} 已移交${unitName(e.data.transfer.to[0]?.id ?? '')}`,
        detail: `${unitName(e.data.transfer.from[0]?.id ?? '')}${PURPOSE_NAMES[e.data.transfer.purpose]}，待接收`,
      };
    default:
      return null;
  }
}

/** A breach's effect as the policy recorded it (domain/case-tick), in words. The record says "top of the
 * escalation ladder" also when the case's stage was one a breach does not escalate from (transferred,
 * under review, following up): below the top, the words say that instead. */
function breachEffect(effect: string, unitName: (id: string) => string, ownerAtTop: boolean): string {
  const escalated = /^escalated to (.+)$/.exec(effect);
  if (escalated) return `已自动升级至${unitName(escalated[1]!)}`;
  if (effect.startsWith('top of the escalation ladder'))
    return ownerAtTop ? '已在最高调解层级，已通知主管' : '当前阶段不自动升级，已通知主管';
  return '已通知';
}
