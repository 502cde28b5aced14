/**
 * 人民调解协议书, in the content order of 人民调解工作若干规定 (2002) Art. 34: (1) the parties' particulars;
 * (2) the dispute's facts, the matters in dispute and the parties' responsibilities; (3) the agreed
 * terms, the parties' rights and obligations; (4) the manner, place and time of performance; (5) the
 * parties' signatures, the mediator's signature and the committee's seal.
 */
import type { Agreement } from '../case-types';
import type { DocumentInput, DocumentPart } from './document-model';
import { CATEGORY_WORDS, chineseDate } from './document-labels';
import { partySentence, partySigner } from './party-particulars';

export const AGREEMENT_TITLE = '人民调解协议书';

/**
 * How many originals an agreement is made in: one for each party and one the committee keeps
 * (人民调解法 Art. 29: 「调解协议书由当事人各执一份，人民调解委员会留存一份」).
 */
export function agreementCopies(partyCount: number): number {
  return partyCount + 1;
}

/** The sentence that states the number of originals, e.g. 「本协议一式3份，…」 for two parties. */
export function copiesClause(partyCount: number): string {
  return `本协议一式${agreementCopies(partyCount)}份，当事人各执一份，人民调解委员会留存一份。`;
}

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const ordinal = (i: number): string => CHINESE_ORDINALS[i] ?? String(i + 1);

/** The agreement of the case; the committee is the unit whose mediator recorded it (`agreement.recorded`). */
export function agreementDocument(input: DocumentInput, agreement: Agreement): DocumentPart {
  const { view, parties, unitName, personName } = input;
  const recorded = input.events.filter((e) => e.type === 'agreement.recorded').pop();
  const signed = chineseDate(agreement.signedOn);
  const committee = unitName(recorded?.actor.org ?? view.ownerOrgUnitId);
  const facts = [
    `纠纷类型：${CATEGORY_WORDS[view.category]}。`,
    view.occurredOn ? `纠纷发生于${chineseDate(view.occurredOn)}。` : '',
    view.amountCny === null ? '' : `涉及金额人民币 ${view.amountCny} 元。`,
  ].join('');
  const performance = agreement.performanceDueOn
    ? `履行期限：各方应于${chineseDate(agreement.performanceDueOn)}前履行完毕本协议第三项所列义务。`
    : '履行期限：未另行约定，各方应自本协议生效之日起履行本协议第三项所列义务。';
  return {
    title: AGREEMENT_TITLE,
    subtitle: committee,
    blocks: [
      { type: 'paragraph', text: `案号：${view.caseNo}` },
      { type: 'heading', text: '一、当事人基本情况' },
      ...parties.map((p) => ({ type: 'paragraph' as const, text: partySentence(p) })),
      { type: 'heading', text: '二、纠纷简要事实、争议事项及各方责任' },
      { type: 'paragraph', text: facts },
      { type: 'paragraph', text: view.summary },
      { type: 'heading', text: '三、经调解，各方自愿达成如下协议' },
      { type: 'paragraph', text: agreement.terms },
      ...agreement.obligations.map((o, i) => ({
        type: 'paragraph' as const,
        text: `（${ordinal(i)}）${o.party}：${o.obligation}`,
      })),
      { type: 'heading', text: '四、履行协议的方式、地点、期限' },
      { type: 'paragraph', text: `履行方式、地点：按本协议第三项约定的方式、地点履行。` },
      { type: 'paragraph', text: performance },
      {
        type: 'paragraph',
        text: '本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。各方当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。',
      },
      { type: 'paragraph', text: copiesClause(parties.length) },
      // No page of signatures without terms above them: the text says where it ends.
      { type: 'paragraph', text: '（以下无正文）' },
      { type: 'heading', text: '五、签名与印章' },
      {
        type: 'signatures',
        lines: [
          ...parties.map((p) => ({ label: partySigner(p), mark: '签名（盖章或按指印）', date: signed })),
          {
            label: recorded ? `人民调解员 ${personName(recorded.actor.id)}` : '人民调解员',
            mark: '签名',
            date: signed,
          },
          { label: committee, mark: '（印章）', date: signed },
        ],
      },
      { type: 'paragraph', text: `签订日期：${chineseDate(agreement.signedOn)}` },
    ],
  };
}
