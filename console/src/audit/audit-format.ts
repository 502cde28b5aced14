/** How the audit screens write instants, fields and actors. */
import type { Lang } from '../i18n/lang';
import type { Label } from '../labels/labels';

const seconds = (lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });

/** An instant to the second (or the millisecond: a command's events often share their second), Asia/Shanghai
 * whatever the PC's zone. */
export function formatToSecond(iso: string | null | undefined, lang: Lang, millis = false): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const p = Object.fromEntries(
    seconds(lang)
      .formatToParts(ms)
      .map((x) => [x.type, x.value]),
  );
  const fraction = millis ? `.${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}` : '';
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}${fraction}`;
}

/** The case view's top-level fields, named as the case page names them. */
export const FIELD_LABELS: Record<string, Label> = {
  stage: { zh: '阶段', en: 'Stage' },
  paused: { zh: '暂停', en: 'Paused' },
  pausedSince: { zh: '暂停时间', en: 'Paused since' },
  pauseReason: { zh: '暂停原因', en: 'Pause reason' },
  outcome: { zh: '结案方式', en: 'Outcome' },
  referral: { zh: '引导去向', en: 'Referral' },
  track: { zh: '调解类型', en: 'Track' },
  subtrack: { zh: '子类型', en: 'Subtrack' },
  category: { zh: '案由', en: 'Category' },
  source: { zh: '来源', en: 'Source' },
  summary: { zh: '纠纷摘要', en: 'Summary' },
  riskLevel: { zh: '风险等级', en: 'Risk level' },
  ownerOrgUnitId: { zh: '承办单位', en: 'Owning unit' },
  ownerKind: { zh: '承办单位类别', en: 'Owner kind' },
  ownerPath: { zh: '承办单位层级', en: 'Owner path' },
  assigneeId: { zh: '承办人', en: 'Assignee' },
  escalationLevel: { zh: '升级层级', en: 'Escalation level' },
  transfer: { zh: '移交', en: 'Transfer' },
  courtsInvolved: { zh: '涉及法院', en: 'Courts involved' },
  parties: { zh: '当事人', en: 'Parties' },
  sessions: { zh: '调解记录', en: 'Sessions' },
  agreement: { zh: '调解协议', en: 'Agreement' },
  followUps: { zh: '回访记录', en: 'Follow-ups' },
  deadlines: { zh: '期限', en: 'Deadlines' },
  closedAt: { zh: '结案时间', en: 'Closed at' },
  daysToClose: { zh: '办结天数', en: 'Days to close' },
  policyVersion: { zh: '期限规则版本', en: 'Policy version' },
  createdAt: { zh: '登记时间', en: 'Registered at' },
};
