/** api.md "History and audit": the timeline, the state at an instant, verification and the export. */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type CaseView } from '../api/client';
import type { paths } from '../api/schema';
import { ApiError, apiFetch, errorOf, requestJson, retryUnlessRefused } from '../api/http';

type Ok<P extends keyof paths> = paths[P]['get'] extends {
  responses: { 200: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

export type Timeline = Ok<'/api/v1/cases/{id}/timeline'>;
export type TimelineEvent = Timeline['events'][number];
export type VerifyReport = Ok<'/api/v1/cases/{id}/verify'>;
export type CaseAtInstant = CaseView & { asOf: string };

function fail(status: number, error: unknown): never {
  throw new ApiError(status, (error as ApiError['problem']) ?? null, null);
}

export function useTimeline(id: string) {
  return useQuery({
    queryKey: ['audit', 'timeline', id],
    queryFn: async (): Promise<Timeline> => {
      const { data, error, response } = await api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id } } });
      if (!data) fail(response.status, error);
      return data;
    },
    retry: retryUnlessRefused,
  });
}

/** The case view as it was at `asOf` (one of the timeline's instants: it never changes, so cached for good). */
export function useStateAt(id: string, asOf: string | undefined) {
  return useQuery({
    queryKey: ['audit', 'state', id, asOf],
    enabled: asOf !== undefined,
    staleTime: Infinity,
    retry: retryUnlessRefused,
    queryFn: () =>
      requestJson<CaseAtInstant>(
        'GET',
        `/api/v1/cases/${encodeURIComponent(id)}/state?asOf=${encodeURIComponent(asOf!)}`,
      ),
  });
}

export async function verifyCase(id: string): Promise<VerifyReport> {
  const { data, error, response } = await api.GET('/api/v1/cases/{id}/verify', { params: { path: { id } } });
  if (!data) fail(response.status, error);
  return data;
}

/** The export as the server sends it (JSON Lines), with the file name it suggests. */
export async function fetchExport(id: string, caseNo: string): Promise<{ text: string; fileName: string }> {
  const response = await apiFetch(
    new Request(new URL(`/api/v1/cases/${encodeURIComponent(id)}/export`, window.location.origin), {
      headers: { Accept: 'application/x-ndjson' },
    }),
  );
  if (!response.ok) throw await errorOf(response);
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `${caseNo}.jsonl`;
  return { text: await response.text(), fileName };
}

/** Saves `text` as a download named `fileName`. */
export function saveFile(text: string, fileName: string, type = 'application/x-ndjson'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface CaseListPage {
  items: CaseView[];
  nextCursor: string | null;
}

export const SEARCH_PAGE = 20;

/** Cases in the caller's scope, newest first, narrowed by case number or summary text (api.md "Listing"). */
export function useCaseSearch(q: string) {
  return useInfiniteQuery({
    queryKey: ['audit', 'search', q],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(SEARCH_PAGE) });
      if (q) params.set('q', q);
      if (pageParam) params.set('cursor', pageParam);
      return requestJson<CaseListPage>('GET', `/api/v1/cases?${params.toString()}`);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (previous) => previous,
  });
}

/** Every case in the caller's scope (id and number), a hundred at a time, as `npm run audit -- verify --all` does. */
export async function listAllCases(signal: AbortSignal): Promise<Array<{ id: string; caseNo: string }>> {
  const all: Array<{ id: string; caseNo: string }> = [];
  let cursor: string | null = null;
  do {
    if (signal.aborted) break;
    const params = new URLSearchParams({ limit: '100' });
    if (cursor) params.set('cursor', cursor);
    const page: CaseListPage = await requestJson<CaseListPage>('GET', `/api/v1/cases?${params.toString()}`);
    all.push(...page.items.map((c) => ({ id: c.id, caseNo: c.caseNo })));
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
