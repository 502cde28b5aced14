/** api.md "Queues": the lists behind the tabs and their counts. */
import { useQuery } from '@tanstack/react-query';
import { requestJson } from '../api/http';
import type { CaseView } from '../api/client';
import { QUEUE_VIEWS, type QueueCounts, type QueueView } from '../api/session-types';

/** Each tab's filter (api.md "Queues"), always sorted by the next due instant. */
export const VIEW_FILTERS: Record<QueueView, Record<string, string>> = {
  unaccepted: { stage: 'registered' },
  mine: { assigneeId: 'me' },
  dueSoon: { warned: 'true' },
  overdue: { overdue: 'true' },
  paused: { paused: 'true' },
  highRisk: { riskLevel: 'high' },
  incoming: { transferTo: 'me' },
};

export interface CasePage {
  items: CaseView[];
  nextCursor: string | null;
}

export function casesPath(filter: Record<string, string>, limit = 50): string {
  const q = new URLSearchParams({ ...filter, sort: 'nextDueAt', limit: String(limit) });
  return `/api/v1/cases?${q.toString()}`;
}

export function useQueue(view: QueueView) {
  return useQuery({
    queryKey: ['cases', 'queue', view],
    queryFn: () => requestJson<CasePage>('GET', casesPath(VIEW_FILTERS[view])),
    refetchInterval: 60_000,
  });
}

export function useQueueCounts() {
  return useQuery({
    queryKey: ['cases', 'counts'],
    queryFn: () => requestJson<QueueCounts>('GET', `/api/v1/cases/counts?views=${QUEUE_VIEWS.join(',')}`),
    refetchInterval: 60_000,
    retry: false,
  });
}

/** The most urgent case in the caller's scope: running and not paused, due first. */
export async function fetchMostUrgent(): Promise<CaseView | null> {
  const page = await requestJson<CasePage>('GET', casesPath({ paused: 'false' }, 1));
  const first = page.items[0];
  return first && first.nextDueAt ? first : null;
}
