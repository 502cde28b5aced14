/** What the intake form asks of the API: the acceptance deadline it will start, repeat disputes, filing. */
import { useQuery } from '@tanstack/react-query';
import { api, type CaseView } from '../api/client';
import { requestJson } from '../api/http';
import { isValidResidentId } from '../../../domain/resident-id';

export interface DeadlinePreview {
  dueDate: string;
  dueAt: string;
  warnAt: string;
  amount: number;
  unit: string;
  basis: string;
  provisional: boolean;
}

/** The acceptance deadline a case registered today would get (api.md "Reference data"). */
export function useAcceptancePreview(today: string) {
  return useQuery({
    queryKey: ['deadline-preview', 'acceptance', today],
    queryFn: async (): Promise<DeadlinePreview> => {
      const { data, error } = await api.GET('/api/v1/deadline-preview', {
        params: { query: { kind: 'acceptance', start: today } },
      });
      if (!data) throw new Error(JSON.stringify(error));
      return data;
    },
    staleTime: 60 * 60_000,
  });
}

/** Open cases a party (by resident ID) is already in, as far as the caller may see them. */
export function useOpenCasesOfParty(idNumber: string | undefined) {
  const valid = !!idNumber && isValidResidentId(idNumber);
  return useQuery({
    queryKey: ['cases', 'party', valid ? idNumber : null],
    enabled: valid,
    queryFn: async (): Promise<CaseView[]> => {
      const q = new URLSearchParams({ partyIdNumber: idNumber ?? '', limit: '20' });
      const { items } = await requestJson<{ items: CaseView[] }>('GET', `/api/v1/cases?${q.toString()}`);
      return items.filter((c) => c.stage !== 'closed');
    },
    staleTime: 30_000,
  });
}
