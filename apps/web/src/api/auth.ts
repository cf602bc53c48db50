import { api, unwrap, unwrapEmpty } from './client';
import type { MeResponse, TokenResponse } from './types';

export const ME_QUERY_KEY = ['auth', 'me'] as const;

export function login(username: string, password: string): Promise<TokenResponse> {
  return unwrap<TokenResponse>(api.POST('/api/v1/auth/login', { body: { username, password } }));
}

export function logout(refreshToken: string): Promise<void> {
  return unwrapEmpty(api.POST('/api/v1/auth/logout', { body: { refreshToken } }));
}

export function fetchMe(): Promise<MeResponse> {
  return unwrap<MeResponse>(api.GET('/api/v1/auth/me'));
}
