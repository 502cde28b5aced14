/** How a party is written in a document: the same words in the register, the record and the agreement. */
import type { DocumentParty } from './document-model';
import { PARTY_ROLE_WORDS } from './document-labels';

/** The columns of a table of parties, and a party's row in it. */
export const PARTY_COLUMNS = ['类别', '姓名', '公民身份号码', '联系电话', '住址', '法定代理人（监护人）'];

export function partyRow(p: DocumentParty): string[] {
  return [
    PARTY_ROLE_WORDS[p.role],
    p.minor ? `${p.name}（未成年人）` : p.name,
    p.idNumber ?? '',
    p.phone ?? '',
    p.address ?? '',
    p.guardian ? [p.guardian.name, p.guardian.phone].filter(Boolean).join('，') : '',
  ];
}

/**
 * A party's particulars as one sentence of an agreement (人民调解工作若干规定 Art. 34 (1) 当事人基本情况):
 * 「申请人：林某，公民身份号码：350902…，联系电话：138…，住址：…。」 Fields not recorded are left out.
 */
export function partySentence(p: DocumentParty): string {
  const parts = [
    `${PARTY_ROLE_WORDS[p.role]}：${p.name}${p.minor ? '（未成年人）' : ''}`,
    p.idNumber ? `公民身份号码：${p.idNumber}` : null,
    p.phone ? `联系电话：${p.phone}` : null,
    p.address ? `住址：${p.address}` : null,
    p.guardian
      ? `法定代理人（监护人）：${p.guardian.name}${p.guardian.phone ? `，联系电话：${p.guardian.phone}` : ''}`
      : null,
  ];
  return `${parts.filter((s): s is string => s !== null).join('，')}。`;
}

/** Who stands for a party when signing: a minor's guardian signs for them. */
export function partySigner(p: DocumentParty): string {
  const who = `${PARTY_ROLE_WORDS[p.role]} ${p.name}`;
  return p.minor && p.guardian ? `${who}（法定代理人 ${p.guardian.name}）` : who;
}
