/** Names for the ids a case view carries: org units (GET /org-units) and users of the caller's unit. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { requestJson } from '../api/http';
import type { UserSummary } from '../api/session-types';
import { useSession } from '../auth/session';

export function useOrgUnitNames() {
  return useQuery({
    queryKey: ['org-units'],
    queryFn: async () => {
      const { data } = await api.GET('/api/v1/org-units');
      return new Map((data ?? []).map((u) => [u.id, u.name]));
    },
    staleTime: 10 * 60_000,
  });
}

/** Users of the caller's unit, best effort: an id is shown when the name is not known. */
export function useUserNames() {
  const { me } = useSession();
  const org = me?.org;
  return useQuery({
    queryKey: ['users', org],
    enabled: org !== undefined,
    queryFn: async () => {
      const { items } = await requestJson<{ items: UserSummary[] }>(
        'GET',
        `/api/v1/users?orgUnitId=${encodeURIComponent(org ?? '')}`,
      );
      const names = new Map(items.map((u) => [u.id, u.name]));
      if (me) names.set(me.sub, me.name);
      return names;
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}
