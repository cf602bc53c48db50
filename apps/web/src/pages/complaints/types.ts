/**
 * Complaint shapes as the API answers them (apps/api/src/modules/complaints/*.dto.ts). Request
 * bodies are typed by the generated contract; responses are declared here because the contract
 * does not describe every response body. Enum lists are `Record<Union, …>` so that a value added
 * to a union without a label fails to compile.
 */

export type ComplaintKind = 'inquiry' | 'complaint' | 'suggestion' | 'internal';
export type ComplaintChannel = 'phone' | 'web' | 'app' | 'email' | 'letter' | 'fax' | 'visit' | 'suggestion_box' | 'external';
export type ComplaintSeverity = 'general' | 'batch' | 'serious';
export type ComplaintStatus = 'received' | 'in_progress' | 'answered' | 'return_visit' | 'closed' | 'invalid';
export type ReturnVisitMethod = 'phone' | 'onsite' | 'sms' | 'online';
export type ReturnVisitOutcome = 'satisfied' | 'unsatisfied';
export type SlaClock = 'calendar' | 'business';
export type SlaHandlerLevel = 'receiving_unit' | 'platform' | 'hq';
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

export const COMPLAINT_EVENT_TYPES = [
  'created',
  'severity_raised',
  'reported_to_hq',
  'updated',
  'note',
  'escalated',
  'warned',
  'breached',
  'extended',
  'answered',
  'return_visit_assigned',
  'return_visit',
  'reopened',
  'closed',
  'invalidated',
  'responsibility_recorded',
  'responsibility_approved',
] as const;
export type ComplaintEventType = (typeof COMPLAINT_EVENT_TYPES)[number];

/** One tier of the complaint's escalation ladder with its deadline. */
export interface ComplaintTierResponse {
  tier: number;
  level: SlaHandlerLevel;
  /** The unit whose CS department handles this tier. */
  unitId: string;
  dueAt: string;
  warnAt: string | null;
  /** Present when the deadline passed unanswered. */
  passedAt?: string;
  current: boolean;
}

export interface ComplaintResponse {
  id: string;
  number: string;
  kind: ComplaintKind;
  channel: ComplaintChannel;
  severity: ComplaintSeverity;
  status: ComplaintStatus;
  subject: string;
  description: string;
  category: string | null;
  customerId: string | null;
  callerName: string | null;
  callerPhone: string | null;
  relatedOrders: string[];
  multiPlatform: boolean;
  hqReported: boolean;
  respondentUnitId: string | null;
  receivedAt: string;
  receivingUnitId: string;
  platformUnitId: string;
  assignedUnitId: string;
  ownerId: string;
  handlerId: string | null;
  policyId: string | null;
  policyName: string;
  clock: SlaClock;
  tier: number;
  tierCount: number;
  level: SlaHandlerLevel;
  tiers: ComplaintTierResponse[];
  /** The current tier's deadline. */
  dueAt: string | null;
  /** True while the SLA clock runs (open and not breached). */
  clockRunning: boolean;
  breached: boolean;
  breachedAt: string | null;
  escalationCount: number;
  extensionCount: number;
  reopenCount: number;
  answeredAt: string | null;
  answeredTier: number | null;
  answer: string | null;
  returnVisitSampled: boolean | null;
  returnVisitMethod: ReturnVisitMethod | null;
  returnVisitAssigneeId: string | null;
  closedAt: string | null;
  invalidReason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ComplaintEventResponse {
  id: string;
  type: ComplaintEventType;
  at: string;
  deadlineAt?: string;
  fromTier?: number;
  toTier?: number;
  /** Who did it: a user's name, an API key's name, or `system`. */
  actor?: string;
  actorType: 'user' | 'api_key' | 'system';
  actorId?: string;
  rule?: string;
  note?: string;
  data?: Record<string, unknown>;
  recordedAt: string;
}

export interface ResponsibilityShareResponse {
  orgUnitId: string;
  orgUnitName: string;
  percent: string;
  amount: string;
}

export interface ResponsibilityResponse {
  id: string;
  complaintId: string;
  revision: number;
  status: 'pending' | 'approved';
  compensation: string;
  crossPlatform: boolean;
  approverUnitId: string;
  approverUnitName: string;
  shares: ResponsibilityShareResponse[];
  recordedBy: { id: string; name: string } | null;
  approvedBy: { id: string; name: string } | null;
  approvedAt: string | null;
  createdAt: string;
}

export interface ResponsibilityOverviewResponse {
  complaintId: string;
  /** The latest revision (pending or approved). */
  current: ResponsibilityResponse | null;
  /** The latest approved revision: the split in force. */
  effective: ResponsibilityResponse | null;
  history: ResponsibilityResponse[];
}

export interface SlaTierResponse {
  tier: number;
  handlerLevel: SlaHandlerLevel;
  deadlineMinutes: number;
}

export interface SlaPolicyResponse {
  id: string;
  code: string | null;
  name: string;
  description: string | null;
  source: string | null;
  clock: SlaClock;
  calendarId: string | null;
  tiers: SlaTierResponse[];
  warnBeforeMinutes: number;
  match: { kinds?: string[]; severities?: string[]; channels?: string[] };
  priority: number;
  active: boolean;
  version: number;
}

export interface WorkingPeriod {
  start: string;
  end: string;
}

export interface CalendarResponse {
  id: string;
  code: string | null;
  name: string;
  description: string | null;
  timeZone: string;
  /** ISO weekday "1".."7" → working periods. */
  weekHours: Record<string, WorkingPeriod[]>;
  holidays: string[];
  adjustedWorkdays: string[];
  adjustedWorkdayHours: WorkingPeriod[] | null;
  version: number;
}

/** A customer archive matching the caller's phone (`GET /customers/lookup`). */
export interface CustomerMatch {
  id: string;
  name: string;
  kind: string;
  owningUnitName: string;
  grade: string | null;
  hqFiled: boolean;
  /** The contact whose phone matched, when it was a contact's. */
  matchedContactName: string | null;
}

export interface CustomerLookupResponse {
  phone: string;
  items: CustomerMatch[];
}
