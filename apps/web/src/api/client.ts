/**
 * The one API client of the console (generated types, openapi-fetch). Paths are typed by the
 * committed contract; no other code calls fetch against API paths.
 */
import { createApiClient } from '@cs/api-client';
import { ApiRequestError, toApiError } from './errors';
import { clearSession, readSession, saveSession } from './session';

/** A bare client for the refresh call itself, so a failing refresh never triggers another refresh. */
const sessionClient = createApiClient();

let refreshing: Promise<boolean> | null = null;

/**
 * Exchanges the refresh token for a new pair. Single flight: concurrent 401s share one refresh; a
 * Web Lock extends that to the other tabs sharing localStorage, because the API treats a reused
 * refresh token as theft and ends every session of the user.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= runRefresh().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function runRefresh(): Promise<boolean> {
  const seen = readSession();
  if (!seen) return false;
  const attempt = async (): Promise<boolean> => {
    const current = readSession();
    if (!current) return false;
    if (current.refreshToken !== seen.refreshToken) return true; // another tab already refreshed
    const { data, response } = await sessionClient.POST('/api/v1/auth/refresh', { body: { refreshToken: current.refreshToken } });
    if (response.ok) {
      if (data) saveSession(data);
      return true;
    }
    if (response.status === 400 || response.status === 401) clearSession();
    return false;
  };
  try {
    return navigator.locks ? await navigator.locks.request('cs-session-refresh', attempt) : await attempt();
  } catch {
    return false; // network trouble: keep the tokens, the next call tries again
  }
}

export const api = createApiClient({
  getAccessToken: () => readSession()?.accessToken ?? null,
  onUnauthorized: refreshSession,
});

interface ClientResult<D = unknown> {
  data?: D;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its body (typed by the contract), or throws
 * `ApiRequestError` with the API's error.
 */
export async function unwrap<D>(call: Promise<ClientResult<D>>): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiRequestError(response.status, toApiError(response, error));
  return data as D;
}

/** For calls answering 204 No Content. */
export async function unwrapEmpty(call: Promise<ClientResult>): Promise<void> {
  await unwrap<unknown>(call);
}

/** A fresh Idempotency-Key for one create action (retries of that action reuse it). */
export function newIdempotencyKey(): string {
  // randomUUID needs a secure context; plain-http intranet deployments only have getRandomValues.
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
