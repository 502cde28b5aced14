/** `GET /api/v1/stats` (api.md "Statistics and documents"): grouped answers as JSON, and the CSV's address. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { components, paths } from '../api/schema';
import { ApiError, retryUnlessRefused } from '../api/http';
import type { Period } from './stats-period';

type StatsAnswer = paths['/api/v1/stats']['get']['responses'][200]['content']['application/json'];
export type GroupedStats = Extract<StatsAnswer, { buckets: unknown }>;
export type StatsBucket = GroupedStats['buckets'][number];
export type StatsMetrics = components['schemas']['StatsMetrics'];
export type StatsGrouping = GroupedStats['groupBy'];

export interface StatsScope extends Period {
  orgUnitId: string;
}

/** The period's metrics (`total`) and one bucket per month, child unit, category or track. */
export function useGroupedStats(scope: StatsScope | null, groupBy: StatsGrouping) {
  return useQuery<GroupedStats, Error>({
    queryKey: ['stats', scope?.orgUnitId, scope?.from, scope?.to, groupBy],
    enabled: scope !== null,
    // While another unit or period loads, the figures on screen stay (dimmed) instead of blinking away.
    placeholderData: keepPreviousData,
    retry: retryUnlessRefused,
    queryFn: async (): Promise<GroupedStats> => {
      const { data, error, response } = await api.GET('/api/v1/stats', {
        params: { query: { ...scope!, groupBy } },
      });
      if (!data) throw new ApiError(response.status, (error as ApiError['problem']) ?? null, null);
      if (typeof data !== 'object' || !('buckets' in data))
        throw new ApiError(response.status, { detail: 'answer without buckets' }, null);
      return data;
    },
  });
}

/** The same figures as CSV (UTF-8 with a BOM, a 合计 row): a plain same-origin link carries the session cookie. */
export function statsCsvHref(scope: StatsScope, groupBy: StatsGrouping | null): string {
  const q = new URLSearchParams({ orgUnitId: scope.orgUnitId, from: scope.from, to: scope.to });
  if (groupBy) q.set('groupBy', groupBy);
  q.set('format', 'csv');
  return `/api/v1/stats?${q.toString()}`;
}
