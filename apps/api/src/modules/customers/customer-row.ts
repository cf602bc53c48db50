import type { EntityManager } from 'typeorm';
import type { CustomerGrade, CustomerKind, ShipmentFrequency } from '@cs/domain';
import { CONFIDENTIAL_CONTACT_FIELDS, CONFIDENTIAL_CUSTOMER_FIELDS, PERSONAL_CONTACT_FIELDS } from './customer-access';
import type { Confidentiality, ContactResponse, CustomerComplaintSummary, CustomerResponse } from './customer.dto';

/** A customer row as the module's queries select it (`CUSTOMER_COLUMNS`). */
export interface CustomerRow {
  id: string;
  name: string;
  kind: CustomerKind;
  owning_unit_id: string;
  owning_unit_name: string;
  owning_unit_path: string;
  owning_unit_kind: string;
  address: string | null;
  phones: string[];
  monthly_shipment_volume: number;
  shipment_frequency: ShipmentFrequency;
  annual_business_volume: string;
  hq_filed: boolean;
  grade: CustomerGrade | null;
  grade_reason: string | null;
  grade_set_by_name: string | null;
  grade_set_at: Date | null;
  confidentiality: Confidentiality;
  suggestions: string | null;
  project_delivered_on: string | null;
  last_visit_on: string | null;
  verified_at: Date;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const CUSTOMER_COLUMNS = `c.id, c.name, c.kind, c.owning_unit_id, o.name AS owning_unit_name, o.path AS owning_unit_path,
  o.kind AS owning_unit_kind, c.address, c.phones, c.monthly_shipment_volume, c.shipment_frequency,
  c.annual_business_volume::text AS annual_business_volume, c.hq_filed, c.grade, c.grade_reason, c.grade_set_by_name,
  c.grade_set_at, c.confidentiality, c.suggestions, to_char(c.project_delivered_on, 'YYYY-MM-DD') AS project_delivered_on,
  to_char(c.last_visit_on, 'YYYY-MM-DD') AS last_visit_on, c.verified_at, c.version, c.created_at, c.updated_at`;

export const CUSTOMER_FROM = `customer c JOIN org_unit o ON o.id = c.owning_unit_id`;

export async function loadCustomerRow(m: EntityManager, id: string): Promise<CustomerRow | null> {
  const rows = (await m.query(`SELECT ${CUSTOMER_COLUMNS} FROM ${CUSTOMER_FROM} WHERE c.id = $1`, [id])) as CustomerRow[];
  return rows[0] ?? null;
}

/** `masked`: withhold the confidential customer fields (lists, and uncleared callers of confidential archives). */
export function toCustomerResponse(row: CustomerRow, masked: boolean): CustomerResponse {
  const hide = masked && row.confidentiality !== 'secret';
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    owningUnitId: row.owning_unit_id,
    owningUnitName: row.owning_unit_name,
    address: hide ? null : row.address,
    phones: row.phones,
    monthlyShipmentVolume: row.monthly_shipment_volume,
    shipmentFrequency: row.shipment_frequency,
    annualBusinessVolume: row.annual_business_volume,
    hqFiled: row.hq_filed,
    grade: row.grade,
    gradeReason: row.grade_reason,
    gradeSetByName: row.grade_set_by_name,
    gradeSetAt: row.grade_set_at?.toISOString() ?? null,
    confidentiality: row.confidentiality,
    suggestions: hide ? null : row.suggestions,
    projectDeliveredOn: row.project_delivered_on,
    lastVisitOn: row.last_visit_on,
    verifiedAt: row.verified_at.toISOString(),
    maskedFields: hide ? [...CONFIDENTIAL_CUSTOMER_FIELDS] : [],
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface ContactRow {
  id: string;
  customer_id: string;
  name: string;
  title: string | null;
  phone: string | null;
  personal_phone: string | null;
  email: string | null;
  birthday: string | null;
  hobbies: string | null;
  is_principal: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const CONTACT_COLUMNS = `id, customer_id, name, title, phone, personal_phone, email, to_char(birthday, 'YYYY-MM-DD') AS birthday,
  hobbies, is_principal, version, created_at, updated_at`;

/**
 * `cleared`: the caller may see personal details. Uncleared callers never see the personal
 * fields, and for confidential / top-secret archives not the work phone and e-mail either.
 */
export function toContactResponse(row: ContactRow, cleared: boolean, confidentiality: Confidentiality): ContactResponse {
  const masked: string[] = cleared ? [] : [...PERSONAL_CONTACT_FIELDS];
  if (!cleared && confidentiality !== 'secret') masked.unshift(...CONFIDENTIAL_CONTACT_FIELDS);
  const show = <T>(field: string, value: T): T | null => (masked.includes(field) ? null : value);
  return {
    id: row.id,
    customerId: row.customer_id,
    name: row.name,
    title: row.title,
    phone: show('phone', row.phone),
    personalPhone: show('personalPhone', row.personal_phone),
    email: show('email', row.email),
    birthday: show('birthday', row.birthday),
    hobbies: show('hobbies', row.hobbies),
    isPrincipal: row.is_principal,
    maskedFields: masked,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Recent complaints and inquiries about customers (the complaints module's table, read only). */
export async function recentComplaints(
  m: EntityManager,
  customerIds: string[],
  perCustomer: number,
): Promise<Map<string, CustomerComplaintSummary[]>> {
  const out = new Map<string, CustomerComplaintSummary[]>();
  if (customerIds.length === 0) return out;
  const rows = (await m.query(
    `SELECT r.* FROM unnest($1::uuid[]) AS ids(customer_id)
     CROSS JOIN LATERAL (
       SELECT id, customer_id, number, kind, status, subject, received_at FROM complaint
       WHERE customer_id = ids.customer_id ORDER BY received_at DESC LIMIT $2
     ) r`,
    [customerIds, perCustomer],
  )) as { id: string; customer_id: string; number: string; kind: string; status: string; subject: string; received_at: Date }[];
  for (const r of rows) {
    const list = out.get(r.customer_id) ?? [];
    list.push({ id: r.id, number: r.number, kind: r.kind, status: r.status, subject: r.subject, receivedAt: r.received_at.toISOString() });
    out.set(r.customer_id, list);
  }
  return out;
}

/**
 * A select item: the customer's (`c`) latest complaints as a JSON array, for reading them in the
 * same statement as the customers (`recentComplaintsFromJson` turns it into summaries).
 */
export function recentComplaintsSql(limitParam: string): string {
  return `(SELECT json_agg(json_build_object('id', r.id, 'number', r.number, 'kind', r.kind, 'status', r.status, 'subject', r.subject,
             'receivedAt', r.received_at) ORDER BY r.received_at DESC)
           FROM (SELECT id, number, kind, status, subject, received_at FROM complaint
                 WHERE customer_id = c.id ORDER BY received_at DESC LIMIT ${limitParam}) r)`;
}

export function recentComplaintsFromJson(json: CustomerComplaintSummary[] | null): CustomerComplaintSummary[] {
  return (json ?? []).map((r) => ({ ...r, receivedAt: new Date(r.receivedAt).toISOString() }));
}
