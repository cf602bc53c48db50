import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  addMonthsToMonth,
  allowanceSchedule,
  appointmentTerms,
  csTenureEligible,
  csTenureEligibleFrom,
  formatFen,
  formatLocalDate,
  type MonthlyGrade,
  monthOfDate,
  parseYuanToFen,
  termEndedByDGrades,
  termOfMonth,
  validateAppointmentTerm,
} from '@cs/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, actorLabel } from '../../common/actor';
import { conflict, illegalTransition, invalidInput, notFound, ruleViolated } from '../../common/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, type Page, pageFromRows } from '../../common/pagination';
import { assertVersion } from '../../common/version';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import type {
  AdjustAppointmentDto,
  AllowanceQuery,
  AllowanceScheduleResponse,
  AppointmentChanged,
  AppointmentQuery,
  AppointmentResponse,
  CreateAppointmentDto,
  MonthlyGradeGridQuery,
  MonthlyGradeList,
  MonthlyGradeRecorded,
  MonthlyGradeResponse,
  RecordMajorLossDto,
  RecordMonthlyGradeDto,
} from './appointment.dto';
import type { AdjustmentReason, AppointmentStatus, EndReason, PostType, TransferKind, VacancyReason } from './appraisal-common';

export type AuditActor = Actor | typeof SYSTEM_ACTOR;

export function actorName(actor: AuditActor): string {
  return actor === SYSTEM_ACTOR ? 'system' : actorLabel(actor);
}

/** An appointment row as loaded with its user, team and unit. */
export interface AppointmentRow {
  id: string;
  userId: string;
  userName: string;
  joinedOn: string | null;
  teamId: string;
  teamName: string;
  orgUnitId: string;
  orgUnitPath: string;
  postType: PostType;
  startsOn: string;
  firstTermEndsOn: string;
  endsOn: string;
  termExtensions: number;
  monthlyAllowance: string;
  status: AppointmentStatus;
  endedOn: string | null;
  endReason: EndReason | null;
  adjustmentReason: AdjustmentReason | null;
  endNote: string | null;
  transfer: TransferKind | null;
  transferNote: string | null;
  promotionPriority: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  dGrades: { month: string; grade: MonthlyGrade }[];
}

export const APPOINTMENT_SELECT = `
  SELECT a.id, a.user_id AS "userId", u.display_name AS "userName", u.joined_on::text AS "joinedOn",
         a.team_id AS "teamId", t.name AS "teamName", a.org_unit_id AS "orgUnitId", o.path AS "orgUnitPath",
         a.post_type AS "postType", a.starts_on::text AS "startsOn", a.first_term_ends_on::text AS "firstTermEndsOn",
         a.ends_on::text AS "endsOn", a.term_extensions AS "termExtensions", a.monthly_allowance::text AS "monthlyAllowance",
         a.status, a.ended_on::text AS "endedOn", a.end_reason AS "endReason", a.end_reason_detail AS "adjustmentReason",
         a.end_note AS "endNote", a.transfer, a.transfer_note AS "transferNote", a.promotion_priority AS "promotionPriority",
         a.version, a.created_at AS "createdAt", a.updated_at AS "updatedAt",
         (SELECT coalesce(json_agg(json_build_object('month', g.month, 'grade', g.grade)), '[]'::json)
            FROM team_leader_monthly_grade g WHERE g.appointment_id = a.id AND g.grade = 'D') AS "dGrades"
    FROM team_leader_appointment a
    JOIN app_user u ON u.id = a.user_id
    JOIN team t ON t.id = a.team_id
    JOIN org_unit o ON o.id = a.org_unit_id`;

interface GradeRow {
  id: string;
  appointmentId: string;
  month: string;
  grade: MonthlyGrade;
  note: string | null;
  recordedBy: string;
  updatedAt: Date;
}

const GRADE_SELECT = `SELECT id, appointment_id AS "appointmentId", month, grade, note, recorded_by AS "recordedBy", updated_at AS "updatedAt"
  FROM team_leader_monthly_grade`;

function toGradeResponse(row: GradeRow): MonthlyGradeResponse {
  return {
    id: row.id,
    appointmentId: row.appointmentId,
    month: row.month,
    grade: row.grade,
    note: row.note,
    recordedBy: row.recordedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function clampDate(value: string, min: string, max: string): string {
  if (value < min) return min;
  return value > max ? max : value;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

@Injectable()
export class AppointmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Today's date in the business time zone. */
  today(now: Date = new Date()): string {
    return formatLocalDate(now, this.config.business.timeZone);
  }

  toResponse(row: AppointmentRow, today: string = this.today()): AppointmentResponse {
    const terms = appointmentTerms(row.startsOn, row.firstTermEndsOn, row.termExtensions);
    const current = terms.find((term) => today >= term.startsOn && today <= term.endsOn) ?? null;
    const active = row.status === 'active';
    const dInCurrent = current
      ? row.dGrades.filter((g) => termOfMonth(row.startsOn, row.firstTermEndsOn, row.termExtensions, g.month)?.index === current.index)
          .length
      : 0;
    const [due] = allowanceSchedule(
      row.startsOn,
      active ? null : row.endedOn,
      parseYuanToFen(row.monthlyAllowance),
      monthOfDate(today),
      monthOfDate(today),
    );
    // An active appointment that has not started yet is not payable this month either (the schedule says so).
    return {
      id: row.id,
      userId: row.userId,
      userName: row.userName,
      teamId: row.teamId,
      teamName: row.teamName,
      orgUnitId: row.orgUnitId,
      postType: row.postType,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      termExtensions: row.termExtensions,
      currentTerm: active ? current : null,
      monthlyAllowance: row.monthlyAllowance,
      allowanceDueThisMonth: formatFen(due?.amountFen ?? 0n),
      status: row.status,
      daysToTermEnd: active ? daysBetween(today, row.endsOn) : null,
      endedOn: row.endedOn,
      endReason: row.endReason,
      adjustmentReason: row.adjustmentReason,
      endNote: row.endNote,
      transfer: row.transfer,
      transferNote: row.transferNote,
      promotionPriority: row.promotionPriority,
      dGradesInCurrentTerm: active ? dInCurrent : 0,
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async loadRow(m: EntityManager, id: string, lock = false): Promise<AppointmentRow | null> {
    if (lock) await m.query('SELECT 1 FROM team_leader_appointment WHERE id = $1 FOR UPDATE', [id]);
    const rows = (await m.query(`${APPOINTMENT_SELECT} WHERE a.id = $1`, [id])) as AppointmentRow[];
    return rows[0] ?? null;
  }

  /** Loads an appointment of a team in the actor's scope, else 404. */
  async findInScope(actor: Actor, id: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<AppointmentRow> {
    const row = await this.loadRow(m, id, lock);
    if (!row || !row.orgUnitPath.startsWith(actor.orgUnitPath)) throw notFound('Team-leader appointment');
    return row;
  }

  async get(actor: Actor, id: string): Promise<AppointmentResponse> {
    return this.toResponse(await this.findInScope(actor, id));
  }

  async list(actor: Actor, query: AppointmentQuery): Promise<Page<AppointmentResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [`${actor.orgUnitPath}%`];
    const where = ['o.path LIKE $1'];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.status) add('a.status = ?', query.status);
    if (query.teamId) add('a.team_id = ?', query.teamId);
    if (query.userId) add('a.user_id = ?', query.userId);
    if (query.orgUnitId) add('a.org_unit_id = ?', query.orgUnitId);
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(position.v, position.id);
      where.push(`(a.created_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `${APPOINTMENT_SELECT} WHERE ${where.join(' AND ')} ORDER BY a.created_at DESC, a.id DESC LIMIT $${params.length}`,
      params,
    )) as AppointmentRow[];
    const today = this.today();
    return pageFromRows(
      rows,
      limit,
      (row) => ({ v: row.createdAt.toISOString(), id: row.id }),
      (row) => this.toResponse(row, today),
    );
  }

  /** Checks and inserts a new appointment (used by direct creation and by vacancy selection). */
  async createInTx(
    m: EntityManager,
    actor: Actor,
    input: { userId: string; teamId: string; postType: PostType; startsOn: string; endsOn: string; monthlyAllowance: string },
    vacancyId: string | null,
  ): Promise<AppointmentRow> {
    const teams = (await m.query(
      `SELECT t.id, t.org_unit_id AS "orgUnitId", o.path FROM team t JOIN org_unit o ON o.id = t.org_unit_id WHERE t.id = $1 FOR UPDATE OF t`,
      [input.teamId],
    )) as { id: string; orgUnitId: string; path: string }[];
    const team = teams[0];
    if (!team || !team.path.startsWith(actor.orgUnitPath)) throw notFound('Team');
    const users = (await m.query(
      `SELECT u.id, u.active, u.joined_on::text AS "joinedOn", u.display_name AS "displayName", o.path
         FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id WHERE u.id = $1`,
      [input.userId],
    )) as { id: string; active: boolean; joinedOn: string | null; displayName: string; path: string }[];
    const user = users[0];
    if (!user || !user.path.startsWith(actor.orgUnitPath)) throw notFound('User');
    if (!user.active) throw ruleViolated('appointee_active', `${user.displayName} is deactivated and cannot be appointed`);

    const problems = validateAppointmentTerm(input.startsOn, input.endsOn);
    const tooLong = problems.find((p) => p.code === 'TERM_TOO_LONG');
    const other = problems.find((p) => p.code !== 'TERM_TOO_LONG');
    if (other) throw invalidInput(other.field, other.message);
    if (tooLong) throw ruleViolated('term_at_most_one_year', `[8.1] ${tooLong.message}`, [{ field: 'endsOn', problem: tooLong.message }]);
    assertTenure(user.displayName, user.joinedOn, input.startsOn);

    const busy = (await m.query(
      `SELECT team_id AS "teamId", user_id AS "userId" FROM team_leader_appointment WHERE status = 'active' AND (team_id = $1 OR user_id = $2)`,
      [input.teamId, input.userId],
    )) as { teamId: string; userId: string }[];
    if (busy.some((b) => b.teamId === input.teamId))
      throw conflict('This team already has an active team leader; end that appointment first');
    if (busy.some((b) => b.userId === input.userId)) throw conflict(`${user.displayName} already leads a team`);

    const inserted = (await m.query(
      `INSERT INTO team_leader_appointment (user_id, team_id, org_unit_id, post_type, starts_on, first_term_ends_on, ends_on, monthly_allowance, vacancy_id)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8) RETURNING id`,
      [input.userId, input.teamId, team.orgUnitId, input.postType, input.startsOn, input.endsOn, input.monthlyAllowance, vacancyId],
    )) as { id: string }[];
    const id = inserted[0]!.id;
    const row = (await this.loadRow(m, id))!;
    await this.audit.record(m, actor, {
      action: 'team_leader_appointment.created',
      entityType: 'team_leader_appointment',
      entityId: id,
      orgUnitId: team.orgUnitId,
      after: this.toResponse(row),
    });
    // Appointing someone to a vacant post fills its open vacancy.
    await m.query(
      `UPDATE team_leader_vacancy SET status = 'filled', filled_appointment_id = $2, closed_at = now(), version = version + 1
        WHERE team_id = $1 AND status = 'open'`,
      [input.teamId, id],
    );
    return row;
  }

  async create(actor: Actor, dto: CreateAppointmentDto): Promise<AppointmentResponse> {
    return this.dataSource.transaction(async (m) => this.toResponse(await this.createInTx(m, actor, dto, null)));
  }

  async allowance(actor: Actor, id: string, query: AllowanceQuery): Promise<AllowanceScheduleResponse> {
    const row = await this.findInScope(actor, id);
    const lastMonth = monthOfDate(row.status === 'active' ? row.endsOn : (row.endedOn ?? row.endsOn));
    const from = query.from ?? monthOfDate(row.startsOn);
    const to = query.to ?? addMonthsToMonth(lastMonth, 1);
    if (from > to) throw invalidInput('from', `must not be after to (${to})`);
    let months;
    try {
      months = allowanceSchedule(
        row.startsOn,
        row.status === 'active' ? null : row.endedOn,
        parseYuanToFen(row.monthlyAllowance),
        from,
        to,
      );
    } catch (error) {
      throw invalidInput('to', error instanceof Error ? error.message : String(error));
    }
    const total = months.reduce((sum, month) => sum + month.amountFen, 0n);
    return {
      appointmentId: row.id,
      monthlyAllowance: row.monthlyAllowance,
      months: months.map((month) => ({ month: month.month, payable: month.payable, amount: formatFen(month.amountFen) })),
      total: formatFen(total),
    };
  }

  async listGrades(actor: Actor, id: string): Promise<MonthlyGradeList> {
    await this.findInScope(actor, id);
    const rows = (await this.dataSource.query(`${GRADE_SELECT} WHERE appointment_id = $1 ORDER BY month`, [id])) as GradeRow[];
    return { items: rows.map(toGradeResponse) };
  }

  /** Grades of every appointment in scope for a year (the grade entry grid). */
  async gradeGrid(actor: Actor, query: MonthlyGradeGridQuery): Promise<MonthlyGradeList> {
    const params: unknown[] = [`${actor.orgUnitPath}%`, `${query.year}-%`];
    let unitFilter = '';
    if (query.orgUnitId) {
      params.push(query.orgUnitId);
      unitFilter = ' AND a.org_unit_id = $3';
    }
    const rows = (await this.dataSource.query(
      `SELECT g.id, g.appointment_id AS "appointmentId", g.month, g.grade, g.note, g.recorded_by AS "recordedBy", g.updated_at AS "updatedAt"
         FROM team_leader_monthly_grade g
         JOIN team_leader_appointment a ON a.id = g.appointment_id
         JOIN org_unit o ON o.id = a.org_unit_id
        WHERE o.path LIKE $1 AND g.month LIKE $2${unitFilter}
        ORDER BY g.appointment_id, g.month LIMIT 10000`,
      params,
    )) as GradeRow[];
    return { items: rows.map(toGradeResponse) };
  }

  /**
   * Records (or corrects) the grade of a month. A second D within the term ends the appointment
   * automatically [9.2.2], in the same transaction.
   */
  async recordGrade(actor: Actor, id: string, dto: RecordMonthlyGradeDto): Promise<MonthlyGradeRecorded> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.findInScope(actor, id, m, true);
      if (row.status !== 'active')
        throw illegalTransition(`The appointment is ${row.status}; grades are recorded for active appointments only`);
      if (!termOfMonth(row.startsOn, row.firstTermEndsOn, row.termExtensions, dto.month)) {
        throw ruleViolated('grade_month_within_term', `${dto.month} is outside the appointment's term (${row.startsOn} – ${row.endsOn})`, [
          { field: 'month', problem: 'is outside the term' },
        ]);
      }
      const currentMonth = monthOfDate(this.today());
      if (dto.month > currentMonth) {
        throw ruleViolated('grade_month_not_future', `${dto.month} has not happened yet (this month is ${currentMonth})`, [
          { field: 'month', problem: 'is in the future' },
        ]);
      }
      const before = (await m.query(`${GRADE_SELECT} WHERE appointment_id = $1 AND month = $2`, [id, dto.month])) as GradeRow[];
      const saved = (await m.query(
        `INSERT INTO team_leader_monthly_grade (appointment_id, month, grade, note, recorded_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (appointment_id, month) DO UPDATE SET grade = EXCLUDED.grade, note = EXCLUDED.note, recorded_by = EXCLUDED.recorded_by,
           updated_at = now(), version = team_leader_monthly_grade.version + 1
         RETURNING id, appointment_id AS "appointmentId", month, grade, note, recorded_by AS "recordedBy", updated_at AS "updatedAt"`,
        [id, dto.month, dto.grade, dto.note ?? null, actorLabel(actor)],
      )) as GradeRow[];
      const grade = toGradeResponse(saved[0]!);
      await this.audit.record(m, actor, {
        action: before[0] ? 'team_leader_grade.corrected' : 'team_leader_grade.recorded',
        entityType: 'team_leader_appointment',
        entityId: id,
        orgUnitId: row.orgUnitId,
        before: before[0] ? toGradeResponse(before[0]) : null,
        after: grade,
      });
      const outcome = await this.terminateIfTwoDGrades(m, actor, id);
      const after = (await this.loadRow(m, id))!;
      return { grade, appointment: this.toResponse(after), terminated: outcome !== null, vacancyId: outcome?.vacancyId ?? null };
    });
  }

  /** [9.2.2] Ends the appointment when one of its terms holds two D grades; null when it does not. */
  async terminateIfTwoDGrades(m: EntityManager, actor: AuditActor, id: string): Promise<{ vacancyId: string | null } | null> {
    const row = await this.loadRow(m, id, true);
    if (!row || row.status !== 'active') return null;
    const grades = (await m.query(`SELECT month, grade FROM team_leader_monthly_grade WHERE appointment_id = $1`, [id])) as {
      month: string;
      grade: MonthlyGrade;
    }[];
    const term = termEndedByDGrades(row.startsOn, row.firstTermEndsOn, row.termExtensions, grades);
    if (!term) return null;
    const months = grades
      .filter((g) => g.grade === 'D' && termOfMonth(row.startsOn, row.firstTermEndsOn, row.termExtensions, g.month)?.index === term.index)
      .map((g) => g.month)
      .sort();
    return this.endAppointment(m, actor, row, {
      status: 'terminated',
      reason: 'second_d_grade',
      note: `[9.2.2] Second D within the term (${months.join(', ')})`,
      endedOn: this.today(),
    });
  }

  async recordMajorLoss(actor: Actor, id: string, dto: RecordMajorLossDto): Promise<AppointmentChanged> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.findInScope(actor, id, m, true);
      if (row.status !== 'active') throw illegalTransition(`The appointment is already ${row.status}`);
      const today = this.today();
      if (dto.occurredOn < row.startsOn || dto.occurredOn > today) {
        throw ruleViolated(
          'major_loss_within_term',
          `occurredOn must be between the start of the appointment (${row.startsOn}) and today (${today})`,
          [{ field: 'occurredOn', problem: 'is outside the appointment or in the future' }],
        );
      }
      await m.query(
        `INSERT INTO team_leader_major_loss (appointment_id, occurred_on, description, loss_amount, recorded_by) VALUES ($1, $2, $3, $4, $5)`,
        [id, dto.occurredOn, dto.description.trim(), dto.lossAmount ?? null, actorLabel(actor)],
      );
      const { vacancyId } = await this.endAppointment(m, actor, row, {
        status: 'terminated',
        reason: 'major_loss',
        note: `[9.2.1] Major loss on ${dto.occurredOn}: ${dto.description.trim()}`.slice(0, 1000),
        endedOn: today,
      });
      return { appointment: this.toResponse((await this.loadRow(m, id))!), vacancyId };
    });
  }

  /** Mid-term adjustment or dismissal [9.1] with the transfer that follows [9.3]. */
  async adjust(actor: Actor, id: string, dto: AdjustAppointmentDto): Promise<AppointmentChanged> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.findInScope(actor, id, m, true);
      assertVersion('Team-leader appointment', row.version, dto.version);
      if (row.status !== 'active') throw illegalTransition(`The appointment is already ${row.status}`);
      const today = this.today();
      const effectiveOn = dto.effectiveOn ?? today;
      if (effectiveOn < today || effectiveOn > row.endsOn) {
        throw ruleViolated(
          'adjustment_within_term',
          `effectiveOn must be between today (${today}) and the end of the term (${row.endsOn})`,
          [{ field: 'effectiveOn', problem: 'is outside the remaining term' }],
        );
      }
      const { vacancyId } = await this.endAppointment(m, actor, row, {
        status: dto.action === 'dismiss' ? 'terminated' : 'ended',
        reason: dto.action === 'dismiss' ? 'dismissal' : 'adjustment',
        adjustmentReason: dto.reason,
        transfer: dto.transfer,
        transferNote: dto.transferNote ?? null,
        note: dto.note ?? null,
        endedOn: effectiveOn,
      });
      return { appointment: this.toResponse((await this.loadRow(m, id))!), vacancyId };
    });
  }

  /**
   * Ends an appointment (the allowance stops from the following month [7.1.3]), opens the post
   * as a vacancy and tells HR and the CS managers above the team.
   */
  async endAppointment(
    m: EntityManager,
    actor: AuditActor,
    row: AppointmentRow,
    change: {
      status: 'ended' | 'terminated';
      reason: EndReason;
      note: string | null;
      endedOn: string;
      adjustmentReason?: AdjustmentReason;
      transfer?: TransferKind;
      transferNote?: string | null;
      openVacancy?: boolean;
    },
  ): Promise<{ vacancyId: string | null }> {
    const before = this.toResponse(row);
    const endedOn = clampDate(change.endedOn, row.startsOn, row.endsOn);
    await m.query(
      `UPDATE team_leader_appointment SET status = $2, ended_on = $3, end_reason = $4, end_reason_detail = $5, end_note = $6,
              transfer = $7, transfer_note = $8, version = version + 1, updated_at = now() WHERE id = $1`,
      [
        row.id,
        change.status,
        endedOn,
        change.reason,
        change.adjustmentReason ?? null,
        change.note,
        change.transfer ?? null,
        change.transferNote ?? null,
      ],
    );
    const after = (await this.loadRow(m, row.id))!;
    await this.audit.record(m, actor, {
      action: `team_leader_appointment.${change.status}`,
      entityType: 'team_leader_appointment',
      entityId: row.id,
      orgUnitId: row.orgUnitId,
      before,
      after: this.toResponse(after),
    });
    const vacancyReason: VacancyReason = change.reason === 'reselection' ? 'fair_result' : change.reason;
    const vacancyId =
      change.openVacancy === false ? null : await this.openVacancy(m, actor, row, vacancyReason, change.reason === 'term_expired');
    const title =
      change.status === 'terminated'
        ? `Team-leader appointment of ${row.userName} (${row.teamName}) terminated: ${change.reason}`
        : `Team-leader appointment of ${row.userName} (${row.teamName}) ended: ${change.reason}`;
    await this.notifyHrAndManagers(
      m,
      row.orgUnitPath,
      { kind: `appraisal.appointment_${change.status}`, title, body: change.note, entityType: 'team_leader_appointment', entityId: row.id },
      [row.userId],
    );
    return { vacancyId };
  }

  /** Opens (or reuses) the team's open vacancy; returns its id. */
  async openVacancy(
    m: EntityManager,
    actor: AuditActor,
    row: AppointmentRow,
    reason: VacancyReason,
    incumbentMayApply: boolean,
  ): Promise<string> {
    const inserted = (await m.query(
      `INSERT INTO team_leader_vacancy (team_id, org_unit_id, post_type, reason, source_appointment_id, incumbent_may_apply)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (team_id) WHERE status = 'open' DO NOTHING RETURNING id`,
      [row.teamId, row.orgUnitId, row.postType, reason, row.id, incumbentMayApply],
    )) as { id: string }[];
    if (!inserted[0]) {
      const open = (await m.query(`SELECT id FROM team_leader_vacancy WHERE team_id = $1 AND status = 'open'`, [row.teamId])) as {
        id: string;
      }[];
      return open[0]!.id;
    }
    const vacancyId = inserted[0].id;
    if (incumbentMayApply) {
      await m.query(
        `INSERT INTO team_leader_vacancy_candidate (vacancy_id, user_id, is_incumbent, added_by) VALUES ($1, $2, true, $3) ON CONFLICT DO NOTHING`,
        [vacancyId, row.userId, actorName(actor)],
      );
    }
    await this.audit.record(m, actor, {
      action: 'team_leader_vacancy.opened',
      entityType: 'team_leader_vacancy',
      entityId: vacancyId,
      orgUnitId: row.orgUnitId,
      after: { teamId: row.teamId, reason, sourceAppointmentId: row.id, incumbentMayApply },
    });
    return vacancyId;
  }

  /** HR and CS managers of the team's unit and of every unit above it. */
  async notifyHrAndManagers(
    m: EntityManager,
    unitPath: string,
    message: { kind: string; title: string; body?: string | null; entityType?: string; entityId?: string },
    alsoUserIds: string[] = [],
  ): Promise<number> {
    const rows = (await m.query(
      `SELECT u.id FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id
        WHERE u.active AND u.roles && ARRAY['hr', 'cs_manager']::text[] AND $1 LIKE o.path || '%'`,
      [unitPath],
    )) as { id: string }[];
    return this.notifications.notifyUsers(m, [...rows.map((r) => r.id), ...alsoUserIds], message);
  }
}

/** [6.2.1] At least one year in the CS department on the day the term starts. */
export function assertTenure(name: string, joinedOn: string | null, asOf: string): void {
  if (joinedOn === null) {
    throw ruleViolated(
      'cs_tenure_one_year',
      `[6.2.1] ${name} has no CS-department join date recorded; at least one year in the department is required`,
    );
  }
  if (!csTenureEligible(joinedOn, asOf)) {
    throw ruleViolated(
      'cs_tenure_one_year',
      `[6.2.1] ${name} joined the CS department on ${joinedOn}; at least one year is required (eligible from ${csTenureEligibleFrom(joinedOn)})`,
    );
  }
}
