/**
 * Who is signed in (GET /api/v1/me), shared by every page. A session that runs out under a page (idle
 * 30 min, console.md "Sessions") keeps the page, and whatever was typed in it, behind a sign-in dialog
 * (`expired`); with no session at all the user goes to the login page.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, requestJson, setCsrfToken, setUnauthorizedHandler } from '../api/http';
import type { Me } from '../api/session-types';

export const ME_KEY = ['me'] as const;

interface SessionValue {
  /** While `expired`, the user whose session ran out: the page stays theirs until someone signs in. */
  me: Me | null;
  loading: boolean;
  /** The session ran out under an open page (a 401 after being signed in here). */
  expired: boolean;
  /** The user signed out here (rather than the session running out): the login page starts afresh. */
  signedOut: boolean;
  signIn: (login: string, password: string) => Promise<Me>;
  /** Revokes the session; rejects, leaving the user signed in, when the server could not revoke it. */
  signOut: () => Promise<void>;
  /** Signs in again where the session ran out; `same` when it is the same user (the page stays theirs). */
  resume: (login: string, password: string) => Promise<{ same: boolean }>;
  /** Someone else signs in instead: nothing of the expired user's stays (the login page, then the queue). */
  leave: () => void;
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
  // The last user signed in here: when the session runs out, the page stays theirs behind the dialog.
  const [known, setKnownState] = useState<Me | null>(null);
  const knownRef = useRef<Me | null>(null);
  const setKnown = (me: Me | null) => {
    knownRef.current = me;
    setKnownState(me);
  };
  const { data, isPending } = useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      const me = await fetchMe();
      // Someone else signed in meanwhile (another tab shares the cookie): the last user's cases are
      // forgotten before the new user is shown anything, and RequireSession mounts the page afresh.
      if (me && knownRef.current && me.sub !== knownRef.current.sub) forgetCaseData();
      return me;
    },
    staleTime: 60_000,
    retry: 1,
  });
  const [signedOut, setSignedOut] = useState(false);
  useEffect(() => {
    if (data) setKnown(data);
  }, [data]);
  const expired = !data && known !== null && !signedOut;

  useEffect(() => {
    setCsrfToken(data?.csrfToken ?? null);
  }, [data]);

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

  const forget = () => {
    setSignedOut(true);
    setKnown(null);
    setCsrfToken(null);
    forgetCaseData();
    queryClient.setQueryData(ME_KEY, null);
  };

  const value: SessionValue = {
    me: data ?? (expired ? known : null),
    loading: isPending,
    expired,
    signedOut,
    async signIn(login, password) {
      const signedIn = await requestJson<Me>('POST', '/api/v1/session', { login, password });
      setCsrfToken(signedIn.csrfToken);
      setSignedOut(false);
      setKnown(signedIn);
      forgetCaseData();
      queryClient.setQueryData(ME_KEY, signedIn);
      return signedIn;
    },
    async signOut() {
      try {
        await requestJson<unknown>('DELETE', '/api/v1/session');
      } catch (err) {
        // Not revoked (the server unreachable, a 503): on a shared PC the next person would be this user.
        // A 401 says the session has already ended.
        if (!(err instanceof ApiError && err.status === 401)) throw err;
      }
      forget();
    },
    async resume(login, password) {
      const signedIn = await requestJson<Me>('POST', '/api/v1/session', { login, password });
      // A session probe still on its way with the old cookie must not answer 401 over the new session.
      await queryClient.cancelQueries({ queryKey: ME_KEY });
      const same = signedIn.sub === known?.sub;
      setCsrfToken(signedIn.csrfToken);
      // Another person's cases must not show from the cache; the same user's reload under the page.
      if (!same) forgetCaseData();
      setKnown(signedIn);
      queryClient.setQueryData(ME_KEY, signedIn);
      if (same) void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      return { same };
    },
    leave: forget,
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
