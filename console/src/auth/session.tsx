/** Who is signed in (GET /api/v1/me), shared by every page; a lost session sends the user to login. */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, requestJson, setCsrfToken, setUnauthorizedHandler } from '../api/http';
import type { Me } from '../api/session-types';

export const ME_KEY = ['me'] as const;

interface SessionValue {
  me: Me | null;
  loading: boolean;
  /** The user signed out here (rather than the session running out): the login page starts afresh. */
  signedOut: boolean;
  signIn: (login: string, password: string) => Promise<Me>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    return await requestJson<Me>('GET', '/api/v1/me');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { data, isPending } = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: 1 });
  const me = data ?? null;
  const [signedOut, setSignedOut] = useState(false);

  useEffect(() => {
    setCsrfToken(me?.csrfToken ?? null);
  }, [me]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      queryClient.setQueryData(ME_KEY, null);
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  // Another user's cases must not show from the cache; the session query itself stays observed (clearing
  // it would leave this provider watching a removed query).
  const forgetCaseData = () => queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });

  const value: SessionValue = {
    me,
    loading: isPending,
    signedOut,
    async signIn(login, password) {
      const signedIn = await requestJson<Me>('POST', '/api/v1/session', { login, password });
      setCsrfToken(signedIn.csrfToken);
      setSignedOut(false);
      forgetCaseData();
      queryClient.setQueryData(ME_KEY, signedIn);
      return signedIn;
    },
    async signOut() {
      try {
        await requestJson<unknown>('DELETE', '/api/v1/session');
      } finally {
        setSignedOut(true);
        setCsrfToken(null);
        forgetCaseData();
        queryClient.setQueryData(ME_KEY, null);
      }
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
