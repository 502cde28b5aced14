/** The court liaison's lists (console.md S5): what waits for take-over, what is under review, what is ruled. */
import { useQuery } from '@tanstack/react-query';
import { requestJson } from '../api/http';
import type { CaseView } from '../api/client';
import { casesPath, type CasePage } from '../queue/queue-api';

export const COURT_TABS = ['incoming', 'review', 'ruled'] as const;
export type CourtTab = (typeof COURT_TABS)[number];

export interface Confirmation {
  courtId: string;
  decision: 'confirmed' | 'rejected';
  ruledOn: string;
}

export type CourtCase = CaseView & {
  transfer?: { purpose: string; fromOrgUnitId: string; toOrgUnitId: string; at: string } | null;
  courtsInvolved?: string[];
  agreement?: { terms: string; signedOn: string; confirmation: Confirmation | null } | null;
};

/** The ruling this court gave on the case, if any. */
export function rulingOf(c: CourtCase, court: string | undefined): Confirmation | null {
  const conf = c.agreement?.confirmation ?? null;
  return conf && (!court || conf.courtId === court) ? conf : null;
}

/** 待接收: on its way to the caller's court (the `incoming` queue view: `transfer.toOrgUnitId` is the
 * caller's unit; a case under review keeps its `transfer`, hence the stage too); 审查中: taken over, the decision clock running; 已裁定: a ruling recorded by this court
 * (the case has gone back to its unit). The API has no filter for the last: the latest 100 the court
 * was ever involved in are read and filtered here. */
async function fetchTab(tab: CourtTab, court: string | undefined): Promise<CourtCase[]> {
  if (tab === 'incoming')
    return (await requestJson<CasePage>('GET', casesPath({ view: 'incoming', stage: 'transferred' }, 100))).items;
  if (tab === 'review') return (await requestJson<CasePage>('GET', casesPath({ stage: 'under_review' }, 100))).items;
  const page = await requestJson<CasePage>('GET', '/api/v1/cases?limit=100');
  return (page.items as CourtCase[]).filter(
    (c) => c.stage !== 'under_review' && c.stage !== 'transferred' && rulingOf(c, court) !== null,
  );
}

export function useCourtTab(tab: CourtTab, court: string | undefined) {
  return useQuery({
    queryKey: ['cases', 'court', tab, court],
    queryFn: () => fetchTab(tab, court),
    enabled: court !== undefined,
    refetchInterval: 60_000,
  });
}
