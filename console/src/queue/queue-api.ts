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

/** One tab's cases, narrowed by `q` (api.md "Listing": case number and summary text) when given. */
export function useQueue(view: QueueView, q = '') {
  return useQuery({
    queryKey: ['cases', 'queue', view, q],
    queryFn: () => requestJson<CasePage>('GET', casesPath(q ? { ...VIEW_FILTERS[view], q } : VIEW_FILTERS[view])),
    // While a new search loads, the tab's rows stay (no flash of an empty table); another tab's do not.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[2] === view ? previous : undefined),
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
