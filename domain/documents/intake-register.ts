/** 人民调解受理登记表: the dispute as registered and as accepted. */
import type { DocumentInput, DocumentPart } from './document-model';
import { CATEGORY_WORDS, chineseDate, chineseDateTime, RISK_WORDS, SOURCE_WORDS, TRACK_WORDS } from './document-labels';
import { PARTY_COLUMNS, partyRow } from './party-particulars';

export const INTAKE_REGISTER_TITLE = '人民调解受理登记表';

/** The register: the dispute, its parties, how it came in, and who accepted it when (from `case.accepted`). */
export function intakeRegister(input: DocumentInput): DocumentPart {
  const { view, events, unitName, personName } = input;
  const registered = events.find((e) => e.type === 'case.registered');
  const accepted = events.find((e) => e.type === 'case.accepted');
  const acceptedTrack = accepted?.type === 'case.accepted' ? accepted.data.track : view.track;
  return {
    title: INTAKE_REGISTER_TITLE,
    subtitle: unitName(view.originOrgUnitId),
    blocks: [
      {
        type: 'fields',
        rows: [
          { label: '案号', value: view.caseNo },
          { label: '登记时间', value: chineseDateTime(registered?.at ?? view.createdAt) },
          { label: '登记单位', value: unitName(view.originOrgUnitId) },
          { label: '纠纷来源', value: SOURCE_WORDS[view.source] },
          { label: '纠纷类型', value: CATEGORY_WORDS[view.category] },
          { label: '纠纷发生日期', value: chineseDate(view.occurredOn) },
          { label: '涉及金额', value: view.amountCny === null ? '' : `人民币 ${view.amountCny} 元` },
          { label: '所属网格', value: view.gridId ?? '' },
          { label: '风险等级', value: RISK_WORDS[view.riskLevel] },
        ],
      },
      { type: 'heading', text: '当事人' },
      { type: 'table', columns: PARTY_COLUMNS, rows: input.parties.map(partyRow) },
      { type: 'heading', text: '纠纷简要情况' },
      { type: 'paragraph', text: view.summary },
      { type: 'heading', text: '受理情况' },
      {
        type: 'fields',
        rows: accepted
          ? [
              { label: '受理时间', value: chineseDateTime(accepted.at) },
              { label: '受理单位', value: unitName(accepted.actor.org ?? view.ownerOrgUnitId) },
              { label: '调解类型', value: acceptedTrack ? TRACK_WORDS[acceptedTrack] : '' },
              { label: '承办人', value: accepted.type === 'case.accepted' ? personName(accepted.data.assigneeId) : '' },
            ]
          : [{ label: '受理时间', value: '尚未受理' }],
      },
      {
        type: 'signatures',
        lines: [
          { label: '登记人', mark: '签名', date: null },
          { label: '受理人', mark: '签名', date: null },
        ],
      },
    ],
  };
}
