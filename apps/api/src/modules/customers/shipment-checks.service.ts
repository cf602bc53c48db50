import { formatLocalDate } from '@cs/domain';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Actor, actorLabel } from '../../common/actor';
import { invalidInput, notFound, ruleViolated } from '../../common/errors';
import { DEFAULT_PAGE_SIZE, type Page, pageFromRows } from '../../common/pagination';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { keysetPosition } from './customer-access';
import { SqlParams } from '../../common/sql';
import { CustomersService } from './customers.service';
import type { CreateShipmentCheckDto, ShipmentCheckQuery, ShipmentCheckResponse, ShipmentCheckResult } from './visit.dto';

interface CheckRow {
  id: string;
  customer_id: string | null;
  customer_name: string | null;
  route: string | null;
  unit_id: string;
  checked_on: string;
  tracking_numbers: string[];
  result: ShipmentCheckResult;
  findings: string;
  inspector_name: string;
  created_at: Date;
}

const SELECT = `SELECT s.id, s.customer_id, c.name AS customer_name, s.route, s.unit_id, to_char(s.checked_on, 'YYYY-MM-DD') AS checked_on,
    s.tracking_numbers, s.result, s.findings, s.inspector_name, s.created_at
  FROM shipment_check s JOIN org_unit o ON o.id = s.unit_id LEFT JOIN customer c ON c.id = s.customer_id`;

function toResponse(r: CheckRow): ShipmentCheckResponse {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    route: r.route,
    unitId: r.unit_id,
    checkedOn: r.checked_on,
    trackingNumbers: r.tracking_numbers,
    result: r.result,
    findings: r.findings,
    inspectorName: r.inspector_name,
    createdAt: r.created_at.toISOString(),
  };
}

/** Shipment follow-up [000 §17–20]: tracking inspections of a large customer's shipments or of a problem route. */
@Injectable()
export class ShipmentChecksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly customers: CustomersService,
    private readonly audit: AuditService,
  ) {}

  /** Checks of a customer follow the customer's visibility; route checks belong to the inspecting unit. */
  private scopeSql(actor: Actor, p: SqlParams): string {
    return `o.path LIKE ${p.add(`${actor.orgUnitPath}%`)} AND (s.customer_id IS NULL OR s.customer_id IN (
      SELECT cc.id FROM customer cc JOIN org_unit co ON co.id = cc.owning_unit_id WHERE cc.id = s.customer_id
        AND (co.path LIKE ${p.add(`${actor.orgUnitPath}%`)}) AND (${actor.orgUnitKind === 'hq' && !actor.roles.includes('admin') ? "cc.hq_filed OR co.kind = 'hq'" : 'true'})))`;
  }

  async list(actor: Actor, query: ShipmentCheckQuery): Promise<Page<ShipmentCheckResponse>> {
    const p = new SqlParams();
    const where = [this.scopeSql(actor, p)];
    if (query.customerId) where.push(`s.customer_id = ${p.add(query.customerId)}`);
    if (query.result) where.push(`s.result = ${p.add(query.result)}`);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (query.cursor) {
      const position = keysetPosition(query.cursor, 'timestamp');
      where.push(`(s.created_at, s.id) < (${p.add(position.v)}::timestamptz, ${p.add(position.id)}::uuid)`);
    }
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY s.created_at DESC, s.id DESC LIMIT ${p.add(limit + 1)}`,
      p.values,
    )) as CheckRow[];
    return pageFromRows(rows, limit, (r) => ({ v: r.created_at.toISOString(), id: r.id }), toResponse);
  }

  async get(actor: Actor, id: string): Promise<ShipmentCheckResponse> {
    const p = new SqlParams();
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE s.id = ${p.add(id)} AND ${this.scopeSql(actor, p)}`,
      p.values,
    )) as CheckRow[];
    if (!rows[0]) throw notFound('Shipment check');
    return toResponse(rows[0]);
  }

  async create(actor: Actor, dto: CreateShipmentCheckDto): Promise<ShipmentCheckResponse> {
    if (!dto.customerId && !dto.route)
      throw invalidInput('customerId', 'or route is required (whose shipments or which route was checked)');
    if (dto.checkedOn > formatLocalDate(new Date(), this.config.business.timeZone)) {
      throw ruleViolated('check_not_in_future', 'checkedOn is in the future; record a check after it was made');
    }
    return this.dataSource.transaction(async (m) => {
      const unitId = dto.customerId ? (await this.customers.findInScope(actor, dto.customerId, m)).owning_unit_id : actor.orgUnitId;
      const rows = (await m.query(
        `INSERT INTO shipment_check (customer_id, route, unit_id, checked_on, tracking_numbers, result, findings, inspector_id, inspector_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          dto.customerId ?? null,
          dto.route?.trim() ?? null,
          unitId,
          dto.checkedOn,
          (dto.trackingNumbers ?? []).map((t) => t.trim()).filter((t) => t !== ''),
          dto.result,
          dto.findings.trim(),
          actor.kind === 'user' ? actor.id : null,
          actorLabel(actor),
        ],
      )) as { id: string }[];
      const created = (await m.query(`${SELECT} WHERE s.id = $1`, [rows[0]!.id])) as CheckRow[];
      const response = toResponse(created[0]!);
      await this.audit.record(m, actor, {
        action: 'shipment_check.created',
        entityType: 'shipment_check',
        entityId: response.id,
        orgUnitId: unitId,
        after: response,
      });
      return response;
    });
  }
}
