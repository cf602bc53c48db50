/** react-query set-up and the helpers every list screen shares. */
import { type InfiniteData, QueryClient, type QueryKey, useInfiniteQuery, type UseInfiniteQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import { isApiError } from './errors';
import type { Page } from './types';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers are final (bad filter, no access); retry only network and 5xx trouble.
      retry: (failures, error) => failures < 2 && (!isApiError(error) || error.status >= 500),
      staleTime: 15_000,
      refetchOnWindowFocus: false,
    },
    mutations: { retry: false },
  },
});

export type CursorListResult<T> = UseInfiniteQueryResult<InfiniteData<Page<T>, string | undefined>> & {
  /** All rows loaded so far, page after page. */
  items: T[];
};

/**
 * A cursor-paginated list (`{items, nextCursor}`): the first page loads at once, `fetchNextPage`
 * ("load more") follows `nextCursor`. Put every filter in `queryKey` so a new filter starts over.
 */
export function useCursorList<T>(queryKey: QueryKey, fetchPage: (cursor: string | undefined) => Promise<Page<T>>): CursorListResult<T> {
  const result = useInfiniteQuery<Page<T>, Error, InfiniteData<Page<T>, string | undefined>, QueryKey, string | undefined>({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = useMemo(() => result.data?.pages.flatMap((page) => page.items) ?? [], [result.data]);
  return Object.assign(result, { items });
}

/** Drops undefined and empty-string values so they are not sent as `?q=`. */
export function compactQuery<T extends Record<string, unknown>>(query: T): Partial<T> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Partial<T>;
}
