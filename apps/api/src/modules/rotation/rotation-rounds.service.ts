import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  formatLocalDate,
  lastCompleteQuarter,
  planRotation,
  quarterlyRanking,
  rotationStatus,
  validateRotationPlan,
  type RotationCandidate,
  type RotationPlanInput,
  type RotationStatus,
  type RotationViolation,
} from '@cs/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { illegalTransition, invalidInput, notFound, ruleViolated } from '../../common/errors';
import { DEFAULT_PAGE_SIZE, decodeCursor, pageFromRows } from '../../common/pagination';
import { assertVersion } from '../../common/version';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { assertDate, currentAssignment, loadStaffFacts, previousAssignment, staffRecord } from './field-staff.service';
import type {
  ApproveRoundDto,
  CreateRotationRoundDto,
  EditPlanDto,
  FieldStaffCategoryValue,
  GeneratePlanDto,
  PlanLineEditDto,
  PlanLineResponse,
  PlanObjectiveResponse,
  PlanValidationResponse,
  PlanViolationResponse,
  RotationRoundPage,
  RotationRoundResponse,
  RoundQuery,
  RoundStatus,
  UnstaffedRegionResponse,
} from './rotation.dto';
import { unitInScope, withNames } from './rotation-scope';
import { defaultChecklist } from './handover-checklist';

interface RoundRow {
  id: string;
  org_unit_id: string;
  path: string;
  name: string;
  effective_on: string;
  status: RoundStatus;
  unstaffed_regions: UnstaffedRegionResponse[];
  violations: PlanViolationResponse[];
  objective: PlanObjectiveResponse | null;
  planned_at: Date | null;
  approved_at: Date | null;
  approved_by: string | null;
  applied_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

interface LineRow {
  staff_id: string;
  staff_name: string;
  user_id: string;
  category: FieldStaffCategoryValue;
  status: RotationStatus;
  kind: 'stay' | 'move' | 'reserve';
  from_region_ids: string[];
  to_region_ids: string[];
  reason: string;
  rules_applied: string[];
  edited: boolean;
}

const ROUND_COLUMNS = `r.id, r.org_unit_id, o.path, r.name, r.effective_on::text AS effective_on, r.status, r.unstaffed_regions,
  r.violations, r.objective, r.planned_at, r.approved_at, r.approved_by, r.applied_at, r.version, r.created_at, r.updated_at`;

/** The planner's input for a round, built from live data, with names for explanations. */
export interface RoundInput {
  input: RotationPlanInput;
  names: Map<string, string>;
}

export const ROTATION_PLAN_APPROVED_EVENT = 'rotation.plan.approved';

@Injectable()
export class RotationRoundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  today(): string {
    return formatLocalDate(new Date(), this.config.business.timeZone);
  }

  private async findRow(m: EntityManager, actor: Actor, id: string, lock = false): Promise<RoundRow> {
    const rows = (await m.query(
      `SELECT ${ROUND_COLUMNS} FROM rotation_round r JOIN org_unit o ON o.id = r.org_unit_id
       WHERE r.id = $1 AND o.path LIKE $2 ${lock ? 'FOR UPDATE OF r' : ''}`,
      [id, `${actor.orgUnitPath}%`],
    )) as RoundRow[];
    if (!rows[0]) throw notFound('Rotation round');
    return rows[0];
  }

  private async lines(m: EntityManager, roundId: string): Promise<LineRow[]> {
    return (await m.query(
      `SELECT l.staff_id, u.display_name AS staff_name, s.user_id, l.category, l.status, l.kind, l.from_region_ids, l.to_region_ids,
              l.reason, l.rules_applied, l.edited
       FROM rotation_plan_line l JOIN field_staff s ON s.id = l.staff_id JOIN app_user u ON u.id = s.user_id
       WHERE l.round_id = $1 ORDER BY u.display_name, l.staff_id`,
      [roundId],
    )) as LineRow[];
  }

  private async toResponse(m: EntityManager, row: RoundRow): Promise<RotationRoundResponse> {
    const lines = await this.lines(m, row.id);
    return {
      id: row.id,
      orgUnitId: row.org_unit_id,
      name: row.name,
      effectiveOn: row.effective_on,
      status: row.status,
      lines: lines.map((line): PlanLineResponse => ({
        staffId: line.staff_id,
        staffName: line.staff_name,
        category: line.category,
        status: line.status,
        kind: line.kind,
        fromRegionIds: line.from_region_ids,
        toRegionIds: line.to_region_ids,
        reason: line.reason,
        rulesApplied: line.rules_applied,
        edited: line.edited,
      })),
      unstaffedRegions: row.unstaffed_regions,
      violations: row.violations,
      objective: row.objective,
      plannedAt: row.planned_at?.toISOString() ?? null,
      approvedAt: row.approved_at?.toISOString() ?? null,
      approvedBy: row.approved_by,
      appliedAt: row.applied_at?.toISOString() ?? null,
      version: row.version,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  async get(actor: Actor, id: string): Promise<RotationRoundResponse> {
    return this.toResponse(this.dataSource.manager, await this.findRow(this.dataSource.manager, actor, id));
  }

  async list(actor: Actor, query: RoundQuery): Promise<RotationRoundPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [`${actor.orgUnitPath}%`];
    const where = ['o.path LIKE $1'];
    if (query.status) {
      params.push(query.status);
      where.push(`r.status = $${params.length}`);
    }
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(String(position.v), position.id);
      where.push(`(r.created_at, r.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT r.id, r.org_unit_id, r.name, r.effective_on::text AS effective_on, r.status, r.version, r.created_at,
              jsonb_array_length(r.violations) AS violation_count,
              (SELECT count(*)::int FROM rotation_plan_line l WHERE l.round_id = r.id) AS line_count
       FROM rotation_round r JOIN org_unit o ON o.id = r.org_unit_id
       WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT $${params.length}`,
      params,
    )) as {
      id: string;
      org_unit_id: string;
      name: string;
      effective_on: string;
      status: RoundStatus;
      version: number;
      created_at: Date;
      violation_count: number;
      line_count: number;
    }[];
    return pageFromRows(
      rows,
      limit,
      (row) => ({ v: row.created_at.toISOString(), id: row.id }),
      (row) => ({
        id: row.id,
        orgUnitId: row.org_unit_id,
        name: row.name,
        effectiveOn: row.effective_on,
        status: row.status,
        lineCount: row.line_count,
        violationCount: row.violation_count,
        version: row.version,
        createdAt: row.created_at.toISOString(),
      }),
    );
  }

  async create(actor: Actor, dto: CreateRotationRoundDto): Promise<RotationRoundResponse> {
    assertDate('effectiveOn', dto.effectiveOn);
    return this.dataSource.transaction(async (m) => {
      const unit = await unitInScope(m, actor, dto.orgUnitId);
      const rows = (await m.query(
        `INSERT INTO rotation_round (org_unit_id, name, effective_on, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
        [unit.id, dto.name.trim(), dto.effectiveOn, actor.kind === 'user' ? actor.id : null],
      )) as { id: string }[];
      const response = await this.toResponse(m, await this.findRow(m, actor, rows[0]?.id ?? ''));
      await this.audit.record(m, actor, {
        action: 'rotation_round.created',
        entityType: 'rotation_round',
        entityId: response.id,
        orgUnitId: unit.id,
        after: response,
      });
      return response;
    });
  }

  /** Regions and active field staff of the round's unit and below, evaluated at the effective date. */
  async buildInput(m: EntityManager, round: Pick<RoundRow, 'path' | 'effective_on'>): Promise<RoundInput> {
    const regions = (await m.query(
      `SELECT r.id, r.name, r.sales_units, r.high_failure_models, r.one_stop_service, r.required_categories
       FROM region r JOIN org_unit o ON o.id = r.org_unit_id WHERE o.path LIKE $1`,
      [`${round.path}%`],
    )) as {
      id: string;
      name: string;
      sales_units: number;
      high_failure_models: boolean;
      one_stop_service: boolean;
      required_categories: FieldStaffCategoryValue[];
    }[];
    const regionIds = regions.map((region) => region.id);
    const adjacency = (await m.query(
      `SELECT region_a_id AS a, region_b_id AS b FROM region_adjacency WHERE region_a_id = ANY($1::uuid[]) AND region_b_id = ANY($1::uuid[])`,
      [regionIds],
    )) as { a: string; b: string }[];
    const staff = (await m.query(
      `SELECT s.id, s.category, u.display_name FROM field_staff s JOIN app_user u ON u.id = s.user_id
       JOIN org_unit o ON o.id = s.org_unit_id WHERE o.path LIKE $1 AND s.active`,
      [`${round.path}%`],
    )) as { id: string; category: FieldStaffCategoryValue; display_name: string }[];
    const facts = await loadStaffFacts(
      m,
      staff.map((person) => person.id),
    );
    const records = staff.map((person) => staffRecord(person, facts));
    const ranks = new Map(quarterlyRanking(records, lastCompleteQuarter(round.effective_on)).map((entry) => [entry.staffId, entry.rank]));
    const names = new Map<string, string>();
    for (const region of regions) names.set(region.id, region.name);
    for (const person of staff) names.set(person.id, person.display_name);
    const staffInput = records.map((record): RotationCandidate => {
      const status = rotationStatus(record, round.effective_on);
      const previous = previousAssignment(facts, record.id);
      return {
        id: record.id,
        category: record.category,
        status: status.status,
        statusReasons: status.reasons,
        currentRegionIds: currentAssignment(facts, record.id)?.region_ids ?? [],
        previousRegionIds: previous?.region_ids ?? [],
        rank: ranks.get(record.id) ?? null,
      };
    });
    return {
      names,
      input: {
        regions: regions.map((region) => ({
          id: region.id,
          salesUnits: region.sales_units,
          highFailureModels: region.high_failure_models,
          oneStopService: region.one_stop_service,
          requiredCategories: region.required_categories,
          adjacentRegionIds: adjacency.flatMap((pair) => (pair.a === region.id ? [pair.b] : pair.b === region.id ? [pair.a] : [])),
        })),
        staff: staffInput,
      },
    };
  }

  /** `POST /rotation-rounds/{id}/plan`: proposes a complete plan and stores it (replacing any earlier proposal). */
  async generatePlan(actor: Actor, id: string, dto: GeneratePlanDto): Promise<RotationRoundResponse> {
    return this.dataSource.transaction(async (m) => {
      const round = await this.findRow(m, actor, id, true);
      assertVersion('Rotation round', round.version, dto.version);
      if (round.status !== 'draft' && round.status !== 'planned') {
        throw illegalTransition(`The round is ${round.status}; its plan can no longer be regenerated`);
      }
      const { input, names } = await this.buildInput(m, round);
      const plan = planRotation(input);
      const lines = plan.lines.map((line) => ({
        staff_id: line.staffId,
        category: line.category,
        status: line.status,
        kind: line.kind,
        from_region_ids: line.fromRegionIds,
        to_region_ids: line.toRegionIds,
        reason: withNames(line.reason, names),
        rules_applied: line.rulesApplied,
      }));
      await m.query('DELETE FROM rotation_plan_line WHERE round_id = $1', [id]);
      await m.query(
        `INSERT INTO rotation_plan_line (round_id, staff_id, category, status, kind, from_region_ids, to_region_ids, reason, rules_applied)
         SELECT $1, x.staff_id, x.category, x.status, x.kind, x.from_region_ids, x.to_region_ids, x.reason, x.rules_applied
         FROM jsonb_to_recordset($2::jsonb) AS x(staff_id uuid, category text, status text, kind text, from_region_ids uuid[],
                                               to_region_ids uuid[], reason text, rules_applied text[])`,
        [id, JSON.stringify(lines)],
      );
      const unstaffed: UnstaffedRegionResponse[] = plan.unstaffedRegions.map((entry) => ({
        regionId: entry.regionId,
        regionName: names.get(entry.regionId) ?? entry.regionId,
        category: entry.category,
        why: withNames(entry.why, names),
      }));
      const violations = humanViolations(plan.violations, names);
      await m.query(
        `UPDATE rotation_round SET status = 'planned', unstaffed_regions = $2, violations = $3, objective = $4, planned_at = now(),
           version = version + 1, updated_at = now() WHERE id = $1`,
        [id, JSON.stringify(unstaffed), JSON.stringify(violations), JSON.stringify(plan.objective)],
      );
      const response = await this.toResponse(m, await this.findRow(m, actor, id));
      await this.audit.record(m, actor, {
        action: 'rotation_round.planned',
        entityType: 'rotation_round',
        entityId: id,
        orgUnitId: round.org_unit_id,
        after: { feasible: plan.feasible, objective: plan.objective, lines: lines.length, violations: violations.length },
      });
      return response;
    });
  }

  private assertEditable(round: RoundRow): void {
    if (round.status === 'draft') throw illegalTransition('The round has no plan yet; generate one first');
    if (round.status !== 'planned') throw illegalTransition(`The round is ${round.status}; its plan can no longer be edited`);
  }

  /** Applies line edits to the stored lines (in memory) and checks them against the rules with live data. */
  private async revalidate(
    m: EntityManager,
    round: RoundRow,
    edits: PlanLineEditDto[],
  ): Promise<{ lines: LineRow[]; changed: LineRow[]; violations: PlanViolationResponse[]; names: Map<string, string> }> {
    const lines = await this.lines(m, round.id);
    const byStaff = new Map(lines.map((line) => [line.staff_id, line]));
    const changed: LineRow[] = [];
    const seen = new Set<string>();
    for (const edit of edits) {
      const line = byStaff.get(edit.staffId);
      if (!line) throw invalidInput('lines', `staff ${edit.staffId} has no line in this plan`);
      if (seen.has(edit.staffId)) throw invalidInput('lines', `staff ${edit.staffId} is listed twice`);
      seen.add(edit.staffId);
      const to = [...edit.toRegionIds].sort();
      if (to.join() === [...line.to_region_ids].sort().join()) continue;
      line.to_region_ids = to;
      line.kind = to.length === 0 ? 'reserve' : to.some((regionId) => line.from_region_ids.includes(regionId)) ? 'stay' : 'move';
      line.edited = true;
      changed.push(line);
    }
    const { input, names } = await this.buildInput(m, round);
    const violations = humanViolations(
      validateRotationPlan(
        input,
        lines.map((line) => ({ staffId: line.staff_id, toRegionIds: line.to_region_ids })),
      ),
      names,
    );
    return { lines, changed, violations, names };
  }

  /** `POST /rotation-rounds/{id}/plan/validate`: the violations the plan would have with these edits (nothing saved). */
  async validateEdits(actor: Actor, id: string, edits: PlanLineEditDto[]): Promise<PlanValidationResponse> {
    const m = this.dataSource.manager;
    const round = await this.findRow(m, actor, id);
    this.assertEditable(round);
    const { violations } = await this.revalidate(m, round, edits);
    return { violations };
  }

  /** `PUT /rotation-rounds/{id}/plan`: edits lines and stores the re-validated violations. */
  async editPlan(actor: Actor, id: string, dto: EditPlanDto): Promise<RotationRoundResponse> {
    return this.dataSource.transaction(async (m) => {
      const round = await this.findRow(m, actor, id, true);
      assertVersion('Rotation round', round.version, dto.version);
      this.assertEditable(round);
      const before = await this.lines(m, id);
      const { changed, violations, names } = await this.revalidate(m, round, dto.lines);
      for (const line of changed) {
        const where =
          line.to_region_ids.length === 0
            ? 'the reserve'
            : line.to_region_ids.map((regionId) => names.get(regionId) ?? regionId).join(', ');
        const base = line.reason.split(' | edited: ')[0] ?? line.reason;
        await m.query(
          `UPDATE rotation_plan_line SET to_region_ids = $3, kind = $4, edited = true, reason = $5,
             rules_applied = array_remove(rules_applied, 'ROT_MANUAL_EDIT') || '{ROT_MANUAL_EDIT}'
           WHERE round_id = $1 AND staff_id = $2`,
          [id, line.staff_id, line.to_region_ids, line.kind, `${base} | edited: sent to ${where} by hand`],
        );
      }
      const unstaffed: UnstaffedRegionResponse[] = violations
        .filter(
          (violation) => violation.code === 'ROT_REGION_UNSTAFFED' && violation.regionId !== undefined && violation.category !== undefined,
        )
        .map((violation) => ({
          regionId: violation.regionId ?? '',
          regionName: names.get(violation.regionId ?? '') ?? '',
          category: violation.category ?? 'customer_manager',
          why: violation.message,
        }));
      await m.query(
        `UPDATE rotation_round SET violations = $2, unstaffed_regions = $3, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, JSON.stringify(violations), JSON.stringify(unstaffed)],
      );
      const response = await this.toResponse(m, await this.findRow(m, actor, id));
      await this.audit.record(m, actor, {
        action: 'rotation_round.plan_edited',
        entityType: 'rotation_round',
        entityId: id,
        orgUnitId: round.org_unit_id,
        before: { lines: before.filter((line) => changed.some((c) => c.staff_id === line.staff_id)) },
        after: { lines: changed, violations },
      });
      return response;
    });
  }

  /**
   * `POST /rotation-rounds/{id}/approve` (channel manager): a plan that breaks a rule is refused with
   * 422 listing every violation. Approval creates handover tasks for outgoing and incoming staff and
   * changes the assignments on the effective date (at once when that date has come).
   */
  async approve(actor: Actor, id: string, dto: ApproveRoundDto): Promise<RotationRoundResponse> {
    return this.dataSource.transaction(async (m) => {
      const round = await this.findRow(m, actor, id, true);
      assertVersion('Rotation round', round.version, dto.version);
      this.assertEditable(round);
      const { lines, violations } = await this.revalidate(m, round, []);
      if (violations.length > 0) {
        throw ruleViolated(
          'rotation_plan_valid',
          `The plan breaks ${violations.length} rotation rule(s) and cannot be approved: ${violations.map((v) => v.message).join('; ')}`,
          violations.map((violation) => ({
            field: violation.staffId ? `lines.${violation.staffId}` : violation.regionId ? `regions.${violation.regionId}` : 'lines',
            problem: `${violation.code}: ${violation.message}`,
          })),
        );
      }
      await m.query(
        `UPDATE rotation_round SET status = 'approved', approved_at = now(), approved_by = $2, violations = '[]',
           version = version + 1, updated_at = now() WHERE id = $1`,
        [id, actor.kind === 'user' ? actor.id : null],
      );
      const tasks = await this.createHandoverTasks(m, round, lines);
      const movers = lines.filter((line) => regionsChange(line));
      await this.notifications.notifyUsers(
        m,
        movers.map((line) => line.user_id),
        {
          kind: ROTATION_PLAN_APPROVED_EVENT,
          title: `Rotation "${round.name}" approved: your regions change on ${round.effective_on}`,
          body: 'See your handover tasks.',
          entityType: 'rotation_round',
          entityId: id,
        },
      );
      // Outbox row in the same transaction; webhook delivery picks it up (at least once).
      await m.query(
        `INSERT INTO outbox_event (event_type, aggregate_type, aggregate_id, org_unit_id, payload) VALUES ($1, 'rotation_round', $2, $3, $4)`,
        [
          ROTATION_PLAN_APPROVED_EVENT,
          id,
          round.org_unit_id,
          JSON.stringify({
            roundId: id,
            name: round.name,
            effectiveOn: round.effective_on,
            lines: movers.map((line) => ({ staffId: line.staff_id, fromRegionIds: line.from_region_ids, toRegionIds: line.to_region_ids })),
          }),
        ],
      );
      await this.audit.record(m, actor, {
        action: 'rotation_round.approved',
        entityType: 'rotation_round',
        entityId: id,
        orgUnitId: round.org_unit_id,
        after: { movers: movers.length, handoverTasks: tasks },
      });
      if (round.effective_on <= this.today()) await this.applyRound(m, id, actor);
      return this.toResponse(m, await this.findRow(m, actor, id));
    });
  }

  private async createHandoverTasks(m: EntityManager, round: RoundRow, lines: LineRow[]): Promise<number> {
    const tasks: {
      staff_id: string;
      region_id: string;
      direction: 'outgoing' | 'incoming';
      counterpart: string | null;
      checklist: unknown;
    }[] = [];
    for (const line of lines.filter(regionsChange)) {
      for (const regionId of line.from_region_ids.filter((r) => !line.to_region_ids.includes(r))) {
        const successor = lines.find(
          (other) =>
            other.category === line.category && other.to_region_ids.includes(regionId) && !other.from_region_ids.includes(regionId),
        );
        tasks.push({
          staff_id: line.staff_id,
          region_id: regionId,
          direction: 'outgoing',
          counterpart: successor?.staff_id ?? null,
          checklist: defaultChecklist('outgoing'),
        });
      }
      for (const regionId of line.to_region_ids.filter((r) => !line.from_region_ids.includes(r))) {
        const predecessor = lines.find(
          (other) =>
            other.category === line.category && other.from_region_ids.includes(regionId) && !other.to_region_ids.includes(regionId),
        );
        tasks.push({
          staff_id: line.staff_id,
          region_id: regionId,
          direction: 'incoming',
          counterpart: predecessor?.staff_id ?? null,
          checklist: defaultChecklist('incoming'),
        });
      }
    }
    if (tasks.length === 0) return 0;
    await m.query(
      `INSERT INTO handover_task (round_id, staff_id, region_id, direction, counterpart_staff_id, due_on, checklist)
       SELECT $1, x.staff_id, x.region_id, x.direction, x.counterpart, $2::date, x.checklist
       FROM jsonb_to_recordset($3::jsonb) AS x(staff_id uuid, region_id uuid, direction text, counterpart uuid, checklist jsonb)
       ON CONFLICT DO NOTHING`,
      [round.id, round.effective_on, JSON.stringify(tasks)],
    );
    return tasks.length;
  }

  /**
   * Changes the assignments of an approved round (idempotent: only an `approved` round is applied).
   * A person who keeps at least one region keeps their tenure (`since`); a mover starts on the
   * effective date; a person sent to the reserve has no open assignment afterwards.
   */
  async applyRound(m: EntityManager, id: string, actor: Actor | typeof SYSTEM_ACTOR): Promise<boolean> {
    const rows = (await m.query(
      `SELECT id, org_unit_id, effective_on::text AS effective_on FROM rotation_round WHERE id = $1 AND status = 'approved' FOR UPDATE`,
      [id],
    )) as { id: string; org_unit_id: string; effective_on: string }[];
    const round = rows[0];
    if (!round) return false;
    const lines = await this.lines(m, id);
    let changed = 0;
    for (const line of lines.filter(regionsChange)) {
      if (line.kind === 'stay') {
        // Keeps at least one region: same assignment (and tenure), new region set.
        const open = (await m.query(`SELECT id FROM field_staff_assignment WHERE staff_id = $1 AND until IS NULL`, [line.staff_id])) as {
          id: string;
        }[];
        const openId = open[0]?.id;
        if (openId !== undefined) {
          await m.query('DELETE FROM field_staff_assignment_region WHERE assignment_id = $1', [openId]);
          await m.query(`INSERT INTO field_staff_assignment_region (assignment_id, region_id) SELECT $1, unnest($2::uuid[])`, [
            openId,
            line.to_region_ids,
          ]);
          changed += 1;
          continue;
        }
      }
      await m.query(`UPDATE field_staff_assignment SET until = greatest(since, $2::date - 1) WHERE staff_id = $1 AND until IS NULL`, [
        line.staff_id,
        round.effective_on,
      ]);
      if (line.to_region_ids.length > 0) {
        const inserted = (await m.query(`INSERT INTO field_staff_assignment (staff_id, since, round_id) VALUES ($1, $2, $3) RETURNING id`, [
          line.staff_id,
          round.effective_on,
          id,
        ])) as { id: string }[];
        await m.query(`INSERT INTO field_staff_assignment_region (assignment_id, region_id) SELECT $1, unnest($2::uuid[])`, [
          inserted[0]?.id,
          line.to_region_ids,
        ]);
      }
      changed += 1;
    }
    await m.query(
      `UPDATE rotation_round SET status = 'applied', applied_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
      [id],
    );
    await this.audit.record(m, actor, {
      action: 'rotation_round.applied',
      entityType: 'rotation_round',
      entityId: id,
      orgUnitId: round.org_unit_id,
      after: { effectiveOn: round.effective_on, assignmentsChanged: changed },
    });
    return true;
  }

  /** Approved rounds whose effective date (business time zone) has come; for the apply job. */
  async applyDue(m: EntityManager, now: Date): Promise<number> {
    const today = formatLocalDate(now, this.config.business.timeZone);
    const due = (await m.query(
      `SELECT id FROM rotation_round WHERE status = 'approved' AND effective_on <= $1 ORDER BY effective_on, id FOR UPDATE SKIP LOCKED`,
      [today],
    )) as { id: string }[];
    let applied = 0;
    for (const round of due) if (await this.applyRound(m, round.id, SYSTEM_ACTOR)) applied += 1;
    return applied;
  }
}

function regionsChange(line: Pick<LineRow, 'from_region_ids' | 'to_region_ids'>): boolean {
  return [...line.from_region_ids].sort().join() !== [...line.to_region_ids].sort().join();
}

function humanViolations(violations: readonly RotationViolation[], names: ReadonlyMap<string, string>): PlanViolationResponse[] {
  return violations.map((violation) => ({ ...violation, message: withNames(violation.message, names) }));
}
