import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { forbidden, illegalTransition, notFound, ruleViolated } from '../../common/errors';
import { DEFAULT_PAGE_SIZE, type Page, pageFromRows } from '../../common/pagination';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { customerScopeSql, mayApproveAccess, keysetPosition } from './customer-access';
import { SqlParams } from '../../common/sql';
import type {
  AccessRequestQuery,
  AccessRequestResponse,
  AccessRequestStatus,
  Confidentiality,
  CreateAccessRequestDto,
  DecideAccessRequestDto,
} from './customer.dto';
import { CustomersService } from './customers.service';

export const DEFAULT_ACCESS_HOURS = 72;

interface AccessRequestRow {
  id: string;
  customer_id: string;
  customer_name: string;
  confidentiality: Confidentiality;
  owning_unit_id: string;
  owning_unit_path: string;
  requester_id: string;
  requester_name: string;
  reason: string;
  duration_hours: number;
  status: AccessRequestStatus;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  expires_at: Date | null;
  version: number;
  created_at: Date;
}

const SELECT = `SELECT r.id, r.customer_id, c.name AS customer_name, c.confidentiality, c.owning_unit_id, o.path AS owning_unit_path,
    r.requester_id, ru.display_name AS requester_name, r.reason, r.duration_hours, r.status, du.display_name AS decided_by_name,
    r.decided_at, r.decision_note, r.expires_at, r.version, r.created_at
  FROM customer_access_request r
  JOIN customer c ON c.id = r.customer_id JOIN org_unit o ON o.id = c.owning_unit_id
  JOIN app_user ru ON ru.id = r.requester_id LEFT JOIN app_user du ON du.id = r.decided_by_id`;

function toResponse(r: AccessRequestRow): AccessRequestResponse {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    confidentiality: r.confidentiality,
    requesterId: r.requester_id,
    requesterName: r.requester_name,
    reason: r.reason,
    durationHours: r.duration_hours,
    status: r.status,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionNote: r.decision_note,
    expiresAt: r.expires_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

/** Access requests for confidential archives, decided by a CS manager [001 篇八 6.7]; approval grants time-limited access. */
@Injectable()
export class AccessRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomersService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async create(actor: Actor, customerId: string, dto: CreateAccessRequestDto): Promise<AccessRequestResponse> {
    if (actor.kind !== 'user') throw forbidden('Only users can request access');
    return this.dataSource.transaction(async (m) => {
      const customer = await this.customers.findInScope(actor, customerId, m, true);
      const clearance = await this.customers.clearance(actor, customer, m);
      if (clearance.cleared) {
        throw ruleViolated(
          'already_cleared',
          `You can already see this archive's details (${clearance.via === 'grant' ? 'an approved request' : 'your role'})`,
        );
      }
      const pending = (await m.query(
        `SELECT id FROM customer_access_request WHERE customer_id = $1 AND requester_id = $2 AND status = 'pending'`,
        [customerId, actor.id],
      )) as { id: string }[];
      if (pending[0]) throw ruleViolated('one_pending_request', 'You already have a pending access request for this customer');
      const rows = (await m.query(
        `INSERT INTO customer_access_request (customer_id, requester_id, reason, duration_hours, status) VALUES ($1, $2, $3, $4, 'pending') RETURNING id`,
        [customerId, actor.id, dto.reason.trim(), dto.durationHours ?? DEFAULT_ACCESS_HOURS],
      )) as { id: string }[];
      const request = await this.load(m, rows[0]!.id);
      const response = toResponse(request);
      await this.audit.record(m, actor, {
        action: 'customer.access_requested',
        entityType: 'customer_access_request',
        entityId: request.id,
        orgUnitId: customer.owning_unit_id,
        after: response,
      });
      // The managers who can decide: CS managers of the owning unit and of the units above it (HQ only for top secret).
      const managers = (await m.query(
        `SELECT u.id, o.path, o.kind FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id
         WHERE u.active AND 'cs_manager' = ANY(u.roles) AND $1 LIKE o.path || '%' AND u.id <> $2`,
        [customer.owning_unit_path, actor.id],
      )) as { id: string; path: string; kind: string }[];
      await this.notifications.notifyUsers(
        m,
        managers.filter((u) => customer.confidentiality !== 'top_secret' || u.kind === 'hq').map((u) => u.id),
        {
          kind: 'customer.access_requested',
          title: `${actor.name} asks for access to the archive of ${customer.name}`,
          body: dto.reason.trim(),
          entityType: 'customer_access_request',
          entityId: request.id,
        },
      );
      return response;
    });
  }

  async list(actor: Actor, query: AccessRequestQuery): Promise<Page<AccessRequestResponse>> {
    const p = new SqlParams();
    const where = [customerScopeSql(actor, p)];
    if (query.status) where.push(`r.status = ${p.add(query.status)}`);
    if (query.customerId) where.push(`r.customer_id = ${p.add(query.customerId)}`);
    if (query.mine === 'true') where.push(`r.requester_id = ${p.add(actor.id)}`);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (query.cursor) {
      const position = keysetPosition(query.cursor, 'timestamp');
      where.push(`(r.created_at, r.id) < (${p.add(position.v)}::timestamptz, ${p.add(position.id)}::uuid)`);
    }
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT ${p.add(limit + 1)}`,
      p.values,
    )) as AccessRequestRow[];
    return pageFromRows(rows, limit, (r) => ({ v: r.created_at.toISOString(), id: r.id }), toResponse);
  }

  async get(actor: Actor, id: string): Promise<AccessRequestResponse> {
    const row = await this.findInScope(actor, id, this.dataSource.manager);
    return toResponse(row);
  }

  async decide(actor: Actor, id: string, decision: 'approved' | 'rejected', dto: DecideAccessRequestDto): Promise<AccessRequestResponse> {
    return this.dataSource.transaction(async (m) => {
      const request = await this.findInScope(actor, id, m, true);
      if (request.status !== 'pending') throw illegalTransition(`The access request is already ${request.status}`);
      if (request.requester_id === actor.id) throw ruleViolated('no_self_approval', 'You cannot decide your own access request');
      if (!mayApproveAccess(actor, { confidentiality: request.confidentiality, owningUnitPath: request.owning_unit_path })) {
        throw forbidden(
          request.confidentiality === 'top_secret'
            ? 'Only the HQ customer service manager decides access to top-secret archives'
            : "Only a customer service manager of the customer's unit (or above) decides access requests",
        );
      }
      const before = toResponse(request);
      await m.query(
        `UPDATE customer_access_request SET status = $2::varchar, decided_by_id = $3, decided_at = now(), decision_note = $4,
           expires_at = CASE WHEN $2::varchar = 'approved' THEN now() + make_interval(hours => duration_hours) ELSE NULL END, version = version + 1
         WHERE id = $1`,
        [id, decision, actor.id, dto.note?.trim() || null],
      );
      const after = toResponse(await this.load(m, id));
      await this.audit.record(m, actor, {
        action: decision === 'approved' ? 'customer.access_approved' : 'customer.access_rejected',
        entityType: 'customer_access_request',
        entityId: id,
        orgUnitId: request.owning_unit_id,
        before,
        after,
      });
      await this.notifications.notifyUsers(m, [request.requester_id], {
        kind: decision === 'approved' ? 'customer.access_approved' : 'customer.access_rejected',
        title:
          decision === 'approved'
            ? `Access to ${request.customer_name} approved until ${after.expiresAt}`
            : `Access to ${request.customer_name} rejected`,
        body: dto.note ?? null,
        entityType: 'customer',
        entityId: request.customer_id,
      });
      return after;
    });
  }

  private async load(m: EntityManager, id: string): Promise<AccessRequestRow> {
    const rows = (await m.query(`${SELECT} WHERE r.id = $1`, [id])) as AccessRequestRow[];
    if (!rows[0]) throw notFound('Access request');
    return rows[0];
  }

  /** A request is visible to whoever sees its customer. */
  private async findInScope(actor: Actor, id: string, m: EntityManager, lock = false): Promise<AccessRequestRow> {
    if (lock) await m.query('SELECT 1 FROM customer_access_request WHERE id = $1 FOR UPDATE', [id]);
    const p = new SqlParams();
    const rows = (await m.query(`${SELECT} WHERE r.id = ${p.add(id)} AND ${customerScopeSql(actor, p)}`, p.values)) as AccessRequestRow[];
    if (!rows[0]) throw notFound('Access request');
    return rows[0];
  }
}
