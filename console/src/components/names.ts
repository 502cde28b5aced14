/** Names for the user ids a case view carries: users of the caller's unit (unit names: org/org-api.ts). */
import { useQuery } from '@tanstack/react-query';
import { requestJson } from '../api/http';
import type { UserSummary } from '../api/session-types';
import { useSession } from '../auth/session';

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
