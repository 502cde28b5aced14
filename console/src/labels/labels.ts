/**
 * Labels keyed by the domain's own enums: a value added to `domain/` without a label here fails the
 * console's type check (console.md "Labels").
 */
import type {
  Category,
  DeadlineKind,
  OrgKind,
  DeadlineStatus,
  Outcome,
  PartyRole,
  Referral,
  RiskLevel,
  Role,
  Source,
  Stage,
  Track,
} from '../../../domain/case-types';
import type { ActionName } from '../../../domain/case-commands';
import type { PeriodUnit } from '../../../domain/legal-period';
import type { Lang } from '../i18n/lang';

export type Label = Record<Lang, string>;

export const STAGE_LABELS: Record<Stage, Label> = {
  registered: { zh: '登记', en: 'Registered' },
  accepted: { zh: '受理', en: 'Accepted' },
  in_mediation: { zh: '调解中', en: 'In mediation' },
  following_up: { zh: '履行回访', en: 'Follow-up' },
  transferred: { zh: '移交中', en: 'Transferred' },
  under_review: { zh: '司法确认审查', en: 'Under court review' },
  closed: { zh: '结案', en: 'Closed' },
};

export const DEADLINE_KIND_LABELS: Record<DeadlineKind, Label> = {
  acceptance: { zh: '受理期限', en: 'Acceptance' },
  mediation: { zh: '调解期限', en: 'Mediation' },
  takeover: { zh: '接收期限', en: 'Take-over' },
  confirmation_window: { zh: '司法确认申请期', en: 'Confirmation window' },
  confirmation_decision: { zh: '确认审查期限', en: 'Confirmation decision' },
  follow_up: { zh: '回访期限', en: 'Follow-up' },
  risk_response: { zh: '风险处置时限', en: 'Risk response' },
};

export const DEADLINE_STATUS_LABELS: Record<DeadlineStatus, Label> = {
  running: { zh: '计时中', en: 'Running' },
  paused: { zh: '已暂停', en: 'Paused' },
  met: { zh: '按期完成', en: 'Met' },
  breached: { zh: '已超期', en: 'Breached' },
  expired: { zh: '窗口已关闭', en: 'Window closed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const RISK_LABELS: Record<RiskLevel, Label> = {
  low: { zh: '低风险', en: 'Low risk' },
  medium: { zh: '中风险', en: 'Medium risk' },
  high: { zh: '高风险', en: 'High risk' },
  critical: { zh: '重大风险', en: 'Critical risk' },
};

export const CATEGORY_LABELS: Record<Category, Label> = {
  marriage_family: { zh: '婚姻家庭', en: 'Marriage & family' },
  neighbor: { zh: '邻里纠纷', en: 'Neighbours' },
  housing_land: { zh: '房屋宅基地', en: 'Housing & land' },
  contract: { zh: '合同纠纷', en: 'Contract' },
  business: { zh: '生产经营', en: 'Business' },
  damages: { zh: '损害赔偿', en: 'Damages' },
  land_forest: { zh: '山林土地', en: 'Land & forest' },
  demolition: { zh: '征地拆迁', en: 'Demolition' },
  environment: { zh: '环境污染', en: 'Environment' },
  labor: { zh: '劳动争议', en: 'Labour' },
  consumer: { zh: '消费纠纷', en: 'Consumer' },
  medical: { zh: '医疗纠纷', en: 'Medical' },
  traffic: { zh: '交通事故', en: 'Traffic' },
  property_mgmt: { zh: '物业纠纷', en: 'Property management' },
  other: { zh: '其他', en: 'Other' },
};

export const SOURCE_LABELS: Record<Source, Label> = {
  walk_in: { zh: '来访', en: 'Walk-in' },
  police_110: { zh: '110 联动', en: 'Police 110' },
  grid_patrol: { zh: '网格巡查', en: 'Grid patrol' },
  visit: { zh: '走访排查', en: 'Visit' },
  online: { zh: '网上申请', en: 'Online' },
  court_referral: { zh: '法院委派', en: 'Court referral' },
  petition_referral: { zh: '信访转交', en: 'Petition referral' },
  agency_referral: { zh: '部门移交', en: 'Agency referral' },
};

export const PARTY_ROLE_LABELS: Record<PartyRole, Label> = {
  applicant: { zh: '申请人', en: 'Applicant' },
  respondent: { zh: '被申请人', en: 'Respondent' },
  third_party: { zh: '第三人', en: 'Third party' },
};

export const ROLE_LABELS: Record<Role, Label> = {
  mediator: { zh: '调解员', en: 'Mediator' },
  supervisor: { zh: '主管', en: 'Supervisor' },
  liaison: { zh: '法院联络员', en: 'Court liaison' },
  auditor: { zh: '审计', en: 'Auditor' },
  admin: { zh: '管理员', en: 'Administrator' },
};

export const TRACK_LABELS: Record<Track, Label> = {
  people: { zh: '人民调解', en: "People's mediation" },
  judicial: { zh: '司法调解', en: 'Judicial mediation' },
  administrative: { zh: '行政调解', en: 'Administrative mediation' },
};

export const ACTION_LABELS: Record<ActionName, Label> = {
  accept: { zh: '受理', en: 'Accept' },
  reject: { zh: '不予受理', en: 'Reject' },
  assign: { zh: '指派', en: 'Assign' },
  'record-session': { zh: '记录调解', en: 'Record session' },
  pause: { zh: '暂停', en: 'Pause' },
  resume: { zh: '恢复', en: 'Resume' },
  extend: { zh: '延期', en: 'Extend' },
  'record-agreement': { zh: '录入协议', en: 'Record agreement' },
  'request-confirmation': { zh: '申请司法确认', en: 'Request confirmation' },
  'take-over': { zh: '接收', en: 'Take over' },
  'record-confirmation': { zh: '录入裁定', en: 'Record ruling' },
  'record-failure': { zh: '调解不成', en: 'Record failure' },
  transfer: { zh: '移交', en: 'Transfer' },
  escalate: { zh: '上报', en: 'Escalate' },
  'report-risk': { zh: '报告风险', en: 'Report risk' },
  'record-follow-up': { zh: '记录回访', en: 'Record follow-up' },
  withdraw: { zh: '撤回', en: 'Withdraw' },
};

export const PERIOD_UNIT_LABELS: Record<PeriodUnit, Label> = {
  days: { zh: '日', en: 'days' },
  working_days: { zh: '个工作日', en: 'working days' },
  months: { zh: '个月', en: 'months' },
  hours: { zh: '小时', en: 'hours' },
  minutes: { zh: '分钟', en: 'minutes' },
  seconds: { zh: '秒', en: 'seconds' },
};

/** What a breach sets off (domain.md "Deadlines", column "on breach"), shown beside 已超期. */
export const BREACH_EFFECT_LABELS: Record<DeadlineKind, Label> = {
  acceptance: { zh: '已通知主管', en: 'supervisor notified' },
  mediation: { zh: '已自动升级至上级', en: 'escalated to the parent unit' },
  takeover: { zh: '已通知接收单位主管', en: "receiving unit's supervisor notified" },
  confirmation_window: { zh: '不能再申请司法确认', en: 'confirmation can no longer be requested' },
  confirmation_decision: { zh: '已通知法院主管', en: "court's supervisor notified" },
  follow_up: { zh: '已通知主管', en: 'supervisor notified' },
  risk_response: { zh: '已自动升级', en: 'escalated' },
};

/** Org unit kinds (domain.md "Org units"), shown in the org tree and the unit pickers. */
export const ORG_KIND_LABELS: Record<OrgKind, Label> = {
  city_center: { zh: '市', en: 'City' },
  county_center: { zh: '县', en: 'County' },
  township_center: { zh: '乡镇', en: 'Township' },
  station_room: { zh: '调解室', en: 'Mediation room' },
  village_committee: { zh: '村', en: 'Village' },
  court: { zh: '法院', en: 'Court' },
  agency: { zh: '机关', en: 'Agency' },
};

/** How a closed case ended (domain.md "Case lifecycle"). */
export const OUTCOME_LABELS: Record<Outcome, Label> = {
  resolved: { zh: '调解成功，协议已履行', en: 'Resolved, agreement performed' },
  rejected: { zh: '不予受理', en: 'Not accepted' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  failed_referred: { zh: '调解不成，已引导', en: 'Mediation failed, referred' },
  unperformed_referred: { zh: '协议未履行，已引导', en: 'Agreement not performed, referred' },
};

/** Where a refused or failed dispute is sent on (domain.md "Outcomes"). */
export const REFERRAL_LABELS: Record<Referral, Label> = {
  litigation: { zh: '引导诉讼', en: 'Litigation' },
  arbitration: { zh: '引导仲裁', en: 'Arbitration' },
  administrative: { zh: '移送行政机关', en: 'Administrative body' },
  petition: { zh: '转信访部门', en: 'Petition office' },
  none: { zh: '不作引导', en: 'None' },
};

export function labelOf<K extends string>(dict: Record<K, Label>, key: K | null | undefined, lang: Lang): string {
  if (key === null || key === undefined) return '—';
  // The API may send a value newer than this build: show it raw rather than nothing.
  return (dict as Partial<Record<string, Label>>)[key]?.[lang] ?? key;
}
