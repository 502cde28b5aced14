/**
 * Deadline policy as data (domain.md "Deadlines"). Versioned: a case pins the whole policy it started
 * with, so a later policy never changes a running case. "Practice" rows are customary and may be
 * changed by a county through a new policy version.
 */
import type { DeadlineKind, Subtrack, Track } from './case-types';
import type { PeriodUnit } from './legal-period';

/** What happens when a deadline passes its due instant. */
export type BreachEffect =
  | 'notify' // record the breach and notify (the deadline stays breached)
  | 'escalate' // record the breach, move ownership to the parent unit, restart the period there
  | 'expire'; // a window closes (status `expired`): what it allowed is no longer allowed

export type NotifyTarget = 'owner_supervisor' | 'court' | 'target_supervisor' | 'sender' | 'police_liaison';

export interface PolicyEntry {
  kind: DeadlineKind;
  /** null: applies to every track (or subtrack) not matched more specifically. */
  track: Track | null;
  subtrack: Subtrack | null;
  amount: number;
  unit: PeriodUnit;
  basis: string;
  /** Share of the elapsed period at which a warning fires. */
  warnFraction: number;
  onBreach: BreachEffect;
  notify: NotifyTarget[];
  extension:
    { allowed: false } | { allowed: true; requires: 'consent_or_approval' | 'approval'; maxTotal: number | null };
  note?: string;
}

export interface DeadlinePolicy {
  version: string;
  effectiveFrom: string;
  entries: PolicyEntry[];
}

const WARN = 0.75;

export const POLICY_2026_1: DeadlinePolicy = {
  version: '2026.1',
  effectiveFrom: '2026-01-01',
  entries: [
    {
      kind: 'acceptance',
      track: null,
      subtrack: null,
      amount: 3,
      unit: 'working_days',
      warnFraction: WARN,
      basis: '实践（参照 人民法院在线调解规则 第十条、第十二条：三个工作日内指定并确认）',
      onBreach: 'notify',
      notify: ['owner_supervisor'],
      extension: { allowed: true, requires: 'approval', maxTotal: null },
    },
    {
      kind: 'mediation',
      track: 'people',
      subtrack: null,
      amount: 1,
      unit: 'months',
      warnFraction: WARN,
      basis: '人民调解工作若干规定（2002）第三十三条',
      onBreach: 'escalate',
      notify: ['owner_supervisor'],
      extension: { allowed: true, requires: 'consent_or_approval', maxTotal: null },
    },
    {
      kind: 'mediation',
      track: 'people',
      subtrack: 'labor',
      amount: 15,
      unit: 'days',
      warnFraction: WARN,
      basis: '劳动争议调解仲裁法 第十四条',
      onBreach: 'escalate',
      notify: ['owner_supervisor'],
      extension: { allowed: false },
      note: 'parties may apply for arbitration',
    },
    {
      kind: 'mediation',
      track: 'administrative',
      subtrack: null,
      amount: 1,
      unit: 'months',
      warnFraction: WARN,
      basis: '实践（行政调解，参照 人民调解工作若干规定 第三十三条）',
      onBreach: 'escalate',
      notify: ['owner_supervisor'],
      extension: { allowed: true, requires: 'approval', maxTotal: null },
    },
    {
      kind: 'mediation',
      track: 'administrative',
      subtrack: 'public_security',
      amount: 3,
      unit: 'working_days',
      warnFraction: WARN,
      basis: '公安机关治安调解工作规范 第九条',
      onBreach: 'escalate',
      notify: ['owner_supervisor'],
      extension: { allowed: true, requires: 'approval', maxTotal: 7 },
      note: 'second session within 7 working days of the first (公安机关办理行政案件程序规定 第一百八十三条)',
    },
    {
      kind: 'mediation',
      track: 'administrative',
      subtrack: 'traffic',
      amount: 10,
      unit: 'days',
      warnFraction: WARN,
      basis: '道路交通事故处理程序规定 第九十条',
      onBreach: 'escalate',
      notify: ['owner_supervisor'],
      extension: { allowed: false },
    },
    {
      kind: 'mediation',
      track: 'judicial',
      subtrack: null,
      amount: 30,
      unit: 'days',
      warnFraction: WARN,
      basis: '最高人民法院关于人民法院特邀调解的规定 第二十七条',
      onBreach: 'notify',
      notify: ['court'],
      extension: { allowed: true, requires: 'consent_or_approval', maxTotal: null },
    },
    {
      kind: 'mediation',
      track: 'judicial',
      subtrack: 'pre_filing',
      amount: 30,
      unit: 'days',
      warnFraction: WARN,
      basis: '最高人民法院关于人民法院特邀调解的规定 第二十七条',
      onBreach: 'notify',
      notify: ['court'],
      extension: { allowed: true, requires: 'consent_or_approval', maxTotal: null },
    },
    {
      kind: 'mediation',
      track: 'judicial',
      subtrack: 'entrusted_ordinary',
      amount: 15,
      unit: 'days',
      warnFraction: WARN,
      basis: '最高人民法院关于人民法院特邀调解的规定 第二十七条',
      onBreach: 'notify',
      notify: ['court'],
      extension: { allowed: true, requires: 'consent_or_approval', maxTotal: null },
    },
    {
      kind: 'mediation',
      track: 'judicial',
      subtrack: 'entrusted_summary',
      amount: 7,
      unit: 'days',
      warnFraction: WARN,
      basis: '最高人民法院关于人民法院特邀调解的规定 第二十七条',
      onBreach: 'notify',
      notify: ['court'],
      extension: { allowed: true, requires: 'consent_or_approval', maxTotal: null },
    },
    {
      kind: 'takeover',
      track: null,
      subtrack: null,
      amount: 3,
      unit: 'working_days',
      warnFraction: WARN,
      basis: '实践（移交后三个工作日内接收）',
      onBreach: 'notify',
      notify: ['target_supervisor', 'sender'],
      extension: { allowed: true, requires: 'approval', maxTotal: null },
    },
    {
      kind: 'confirmation_window',
      track: null,
      subtrack: null,
      amount: 30,
      unit: 'days',
      warnFraction: WARN,
      basis: '人民调解法 第三十三条；民事诉讼法（2023）第二百零五条',
      onBreach: 'expire',
      notify: ['owner_supervisor'],
      extension: { allowed: false },
    },
    {
      kind: 'confirmation_decision',
      track: null,
      subtrack: null,
      amount: 15,
      unit: 'days',
      warnFraction: WARN,
      basis: '最高人民法院关于人民调解协议司法确认程序的若干规定 第五条',
      onBreach: 'notify',
      notify: ['court'],
      extension: { allowed: true, requires: 'approval', maxTotal: 10 },
    },
    {
      kind: 'follow_up',
      track: null,
      subtrack: null,
      amount: 15,
      unit: 'days',
      warnFraction: WARN,
      basis: '实践（人民调解法 第三十一条：调解委员会督促履行）',
      onBreach: 'notify',
      notify: ['owner_supervisor'],
      extension: { allowed: true, requires: 'consent_or_approval', maxTotal: null },
    },
    {
      kind: 'risk_response',
      track: null,
      subtrack: null,
      amount: 24,
      unit: 'hours',
      warnFraction: WARN,
      basis: '实践（人民调解法 第二十五条：及时报告）',
      onBreach: 'escalate',
      notify: ['police_liaison', 'owner_supervisor'],
      extension: { allowed: false },
    },
  ],
};

/** Every policy version this code knows; a case pins one by carrying it in its state. */
export const POLICIES: Readonly<Record<string, DeadlinePolicy>> = { [POLICY_2026_1.version]: POLICY_2026_1 };
export const CURRENT_POLICY = POLICY_2026_1;

/** The most specific entry for a kind: exact subtrack, then the track's default, then the catch-all. */
export function policyEntry(
  policy: DeadlinePolicy,
  kind: DeadlineKind,
  track: Track | null,
  subtrack: Subtrack | null,
): PolicyEntry | undefined {
  const ofKind = policy.entries.filter((e) => e.kind === kind);
  return (
    ofKind.find((e) => e.track === track && e.subtrack === subtrack && subtrack !== null) ??
    ofKind.find((e) => e.track === track && e.subtrack === null) ??
    ofKind.find((e) => e.track === null)
  );
}
