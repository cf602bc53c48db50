import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addDaysToLocalDate, formatLocalDate, rotationStatus, type FieldStaffRecord } from '@cs/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { conflict, invalidInput, notFound, ruleViolated } from '../../common/errors';
import { DEFAULT_PAGE_SIZE, decodeCursor, type Page, pageFromRows } from '../../common/pagination';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import type {
  AssignmentList,
  AssignmentResponse,
  CreateAssignmentDto,
  CreateFieldStaffDto,
  CreateMajorErrorDto,
  CreateMonthlyScoreDto,
  FieldStaffCategoryValue,
  FieldStaffQuery,
  FieldStaffResponse,
  MajorErrorList,
  MajorErrorResponse,
  MonthlyScoreList,
  MonthlyScoreResponse,
} from './rotation.dto';
import { ownRecordsOnly, unitInScope } from './rotation-scope';

export interface FieldStaffRow {
  id: string;
  user_id: string;
  display_name: string;
  org_unit_id: string;
  category: FieldStaffCategoryValue;
  channel_engineer_id: string | null;
  active: boolean;
  version: number;
  created_at: Date;
}

const STAFF_COLUMNS = `s.id, s.user_id, u.display_name, s.org_unit_id, s.category, s.channel_engineer_id, s.active, s.version, s.created_at`;
const STAFF_FROM = `field_staff s JOIN app_user u ON u.id = s.user_id JOIN org_unit o ON o.id = s.org_unit_id`;

export interface AssignmentRow {
  id: string;
  staff_id: string;
  since: string;
  until: string | null;
  round_id: string | null;
  region_ids: string[];
  region_names: string[];
}

/** Everything the rotation rules need about a set of field staff. */
export interface StaffFacts {
  assignments: Map<string, AssignmentRow[]>;
  scores: Map<string, MonthlyScoreResponse[]>;
  majorErrors: Map<string, string[]>;
  flags: Map<string, number>;
}

export function toAssignmentResponse(row: AssignmentRow): AssignmentResponse {
  return {
    id: row.id,
    staffId: row.staff_id,
    regionIds: row.region_ids,
    regions: row.region_ids.map((id, index) => ({ id, name: row.region_names[index] ?? id })),
    since: row.since,
    until: row.until,
    roundId: row.round_id,
  };
}

/** Loads assignments (newest first), scores, major errors and reporting flags of the given staff. */
export async function loadStaffFacts(m: EntityManager, staffIds: string[]): Promise<StaffFacts> {
  const assignments = (await m.query(
    `SELECT a.id, a.staff_id, a.since::text AS since, a.until::text AS until, a.round_id,
            coalesce(array_agg(r.id ORDER BY r.name, r.id) FILTER (WHERE r.id IS NOT NULL), '{}') AS region_ids,
            coalesce(array_agg(r.name ORDER BY r.name, r.id) FILTER (WHERE r.id IS NOT NULL), '{}') AS region_names
     FROM field_staff_assignment a
     LEFT JOIN field_staff_assignment_region ar ON ar.assignment_id = a.id
     LEFT JOIN region r ON r.id = ar.region_id
     WHERE a.staff_id = ANY($1::uuid[])
     GROUP BY a.id ORDER BY a.staff_id, a.since DESC, a.created_at DESC`,
    [staffIds],
  )) as AssignmentRow[];
  const scores = (await m.query(
    `SELECT staff_id, month, score::float8 AS score, note FROM field_staff_monthly_score
     WHERE staff_id = ANY($1::uuid[]) ORDER BY month DESC`,
    [staffIds],
  )) as { staff_id: string; month: string; score: number; note: string | null }[];
  const errors = (await m.query(
    `SELECT staff_id, occurred_on::text AS occurred_on FROM field_staff_major_error WHERE staff_id = ANY($1::uuid[])`,
    [staffIds],
  )) as { staff_id: string; occurred_on: string }[];
  const flags = (await m.query(
    `SELECT staff_id, count(*)::int AS n FROM reporting_flag WHERE staff_id = ANY($1::uuid[]) GROUP BY staff_id`,
    [staffIds],
  )) as { staff_id: string; n: number }[];
  const facts: StaffFacts = { assignments: new Map(), scores: new Map(), majorErrors: new Map(), flags: new Map() };
  for (const row of assignments) facts.assignments.set(row.staff_id, [...(facts.assignments.get(row.staff_id) ?? []), row]);
  for (const row of scores) {
    facts.scores.set(row.staff_id, [...(facts.scores.get(row.staff_id) ?? []), { month: row.month, score: row.score, note: row.note }]);
  }
  for (const row of errors) facts.majorErrors.set(row.staff_id, [...(facts.majorErrors.get(row.staff_id) ?? []), row.occurred_on]);
  for (const row of flags) facts.flags.set(row.staff_id, row.n);
  return facts;
}

/** The open assignment (no end date), if any. */
export function currentAssignment(facts: StaffFacts, staffId: string): AssignmentRow | null {
  return (facts.assignments.get(staffId) ?? []).find((row) => row.until === null) ?? null;
}

/** The regions of the last assignment that ended (the ones the person "just left"). */
export function previousAssignment(facts: StaffFacts, staffId: string): AssignmentRow | null {
  return (facts.assignments.get(staffId) ?? []).find((row) => row.until !== null) ?? null;
}

export function staffRecord(row: Pick<FieldStaffRow, 'id' | 'category'>, facts: StaffFacts): FieldStaffRecord {
  const current = currentAssignment(facts, row.id);
  return {
    id: row.id,
    category: row.category,
    assignment: current === null ? null : { regionIds: current.region_ids, since: current.since },
    monthlyScores: (facts.scores.get(row.id) ?? []).map((entry) => ({ month: entry.month, score: entry.score })),
    majorErrors: (facts.majorErrors.get(row.id) ?? []).map((on) => ({ on })),
  };
}

@Injectable()
export class FieldStaffService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  today(): string {
    return formatLocalDate(new Date(), this.config.business.timeZone);
  }

  /** A field staff record in the actor's scope (field staff themselves: only their own), else 404. */
  async findRow(m: EntityManager, actor: Actor, id: string, lock = false): Promise<FieldStaffRow> {
    const rows = (await m.query(
      `SELECT ${STAFF_COLUMNS} FROM ${STAFF_FROM} WHERE s.id = $1 AND o.path LIKE $2 ${lock ? 'FOR UPDATE OF s' : ''}`,
      [id, `${actor.orgUnitPath}%`],
    )) as FieldStaffRow[];
    const row = rows[0];
    if (!row || (ownRecordsOnly(actor) && row.user_id !== actor.id)) throw notFound('Field staff');
    return row;
  }

  async get(actor: Actor, id: string, asOf?: string): Promise<FieldStaffResponse> {
    if (asOf !== undefined) assertDate('asOf', asOf);
    const row = await this.findRow(this.dataSource.manager, actor, id);
    const [response] = await this.hydrate(this.dataSource.manager, [row], asOf ?? this.today());
    if (!response) throw notFound('Field staff');
    return response;
  }

  async list(actor: Actor, query: FieldStaffQuery): Promise<Page<FieldStaffResponse>> {
    if (query.asOf !== undefined) assertDate('asOf', query.asOf);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const unit = await unitInScope(this.dataSource.manager, actor, query.orgUnitId);
    const params: unknown[] = [`${unit.path}%`];
    const where = ['o.path LIKE $1'];
    if (ownRecordsOnly(actor)) {
      params.push(actor.id);
      where.push(`s.user_id = $${params.length}`);
    }
    if (query.category) {
      params.push(query.category);
      where.push(`s.category = $${params.length}`);
    }
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(String(position.v), position.id);
      where.push(`(s.created_at, s.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT ${STAFF_COLUMNS} FROM ${STAFF_FROM} WHERE ${where.join(' AND ')} ORDER BY s.created_at, s.id LIMIT $${params.length}`,
      params,
    )) as FieldStaffRow[];
    const page = pageFromRows(
      rows,
      limit,
      (row) => ({ v: row.created_at.toISOString(), id: row.id }),
      (row) => row,
    );
    return { items: await this.hydrate(this.dataSource.manager, page.items, query.asOf ?? this.today()), nextCursor: page.nextCursor };
  }

  async hydrate(m: EntityManager, rows: FieldStaffRow[], asOf: string): Promise<FieldStaffResponse[]> {
    if (rows.length === 0) return [];
    const facts = await loadStaffFacts(
      m,
      rows.map((row) => row.id),
    );
    return rows.map((row) => {
      const current = currentAssignment(facts, row.id);
      const status = rotationStatus(staffRecord(row, facts), asOf);
      return {
        id: row.id,
        userId: row.user_id,
        displayName: row.display_name,
        orgUnitId: row.org_unit_id,
        category: row.category,
        channelEngineerId: row.channel_engineer_id,
        currentAssignment: current === null ? null : toAssignmentResponse(current),
        monthsInRegion: status.monthsInRegion,
        rotation: { status: status.status, reasons: status.reasons, asOf },
        recentScores: (facts.scores.get(row.id) ?? []).slice(0, 6),
        majorErrorCount: (facts.majorErrors.get(row.id) ?? []).length,
        reportingFlagCount: facts.flags.get(row.id) ?? 0,
        version: row.version,
        createdAt: row.created_at.toISOString(),
      };
    });
  }

  async create(actor: Actor, dto: CreateFieldStaffDto): Promise<FieldStaffResponse> {
    return this.dataSource.transaction(async (m) => {
      const users = (await m.query(
        `SELECT u.id, u.org_unit_id, u.roles FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id WHERE u.id = $1 AND o.path LIKE $2`,
        [dto.userId, `${actor.orgUnitPath}%`],
      )) as { id: string; org_unit_id: string; roles: string[] }[];
      const user = users[0];
      if (!user) throw notFound('User');
      if (!user.roles.includes('field_staff')) {
        throw ruleViolated('field_staff_role_required', 'The user needs the field_staff role before being registered as field staff');
      }
      if (dto.channelEngineerId) {
        const engineers = (await m.query(
          `SELECT 1 FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id
           WHERE u.id = $1 AND o.path LIKE $2 AND 'channel_engineer' = ANY(u.roles)`,
          [dto.channelEngineerId, `${actor.orgUnitPath}%`],
        )) as unknown[];
        if (engineers.length === 0) throw invalidInput('channelEngineerId', 'is not a channel engineer in your scope');
      }
      const rows = (await m.query(
        `INSERT INTO field_staff (user_id, org_unit_id, category, channel_engineer_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO NOTHING RETURNING id`,
        [user.id, user.org_unit_id, dto.category, dto.channelEngineerId ?? null],
      )) as { id: string }[];
      const id = rows[0]?.id;
      if (!id) throw conflict('This user is already registered as field staff');
      const [response] = await this.hydrate(m, [await this.findRow(m, actor, id)], this.today());
      if (!response) throw notFound('Field staff');
      await this.audit.record(m, actor, {
        action: 'field_staff.created',
        entityType: 'field_staff',
        entityId: id,
        orgUnitId: user.org_unit_id,
        after: response,
      });
      return response;
    });
  }

  async assignments(actor: Actor, id: string): Promise<AssignmentList> {
    const row = await this.findRow(this.dataSource.manager, actor, id);
    const facts = await loadStaffFacts(this.dataSource.manager, [row.id]);
    return { items: (facts.assignments.get(row.id) ?? []).map(toAssignmentResponse) };
  }

  /** Places a person in new region(s) from `since`; the open assignment ends the day before. */
  async assign(actor: Actor, id: string, dto: CreateAssignmentDto): Promise<AssignmentResponse> {
    if (dto.regionIds.length === 0) throw invalidInput('regionIds', 'must name at least one region');
    return this.dataSource.transaction(async (m) => {
      const row = await this.findRow(m, actor, id, true);
      const found = (await m.query(
        `SELECT r.id FROM region r JOIN org_unit o ON o.id = r.org_unit_id WHERE r.id = ANY($1::uuid[]) AND o.path LIKE $2`,
        [dto.regionIds, `${actor.orgUnitPath}%`],
      )) as { id: string }[];
      const known = new Set(found.map((region) => region.id));
      const unknown = dto.regionIds.filter((regionId) => !known.has(regionId));
      if (unknown.length > 0) throw invalidInput('regionIds', `contains unknown regions: ${unknown.join(', ')}`);
      assertDate('since', dto.since);
      const facts = await loadStaffFacts(m, [row.id]);
      const current = currentAssignment(facts, row.id);
      if (current !== null) {
        if (dto.since <= current.since) {
          throw ruleViolated(
            'assignment_after_current',
            `The new assignment must start after the current one (since ${current.since}); got ${dto.since}`,
          );
        }
        await m.query('UPDATE field_staff_assignment SET until = $2 WHERE id = $1', [current.id, addDaysToLocalDate(dto.since, -1)]);
      }
      const inserted = (await m.query(`INSERT INTO field_staff_assignment (staff_id, since) VALUES ($1, $2) RETURNING id`, [
        row.id,
        dto.since,
      ])) as { id: string }[];
      const assignmentId = inserted[0]?.id ?? '';
      await m.query(`INSERT INTO field_staff_assignment_region (assignment_id, region_id) SELECT $1, unnest($2::uuid[])`, [
        assignmentId,
        dto.regionIds,
      ]);
      const after = await loadStaffFacts(m, [row.id]);
      const created = (after.assignments.get(row.id) ?? []).find((assignment) => assignment.id === assignmentId);
      if (!created) throw notFound('Assignment');
      const response = toAssignmentResponse(created);
      await this.audit.record(m, actor, {
        action: 'field_staff.assigned',
        entityType: 'field_staff',
        entityId: row.id,
        orgUnitId: row.org_unit_id,
        before: current === null ? null : toAssignmentResponse(current),
        after: response,
      });
      return response;
    });
  }

  async monthlyScores(actor: Actor, id: string): Promise<MonthlyScoreList> {
    const row = await this.findRow(this.dataSource.manager, actor, id);
    const facts = await loadStaffFacts(this.dataSource.manager, [row.id]);
    return { items: facts.scores.get(row.id) ?? [] };
  }

  async addMonthlyScore(actor: Actor, id: string, dto: CreateMonthlyScoreDto): Promise<MonthlyScoreResponse> {
    if (dto.month > this.today().slice(0, 7)) throw invalidInput('month', 'cannot be in the future');
    return this.dataSource.transaction(async (m) => {
      const row = await this.findRow(m, actor, id, true);
      const rows = (await m.query(
        `INSERT INTO field_staff_monthly_score (staff_id, month, score, note) VALUES ($1, $2, $3, $4)
         ON CONFLICT (staff_id, month) DO NOTHING RETURNING month`,
        [row.id, dto.month, dto.score, dto.note ?? null],
      )) as unknown[];
      if (rows.length === 0) throw conflict(`A score for ${dto.month} is already recorded`);
      const response: MonthlyScoreResponse = { month: dto.month, score: dto.score, note: dto.note ?? null };
      await this.audit.record(m, actor, {
        action: 'field_staff.monthly_score_recorded',
        entityType: 'field_staff',
        entityId: row.id,
        orgUnitId: row.org_unit_id,
        after: response,
      });
      return response;
    });
  }

  async majorErrors(actor: Actor, id: string): Promise<MajorErrorList> {
    const row = await this.findRow(this.dataSource.manager, actor, id);
    const rows = (await this.dataSource.query(
      `SELECT id, staff_id, occurred_on::text AS occurred_on, description, created_at FROM field_staff_major_error
       WHERE staff_id = $1 ORDER BY occurred_on DESC, id DESC`,
      [row.id],
    )) as { id: string; staff_id: string; occurred_on: string; description: string; created_at: Date }[];
    return { items: rows.map(toMajorErrorResponse) };
  }

  async addMajorError(actor: Actor, id: string, dto: CreateMajorErrorDto): Promise<MajorErrorResponse> {
    assertDate('occurredOn', dto.occurredOn);
    if (dto.occurredOn > this.today()) throw invalidInput('occurredOn', 'cannot be in the future');
    return this.dataSource.transaction(async (m) => {
      const row = await this.findRow(m, actor, id, true);
      const rows = (await m.query(
        `INSERT INTO field_staff_major_error (staff_id, occurred_on, description) VALUES ($1, $2, $3)
         RETURNING id, staff_id, occurred_on::text AS occurred_on, description, created_at`,
        [row.id, dto.occurredOn, dto.description.trim()],
      )) as { id: string; staff_id: string; occurred_on: string; description: string; created_at: Date }[];
      const created = rows[0];
      if (!created) throw notFound('Major error');
      const response = toMajorErrorResponse(created);
      await this.audit.record(m, actor, {
        action: 'field_staff.major_error_recorded',
        entityType: 'field_staff',
        entityId: row.id,
        orgUnitId: row.org_unit_id,
        after: response,
      });
      return response;
    });
  }
}

function toMajorErrorResponse(row: {
  id: string;
  staff_id: string;
  occurred_on: string;
  description: string;
  created_at: Date;
}): MajorErrorResponse {
  return {
    id: row.id,
    staffId: row.staff_id,
    occurredOn: row.occurred_on,
    description: row.description,
    createdAt: row.created_at.toISOString(),
  };
}

/** `YYYY-MM-DD` that is a real calendar date (the DTO only checks the shape). */
export function assertDate(field: string, value: string): void {
  const parsed = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) throw invalidInput(field, 'is not a valid date');
}
