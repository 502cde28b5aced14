/** Event types of a case's history (domain/case-events.ts), in words: a type added to the domain
 * without a label here fails the console's type check. */
import type { EventType } from '../../../domain/case-events';
import type { Label } from '../labels/labels';

export const EVENT_TYPE_LABELS: Record<EventType, Label> = {
  'case.registered': { zh: '登记', en: 'Registered' },
  'case.accepted': { zh: '受理', en: 'Accepted' },
  'case.assigned': { zh: '指派承办人', en: 'Assigned' },
  'session.recorded': { zh: '记录调解', en: 'Session recorded' },
  'case.paused': { zh: '暂停', en: 'Paused' },
  'case.resumed': { zh: '恢复', en: 'Resumed' },
  'agreement.recorded': { zh: '录入协议', en: 'Agreement recorded' },
  'case.transferred': { zh: '移交', en: 'Transferred' },
  'case.taken_over': { zh: '接收', en: 'Taken over' },
  'confirmation.recorded': { zh: '录入司法确认裁定', en: 'Court ruling recorded' },
  'case.escalated': { zh: '上报升级', en: 'Escalated' },
  'risk.reported': { zh: '报告风险', en: 'Risk reported' },
  'follow_up.recorded': { zh: '记录回访', en: 'Follow-up recorded' },
  'case.closed': { zh: '结案', en: 'Closed' },
  'mediation.failed': { zh: '调解不成', en: 'Mediation failed' },
  'deadline.started': { zh: '期限开始计时', en: 'Deadline started' },
  'deadline.changed': { zh: '期限变更', en: 'Deadline changed' },
  'deadline.warned': { zh: '期限预警', en: 'Deadline warning' },
  'deadline.breached': { zh: '期限超期', en: 'Deadline breached' },
  'deadline.ended': { zh: '期限结束', en: 'Deadline ended' },
  'calendar.adopted': { zh: '采用新节假日安排', en: 'Calendar adopted' },
  'deadline.recalculated': { zh: '期限重新计算', en: 'Deadline recalculated' },
};

/** What `/verify` and the in-browser check call a problem (docs/audit.md "What /verify checks"). */
export const PROBLEM_LABELS: Record<string, Label> = {
  hash_mismatch: { zh: '内容与哈希不符（事件被改动）', en: 'content does not match its hash (edited)' },
  prev_hash_mismatch: { zh: '与前一事件的链接断开', en: 'link to the previous event broken' },
  missing_event: { zh: '缺少事件（被删除）', en: 'event missing (deleted)' },
  unexpected_seq: { zh: '序号重复或乱序', en: 'sequence number repeated or out of order' },
  altered_event: {
    zh: '与工作流记录不一致（改动后重新计算了哈希）',
    en: "differs from the workflow's record (rehashed)",
  },
  unexpected_event: { zh: '工作流记录中没有此事件（伪造）', en: "not in the workflow's record (forged)" },
  head_mismatch: { zh: '链头与工作流记录不一致', en: "chain head differs from the workflow's" },
  replay_failed: { zh: '按当前代码重放失败', en: 'replay with the current code failed' },
  history_unavailable: { zh: '工作流历史已过保留期，仅核验存储的链', en: 'workflow history gone; stored chain only' },
  manifest_missing: { zh: '导出文件缺少清单行', en: 'the export has no manifest line' },
  manifest_count: { zh: '事件数与清单不符', en: 'event count differs from the manifest' },
  manifest_head: { zh: '链头与清单不符', en: 'chain head differs from the manifest' },
  manifest_invalid: { zh: '清单行格式不对', en: 'the manifest line is malformed' },
  unreadable_line: { zh: '无法读取的行', en: 'unreadable line' },
  other_case: { zh: '事件属于其他案件', en: 'event of another case' },
};
