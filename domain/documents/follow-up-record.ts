/** 回访记录: one page per follow-up visit on the agreement's performance. */
import type { DocumentInput, DocumentPart } from './document-model';
import { chineseDate } from './document-labels';

export const FOLLOW_UP_RECORD_TITLE = '回访记录';

export function followUpRecords(input: DocumentInput): DocumentPart[] {
  const { view, unitName, personName } = input;
  const recorded = input.events.filter((e) => e.type === 'follow_up.recorded');
  return view.followUps.map((f, i) => ({
    title: FOLLOW_UP_RECORD_TITLE,
    subtitle: `第 ${i + 1} 次`,
    blocks: [
      {
        type: 'fields',
        rows: [
          { label: '案号', value: view.caseNo },
          { label: '当事人', value: input.parties.map((p) => p.name).join('、') },
          { label: '协议签订日期', value: chineseDate(view.agreement?.signedOn) },
          { label: '约定履行期限', value: chineseDate(view.agreement?.performanceDueOn) || '未另行约定' },
          { label: '回访日期', value: chineseDate(f.visitedOn) },
          { label: '回访单位', value: unitName(recorded[i]?.actor.org ?? view.ownerOrgUnitId) },
          { label: '回访人', value: personName(f.recordedBy) },
          { label: '协议履行情况', value: f.performed ? '已履行' : '未履行' },
        ],
      },
      { type: 'heading', text: '回访情况' },
      { type: 'paragraph', text: f.notes || '（未记录）' },
      {
        type: 'signatures',
        lines: [
          { label: '回访人', mark: '签名', date: chineseDate(f.visitedOn) },
          { label: '被回访人', mark: '签名', date: null },
        ],
      },
    ],
  }));
}
