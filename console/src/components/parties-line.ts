/** Parties on one line, as a register names a dispute: 林某 与 陈某 (names as the API gives them). */
import type { Lang } from '../i18n/lang';

export function partiesLine(parties: ReadonlyArray<{ role: string; name: string }>, lang: Lang): string {
  const names = (role: string) =>
    parties
      .filter((p) => p.role === role)
      .map((p) => p.name)
      .join(lang === 'zh' ? '、' : ', ');
  const sides = [names('applicant'), names('respondent')].filter(Boolean).join(lang === 'zh' ? ' 与 ' : ' v. ');
  const third = names('third_party');
  if (!third) return sides;
  return lang === 'zh' ? `${sides}（第三人 ${third}）` : `${sides} (third party: ${third})`;
}
