/**
 * Complaint types: the contract's response schemas under short names, and runtime lists of the
 * enums. Each list is a `Record<Union, …>` so that a value the contract adds fails to compile
 * until it has a label here.
 */
import type { Schemas } from '@cs/api-client';

export type ComplaintKind = Schemas['ComplaintResponse']['kind'];
export type ComplaintChannel = Schemas['ComplaintResponse']['channel'];
export type ComplaintSeverity = Schemas['ComplaintResponse']['severity'];
export type ComplaintStatus = Schemas['ComplaintResponse']['status'];
export type ReturnVisitMethod = Schemas['ReturnVisitDto']['method'];
export type ReturnVisitOutcome = Schemas['ReturnVisitDto']['outcome'];
export type SlaClock = Schemas['SlaPolicyResponse']['clock'];
export type SlaHandlerLevel = Schemas['SlaTierResponse']['handlerLevel'];
export type ConsentChannel = 'phone' | 'sms' | 'email' | 'onsite' | 'online' | 'letter';

const keys = <T extends string>(set: Record<T, true>): T[] => Object.keys(set) as T[];

export const COMPLAINT_KINDS = keys<ComplaintKind>({ complaint: true, inquiry: true, suggestion: true, internal: true });
export const COMPLAINT_CHANNELS = keys<ComplaintChannel>({
  phone: true,
  web: true,
  app: true,
  email: true,
  letter: true,
  fax: true,
  visit: true,
  suggestion_box: true,
  external: true,
});
export const COMPLAINT_SEVERITIES = keys<ComplaintSeverity>({ general: true, batch: true, serious: true });
export const COMPLAINT_STATUSES = keys<ComplaintStatus>({
  received: true,
  in_progress: true,
  answered: true,
  return_visit: true,
  closed: true,
  invalid: true,
});
export const RETURN_VISIT_METHODS = keys<ReturnVisitMethod>({ phone: true, onsite: true, sms: true, online: true });
export const RETURN_VISIT_OUTCOMES = keys<ReturnVisitOutcome>({ satisfied: true, unsatisfied: true });
export const SLA_CLOCKS = keys<SlaClock>({ calendar: true, business: true });
export const SLA_HANDLER_LEVELS = keys<SlaHandlerLevel>({ receiving_unit: true, platform: true, hq: true });
export const CONSENT_CHANNELS = keys<ConsentChannel>({ phone: true, sms: true, email: true, onsite: true, online: true, letter: true });

/** Statuses in which the SLA clock runs (answered/closed/invalid complaints have no live deadline). */
export const OPEN_STATUSES: readonly ComplaintStatus[] = ['received', 'in_progress'];

export type ComplaintEventType = Schemas['ComplaintEventResponse']['type'];

export type ComplaintTierResponse = Schemas['ComplaintTierResponse'];
export type ComplaintResponse = Schemas['ComplaintResponse'];
export type ComplaintEventResponse = Schemas['ComplaintEventResponse'];
export type ResponsibilityShareResponse = Schemas['ResponsibilityShareResponse'];
export type ResponsibilityResponse = Schemas['ResponsibilityResponse'];
export type ResponsibilityOverviewResponse = Schemas['ResponsibilityOverviewResponse'];
export type SlaTierResponse = Schemas['SlaTierResponse'];
export type SlaPolicyResponse = Schemas['SlaPolicyResponse'];
export type CalendarResponse = Schemas['CalendarResponse'];
export type WorkingPeriod = Schemas['WorkingHoursDto'];

/** A customer archive matching the caller's phone (`GET /customers/lookup`, from the customers module). */
export type CustomerMatch = Schemas['LookupMatch'];
export type CustomerLookupResponse = Schemas['LookupResult'];
