/** 案件操作记录: the case's events as a table, the last part of the case file (全程留痕). */
import type { DocumentEvent, DocumentPart } from './document-model';
import {
  ACTOR_ROLE_WORDS,
  chineseDate,
  chineseDateTime,
  DEADLINE_WORDS,
  EVENT_WORDS,
  OUTCOME_WORDS,
  REFERRAL_WORDS,
  RISK_WORDS,
  SESSION_MODE_WORDS,
  TRACK_WORDS,
} from './document-labels';

export const EVENT_LIST_TITLE = '案件操作记录';

/** What an event changed, in a few words; never a party's personal data. */
function detail(e: DocumentEvent, unitName: (id: string) => string, personName: (id: string) => string): string {
  switch (e.type) {
    case 'case.accepted':
      return `${TRACK_WORDS[e.data.track]}，承办人 ${personName(e.data.assigneeId)}`;
    case 'case.assigned':
      return `承办人 ${personName(e.data.assigneeId)}`;
    case 'session.recorded':
      return `${chineseDateTime(e.data.session.heldAt)} ${SESSION_MODE_WORDS[e.data.session.mode]}`;
    case 'agreement.recorded':
      return `签订于${chineseDate(e.data.agreement.signedOn)}`;
    case 'case.transferred':
      return `移交至 ${unitName(e.data.transfer.to[0]?.id ?? '')}`;
    case 'case.taken_over':
      return `由 ${unitName(e.data.owner[0]?.id ?? '')} 接收`;
    case 'confirmation.recorded':
      return `${e.data.decision === 'confirmed' ? '确认有效' : '驳回申请'}（${chineseDate(e.data.ruledOn)}）`;
    case 'case.escalated':
      return `上报至 ${unitName(e.data.owner[0]?.id ?? '')}（第 ${e.data.level} 级）${e.data.automatic ? '，超期自动上报' : ''}`;
    case 'risk.reported':
      return `风险等级 ${RISK_WORDS[e.data.previous]} → ${RISK_WORDS[e.data.level]}`;
    case 'follow_up.recorded':
      return `回访于${chineseDate(e.data.followUp.visitedOn)}，${e.data.followUp.performed ? '已履行' : '未履行'}`;
    case 'case.closed':
      return OUTCOME_WORDS[e.data.outcome];
    case 'mediation.failed':
      return REFERRAL_WORDS[e.data.referral];
    case 'deadline.started':
    case 'deadline.changed':
    case 'deadline.warned':
    case 'deadline.breached':
    case 'deadline.ended':
    case 'deadline.recalculated':
      return `${DEADLINE_WORDS[e.data.deadline.kind]}，至${chineseDate(e.data.deadline.dueDate)}`;
    case 'case.registered':
    case 'case.paused':
    case 'case.resumed':
    case 'calendar.adopted':
      return '';
  }
}

export function eventList(
  events: DocumentEvent[],
  unitName: (id: string) => string,
  personName: (id: string) => string,
): DocumentPart {
  return {
    title: EVENT_LIST_TITLE,
    subtitle: `共 ${events.length} 项`,
    blocks: [
      {
        type: 'table',
        columns: ['序号', '时间', '事项', '操作人', '内容', '事由'],
        rows: events.map((e) => [
          String(e.seq),
          chineseDateTime(e.at),
          EVENT_WORDS[e.type],
          e.actor.role === 'system'
            ? ACTOR_ROLE_WORDS.system
            : `${ACTOR_ROLE_WORDS[e.actor.role]} ${personName(e.actor.id)}${e.actor.org ? `（${unitName(e.actor.org)}）` : ''}`,
          detail(e, unitName, personName),
          e.reason ?? '',
        ]),
      },
    ],
  };
}
