import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { compactQuery, useCursorList } from './query';
import type { MarkedReadResponse, NotificationResponse, Page, UnreadCountResponse } from './types';

export const NOTIFICATIONS_QUERY_KEY = ['notifications'] as const;
export const UNREAD_POLL_MS = 30_000;

export function useUnreadCount(enabled = true) {
  return useQuery({
    queryKey: [...NOTIFICATIONS_QUERY_KEY, 'unread-count'],
    queryFn: () => unwrap<UnreadCountResponse>(api.GET('/api/v1/notifications/unread-count')),
    refetchInterval: UNREAD_POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 0,
    enabled,
  });
}

export function useNotificationList(unreadOnly: boolean, pageSize = 20) {
  return useCursorList<NotificationResponse>([...NOTIFICATIONS_QUERY_KEY, 'list', { unreadOnly, pageSize }], (cursor) =>
    unwrap<Page<NotificationResponse>>(
      api.GET('/api/v1/notifications', {
        params: { query: compactQuery({ cursor, limit: pageSize, unread: unreadOnly ? ('true' as const) : undefined }) },
      }),
    ),
  );
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap<NotificationResponse>(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_QUERY_KEY }),
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap<MarkedReadResponse>(api.POST('/api/v1/notifications/read-all')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_QUERY_KEY }),
  });
}
