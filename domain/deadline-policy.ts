/**
 * Deadline policy as data (domain.md "Deadlines"). Versioned: a case pins the whole policy it started
 * with (the workflow gets it in its input), so a later policy never changes a running case. Each row
 * says whether its period is statutory or customary ("practice"); a county changes rows through a
 * policy file (`derivePolicy`), which becomes a new version, and may not lengthen a statutory period.
 */
import type { DeadlineKind, Subtrack, Track } from './case-types';
import type { PeriodUnit } from './legal-period';
import { VersionError } from './version-errors';

/** What happens when a deadline passes its due instant. */
export const BREACH_EFFECTS = [
  'notify', // record the breach and notify (the deadline stays breached)
  'escalate', // record the breach, move ownership to the parent unit, restart the period there
  'expire', // a window closes (status `expired`): what it allowed is no longer allowed
] as const;
export type BreachEffect = (typeof BREACH_EFFECTS)[number];

export const NOTIFY_TARGETS = ['owner_supervisor', 'court', 'target_supervisor', 'sender', 'police_liaison'] as const;
export type NotifyTarget = (typeof NOTIFY_TARGETS)[number];

export interface PolicyEntry {
  kind: DeadlineKind;
  /** null: applies to every track (or subtrack) not matched more specifically. */
  track: Track | null;
  subtrack: Subtrack | null;
  amount: number;
  unit: PeriodUnit;
  basis: string;
  /** `statutory`: the period is set by a law, regulation or judicial interpretation (`basis`), so a county
   * may shorten it but never lengthen it; `practice`: customary, a county may change it freely. */
  basisType: 'statutory' | 'practice';
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
  /** The bundled version a county policy was derived from (absent for bundled policies). */
  basedOn?: string;
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
      basisType: 'practice',
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
      basisType: 'statutory',
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
      basisType: 'statutory',
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
      basisType: 'practice',
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
      basisType: 'statutory',
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
      basisType: 'statutory',
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
      basisType: 'statutory',
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
      basisType: 'statutory',
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
      basisType: 'statutory',
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
      basisType: 'statutory',
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
      basisType: 'practice',
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
      basisType: 'statutory',
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
      basisType: 'statutory',
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
      basisType: 'practice',
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
      basisType: 'practice',
      onBreach: 'escalate',
      notify: ['police_liaison', 'owner_supervisor'],
      extension: { allowed: false },
    },
  ],
};

/** Every policy version bundled with this code. A case gets its whole policy in the workflow's input;
 * only histories recorded before that fall back to a bundled one, by version (`policyByVersion`). */
export const POLICIES: Readonly<Record<string, DeadlinePolicy>> = { [POLICY_2026_1.version]: POLICY_2026_1 };
/** The bundled policy new cases get when no policy file is configured. Never read by workflow code. */
export const CURRENT_POLICY = POLICY_2026_1;
/** The policy of every case started before the policy was passed in the workflow's input. */
export const LEGACY_POLICY_VERSION = POLICY_2026_1.version;

/** A bundled policy by version. Throws `unknown_policy_version` for a version this code does not bundle. */
export function policyByVersion(version: string): DeadlinePolicy {
  const policy = POLICIES[version];
  if (!policy) throw new VersionError('unknown_policy_version', `no bundled deadline policy ${version} in this code`);
  return policy;
}

/** The fields of a row a county policy may set; the row is named by kind, track and subtrack. */
export type PolicyChange = Pick<PolicyEntry, 'kind' | 'track' | 'subtrack'> &
  Partial<
    Pick<PolicyEntry, 'amount' | 'unit' | 'warnFraction' | 'basis' | 'onBreach' | 'notify' | 'extension' | 'note'>
  >;

/** A county's changes to a bundled policy, as a policy file holds them (config/policy-file.ts parses it). */
export interface PolicyFile {
  version: string;
  effectiveFrom: string;
  basedOn: string;
  changes: PolicyChange[];
}

const rowName = (r: Pick<PolicyEntry, 'kind' | 'track' | 'subtrack'>): string =>
  [r.kind, r.track ?? '*', r.subtrack ?? '*'].join('/');

/** Whether extension rule `next` allows no more than `statute` does. */
function extensionWithin(next: PolicyEntry['extension'], statute: PolicyEntry['extension']): boolean {
  if (!next.allowed) return true;
  if (!statute.allowed) return false;
  if (statute.maxTotal === null) return true;
  return next.maxTotal !== null && next.maxTotal <= statute.maxTotal;
}

/**
 * A county policy: a bundled policy with some rows changed, under a new version. Practice rows may be
 * changed in every field. A statutory row keeps its unit and legal basis, and its period and extensions
 * may be shortened but never lengthened past the bundled (statutory) row. Returns every problem found.
 */
export function derivePolicy(
  file: PolicyFile,
): { ok: true; policy: DeadlinePolicy } | { ok: false; problems: string[] } {
  const base = policyByVersion(file.basedOn);
  const problems: string[] = [];
  if (POLICIES[file.version])
    problems.push(`version ${file.version} is a bundled policy; a county policy needs its own`);
  const entries = base.entries.map((e) => ({ ...e }));
  const changed = new Set<string>();
  for (const change of file.changes) {
    const name = rowName(change);
    const i = entries.findIndex((e) => rowName(e) === name);
    if (i < 0) {
      problems.push(`${name}: no such row in policy ${base.version}`);
      continue;
    }
    if (changed.has(name)) problems.push(`${name}: changed twice`);
    changed.add(name);
    const statute = base.entries[i]!;
    const next: PolicyEntry = { ...statute, ...change, basisType: statute.basisType };
    if (statute.basisType === 'statutory') {
      if (next.unit !== statute.unit) problems.push(`${name}: a statutory period stays in ${statute.unit}`);
      else if (next.amount > statute.amount)
        problems.push(
          `${name}: ${next.amount} ${next.unit} is longer than the statutory ${statute.amount} (${statute.basis})`,
        );
      if (next.basis !== statute.basis) problems.push(`${name}: the legal basis of a statutory period cannot change`);
      if (!extensionWithin(next.extension, statute.extension))
        problems.push(`${name}: extensions may not go past what ${statute.basis} allows`);
    }
    entries[i] = next;
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    policy: { version: file.version, effectiveFrom: file.effectiveFrom, basedOn: base.version, entries },
  };
}

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
