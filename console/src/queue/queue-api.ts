/** api.md "Queues": the lists behind the tabs and their counts. */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
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

export function casesPath(filter: Record<string, string>, limit = QUEUE_PAGE, cursor?: string): string {
  const q = new URLSearchParams({ ...filter, sort: 'nextDueAt', limit: String(limit) });
  if (cursor) q.set('cursor', cursor);
  return `/api/v1/cases?${q.toString()}`;
}

/** Rows a tab shows at first and adds with each 「加载更多」. */
export const QUEUE_PAGE = 50;

/** One tab's cases, most urgent first, a page at a time, narrowed by `q` (api.md "Listing": case number
 * and summary text) when given. */
export function useQueue(view: QueueView, q = '') {
  const filter = q ? { ...VIEW_FILTERS[view], q } : VIEW_FILTERS[view];
  return useInfiniteQuery({
    queryKey: ['cases', 'queue', view, q],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => requestJson<CasePage>('GET', casesPath(filter, QUEUE_PAGE, pageParam)),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
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
