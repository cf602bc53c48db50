/**
 * Where the signed-in session's tokens live. "Keep me signed in" puts them in localStorage (shared
 * by the browser's tabs, survives a restart); otherwise sessionStorage (this tab only), which suits
 * shared call-centre workstations.
 */
import type { TokenResponse } from './types';

const STORAGE_KEY = 'cs.session';

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token stops working (informational). */
  expiresAt: number;
}

type Listener = (session: StoredSession | null) => void;
const listeners = new Set<Listener>();

function parse(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (
      value &&
      typeof value === 'object' &&
      'accessToken' in value &&
      typeof value.accessToken === 'string' &&
      'refreshToken' in value &&
      typeof value.refreshToken === 'string'
    ) {
      const expiresAt = 'expiresAt' in value && typeof value.expiresAt === 'number' ? value.expiresAt : 0;
      return { accessToken: value.accessToken, refreshToken: value.refreshToken, expiresAt };
    }
  } catch {
    // A damaged entry counts as signed out.
  }
  return null;
}

function persistentStore(): Storage | null {
  return parse(localStorage.getItem(STORAGE_KEY)) ? localStorage : null;
}

export function readSession(): StoredSession | null {
  return parse(sessionStorage.getItem(STORAGE_KEY)) ?? parse(localStorage.getItem(STORAGE_KEY));
}

/** Stores a new token pair; `persist` is only consulted on sign-in, a refresh keeps the current store. */
export function saveSession(tokens: TokenResponse, persist?: boolean): void {
  const session: StoredSession = {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: Date.now() + tokens.expiresIn * 1000,
  };
  const store = persist === undefined ? (persistentStore() ?? sessionStorage) : persist ? localStorage : sessionStorage;
  (store === localStorage ? sessionStorage : localStorage).removeItem(STORAGE_KEY);
  store.setItem(STORAGE_KEY, JSON.stringify(session));
  listeners.forEach((listener) => listener(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  localStorage.removeItem(STORAGE_KEY);
  listeners.forEach((listener) => listener(null));
}

/** Called whenever the tokens change (sign-in, refresh, sign-out, or another tab's change). */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

window.addEventListener('storage', (event) => {
  if (event.key === STORAGE_KEY && event.storageArea === localStorage) {
    const session = readSession();
    listeners.forEach((listener) => listener(session));
  }
});
