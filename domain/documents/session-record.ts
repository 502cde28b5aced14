/** 调解记录: one page per mediation session, in the order held. */
import type { DocumentInput, DocumentPart } from './document-model';
import { CATEGORY_WORDS, chineseDateTime, SESSION_MODE_WORDS } from './document-labels';
import { partySigner } from './party-particulars';

export const SESSION_RECORD_TITLE = '调解记录';

/** The record of each session; the unit is the one whose mediator recorded it (`session.recorded`). */
export function sessionRecords(input: DocumentInput): DocumentPart[] {
  const { view, unitName, personName } = input;
  const recorded = input.events.filter((e) => e.type === 'session.recorded');
  return view.sessions.map((s, i) => {
    const org = recorded[i]?.actor.org ?? view.ownerOrgUnitId;
    return {
      title: SESSION_RECORD_TITLE,
      subtitle: `第 ${i + 1} 次`,
      blocks: [
        {
          type: 'fields',
          rows: [
            { label: '案号', value: view.caseNo },
            { label: '纠纷类型', value: CATEGORY_WORDS[view.category] },
            { label: '调解时间', value: chineseDateTime(s.heldAt) },
            { label: '调解方式', value: SESSION_MODE_WORDS[s.mode] },
            { label: '调解组织', value: unitName(org) },
            { label: '调解员', value: personName(s.recordedBy) },
            { label: '参加人员', value: s.attendees.join('、') },
          ],
        },
        { type: 'heading', text: '调解情况' },
        { type: 'paragraph', text: s.notes || '（未记录）' },
        {
          type: 'signatures',
          lines: [
            ...input.parties.map((p) => ({ label: partySigner(p), mark: '签名（按指印）', date: null })),
            { label: '人民调解员', mark: '签名', date: null },
            { label: '记录人', mark: '签名', date: null },
          ],
        },
      ],
    };
  });
}
