import { useQuery } from '@tanstack/react-query';
import { api, type AllowedAction, type CaseView } from '../api/client';
import { ApiError, retryUnlessRefused } from '../api/http';
import { useLang } from '../i18n/use-lang';

function fail(status: number, error: unknown): never {
  throw new ApiError(status, error ?? null, null);
}

export function useCase(id: string) {
  return useQuery({
    queryKey: ['cases', 'one', id],
    queryFn: async (): Promise<CaseView> => {
      const { data, error, response } = await api.GET('/api/v1/cases/{id}', { params: { path: { id } } });
      if (!data) fail(response.status, error);
      return data;
    },
    retry: retryUnlessRefused,
  });
}

export function useAllowedActions(id: string, version: number | undefined) {
  // The reasons come in the console's language (Accept-Language): a switch asks again.
  const lang = useLang();
  return useQuery({
    queryKey: ['cases', 'allowed', id, version, lang],
    enabled: version !== undefined,
    // The bar stays (and an open action form with it) while a new version's actions load.
    placeholderData: (previous) => previous,
    queryFn: async (): Promise<AllowedAction[]> => {
      const { data, error, response } = await api.GET('/api/v1/cases/{id}/allowed-actions', {
        params: { path: { id } },
      });
      if (!data) fail(response.status, error);
      return data;
    },
  });
}
