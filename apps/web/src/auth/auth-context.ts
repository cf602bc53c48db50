import { createContext, useContext } from 'react';
import type { MeResponse, Role } from '../api/types';

export type AuthStatus = 'signed-out' | 'loading' | 'ready' | 'error';

export interface AuthContextValue {
  status: AuthStatus;
  /** The signed-in user from /auth/me (roles, unit, business time zone). */
  me: MeResponse | null;
  /** Why the last session ended without the user signing out (shown on the login page). */
  sessionExpired: boolean;
  meError: unknown;
  login: (username: string, password: string, remember: boolean) => Promise<void>;
  logout: () => Promise<void>;
  reloadMe: () => void;
  /** True when the user holds one of the roles (or is admin, who passes every role check like in the API). */
  hasRole: (roles: readonly Role[] | undefined) => boolean;
}

export const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside <AuthProvider>');
  return value;
}

export function rolesAllow(userRoles: readonly Role[], required: readonly Role[] | undefined): boolean {
  if (!required || required.length === 0) return true;
  return userRoles.includes('admin') || required.some((role) => userRoles.includes(role));
}
