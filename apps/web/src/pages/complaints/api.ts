/** Data access of the complaints area: every call goes through the generated client (`api`). */
import type { operations, Schemas } from '@cs/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { isApiError } from '../../api/errors';
import { saveDownload } from '../../api/download';
import { compactQuery, useCursorList } from '../../api/query';
import type { Page } from '../../api/types';
import type {
  CalendarResponse,
  ComplaintEventResponse,
  ComplaintResponse,
  CustomerLookupResponse,
  CustomerMatch,
  ResponsibilityOverviewResponse,
  ResponsibilityResponse,
  SlaPolicyResponse,
} from './types';

export type ApiQueue = NonNullable<ListQuery['queue']>;

export const COMPLAINTS_KEY = ['complaints'] as const;

type ListQuery = NonNullable<operations['listComplaints']['parameters']['query']>;

/** The list's filters; `queue` is the API's shortcut (mine, my unit, escalated to me, breached, HQ). */
export type ComplaintFilters = Omit<ListQuery, 'breached' | 'cursor'> & { breached?: boolean };

export function fetchComplaints(filters: ComplaintFilters, cursor?: string): Promise<Page<ComplaintResponse>> {
  const { breached, ...rest } = filters;
  const query: ListQuery = compactQuery({ ...rest, breached: breached === undefined ? undefined : breached ? 'true' : 'false', cursor });
  return unwrap<Page<ComplaintResponse>>(api.GET('/api/v1/complaints', { params: { query } }));
}

export function useComplaintList(filters: ComplaintFilters) {
  return useCursorList<ComplaintResponse>([...COMPLAINTS_KEY, 'list', filters], (cursor) => fetchComplaints(filters, cursor));
}

/** One page only (recent complaints of a caller, dashboard lists). */
export function useComplaintPage(filters: ComplaintFilters, enabled = true) {
  return useQuery({
    queryKey: [...COMPLAINTS_KEY, 'page', filters],
    queryFn: () => fetchComplaints(filters),
    enabled,
  });
}

export function useComplaint(id: string) {
  return useQuery({
    queryKey: [...COMPLAINTS_KEY, 'one', id],
    queryFn: () => unwrap<ComplaintResponse>(api.GET('/api/v1/complaints/{id}', { params: { path: { id } } })),
    // Escalations happen while the page is open (the sweep): keep the header and deadlines current.
    refetchInterval: 30_000,
  });
}

export function useComplaintEvents(id: string) {
  return useQuery({
    queryKey: [...COMPLAINTS_KEY, 'events', id],
    queryFn: () => unwrap<{ items: ComplaintEventResponse[] }>(api.GET('/api/v1/complaints/{id}/events', { params: { path: { id } } })),
    refetchInterval: 30_000,
  });
}

export type IntakeBody = Schemas['CreateComplaintDto'];

export function useCreateComplaint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: IntakeBody; idempotencyKey: string }) =>
      unwrap<ComplaintResponse>(api.POST('/api/v1/complaints', { body, headers: { 'Idempotency-Key': idempotencyKey } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: COMPLAINTS_KEY }),
  });
}

export { newIdempotencyKey };

/**
 * Customer archives matching the caller's phone. No match, or no archive module on this deployment
 * (404), is an answer, not an error: the form then records the free-text caller.
 */
export function useCustomerLookup(phone: string) {
  return useQuery({
    queryKey: ['customers', 'lookup', phone],
    enabled: phone.length >= 5,
    retry: false,
    staleTime: 60_000,
    queryFn: async (): Promise<CustomerMatch[]> => {
      try {
        return (await unwrap<CustomerLookupResponse>(api.GET('/api/v1/customers/lookup', { params: { query: { phone } } }))).items;
      } catch (error) {
        // 404: no archive module on this deployment; 400: not a phone yet; 403: no customers:read.
        if (isApiError(error, 404) || isApiError(error, 400) || isApiError(error, 403)) return [];
        throw error;
      }
    },
  });
}

/** Invalidates everything about one complaint after an action. */
/** A mutation that reloads every complaint query afterwards (also after a 409, so a retry sends the fresh version). */
function useComplaintAction<V>(call: (vars: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSettled: () => queryClient.invalidateQueries({ queryKey: COMPLAINTS_KEY }),
  });
}

export function useComplaintActions(id: string) {
  const path = { params: { path: { id } } };
  return {
    note: useComplaintAction((body: { note: string; version: number }) =>
      unwrap<ComplaintResponse>(api.POST('/api/v1/complaints/{id}/notes', { ...path, body })),
    ),
    answer: useComplaintAction((body: { answer: string; version: number }) =>
      unwrap<ComplaintResponse>(api.POST('/api/v1/complaints/{id}/answer', { ...path, body })),
    ),
    escalate: useComplaintAction((body: { reason: string; version: number }) =>
      unwrap<ComplaintResponse>(api.POST('/api/v1/complaints/{id}/escalate', { ...path, body })),
    ),
    extend: useComplaintAction(
      (body: { newDueAt: string; reason: string; consent: { by: string; at: string; channel: string }; version: number }) =>
        unwrap<ComplaintResponse>(api.POST('/api/v1/complaints/{id}/extensions', { ...path, body })),
    ),
    returnVisit: useComplaintAction((body: Schemas['ReturnVisitDto']) =>
      unwrap<ComplaintResponse>(api.POST('/api/v1/complaints/{id}/return-visits', { ...path, body })),
    ),
    close: useComplaintAction((body: { version: number }) =>
      unwrap<ComplaintResponse>(api.POST('/api/v1/complaints/{id}/close', { ...path, body })),
    ),
    invalidate: useComplaintAction((body: { reason: string; version: number }) =>
      unwrap<ComplaintResponse>(api.POST('/api/v1/complaints/{id}/invalidate', { ...path, body })),
    ),
    saveResponsibility: useComplaintAction((body: { shares: { orgUnitId: string; percent: string }[]; compensation: string }) =>
      unwrap<ResponsibilityResponse>(api.PUT('/api/v1/complaints/{id}/responsibility', { ...path, body })),
    ),
    approveResponsibility: useComplaintAction((body: { revision: number }) =>
      unwrap<ResponsibilityResponse>(api.POST('/api/v1/complaints/{id}/responsibility/approve', { ...path, body })),
    ),
  };
}

export function useResponsibility(id: string) {
  return useQuery({
    queryKey: [...COMPLAINTS_KEY, 'responsibility', id],
    queryFn: () => unwrap<ResponsibilityOverviewResponse>(api.GET('/api/v1/complaints/{id}/responsibility', { params: { path: { id } } })),
  });
}

// ---- SLA policies and calendars -------------------------------------------------------------

export const SLA_POLICIES_KEY = ['sla-policies'] as const;
export const CALENDARS_KEY = ['calendars'] as const;

export function useSlaPolicies() {
  return useQuery({
    queryKey: SLA_POLICIES_KEY,
    queryFn: () => unwrap<Page<SlaPolicyResponse>>(api.GET('/api/v1/sla-policies', { params: { query: { limit: 200 } } })),
  });
}

export function useCalendars() {
  return useQuery({
    queryKey: CALENDARS_KEY,
    queryFn: () => unwrap<Page<CalendarResponse>>(api.GET('/api/v1/calendars', { params: { query: { limit: 200 } } })),
  });
}

/** The code is fixed at creation; an update does not send it. */
function withoutCode<T extends { code?: string }>(body: T): Omit<T, 'code'> {
  const { code, ...rest } = body;
  void code;
  return rest;
}

export type SlaPolicyBody = Schemas['CreateSlaPolicyDto'];

export function useSaveSlaPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, body }: { id?: string; version?: number; body: SlaPolicyBody }) =>
      id
        ? unwrap<SlaPolicyResponse>(
            api.PATCH('/api/v1/sla-policies/{id}', { params: { path: { id } }, body: { ...withoutCode(body), version: version! } }),
          )
        : unwrap<SlaPolicyResponse>(api.POST('/api/v1/sla-policies', { body, headers: { 'Idempotency-Key': newIdempotencyKey() } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: SLA_POLICIES_KEY }),
  });
}

export type CalendarBody = Schemas['CreateCalendarDto'];

export function useSaveCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, body }: { id?: string; version?: number; body: CalendarBody }) =>
      id
        ? unwrap<CalendarResponse>(
            api.PATCH('/api/v1/calendars/{id}', { params: { path: { id } }, body: { ...withoutCode(body), version: version! } }),
          )
        : unwrap<CalendarResponse>(api.POST('/api/v1/calendars', { body, headers: { 'Idempotency-Key': newIdempotencyKey() } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: CALENDARS_KEY }),
  });
}

// ---- reports ---------------------------------------------------------------------------------

export type ReportFormat = 'csv' | 'xlsx';

export function useMonthlyReport(month: string, unitId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['reports', 'complaints', 'monthly', month, unitId ?? null],
    enabled,
    queryFn: () =>
      // Without `format` the report answers JSON (the operation also documents its CSV/XLSX bodies).
      unwrap(
        api.GET('/api/v1/reports/complaints/monthly', { params: { query: compactQuery({ month, unitId }) as { month: string } } }),
      ).then((body) => body as Schemas['MonthlyComplaintReport']),
  });
}

export function useQuarterlyReport(quarter: string, unitId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['reports', 'complaints', 'quarterly', quarter, unitId ?? null],
    enabled,
    queryFn: () =>
      // Without `format` the report answers JSON (the operation also documents its CSV/XLSX bodies).
      unwrap(
        api.GET('/api/v1/reports/complaints/quarterly', { params: { query: compactQuery({ quarter, unitId }) as { quarter: string } } }),
      ).then((body) => body as Schemas['QuarterlyComplaintReport']),
  });
}

/** Downloads the report as CSV or XLSX through the client (auth header and refresh included). */
export function downloadComplaintReport(
  period: 'monthly' | 'quarterly',
  key: string,
  format: ReportFormat,
  unitId?: string,
): Promise<void> {
  const fallback = `complaints-${period}-${key}.${format}`;
  if (period === 'monthly') {
    return saveDownload(
      api.GET('/api/v1/reports/complaints/monthly', {
        params: { query: compactQuery({ month: key, format, unitId }) as { month: string } },
        parseAs: 'blob',
      }),
      fallback,
    );
  }
  return saveDownload(
    api.GET('/api/v1/reports/complaints/quarterly', {
      params: { query: compactQuery({ quarter: key, format, unitId }) as { quarter: string } },
      parseAs: 'blob',
    }),
    fallback,
  );
}

export function useComplaintDashboard() {
  return useQuery({
    queryKey: ['reports', 'complaints', 'dashboard'],
    queryFn: () => unwrap<Schemas['ComplaintDashboard']>(api.GET('/api/v1/reports/complaints/dashboard')),
    refetchInterval: 60_000,
  });
}

/** A user's display name (the complaint's owner); null when outside the caller's scope. */
export function useUserName(id: string | null | undefined) {
  return useQuery({
    queryKey: ['users', 'name', id],
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
    retry: false,
    queryFn: async (): Promise<string | null> => {
      try {
        const user = await unwrap<{ displayName: string; username: string }>(
          api.GET('/api/v1/users/{id}', { params: { path: { id: id! } } }),
        );
        return `${user.displayName} (${user.username})`;
      } catch (error) {
        if (isApiError(error, 404) || isApiError(error, 403)) return null;
        throw error;
      }
    },
  });
}

/** How many open complaints each queue holds for the caller (tab badges, "my queue"). */
export function useQueueCounts() {
  return useQuery({
    queryKey: [...COMPLAINTS_KEY, 'queue-counts'],
    queryFn: () => unwrap(api.GET('/api/v1/complaints/queues')),
    refetchInterval: 60_000,
  });
}

export const SAMPLING_KEY = ['return-visit-sampling'] as const;

/** The return-visit sampling rule (share sampled, share on site, serious always). */
export function useSamplingRule() {
  return useQuery({ queryKey: SAMPLING_KEY, queryFn: () => unwrap(api.GET('/api/v1/return-visit-sampling')) });
}

export function useSaveSamplingRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['UpdateSamplingRuleDto']) => unwrap(api.PUT('/api/v1/return-visit-sampling', { body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: SAMPLING_KEY }),
  });
}

/** Active users in the caller's scope matching `q` (for assigning a handler or a return visit). */
export function useUserSearch(q: string) {
  return useQuery({
    queryKey: ['users', 'search', q],
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: compactQuery({ q, active: 'true' as const, limit: 20 }) } })),
  });
}

export function useAssignComplaint(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['UpdateComplaintDto']) => unwrap(api.PATCH('/api/v1/complaints/{id}', { params: { path: { id } }, body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: COMPLAINTS_KEY }),
  });
}
