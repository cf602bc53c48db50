import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  addDaysToLocalDate,
  expenseClaimDeadlines,
  formatLocalDate,
  isWeekStart,
  monthsMissingBy,
  weeklyReportDeadlines,
  weeklyReportStatus,
  weeksMissingBy,
  weekStartOf,
} from '@cs/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { conflict, invalidInput, ruleViolated } from '../../common/errors';
import { DEFAULT_PAGE_SIZE, decodeCursor, type Page, pageFromRows } from '../../common/pagination';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { assertDate } from './field-staff.service';
import type {
  ComplianceCell,
  ComplianceQuery,
  CreateExpenseClaimDto,
  CreateWeeklyReportDto,
  ExpenseClaimQuery,
  ExpenseClaimResponse,
  WeeklyComplianceResponse,
  WeeklyReportQuery,
  WeeklyReportResponse,
} from './rotation.dto';
import { ownRecordsOnly } from './rotation-scope';

/** How far back the duties job looks (it catches up after downtime within this window). */
export const WEEKLY_LOOKBACK_WEEKS = 8;
export const EXPENSE_LOOKBACK_MONTHS = 3;

interface WeeklyRow {
  id: string;
  staff_id: string;
  staff_name: string;
  week_start: string;
  due_at: Date;
  submitted_at: Date;
  summary: string;
  faulty_unit_stock: number | null;
}

interface ClaimRow {
  id: string;
  staff_id: string;
  staff_name: string;
  month: string;
  amount: string;
  description: string | null;
  due_at: Date;
  submitted_at: Date;
}

const toWeekly = (row: WeeklyRow): WeeklyReportResponse => ({
  id: row.id,
  staffId: row.staff_id,
  staffName: row.staff_name,
  weekStart: row.week_start,
  dueAt: row.due_at.toISOString(),
  submittedAt: row.submitted_at.toISOString(),
  status: row.submitted_at.getTime() <= row.due_at.getTime() ? 'on_time' : 'late',
  summary: row.summary,
  faultyUnitStock: row.faulty_unit_stock,
});

const toClaim = (row: ClaimRow): ExpenseClaimResponse => ({
  id: row.id,
  staffId: row.staff_id,
  staffName: row.staff_name,
  month: row.month,
  amount: row.amount,
  description: row.description,
  dueAt: row.due_at.toISOString(),
  submittedAt: row.submitted_at.toISOString(),
  status: row.submitted_at.getTime() < row.due_at.getTime() ? 'on_time' : 'late',
});

export interface NewFlag {
  staff_id: string;
  duty: 'weekly_report' | 'expense_claim';
  period: string;
  flag: 'late' | 'missing';
}

@Injectable()
export class ReportingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  private get timeZone(): string {
    return this.config.business.timeZone;
  }

  /** Reports and claims are submitted by the field staff themselves. */
  private async ownStaff(m: EntityManager, actor: Actor): Promise<{ id: string; org_unit_id: string }> {
    const rows = (await m.query('SELECT id, org_unit_id FROM field_staff WHERE user_id = $1 AND active', [actor.id])) as {
      id: string;
      org_unit_id: string;
    }[];
    if (!rows[0]) throw ruleViolated('field_staff_only', 'Only a registered field staff member submits weekly reports and expense claims');
    return rows[0];
  }

  async submitWeekly(actor: Actor, dto: CreateWeeklyReportDto): Promise<WeeklyReportResponse> {
    assertDate('weekStart', dto.weekStart);
    if (!isWeekStart(dto.weekStart)) throw invalidInput('weekStart', 'must be a Monday');
    const today = formatLocalDate(new Date(), this.timeZone);
    if (dto.weekStart > today) throw ruleViolated('week_started', `The week of ${dto.weekStart} has not started yet`);
    const { dueAt } = weeklyReportDeadlines(dto.weekStart, this.timeZone);
    return this.dataSource.transaction(async (m) => {
      const staff = await this.ownStaff(m, actor);
      const rows = (await m.query(
        `INSERT INTO weekly_report (staff_id, week_start, due_at, summary, faulty_unit_stock) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (staff_id, week_start) DO NOTHING RETURNING id`,
        [staff.id, dto.weekStart, dueAt, dto.summary.trim(), dto.faultyUnitStock ?? null],
      )) as { id: string }[];
      if (!rows[0]) throw conflict(`A report for the week of ${dto.weekStart} was already submitted`);
      const report = await this.weeklyById(m, rows[0].id);
      await this.audit.record(m, actor, {
        action: 'weekly_report.submitted',
        entityType: 'weekly_report',
        entityId: report.id,
        orgUnitId: staff.org_unit_id,
        after: report,
      });
      return report;
    });
  }

  private async weeklyById(m: EntityManager, id: string): Promise<WeeklyReportResponse> {
    const rows = (await m.query(
      `SELECT w.id, w.staff_id, u.display_name AS staff_name, w.week_start::text AS week_start, w.due_at, w.submitted_at, w.summary, w.faulty_unit_stock
       FROM weekly_report w JOIN field_staff s ON s.id = w.staff_id JOIN app_user u ON u.id = s.user_id WHERE w.id = $1`,
      [id],
    )) as WeeklyRow[];
    return toWeekly(rows[0] as WeeklyRow);
  }

  async listWeekly(actor: Actor, query: WeeklyReportQuery): Promise<Page<WeeklyReportResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const { params, where } = this.staffScope(actor);
    if (query.staffId) {
      params.push(query.staffId);
      where.push(`w.staff_id = $${params.length}`);
    }
    if (query.weekStart) {
      params.push(query.weekStart);
      where.push(`w.week_start = $${params.length}::date`);
    }
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(String(position.v), position.id);
      where.push(`(w.week_start, w.id) < ($${params.length - 1}::date, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT w.id, w.staff_id, u.display_name AS staff_name, w.week_start::text AS week_start, w.due_at, w.submitted_at, w.summary, w.faulty_unit_stock
       FROM weekly_report w JOIN field_staff s ON s.id = w.staff_id JOIN app_user u ON u.id = s.user_id JOIN org_unit o ON o.id = s.org_unit_id
       WHERE ${where.join(' AND ')} ORDER BY w.week_start DESC, w.id DESC LIMIT $${params.length}`,
      params,
    )) as WeeklyRow[];
    return pageFromRows(rows, limit, (row) => ({ v: row.week_start, id: row.id }), toWeekly);
  }

  private staffScope(actor: Actor): { params: unknown[]; where: string[] } {
    const params: unknown[] = [`${actor.orgUnitPath}%`];
    const where = ['o.path LIKE $1'];
    if (ownRecordsOnly(actor)) {
      params.push(actor.id);
      where.push(`s.user_id = $${params.length}`);
    }
    return { params, where };
  }

  /** Staff × weeks grid: on time, late, overdue (still expected), missing, pending, or not required (not in the field that week). */
  async compliance(actor: Actor, query: ComplianceQuery): Promise<WeeklyComplianceResponse> {
    const now = new Date();
    const count = query.weeks ?? 8;
    const thisWeek = weekStartOf(formatLocalDate(now, this.timeZone));
    const weeks = Array.from({ length: count }, (_, index) => addDaysToLocalDate(thisWeek, -7 * (count - 1 - index)));
    const { params, where } = this.staffScope(actor);
    const staff = (await this.dataSource.query(
      `SELECT s.id, u.display_name FROM field_staff s JOIN app_user u ON u.id = s.user_id JOIN org_unit o ON o.id = s.org_unit_id
       WHERE ${where.join(' AND ')} AND s.active ORDER BY u.display_name, s.id LIMIT 500`,
      params,
    )) as { id: string; display_name: string }[];
    const ids = staff.map((person) => person.id);
    const reports = (await this.dataSource.query(
      `SELECT id, staff_id, week_start::text AS week_start, submitted_at FROM weekly_report
       WHERE staff_id = ANY($1::uuid[]) AND week_start >= $2::date`,
      [ids, weeks[0]],
    )) as { id: string; staff_id: string; week_start: string; submitted_at: Date }[];
    const assignments = (await this.dataSource.query(
      `SELECT staff_id, since::text AS since, until::text AS until FROM field_staff_assignment WHERE staff_id = ANY($1::uuid[])`,
      [ids],
    )) as { staff_id: string; since: string; until: string | null }[];
    return {
      weeks,
      rows: staff.map((person) => ({
        staffId: person.id,
        displayName: person.display_name,
        cells: weeks.map((weekStart): ComplianceCell => {
          const report = reports.find((r) => r.staff_id === person.id && r.week_start === weekStart) ?? null;
          const weekEnd = addDaysToLocalDate(weekStart, 6);
          const inField = assignments.some(
            (a) => a.staff_id === person.id && a.since <= weekEnd && (a.until === null || a.until >= weekStart),
          );
          if (!inField && report === null) return { weekStart, status: 'not_required', reportId: null };
          const status = weeklyReportStatus(weeklyReportDeadlines(weekStart, this.timeZone), report?.submitted_at ?? null, now);
          return { weekStart, status, reportId: report?.id ?? null };
        }),
      })),
    };
  }

  async submitClaim(actor: Actor, dto: CreateExpenseClaimDto): Promise<ExpenseClaimResponse> {
    const thisMonth = formatLocalDate(new Date(), this.timeZone).slice(0, 7);
    if (dto.month > thisMonth) throw ruleViolated('month_started', `Expenses for ${dto.month} cannot be claimed yet`);
    const { dueAt } = expenseClaimDeadlines(dto.month, this.timeZone);
    return this.dataSource.transaction(async (m) => {
      const staff = await this.ownStaff(m, actor);
      const rows = (await m.query(
        `INSERT INTO expense_claim (staff_id, month, amount, description, due_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (staff_id, month) DO NOTHING RETURNING id`,
        [staff.id, dto.month, dto.amount, dto.description ?? null, dueAt],
      )) as { id: string }[];
      if (!rows[0]) throw conflict(`An expense claim for ${dto.month} was already submitted`);
      const claim = await this.claimById(m, rows[0].id);
      await this.audit.record(m, actor, {
        action: 'expense_claim.submitted',
        entityType: 'expense_claim',
        entityId: claim.id,
        orgUnitId: staff.org_unit_id,
        after: claim,
      });
      return claim;
    });
  }

  private async claimById(m: EntityManager, id: string): Promise<ExpenseClaimResponse> {
    const rows = (await m.query(
      `SELECT c.id, c.staff_id, u.display_name AS staff_name, c.month, c.amount::text AS amount, c.description, c.due_at, c.submitted_at
       FROM expense_claim c JOIN field_staff s ON s.id = c.staff_id JOIN app_user u ON u.id = s.user_id WHERE c.id = $1`,
      [id],
    )) as ClaimRow[];
    return toClaim(rows[0] as ClaimRow);
  }

  async listClaims(actor: Actor, query: ExpenseClaimQuery): Promise<Page<ExpenseClaimResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const { params, where } = this.staffScope(actor);
    if (query.staffId) {
      params.push(query.staffId);
      where.push(`c.staff_id = $${params.length}`);
    }
    if (query.month) {
      params.push(query.month);
      where.push(`c.month = $${params.length}`);
    }
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(String(position.v), position.id);
      where.push(`(c.month, c.id) < ($${params.length - 1}::char(7), $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT c.id, c.staff_id, u.display_name AS staff_name, c.month, c.amount::text AS amount, c.description, c.due_at, c.submitted_at
       FROM expense_claim c JOIN field_staff s ON s.id = c.staff_id JOIN app_user u ON u.id = s.user_id JOIN org_unit o ON o.id = s.org_unit_id
       WHERE ${where.join(' AND ')} ORDER BY c.month DESC, c.id DESC LIMIT $${params.length}`,
      params,
    )) as ClaimRow[];
    return pageFromRows(rows, limit, (row) => ({ v: row.month, id: row.id }), toClaim);
  }

  /**
   * The duties sweep: flags late and missing weekly reports and expense claims once each (the
   * unique key of reporting_flag), and notifies the channel engineer with a copy to the channel
   * manager(s). Set-based over a bounded window, so it catches up after downtime.
   */
  async flagDuties(m: EntityManager, now: Date): Promise<{ flags: NewFlag[]; notified: number }> {
    const weeks = weeksMissingBy(now, WEEKLY_LOOKBACK_WEEKS, this.timeZone);
    const months = monthsMissingBy(now, EXPENSE_LOOKBACK_MONTHS, this.timeZone);
    const oldestWeek = addDaysToLocalDate(weekStartOf(formatLocalDate(now, this.timeZone)), -7 * (WEEKLY_LOOKBACK_WEEKS + 2));
    const flags: NewFlag[] = [];
    const missingWeekly = (await m.query(
      `INSERT INTO reporting_flag (staff_id, duty, period, flag)
       SELECT s.id, 'weekly_report', w.week_start::text, 'missing'
       FROM field_staff s CROSS JOIN unnest($1::date[], $2::timestamptz[]) AS w(week_start, missing_at)
       WHERE s.active
         AND EXISTS (SELECT 1 FROM field_staff_assignment a WHERE a.staff_id = s.id AND a.since <= w.week_start + 6
                     AND (a.until IS NULL OR a.until >= w.week_start))
         AND NOT EXISTS (SELECT 1 FROM weekly_report r WHERE r.staff_id = s.id AND r.week_start = w.week_start AND r.submitted_at < w.missing_at)
       ON CONFLICT DO NOTHING RETURNING staff_id, duty, period, flag`,
      [weeks.map((w) => w.weekStart), weeks.map((w) => w.missingAt)],
    )) as NewFlag[];
    flags.push(...missingWeekly);
    const lateWeekly = (await m.query(
      `INSERT INTO reporting_flag (staff_id, duty, period, flag)
       SELECT r.staff_id, 'weekly_report', r.week_start::text, 'late' FROM weekly_report r
       WHERE r.submitted_at > r.due_at AND r.week_start >= $1::date
       ON CONFLICT DO NOTHING RETURNING staff_id, duty, period, flag`,
      [oldestWeek],
    )) as NewFlag[];
    flags.push(...lateWeekly);
    const missingClaims = (await m.query(
      `INSERT INTO reporting_flag (staff_id, duty, period, flag)
       SELECT s.id, 'expense_claim', c.month, 'missing'
       FROM field_staff s CROSS JOIN unnest($1::text[], $2::timestamptz[]) AS c(month, due_at)
       WHERE s.active
         AND EXISTS (SELECT 1 FROM field_staff_assignment a WHERE a.staff_id = s.id
                     AND a.since < (to_date(c.month, 'YYYY-MM') + interval '1 month')::date
                     AND (a.until IS NULL OR a.until >= to_date(c.month, 'YYYY-MM')))
         AND NOT EXISTS (SELECT 1 FROM expense_claim e WHERE e.staff_id = s.id AND e.month = c.month AND e.submitted_at < c.due_at)
       ON CONFLICT DO NOTHING RETURNING staff_id, duty, period, flag`,
      [months.map((c) => c.month), months.map((c) => c.dueAt)],
    )) as NewFlag[];
    flags.push(...missingClaims);
    const lateClaims = (await m.query(
      `INSERT INTO reporting_flag (staff_id, duty, period, flag)
       SELECT e.staff_id, 'expense_claim', e.month, 'late' FROM expense_claim e
       WHERE e.submitted_at >= e.due_at AND e.month >= $1
       ON CONFLICT DO NOTHING RETURNING staff_id, duty, period, flag`,
      [oldestWeek.slice(0, 7)],
    )) as NewFlag[];
    flags.push(...lateClaims);
    return { flags, notified: await this.notifyFlags(m, flags) };
  }

  private async notifyFlags(m: EntityManager, flags: NewFlag[]): Promise<number> {
    if (flags.length === 0) return 0;
    const staffIds = [...new Set(flags.map((flag) => flag.staff_id))];
    const recipients = (await m.query(
      `SELECT s.id, u.display_name, s.channel_engineer_id,
              coalesce((SELECT array_agg(e.id) FROM app_user e JOIN org_unit eo ON eo.id = e.org_unit_id
                        WHERE e.active AND 'channel_engineer' = ANY(e.roles) AND o.path LIKE eo.path || '%'), '{}') AS engineers,
              coalesce((SELECT array_agg(cm.id) FROM app_user cm JOIN org_unit co ON co.id = cm.org_unit_id
                        WHERE cm.active AND 'channel_manager' = ANY(cm.roles) AND o.path LIKE co.path || '%'), '{}') AS managers
       FROM field_staff s JOIN app_user u ON u.id = s.user_id JOIN org_unit o ON o.id = s.org_unit_id WHERE s.id = ANY($1::uuid[])`,
      [staffIds],
    )) as { id: string; display_name: string; channel_engineer_id: string | null; engineers: string[]; managers: string[] }[];
    let notified = 0;
    for (const flag of flags) {
      const to = recipients.find((r) => r.id === flag.staff_id);
      if (!to) continue;
      const engineers = to.channel_engineer_id !== null ? [to.channel_engineer_id] : to.engineers;
      const what = flag.duty === 'weekly_report' ? `Weekly report for the week of ${flag.period}` : `Expense claim for ${flag.period}`;
      const title = `${what} ${flag.flag === 'late' ? 'submitted late' : 'missing'}: ${to.display_name}`;
      notified += await this.notifications.notifyUsers(m, engineers, {
        kind: `rotation.${flag.duty}.${flag.flag}`,
        title,
        entityType: 'field_staff',
        entityId: flag.staff_id,
      });
      notified += await this.notifications.notifyUsers(
        m,
        to.managers.filter((id) => !engineers.includes(id)),
        { kind: `rotation.${flag.duty}.${flag.flag}`, title: `Copy: ${title}`, entityType: 'field_staff', entityId: flag.staff_id },
      );
    }
    return notified;
  }
}
