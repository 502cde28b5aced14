/**
 * The Chinese words the printed documents use, keyed by the domain's enums: a value added to the domain
 * without its word here fails the type check. (The console keeps its own bilingual labels for the screen.)
 */
import type { EventType } from '../case-events';
import type {
  Category,
  DeadlineKind,
  Outcome,
  PartyRole,
  Referral,
  RiskLevel,
  Role,
  Session,
  Source,
  Track,
} from '../case-types';
import { shanghaiDate, SHANGHAI_OFFSET_MS } from '../civil-date';

export const CATEGORY_WORDS: Record<Category, string> = {
  marriage_family: '婚姻家庭纠纷',
  neighbor: '邻里纠纷',
  housing_land: '房屋宅基地纠纷',
  contract: '合同纠纷',
  business: '生产经营纠纷',
  damages: '损害赔偿纠纷',
  land_forest: '山林土地纠纷',
  demolition: '征地拆迁纠纷',
  environment: '环境污染纠纷',
  labor: '劳动争议',
  consumer: '消费纠纷',
  medical: '医疗纠纷',
  traffic: '交通事故纠纷',
  property_mgmt: '物业纠纷',
  other: '其他纠纷',
};

export const SOURCE_WORDS: Record<Source, string> = {
  walk_in: '当事人来访申请',
  police_110: '110 联动移交',
  grid_patrol: '网格巡查发现',
  visit: '走访排查发现',
  online: '网上申请',
  court_referral: '法院委派',
  petition_referral: '信访部门转交',
  agency_referral: '有关部门移交',
};

export const PARTY_ROLE_WORDS: Record<PartyRole, string> = {
  applicant: '申请人',
  respondent: '被申请人',
  third_party: '第三人',
};

export const TRACK_WORDS: Record<Track, string> = {
  people: '人民调解',
  judicial: '司法调解',
  administrative: '行政调解',
};

export const RISK_WORDS: Record<RiskLevel, string> = {
  low: '低',
  medium: '中',
  high: '高',
  critical: '重大',
};

export const OUTCOME_WORDS: Record<Outcome, string> = {
  resolved: '调解成功，协议已履行',
  rejected: '不予受理',
  withdrawn: '当事人撤回',
  failed_referred: '调解不成，已引导',
  unperformed_referred: '协议未履行，已引导',
};

export const REFERRAL_WORDS: Record<Referral, string> = {
  litigation: '引导诉讼',
  arbitration: '引导仲裁',
  administrative: '移送行政机关',
  petition: '转信访部门',
  none: '不作引导',
};

export const SESSION_MODE_WORDS: Record<Session['mode'], string> = {
  on_site: '现场调解',
  online: '线上（远程视频）调解',
};

export const ACTOR_ROLE_WORDS: Record<Role | 'system', string> = {
  mediator: '调解员',
  supervisor: '主管',
  liaison: '法院联络员',
  auditor: '审计',
  admin: '管理员',
  system: '系统',
};

export const DEADLINE_WORDS: Record<DeadlineKind, string> = {
  acceptance: '受理期限',
  mediation: '调解期限',
  takeover: '接收期限',
  confirmation_window: '司法确认申请期',
  confirmation_decision: '确认审查期限',
  follow_up: '回访期限',
  risk_response: '风险处置时限',
};

export const EVENT_WORDS: Record<EventType, string> = {
  'case.registered': '登记',
  'case.accepted': '受理',
  'case.assigned': '指派承办人',
  'session.recorded': '调解',
  'case.paused': '暂停（中止）',
  'case.resumed': '恢复',
  'agreement.recorded': '达成调解协议',
  'case.transferred': '移交',
  'case.taken_over': '接收',
  'confirmation.recorded': '司法确认裁定',
  'case.escalated': '上报',
  'risk.reported': '报告风险',
  'follow_up.recorded': '回访',
  'case.closed': '结案',
  'mediation.failed': '调解不成',
  'deadline.started': '期限开始',
  'deadline.changed': '期限变更',
  'deadline.warned': '期限预警',
  'deadline.breached': '期限超期',
  'deadline.ended': '期限结束',
  'calendar.adopted': '采用新日历',
  'deadline.recalculated': '期限重算',
};

/** A calendar day as printed: 2026-11-24 → 2026年11月24日. */
export function chineseDate(isoDate: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate ?? '');
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
}

/** The Asia/Shanghai day of an instant as printed: 2026年11月24日. */
export function chineseDayOf(instant: string | null | undefined): string {
  const ms = Date.parse(instant ?? '');
  return Number.isNaN(ms) ? '' : chineseDate(shanghaiDate(ms));
}

/** An instant as printed in Asia/Shanghai: 2026年11月24日 14:30. */
export function chineseDateTime(instant: string | null | undefined): string {
  const ms = Date.parse(instant ?? '');
  if (Number.isNaN(ms)) return '';
  const clock = new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16);
  return `${chineseDate(shanghaiDate(ms))} ${clock}`;
}
