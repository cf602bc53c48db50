import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { regionClass, staffedAsClass, staffingRule, type RegionClass } from '@cs/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor } from '../../common/actor';
import { invalidInput, notFound } from '../../common/errors';
import { DEFAULT_PAGE_SIZE, decodeCursor, type Page, pageFromRows } from '../../common/pagination';
import { escapeLike } from '../../common/sql';
import { assertVersion } from '../../common/version';
import { AuditService } from '../audit/audit.service';
import type {
  CreateRegionDto,
  FieldStaffCategoryValue,
  RegionCoverResponse,
  RegionQuery,
  RegionResponse,
  StaffingRuleResponse,
  UpdateRegionDto,
} from './rotation.dto';
import { unitInScope } from './rotation-scope';

interface RegionRow {
  id: string;
  org_unit_id: string;
  name: string;
  sales_units: number;
  high_failure_models: boolean;
  one_stop_service: boolean;
  required_categories: FieldStaffCategoryValue[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

const REGION_COLUMNS = `r.id, r.org_unit_id, r.name, r.sales_units, r.high_failure_models, r.one_stop_service,
  r.required_categories, r.version, r.created_at, r.updated_at`;

const STAFFING_TEXT: Record<RegionClass, string> = {
  1: 'one field staff + a channel assistant',
  2: 'one field staff',
  3: 'one field staff, who may cover several adjacent class-3 regions',
};

export function describeStaffingRule(staffedClass: RegionClass): StaffingRuleResponse {
  return { ...staffingRule(staffedClass), description: STAFFING_TEXT[staffedClass] };
}

@Injectable()
export class RegionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** A region in the actor's scope, else 404. */
  async findRow(m: EntityManager, actor: Actor, id: string, lock = false): Promise<RegionRow> {
    const rows = (await m.query(
      `SELECT ${REGION_COLUMNS} FROM region r JOIN org_unit o ON o.id = r.org_unit_id
       WHERE r.id = $1 AND o.path LIKE $2 ${lock ? 'FOR UPDATE OF r' : ''}`,
      [id, `${actor.orgUnitPath}%`],
    )) as RegionRow[];
    if (!rows[0]) throw notFound('Region');
    return rows[0];
  }

  async get(actor: Actor, id: string): Promise<RegionResponse> {
    const row = await this.findRow(this.dataSource.manager, actor, id);
    const [response] = await this.hydrate(this.dataSource.manager, [row]);
    if (!response) throw notFound('Region');
    return response;
  }

  async list(actor: Actor, query: RegionQuery): Promise<Page<RegionResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const unit = await unitInScope(this.dataSource.manager, actor, query.orgUnitId);
    const params: unknown[] = [`${unit.path}%`];
    const where = ['o.path LIKE $1'];
    if (query.q) {
      params.push(`%${escapeLike(query.q)}%`);
      where.push(`r.name ILIKE $${params.length}`);
    }
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(String(position.v), position.id);
      where.push(`(r.name, r.id) > ($${params.length - 1}::varchar, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT ${REGION_COLUMNS} FROM region r JOIN org_unit o ON o.id = r.org_unit_id
       WHERE ${where.join(' AND ')} ORDER BY r.name, r.id LIMIT $${params.length}`,
      params,
    )) as RegionRow[];
    const page = pageFromRows(
      rows,
      limit,
      (row) => ({ v: row.name, id: row.id }),
      (row) => row,
    );
    return { items: await this.hydrate(this.dataSource.manager, page.items), nextCursor: page.nextCursor };
  }

  async create(actor: Actor, dto: CreateRegionDto): Promise<RegionResponse> {
    return this.dataSource.transaction(async (m) => {
      const unit = await unitInScope(m, actor, dto.orgUnitId);
      const adjacent = await this.checkAdjacent(m, actor, dto.adjacentRegionIds ?? [], null);
      const rows = (await m.query(
        `INSERT INTO region (org_unit_id, name, sales_units, high_failure_models, one_stop_service, required_categories)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_unit_id, lower(name)) DO NOTHING RETURNING id`,
        [
          unit.id,
          dto.name.trim(),
          dto.salesUnits,
          dto.highFailureModels ?? false,
          dto.oneStopService ?? false,
          dto.requiredCategories ?? ['customer_manager'],
        ],
      )) as { id: string }[];
      const id = rows[0]?.id;
      if (!id) throw invalidInput('name', `is already used by another region of this unit`);
      await this.setAdjacency(m, id, adjacent);
      const [response] = await this.hydrate(m, [await this.findRow(m, actor, id)]);
      if (!response) throw notFound('Region');
      await this.audit.record(m, actor, {
        action: 'region.created',
        entityType: 'region',
        entityId: id,
        orgUnitId: unit.id,
        after: response,
      });
      return response;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateRegionDto): Promise<RegionResponse> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.findRow(m, actor, id, true);
      assertVersion('Region', row.version, dto.version);
      const [before] = await this.hydrate(m, [row]);
      if (dto.adjacentRegionIds !== undefined) {
        await this.setAdjacency(m, id, await this.checkAdjacent(m, actor, dto.adjacentRegionIds, id));
      }
      const name = dto.name?.trim() ?? row.name;
      const clash = (await m.query('SELECT 1 FROM region WHERE org_unit_id = $1 AND lower(name) = lower($2) AND id <> $3', [
        row.org_unit_id,
        name,
        id,
      ])) as unknown[];
      if (clash.length > 0) throw invalidInput('name', 'is already used by another region of this unit');
      await m.query(
        `UPDATE region SET name = $2, sales_units = $3, high_failure_models = $4, one_stop_service = $5,
           required_categories = $6, version = version + 1, updated_at = now() WHERE id = $1`,
        [
          id,
          name,
          dto.salesUnits ?? row.sales_units,
          dto.highFailureModels ?? row.high_failure_models,
          dto.oneStopService ?? row.one_stop_service,
          dto.requiredCategories ?? row.required_categories,
        ],
      );
      const [after] = await this.hydrate(m, [await this.findRow(m, actor, id)]);
      if (!after) throw notFound('Region');
      await this.audit.record(m, actor, {
        action: 'region.updated',
        entityType: 'region',
        entityId: id,
        orgUnitId: row.org_unit_id,
        before,
        after,
      });
      return after;
    });
  }

  private async checkAdjacent(m: EntityManager, actor: Actor, ids: string[], self: string | null): Promise<string[]> {
    if (self !== null && ids.includes(self)) throw invalidInput('adjacentRegionIds', 'cannot contain the region itself');
    if (ids.length === 0) return [];
    const found = (await m.query(
      `SELECT r.id FROM region r JOIN org_unit o ON o.id = r.org_unit_id WHERE r.id = ANY($1::uuid[]) AND o.path LIKE $2`,
      [ids, `${actor.orgUnitPath}%`],
    )) as { id: string }[];
    const known = new Set(found.map((row) => row.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw invalidInput('adjacentRegionIds', `contains unknown regions: ${unknown.join(', ')}`);
    return ids;
  }

  private async setAdjacency(m: EntityManager, id: string, adjacent: string[]): Promise<void> {
    await m.query('DELETE FROM region_adjacency WHERE region_a_id = $1 OR region_b_id = $1', [id]);
    if (adjacent.length === 0) return;
    await m.query(
      `INSERT INTO region_adjacency (region_a_id, region_b_id)
       SELECT least($1::uuid, other), greatest($1::uuid, other) FROM unnest($2::uuid[]) AS other ON CONFLICT DO NOTHING`,
      [id, adjacent],
    );
  }

  async hydrate(m: EntityManager, rows: RegionRow[]): Promise<RegionResponse[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const adjacency = (await m.query(
      `SELECT region_a_id AS a, region_b_id AS b FROM region_adjacency WHERE region_a_id = ANY($1::uuid[]) OR region_b_id = ANY($1::uuid[])`,
      [ids],
    )) as { a: string; b: string }[];
    const covers = (await m.query(
      `SELECT ar.region_id, s.id AS staff_id, u.display_name, s.category, a.since::text AS since
       FROM field_staff_assignment_region ar
       JOIN field_staff_assignment a ON a.id = ar.assignment_id AND a.until IS NULL
       JOIN field_staff s ON s.id = a.staff_id
       JOIN app_user u ON u.id = s.user_id
       WHERE ar.region_id = ANY($1::uuid[]) ORDER BY u.display_name, s.id`,
      [ids],
    )) as { region_id: string; staff_id: string; display_name: string; category: FieldStaffCategoryValue; since: string }[];
    return rows.map((row) => {
      const neighbours = adjacency
        .filter((pair) => pair.a === row.id || pair.b === row.id)
        .map((pair) => (pair.a === row.id ? pair.b : pair.a))
        .sort();
      const sales = { salesUnits: row.sales_units, highFailureModels: row.high_failure_models, oneStopService: row.one_stop_service };
      const staffed = staffedAsClass(sales);
      const coveredBy: RegionCoverResponse[] = covers
        .filter((cover) => cover.region_id === row.id)
        .map((cover) => ({ staffId: cover.staff_id, displayName: cover.display_name, category: cover.category, since: cover.since }));
      return {
        id: row.id,
        orgUnitId: row.org_unit_id,
        name: row.name,
        salesUnits: row.sales_units,
        highFailureModels: row.high_failure_models,
        oneStopService: row.one_stop_service,
        requiredCategories: row.required_categories,
        adjacentRegionIds: neighbours,
        class: regionClass(sales),
        staffedAsClass: staffed,
        staffingRule: describeStaffingRule(staffed),
        coveredBy,
        version: row.version,
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      };
    });
  }
}
