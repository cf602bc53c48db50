/**
 * The typed API client. `schema.d.ts` is generated from libs/api-contract/openapi.json by
 * `pnpm contract` (openapi-typescript) and never edited by hand; this file only wires
 * openapi-fetch to it.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
export type Schemas = components['schemas'];

export interface ClientOptions {
  baseUrl?: string;
  /** Returns the current access token, or null when signed out. */
  getAccessToken?: () => string | null;
  /** Called on 401 so the app can refresh the session; return true to retry once. */
  onUnauthorized?: () => Promise<boolean>;
  fetch?: typeof fetch;
}

export function createApiClient(options: ClientOptions = {}) {
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? '', fetch: options.fetch });
  const retried = new WeakSet<Request>();
  // A sent request's body is consumed; keep an unsent copy to retry after a refresh.
  const spare = new WeakMap<Request, Request>();
  const auth: Middleware = {
    onRequest({ request }) {
      const token = options.getAccessToken?.();
      if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
      if (options.onUnauthorized) spare.set(request, request.clone());
      return request;
    },
    async onResponse({ request, response }) {
      if (response.status !== 401 || !options.onUnauthorized || retried.has(request)) return response;
      if (new URL(request.url).pathname.endsWith('/auth/login')) return response;
      if (!(await options.onUnauthorized())) return response;
      const token = options.getAccessToken?.();
      const retry = spare.get(request) ?? request;
      if (token) retry.headers.set('authorization', `Bearer ${token}`);
      retried.add(retry);
      return (options.fetch ?? fetch)(retry);
    },
  };
  client.use(auth);
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The error body every endpoint answers with. */
export type ApiError = {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  rule?: string;
  details?: { field: string; problem: string }[];
  requestId?: string;
};
