import { formatLocalDate, monthKey, nextVisitDue, normalizePhone, parseYuanToFen, reverificationDue, suggestGrade } from '@cs/domain';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, actorLabel } from '../../common/actor';
import { conflict, invalidInput, notFound, ruleViolated } from '../../common/errors';
import { DEFAULT_PAGE_SIZE, type Page, pageFromRows } from '../../common/pagination';
import { escapeLike, SqlParams } from '../../common/sql';
import { assertVersion } from '../../common/version';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { OrgUnitsService } from '../org/org-units.service';
import { clearedByRole, customerInScope, customerScopeSql, hqRestricted, keysetPosition } from './customer-access';
import {
  type ContactRow,
  CONTACT_COLUMNS,
  CUSTOMER_COLUMNS,
  CUSTOMER_FROM,
  type CustomerRow,
  loadCustomerRow,
  recentComplaints,
  recentComplaintsFromJson,
  recentComplaintsSql,
  toContactResponse,
  toCustomerResponse,
} from './customer-row';
import type {
  ContactResponse,
  CreateContactDto,
  CreateCustomerDto,
  CustomerAccessState,
  CustomerComplaintSummary,
  CustomerDetail,
  CustomerFilter,
  CustomerQuery,
  CustomerResponse,
  LookupResult,
  UpdateContactDto,
  UpdateCustomerDto,
  VerifyCustomerDto,
  WorkListItem,
  WorkListQuery,
} from './customer.dto';

/** How many complaints the archive page and the intake lookup show. */
export const RECENT_COMPLAINTS_ON_DETAIL = 10;
export const RECENT_COMPLAINTS_ON_LOOKUP = 5;
export const LOOKUP_LIMIT = 20;
/** A `q` that looks like a phone number is matched against the phone index (exactly, normalised). */
const PHONE_LIKE = /^[+(\d][\d\s\-().]*$/;

export interface Clearance {
  cleared: boolean;
  via: 'role' | 'grant' | null;
  grantExpiresAt: Date | null;
}

@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly units: OrgUnitsService,
  ) {}

  today(now = new Date()): string {
    return formatLocalDate(now, this.config.business.timeZone);
  }

  /** Loads a customer the actor may see, else 404 (existence outside the scope is not revealed). */
  async findInScope(actor: Actor, id: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<CustomerRow> {
    if (lock) await m.query('SELECT 1 FROM customer WHERE id = $1 FOR UPDATE', [id]);
    const row = await loadCustomerRow(m, id);
    if (
      !row ||
      !customerInScope(actor, { owningUnitPath: row.owning_unit_path, owningUnitKind: row.owning_unit_kind, hqFiled: row.hq_filed })
    ) {
      throw notFound('Customer');
    }
    return row;
  }

  async clearance(actor: Actor, row: CustomerRow, m: EntityManager = this.dataSource.manager): Promise<Clearance> {
    const grant = await this.activeGrant(actor, row.id, m);
    if (clearedByRole(actor, { confidentiality: row.confidentiality, owningUnitId: row.owning_unit_id })) {
      return { cleared: true, via: 'role', grantExpiresAt: grant };
    }
    return grant ? { cleared: true, via: 'grant', grantExpiresAt: grant } : { cleared: false, via: null, grantExpiresAt: null };
  }

  private async activeGrant(actor: Actor, customerId: string, m: EntityManager): Promise<Date | null> {
    if (actor.kind !== 'user') return null;
    const rows = (await m.query(
      `SELECT max(expires_at) AS expires_at FROM customer_access_request
       WHERE customer_id = $1 AND requester_id = $2 AND status = 'approved' AND expires_at > now()`,
      [customerId, actor.id],
    )) as { expires_at: Date | null }[];
    return rows[0]?.expires_at ?? null;
  }

  /** Filters shared by the list and the export. */
  private filterSql(actor: Actor, filter: CustomerFilter, p: SqlParams): string[] {
    const where = [customerScopeSql(actor, p)];
    if (filter.grade) where.push(`c.grade = ${p.add(filter.grade)}`);
    if (filter.kind) where.push(`c.kind = ${p.add(filter.kind)}`);
    if (filter.confidentiality) where.push(`c.confidentiality = ${p.add(filter.confidentiality)}`);
    if (filter.hqFiled) where.push(filter.hqFiled === 'true' ? 'c.hq_filed' : 'NOT c.hq_filed');
    if (filter.owningUnitId) {
      where.push(`o.path LIKE (SELECT path FROM org_unit WHERE id = ${p.add(filter.owningUnitId)}) || '%'`);
    }
    const q = filter.q?.trim();
    if (q) {
      const phone = PHONE_LIKE.test(q) ? normalizePhone(q) : null;
      const name = `c.name ILIKE ${p.add(`%${escapeLike(q)}%`)}`;
      where.push(phone ? `(${name} OR c.id IN (SELECT customer_id FROM customer_phone WHERE phone = ${p.add(phone)}))` : name);
    }
    return where;
  }

  /**
   * One page of the list. The scope is a set of units, so the page is built per unit: a LATERAL
   * index scan on (owning_unit_id, sort key) per unit in scope, each stopping at `limit + 1`
   * matching rows, merged and cut — the cost follows the page size and the number of units, not
   * the number of customers. A phone in `q` is an exact match on the phone index instead.
   */
  async list(actor: Actor, query: CustomerQuery): Promise<Page<CustomerResponse>> {
    const p = new SqlParams();
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const byName = query.sort === 'name';
    const where: string[] = [];
    if (query.grade) where.push(`c.grade = ${p.add(query.grade)}`);
    if (query.kind) where.push(`c.kind = ${p.add(query.kind)}`);
    if (query.confidentiality) where.push(`c.confidentiality = ${p.add(query.confidentiality)}`);
    if (query.hqFiled) where.push(query.hqFiled === 'true' ? 'c.hq_filed' : 'NOT c.hq_filed');
    const q = query.q?.trim();
    const phone = q && PHONE_LIKE.test(q) ? normalizePhone(q) : null;
    if (q && !phone) where.push(`c.name ILIKE ${p.add(`%${escapeLike(q)}%`)}`);
    if (query.cursor) {
      const position = keysetPosition(query.cursor, byName ? 'text' : 'timestamp');
      where.push(
        byName
          ? `(c.name, c.id) > (${p.add(String(position.v))}::text, ${p.add(position.id)}::uuid)`
          : `(c.created_at, c.id) < (${p.add(position.v)}::timestamptz, ${p.add(position.id)}::uuid)`,
      );
    }
    const units = [`path LIKE ${p.add(`${actor.orgUnitPath}%`)}`];
    if (query.owningUnitId) units.push(`path LIKE (SELECT path FROM org_unit WHERE id = ${p.add(query.owningUnitId)}) || '%'`);
    const order = byName ? 'c.name ASC, c.id ASC' : 'c.created_at DESC, c.id DESC';
    const take = p.add(limit + 1);
    const filters = where.length > 0 ? where.join(' AND ') : 'true';
    const unitSet = (extra: string): string => `(SELECT id, name, path, kind FROM org_unit WHERE ${[...units, extra].join(' AND ')})`;
    const perUnit = (unitExtra: string, customerExtra: string): string =>
      `SELECT ${CUSTOMER_COLUMNS} FROM ${unitSet(unitExtra)} o
       CROSS JOIN LATERAL (SELECT c.* FROM customer c WHERE c.owning_unit_id = o.id AND ${filters}${customerExtra} ORDER BY ${order} LIMIT ${take}) c`;
    let sql: string;
    if (phone) {
      sql = `SELECT ${CUSTOMER_COLUMNS} FROM customer_phone cp JOIN customer c ON c.id = cp.customer_id
             JOIN ${unitSet('true')} o ON o.id = c.owning_unit_id
           WHERE cp.phone = ${p.add(phone)} AND ${filters}${hqRestricted(actor) ? ` AND (c.hq_filed OR o.kind = 'hq')` : ''}
           GROUP BY c.id, o.id, o.name, o.path, o.kind ORDER BY ${order} LIMIT ${take}`;
    } else if (hqRestricted(actor)) {
      // HQ: everything HQ owns, and the filed customers of the other units (partial index).
      sql = `SELECT * FROM (${perUnit(`kind = 'hq'`, '')} UNION ALL ${perUnit(`kind <> 'hq'`, ' AND c.hq_filed')}) c
             ORDER BY ${order} LIMIT ${take}`;
    } else {
      sql = `${perUnit('true', '')} ORDER BY ${order} LIMIT ${take}`;
    }
    const rows = (await this.dataSource.query(sql, p.values)) as CustomerRow[];
    return pageFromRows(
      rows,
      limit,
      (r) => ({ v: byName ? r.name : r.created_at.toISOString(), id: r.id }),
      (r) => toCustomerResponse(r, true),
    );
  }

  /** Every customer matching the filters, for the export (masked like a list). */
  async exportRows(actor: Actor, filter: CustomerFilter): Promise<{ customer: CustomerResponse; owningUnitCode: string | null }[]> {
    const p = new SqlParams();
    const where = this.filterSql(actor, filter, p);
    const rows = (await this.dataSource.query(
      `SELECT ${CUSTOMER_COLUMNS}, o.code AS owning_unit_code FROM ${CUSTOMER_FROM} WHERE ${where.join(' AND ')} ORDER BY c.name, c.id`,
      p.values,
    )) as (CustomerRow & { owning_unit_code: string | null })[];
    return rows.map((r) => ({ customer: toCustomerResponse(r, true), owningUnitCode: r.owning_unit_code }));
  }

  async get(actor: Actor, id: string): Promise<CustomerDetail> {
    const m = this.dataSource.manager;
    const row = await this.findInScope(actor, id, m);
    const clearance = await this.clearance(actor, row, m);
    if (row.confidentiality !== 'secret') {
      // Every read of a confidential / top-secret archive is on record, cleared or not.
      await this.audit.record(m, actor, {
        action: 'customer.detail_read',
        entityType: 'customer',
        entityId: row.id,
        orgUnitId: row.owning_unit_id,
        after: { confidentiality: row.confidentiality, cleared: clearance.cleared, via: clearance.via },
      });
    }
    const [contacts, volumes, complaints, complaintCount, pending] = await Promise.all([
      m.query(`SELECT ${CONTACT_COLUMNS} FROM customer_contact WHERE customer_id = $1 ORDER BY is_principal DESC, created_at, id`, [
        id,
      ]) as Promise<ContactRow[]>,
      m.query(
        `SELECT period, annual_business_volume::text AS annual_business_volume, monthly_shipment_volume FROM customer_volume
         WHERE customer_id = $1 ORDER BY period DESC LIMIT 24`,
        [id],
      ) as Promise<{ period: string; annual_business_volume: string; monthly_shipment_volume: number }[]>,
      recentComplaints(m, [id], RECENT_COMPLAINTS_ON_DETAIL),
      m.query(
        `SELECT count(*)::int AS n FROM complaint WHERE customer_id = $1 AND kind = 'complaint' AND received_at > now() - interval '12 months'`,
        [id],
      ) as Promise<{ n: number }[]>,
      actor.kind === 'user'
        ? (m.query(`SELECT id FROM customer_access_request WHERE customer_id = $1 AND requester_id = $2 AND status = 'pending'`, [
            id,
            actor.id,
          ]) as Promise<{ id: string }[]>)
        : Promise.resolve([] as { id: string }[]),
    ]);
    const currentPeriod = monthKey(new Date(), this.config.business.timeZone);
    const yearAgo = `${Number(currentPeriod.slice(0, 4)) - 1}${currentPeriod.slice(4)}`;
    const previous = volumes.find((v) => v.period <= yearAgo);
    const today = this.today();
    const access: CustomerAccessState = {
      cleared: clearance.cleared,
      via: clearance.via,
      grantExpiresAt: clearance.grantExpiresAt?.toISOString() ?? null,
      pendingRequestId: pending[0]?.id ?? null,
    };
    return {
      ...toCustomerResponse(row, !clearance.cleared),
      contacts: contacts.map((c) => toContactResponse(c, clearance.cleared, row.confidentiality)),
      suggestedGrade: suggestGrade({
        kind: row.kind,
        annualBusinessFen: parseYuanToFen(row.annual_business_volume),
        monthlyShipmentVolume: row.monthly_shipment_volume,
        shipmentFrequency: row.shipment_frequency,
        previousAnnualBusinessFen: previous ? parseYuanToFen(previous.annual_business_volume) : null,
        complaintsLast12Months: complaintCount[0]?.n ?? 0,
      }),
      volumes: volumes
        .map((v) => ({
          period: v.period,
          annualBusinessVolume: v.annual_business_volume,
          monthlyShipmentVolume: v.monthly_shipment_volume,
        }))
        .reverse(),
      recentComplaints: complaints.get(id) ?? [],
      access,
      nextVisitDueOn: nextVisitDue({
        lastVisitOn: row.last_visit_on,
        openedOn: formatLocalDate(row.created_at, this.config.business.timeZone),
        projectDeliveredOn: row.project_delivered_on,
        today,
      }),
      reverificationDueOn: reverificationDue(formatLocalDate(row.verified_at, this.config.business.timeZone)),
    };
  }

  async create(actor: Actor, dto: CreateCustomerDto): Promise<CustomerResponse> {
    const phones = normalizeOrReject(dto.phones ?? [], 'phones');
    return this.dataSource.transaction(async (m) => {
      const unit = await this.units.findInScope(actor, dto.owningUnitId, m);
      await this.assertNameFree(m, unit.id, dto.name.trim(), null);
      const grade = dto.grade ?? null;
      const rows = (await m.query(
        `INSERT INTO customer (name, kind, owning_unit_id, address, phones, monthly_shipment_volume, shipment_frequency,
           annual_business_volume, grade, grade_reason, grade_set_by_id, grade_set_by_name, grade_set_at, confidentiality, suggestions, project_delivered_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $9::char IS NULL THEN NULL ELSE now() END, $13, $14, $15)
         RETURNING id`,
        [
          dto.name.trim(),
          dto.kind,
          unit.id,
          dto.address ?? null,
          dto.phones ?? [],
          dto.monthlyShipmentVolume ?? 0,
          dto.shipmentFrequency,
          dto.annualBusinessVolume,
          grade,
          grade ? dto.gradeReason!.trim() : null,
          grade && actor.kind === 'user' ? actor.id : null,
          grade ? actorLabel(actor) : null,
          dto.confidentiality ?? 'secret',
          dto.suggestions ?? null,
          dto.projectDeliveredOn ?? null,
        ],
      )) as { id: string }[];
      const id = rows[0]!.id;
      await this.replacePhones(m, id, null, phones);
      await this.recordVolume(m, id);
      const row = (await loadCustomerRow(m, id))!;
      const response = toCustomerResponse(row, false);
      await this.audit.record(m, actor, {
        action: 'customer.created',
        entityType: 'customer',
        entityId: id,
        orgUnitId: unit.id,
        after: response,
      });
      if (row.hq_filed) await this.recordFilingChange(m, actor, row, true);
      return response;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateCustomerDto): Promise<CustomerResponse> {
    const phones = dto.phones ? normalizeOrReject(dto.phones, 'phones') : null;
    return this.dataSource.transaction(async (m) => {
      const row = await this.findInScope(actor, id, m, true);
      assertVersion('Customer', row.version, dto.version);
      const before = toCustomerResponse(row, false);
      const sets: string[] = [];
      const p = new SqlParams();
      const set = (column: string, value: unknown): void => {
        sets.push(`${column} = ${p.add(value)}`);
      };
      let owningUnitId = row.owning_unit_id;
      if (dto.owningUnitId !== undefined && dto.owningUnitId !== row.owning_unit_id) {
        owningUnitId = (await this.units.findInScope(actor, dto.owningUnitId, m)).id;
        set('owning_unit_id', owningUnitId);
      }
      if (dto.name !== undefined) set('name', dto.name.trim());
      if (dto.name !== undefined || owningUnitId !== row.owning_unit_id)
        await this.assertNameFree(m, owningUnitId, dto.name?.trim() ?? row.name, id);
      if (dto.kind !== undefined) set('kind', dto.kind);
      if (dto.address !== undefined) set('address', dto.address);
      if (dto.phones !== undefined) set('phones', dto.phones);
      if (dto.monthlyShipmentVolume !== undefined) set('monthly_shipment_volume', dto.monthlyShipmentVolume);
      if (dto.shipmentFrequency !== undefined) set('shipment_frequency', dto.shipmentFrequency);
      if (dto.annualBusinessVolume !== undefined) set('annual_business_volume', dto.annualBusinessVolume);
      if (dto.confidentiality !== undefined) set('confidentiality', dto.confidentiality);
      if (dto.suggestions !== undefined) set('suggestions', dto.suggestions);
      if (dto.projectDeliveredOn !== undefined) set('project_delivered_on', dto.projectDeliveredOn);
      if (dto.grade !== undefined) {
        set('grade', dto.grade);
        set('grade_reason', dto.gradeReason!.trim());
        set('grade_set_by_id', actor.kind === 'user' ? actor.id : null);
        set('grade_set_by_name', actorLabel(actor));
        sets.push('grade_set_at = now()');
      }
      sets.push('version = version + 1', 'updated_at = now()');
      await m.query(`UPDATE customer SET ${sets.join(', ')} WHERE id = ${p.add(id)}`, p.values);
      if (phones) await this.replacePhones(m, id, null, phones);
      if (dto.annualBusinessVolume !== undefined || dto.monthlyShipmentVolume !== undefined) await this.recordVolume(m, id);
      const after = (await loadCustomerRow(m, id))!;
      const response = toCustomerResponse(after, false);
      await this.audit.record(m, actor, {
        action: 'customer.updated',
        entityType: 'customer',
        entityId: id,
        orgUnitId: owningUnitId,
        before,
        after: response,
      });
      if (after.hq_filed !== row.hq_filed) await this.recordFilingChange(m, actor, after, after.hq_filed);
      return response;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const row = await this.findInScope(actor, id, m, true);
      const [usage] = (await m.query(
        `SELECT (SELECT count(*) FROM visit_plan_visit WHERE customer_id = $1)::int AS visits,
                (SELECT count(*) FROM visit_report WHERE customer_id = $1)::int AS reports,
                (SELECT count(*) FROM shipment_check WHERE customer_id = $1)::int AS checks,
                (SELECT count(*) FROM complaint WHERE customer_id = $1)::int AS complaints`,
        [id],
      )) as { visits: number; reports: number; checks: number; complaints: number }[];
      if (usage && usage.visits + usage.reports + usage.checks + usage.complaints > 0) {
        throw ruleViolated(
          'customer_has_history',
          `The customer has ${usage.visits} planned visits, ${usage.reports} visit reports, ${usage.checks} shipment checks and ${usage.complaints} complaints; an archive with history cannot be deleted`,
        );
      }
      await m.query('DELETE FROM customer WHERE id = $1', [id]);
      await this.audit.record(m, actor, {
        action: 'customer.deleted',
        entityType: 'customer',
        entityId: id,
        orgUnitId: row.owning_unit_id,
        before: toCustomerResponse(row, false),
      });
    });
  }

  /** Confirms the archive is up to date (quarterly re-verification [001 篇八 6.5]). */
  async verify(actor: Actor, id: string, dto: VerifyCustomerDto): Promise<CustomerResponse> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.findInScope(actor, id, m, true);
      assertVersion('Customer', row.version, dto.version);
      await m.query(
        `UPDATE customer SET verified_at = now(), reverify_notified_for = NULL, version = version + 1, updated_at = now() WHERE id = $1`,
        [id],
      );
      const after = (await loadCustomerRow(m, id))!;
      await this.audit.record(m, actor, {
        action: 'customer.verified',
        entityType: 'customer',
        entityId: id,
        orgUnitId: row.owning_unit_id,
        before: { verifiedAt: row.verified_at.toISOString() },
        after: { verifiedAt: after.verified_at.toISOString() },
      });
      return toCustomerResponse(after, false);
    });
  }

  /** One statement: the matching archives in scope with their recent complaints. */
  async lookup(actor: Actor, rawPhone: string): Promise<LookupResult> {
    const phone = normalizePhone(rawPhone);
    if (!phone) throw invalidInput('phone', 'is not a phone number');
    const p = new SqlParams();
    const phoneParam = p.add(phone);
    const rows = (await this.dataSource.query(
      `SELECT ${CUSTOMER_COLUMNS}, m.contact_name AS matched_contact_name,
         ${recentComplaintsSql(p.add(RECENT_COMPLAINTS_ON_LOOKUP))} AS recent_complaints
       FROM (SELECT DISTINCT ON (cp.customer_id) cp.customer_id, cc.name AS contact_name
             FROM customer_phone cp LEFT JOIN customer_contact cc ON cc.id = cp.contact_id
             WHERE cp.phone = ${phoneParam} ORDER BY cp.customer_id, cp.contact_id NULLS FIRST) m
       JOIN customer c ON c.id = m.customer_id JOIN org_unit o ON o.id = c.owning_unit_id
       WHERE ${customerScopeSql(actor, p)}
       ORDER BY c.hq_filed DESC, c.name LIMIT ${LOOKUP_LIMIT}`,
      p.values,
    )) as (CustomerRow & { matched_contact_name: string | null; recent_complaints: CustomerComplaintSummary[] | null })[];
    return {
      phone,
      items: rows.map((r) => ({
        ...toCustomerResponse(r, true),
        matchedContactName: r.matched_contact_name,
        recentComplaints: recentComplaintsFromJson(r.recent_complaints),
      })),
    };
  }

  /** Archives due a visit (monthly in a delivered project's first year, else quarterly) or a quarterly re-verification. */
  async workList(actor: Actor, query: WorkListQuery): Promise<Page<WorkListItem>> {
    const p = new SqlParams();
    const today = p.add(this.today());
    const due =
      query.reason === 'visit_due'
        ? visitDueSql(p.add(this.config.business.timeZone))
        : reverifyDueSql(p.add(this.config.business.timeZone));
    const where = [customerScopeSql(actor, p), `${due} <= ${today}::date`];
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (query.cursor) {
      const position = keysetPosition(query.cursor, 'date');
      where.push(`(${due}, c.id) > (${p.add(position.v)}::date, ${p.add(position.id)}::uuid)`);
    }
    const rows = (await this.dataSource.query(
      `SELECT ${CUSTOMER_COLUMNS}, to_char(${due}, 'YYYY-MM-DD') AS due_on FROM ${CUSTOMER_FROM}
       WHERE ${where.join(' AND ')} ORDER BY ${due}, c.id LIMIT ${p.add(limit + 1)}`,
      p.values,
    )) as (CustomerRow & { due_on: string })[];
    return pageFromRows(
      rows,
      limit,
      (r) => ({ v: r.due_on, id: r.id }),
      (r) => ({ ...toCustomerResponse(r, true), reason: query.reason, dueOn: r.due_on }),
    );
  }

  // ---------------------------------------------------------------- contacts

  async listContacts(actor: Actor, customerId: string): Promise<ContactResponse[]> {
    const row = await this.findInScope(actor, customerId);
    const contacts = (await this.dataSource.query(
      `SELECT ${CONTACT_COLUMNS} FROM customer_contact WHERE customer_id = $1 ORDER BY is_principal DESC, created_at, id`,
      [customerId],
    )) as ContactRow[];
    // A list never carries personal details; open the archive (or the contact) for them.
    return contacts.map((c) => toContactResponse(c, false, row.confidentiality));
  }

  async getContact(actor: Actor, customerId: string, contactId: string): Promise<ContactResponse> {
    const m = this.dataSource.manager;
    const row = await this.findInScope(actor, customerId, m);
    const contact = await this.findContact(m, customerId, contactId);
    const clearance = await this.clearance(actor, row, m);
    if (row.confidentiality !== 'secret') {
      await this.audit.record(m, actor, {
        action: 'customer.contact_read',
        entityType: 'customer_contact',
        entityId: contactId,
        orgUnitId: row.owning_unit_id,
        after: { customerId, confidentiality: row.confidentiality, cleared: clearance.cleared, via: clearance.via },
      });
    }
    return toContactResponse(contact, clearance.cleared, row.confidentiality);
  }

  async createContact(actor: Actor, customerId: string, dto: CreateContactDto): Promise<ContactResponse> {
    const phones = contactPhones(dto.phone ?? null, dto.personalPhone ?? null);
    return this.dataSource.transaction(async (m) => {
      const row = await this.findInScope(actor, customerId, m, true);
      if (dto.isPrincipal)
        await m.query('UPDATE customer_contact SET is_principal = false WHERE customer_id = $1 AND is_principal', [customerId]);
      const inserted = (await m.query(
        `INSERT INTO customer_contact (customer_id, name, title, phone, personal_phone, email, birthday, hobbies, is_principal)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          customerId,
          dto.name.trim(),
          dto.title ?? null,
          dto.phone ?? null,
          dto.personalPhone ?? null,
          dto.email ?? null,
          dto.birthday ?? null,
          dto.hobbies ?? null,
          dto.isPrincipal ?? false,
        ],
      )) as { id: string }[];
      const contactId = inserted[0]!.id;
      await this.replacePhones(m, customerId, contactId, phones);
      const contact = await this.findContact(m, customerId, contactId);
      const full = toContactResponse(contact, true, row.confidentiality);
      await this.audit.record(m, actor, {
        action: 'customer.contact_created',
        entityType: 'customer_contact',
        entityId: contactId,
        orgUnitId: row.owning_unit_id,
        after: full,
      });
      const clearance = await this.clearance(actor, row, m);
      return toContactResponse(contact, clearance.cleared, row.confidentiality);
    });
  }

  async updateContact(actor: Actor, customerId: string, contactId: string, dto: UpdateContactDto): Promise<ContactResponse> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.findInScope(actor, customerId, m, true);
      const contact = await this.findContact(m, customerId, contactId);
      assertVersion('Contact', contact.version, dto.version);
      const clearance = await this.clearance(actor, row, m);
      const touchesHidden = (['personalPhone', 'birthday', 'hobbies', 'phone', 'email'] as const).some(
        (f) => dto[f] !== undefined && toContactResponse(contact, false, row.confidentiality).maskedFields.includes(f),
      );
      if (!clearance.cleared && touchesHidden) {
        throw ruleViolated('needs_clearance', 'You cannot change contact details you are not cleared to see; request access first');
      }
      const before = toContactResponse(contact, true, row.confidentiality);
      const p = new SqlParams();
      const sets: string[] = [];
      const set = (column: string, value: unknown): void => {
        sets.push(`${column} = ${p.add(value)}`);
      };
      if (dto.name !== undefined) set('name', dto.name.trim());
      if (dto.title !== undefined) set('title', dto.title);
      if (dto.phone !== undefined) set('phone', dto.phone);
      if (dto.personalPhone !== undefined) set('personal_phone', dto.personalPhone);
      if (dto.email !== undefined) set('email', dto.email);
      if (dto.birthday !== undefined) set('birthday', dto.birthday);
      if (dto.hobbies !== undefined) set('hobbies', dto.hobbies);
      if (dto.isPrincipal !== undefined) set('is_principal', dto.isPrincipal);
      if (dto.isPrincipal)
        await m.query('UPDATE customer_contact SET is_principal = false WHERE customer_id = $1 AND id <> $2', [customerId, contactId]);
      sets.push('version = version + 1', 'updated_at = now()');
      await m.query(`UPDATE customer_contact SET ${sets.join(', ')} WHERE id = ${p.add(contactId)}`, p.values);
      const after = await this.findContact(m, customerId, contactId);
      if (dto.phone !== undefined || dto.personalPhone !== undefined) {
        await this.replacePhones(m, customerId, contactId, contactPhones(after.phone, after.personal_phone));
      }
      await this.audit.record(m, actor, {
        action: 'customer.contact_updated',
        entityType: 'customer_contact',
        entityId: contactId,
        orgUnitId: row.owning_unit_id,
        before,
        after: toContactResponse(after, true, row.confidentiality),
      });
      return toContactResponse(after, clearance.cleared, row.confidentiality);
    });
  }

  async removeContact(actor: Actor, customerId: string, contactId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const row = await this.findInScope(actor, customerId, m, true);
      const contact = await this.findContact(m, customerId, contactId);
      await m.query('DELETE FROM customer_contact WHERE id = $1', [contactId]);
      await this.audit.record(m, actor, {
        action: 'customer.contact_deleted',
        entityType: 'customer_contact',
        entityId: contactId,
        orgUnitId: row.owning_unit_id,
        before: toContactResponse(contact, true, row.confidentiality),
      });
    });
  }

  private async findContact(m: EntityManager, customerId: string, contactId: string): Promise<ContactRow> {
    const rows = (await m.query(`SELECT ${CONTACT_COLUMNS} FROM customer_contact WHERE id = $1 AND customer_id = $2`, [
      contactId,
      customerId,
    ])) as ContactRow[];
    if (!rows[0]) throw notFound('Contact');
    return rows[0];
  }

  // ---------------------------------------------------------------- shared writes

  private async assertNameFree(m: EntityManager, unitId: string, name: string, exceptId: string | null): Promise<void> {
    const taken = (await m.query(
      `SELECT 1 FROM customer WHERE owning_unit_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3::uuid`,
      [unitId, name, exceptId],
    )) as unknown[];
    if (taken.length > 0) throw conflict(`The unit already has a customer archive named "${name}"`);
  }

  /** The customer's own phones (contactId null) or one contact's, as normalised lookup rows. */
  private async replacePhones(m: EntityManager, customerId: string, contactId: string | null, phones: string[]): Promise<void> {
    await m.query(`DELETE FROM customer_phone WHERE customer_id = $1 AND contact_id IS NOT DISTINCT FROM $2::uuid`, [
      customerId,
      contactId,
    ]);
    if (phones.length > 0) {
      await m.query(`INSERT INTO customer_phone (customer_id, contact_id, phone) SELECT $1, $2::uuid, unnest($3::varchar[])`, [
        customerId,
        contactId,
        phones,
      ]);
    }
  }

  /** Keeps this month's snapshot of the volumes (the archive's "volumes over time" and the grade trend). */
  async recordVolume(m: EntityManager, customerId: string): Promise<void> {
    await m.query(
      `INSERT INTO customer_volume (customer_id, period, annual_business_volume, monthly_shipment_volume)
       SELECT id, $2, annual_business_volume, monthly_shipment_volume FROM customer WHERE id = $1
       ON CONFLICT (customer_id, period) DO UPDATE SET annual_business_volume = EXCLUDED.annual_business_volume,
         monthly_shipment_volume = EXCLUDED.monthly_shipment_volume, recorded_at = now()`,
      [customerId, monthKey(new Date(), this.config.business.timeZone)],
    );
  }

  /** HQ filing follows the volume both ways; each change is audited and HQ's CS managers are told. */
  private async recordFilingChange(m: EntityManager, actor: Actor, row: CustomerRow, filed: boolean): Promise<void> {
    await this.audit.record(m, actor, {
      action: filed ? 'customer.hq_filed' : 'customer.hq_unfiled',
      entityType: 'customer',
      entityId: row.id,
      orgUnitId: row.owning_unit_id,
      after: { hqFiled: filed, annualBusinessVolume: row.annual_business_volume, threshold: '1000000.00' },
    });
    const hq = (await m.query(`SELECT id FROM org_unit WHERE kind = 'hq' LIMIT 1`)) as { id: string }[];
    if (hq[0]) {
      await this.notifications.notifyRoleInUnit(m, hq[0].id, ['cs_manager'], {
        kind: filed ? 'customer.hq_filed' : 'customer.hq_unfiled',
        title: filed
          ? `${row.name} is now filed with HQ (annual business ${row.annual_business_volume} yuan)`
          : `${row.name} is no longer filed with HQ (annual business ${row.annual_business_volume} yuan)`,
        entityType: 'customer',
        entityId: row.id,
      });
    }
  }
}

export function normalizeOrReject(phones: readonly string[], field: string): string[] {
  const out = new Set<string>();
  phones.forEach((raw, i) => {
    const n = normalizePhone(raw);
    if (!n) throw invalidInput(`${field}[${i}]`, 'is not a phone number');
    out.add(n);
  });
  return [...out];
}

function contactPhones(phone: string | null, personalPhone: string | null): string[] {
  const list: string[] = [];
  if (phone) list.push(...normalizeOrReject([phone], 'phone'));
  if (personalPhone) list.push(...normalizeOrReject([personalPhone], 'personalPhone'));
  return [...new Set(list)];
}

/** SQL for the date a customer's next visit is due (same rule as `nextVisitDue` in @cs/domain). */
export function visitDueSql(tzParam: string): string {
  return `(coalesce(c.last_visit_on, (c.created_at AT TIME ZONE ${tzParam})::date)
    + CASE WHEN c.project_delivered_on > ((now() AT TIME ZONE ${tzParam})::date - interval '12 months') THEN interval '1 month' ELSE interval '3 months' END)::date`;
}

/** SQL for the date a customer's archive is due re-verification (`reverificationDue`). */
export function reverifyDueSql(tzParam: string): string {
  return `((c.verified_at AT TIME ZONE ${tzParam})::date + interval '3 months')::date`;
}
