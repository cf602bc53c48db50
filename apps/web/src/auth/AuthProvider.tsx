import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fetchMe, login as loginCall, logout as logoutCall, ME_QUERY_KEY } from '../api/auth';
import { clearSession, onSessionChange, readSession, saveSession } from '../api/session';
import type { Role } from '../api/types';
import { AuthContext, type AuthContextValue, type AuthStatus, rolesAllow } from './auth-context';

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [signedIn, setSignedIn] = useState(() => readSession() !== null);
  const [sessionExpired, setSessionExpired] = useState(false);
  const signingOut = useRef(false);

  const signedInRef = useRef(signedIn);
  useEffect(
    () =>
      onSessionChange((session) => {
        const nowSignedIn = session !== null;
        if (signedInRef.current && !nowSignedIn) {
          // Ended by a failed refresh (or in another tab) rather than by the sign-out button.
          if (!signingOut.current) setSessionExpired(true);
          queryClient.clear();
        }
        signedInRef.current = nowSignedIn;
        setSignedIn(nowSignedIn);
      }),
    [queryClient],
  );

  const meQuery = useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe, enabled: signedIn, staleTime: 5 * 60_000 });

  const login = useCallback(
    async (username: string, password: string, remember: boolean) => {
      const tokens = await loginCall(username, password);
      signingOut.current = false;
      setSessionExpired(false);
      queryClient.clear();
      saveSession(tokens, remember);
      await queryClient.fetchQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe });
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    const session = readSession();
    signingOut.current = true;
    if (session) {
      try {
        await logoutCall(session.refreshToken);
      } catch {
        // The tokens are dropped locally either way; the refresh token expires on its own.
      }
    }
    clearSession();
    queryClient.clear();
  }, [queryClient]);

  const me = signedIn ? (meQuery.data ?? null) : null;
  const status: AuthStatus = !signedIn ? 'signed-out' : me ? 'ready' : meQuery.isError ? 'error' : 'loading';
  const { refetch } = meQuery;

  const value = useMemo<AuthContextValue>(
    () => ({
      status,
      me,
      sessionExpired,
      meError: meQuery.error,
      login,
      logout,
      reloadMe: () => void refetch(),
      hasRole: (roles: readonly Role[] | undefined) => (me ? rolesAllow(me.roles, roles) : false),
    }),
    [status, me, sessionExpired, meQuery.error, login, logout, refetch],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
