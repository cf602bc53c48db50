/** Types and small helpers of the customers area (all calls go through the generated client). */
import type { Schemas } from '@cs/api-client';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export type Customer = Schemas['CustomerResponse'];
export type CustomerDetail = Schemas['CustomerDetail'];
export type Contact = Schemas['ContactResponse'];
export type AccessRequest = Schemas['AccessRequestResponse'];
export type VisitPlan = Schemas['VisitPlanResponse'];
export type PlannedVisit = Schemas['PlannedVisitResponse'];
export type VisitReport = Schemas['VisitReportResponse'];
export type ShipmentCheck = Schemas['ShipmentCheckResponse'];
export type ImportResult = Schemas['ImportResult'];
export type WorkListItem = Schemas['WorkListItem'];
export type CustomerKind = Customer['kind'];
export type Grade = NonNullable<Customer['grade']>;
export type Confidentiality = Customer['confidentiality'];
export type ShipmentFrequency = Customer['shipmentFrequency'];
export type PlanStatus = VisitPlan['status'];

const KIND_SET: Record<CustomerKind, true> = { long_term: true, large_occasional: true, potential_large: true };
export const CUSTOMER_KINDS = Object.keys(KIND_SET) as CustomerKind[];
const GRADE_SET: Record<Grade, true> = { A: true, B: true, C: true, D: true };
export const GRADES = Object.keys(GRADE_SET) as Grade[];
const LEVEL_SET: Record<Confidentiality, true> = { secret: true, confidential: true, top_secret: true };
export const LEVELS = Object.keys(LEVEL_SET) as Confidentiality[];
const FREQUENCY_SET: Record<ShipmentFrequency, true> = { daily: true, weekly: true, monthly: true, occasional: true };
export const FREQUENCIES = Object.keys(FREQUENCY_SET) as ShipmentFrequency[];
const PLAN_STATUS_SET: Record<PlanStatus, true> = { draft: true, submitted: true, approved: true, rejected: true };
export const PLAN_STATUSES = Object.keys(PLAN_STATUS_SET) as PlanStatus[];

export const YUAN = /^\d{1,12}(\.\d{1,2})?$/;
export const GRADE_COLORS: Record<Grade, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };
export const LEVEL_COLORS: Record<Confidentiality, string> = { secret: 'default', confidential: 'orange', top_secret: 'red' };

export const CUSTOMERS_KEY = ['customers'] as const;
export const customerKey = (id: string) => ['customers', 'detail', id] as const;

export function useCustomer(id: string) {
  return useQuery({
    queryKey: customerKey(id),
    queryFn: () => unwrap<CustomerDetail>(api.GET('/api/v1/customers/{id}', { params: { path: { id } } })),
  });
}

/** "1,250,000.00" for display; the value stays a decimal string end to end. */
export function formatYuan(amount: string): string {
  const [whole = '0', fraction = '00'] = amount.split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0')}`;
}

/** Saves a Blob the API returned as a download. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
