import { formatLocalDate } from '@cs/domain';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, actorLabel, inScope } from '../../common/actor';
import { forbidden, illegalTransition, invalidInput, notFound, ruleViolated } from '../../common/errors';
import { DEFAULT_PAGE_SIZE, type Page, pageFromRows } from '../../common/pagination';
import { assertVersion } from '../../common/version';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { customerScopeSql, keysetPosition } from './customer-access';
import { SqlParams } from '../../common/sql';
import { CustomersService } from './customers.service';
import type {
  CreateVisitPlanDto,
  CreateVisitReportDto,
  FollowUpResponse,
  PlannedVisitInput,
  PlannedVisitStatus,
  PlanTransitionDto,
  UpdateVisitPlanDto,
  VisitPlanQuery,
  VisitPlanResponse,
  VisitPlanStatus,
  VisitReportQuery,
  VisitReportResponse,
} from './visit.dto';

interface PlanRow {
  id: string;
  title: string;
  drafting_unit_id: string;
  drafting_unit_name: string;
  drafting_unit_path: string;
  status: VisitPlanStatus;
  created_by_id: string | null;
  created_by_name: string | null;
  submitted_at: Date | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const PLAN_SELECT = `SELECT p.id, p.title, p.drafting_unit_id, o.name AS drafting_unit_name, o.path AS drafting_unit_path, p.status,
    p.created_by_id, cu.display_name AS created_by_name, p.submitted_at, du.display_name AS decided_by_name, p.decided_at, p.decision_note,
    p.version, p.created_at, p.updated_at
  FROM visit_plan p JOIN org_unit o ON o.id = p.drafting_unit_id
  LEFT JOIN app_user cu ON cu.id = p.created_by_id LEFT JOIN app_user du ON du.id = p.decided_by_id`;

interface ReportRow {
  id: string;
  customer_id: string;
  customer_name: string;
  plan_visit_id: string | null;
  visited_on: string;
  visitor_name: string;
  attendees: string | null;
  findings: string;
  created_at: Date;
}

const REPORT_SELECT = `SELECT r.id, r.customer_id, c.name AS customer_name, r.plan_visit_id, to_char(r.visited_on, 'YYYY-MM-DD') AS visited_on,
    r.visitor_name, r.attendees, r.findings, r.created_at
  FROM visit_report r JOIN customer c ON c.id = r.customer_id JOIN org_unit o ON o.id = c.owning_unit_id`;

/**
 * Visit plans (drafted by a platform's CS department, by HQ for HQ-filed customers, approved by the
 * ops manager before visits are scheduled [000 §8–9]) and visit reports [000 §10–11].
 */
@Injectable()
export class VisitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly customers: CustomersService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  private today(): string {
    return formatLocalDate(new Date(), this.config.business.timeZone);
  }

  // ------------------------------------------------------------------ plans

  async listPlans(actor: Actor, query: VisitPlanQuery): Promise<Page<VisitPlanResponse>> {
    const p = new SqlParams();
    const where = [`o.path LIKE ${p.add(`${actor.orgUnitPath}%`)}`];
    if (query.status) where.push(`p.status = ${p.add(query.status)}`);
    if (query.draftingUnitId) where.push(`p.drafting_unit_id = ${p.add(query.draftingUnitId)}`);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (query.cursor) {
      const position = keysetPosition(query.cursor, 'timestamp');
      where.push(`(p.created_at, p.id) < (${p.add(position.v)}::timestamptz, ${p.add(position.id)}::uuid)`);
    }
    const rows = (await this.dataSource.query(
      `${PLAN_SELECT} WHERE ${where.join(' AND ')} ORDER BY p.created_at DESC, p.id DESC LIMIT ${p.add(limit + 1)}`,
      p.values,
    )) as PlanRow[];
    const page = pageFromRows(
      rows,
      limit,
      (r) => ({ v: r.created_at.toISOString(), id: r.id }),
      (r) => r,
    );
    const visits = await this.visitsOf(
      this.dataSource.manager,
      page.items.map((r) => r.id),
    );
    return { items: page.items.map((r) => toPlanResponse(r, visits.get(r.id) ?? [])), nextCursor: page.nextCursor };
  }

  async getPlan(actor: Actor, id: string): Promise<VisitPlanResponse> {
    return this.planResponse(this.dataSource.manager, await this.findPlan(actor, id, this.dataSource.manager));
  }

  async createPlan(actor: Actor, dto: CreateVisitPlanDto): Promise<VisitPlanResponse> {
    return this.dataSource.transaction(async (m) => {
      await this.checkVisits(actor, m, dto.visits);
      const rows = (await m.query(
        `INSERT INTO visit_plan (title, drafting_unit_id, status, created_by_id) VALUES ($1, $2, 'draft', $3) RETURNING id`,
        [dto.title.trim(), actor.orgUnitId, actor.kind === 'user' ? actor.id : null],
      )) as { id: string }[];
      const id = rows[0]!.id;
      await this.insertVisits(m, id, dto.visits);
      const response = await this.planResponse(m, await this.loadPlan(m, id));
      await this.audit.record(m, actor, {
        action: 'visit_plan.created',
        entityType: 'visit_plan',
        entityId: id,
        orgUnitId: actor.orgUnitId,
        after: response,
      });
      return response;
    });
  }

  async updatePlan(actor: Actor, id: string, dto: UpdateVisitPlanDto): Promise<VisitPlanResponse> {
    return this.dataSource.transaction(async (m) => {
      const plan = await this.findPlan(actor, id, m, true);
      assertVersion('Visit plan', plan.version, dto.version);
      if (plan.status !== 'draft' && plan.status !== 'rejected') {
        throw illegalTransition(`A ${plan.status} plan cannot be edited; only drafts and rejected plans can`);
      }
      const before = await this.planResponse(m, plan);
      if (dto.visits) {
        await this.checkVisits(actor, m, dto.visits, plan.drafting_unit_path);
        await m.query('DELETE FROM visit_plan_visit WHERE plan_id = $1', [id]);
        await this.insertVisits(m, id, dto.visits);
      }
      // Editing a rejected plan makes it a draft again, to be resubmitted.
      await m.query(
        `UPDATE visit_plan SET title = coalesce($2, title), status = 'draft', version = version + 1, updated_at = now() WHERE id = $1`,
        [id, dto.title?.trim() ?? null],
      );
      const after = await this.planResponse(m, await this.loadPlan(m, id));
      await this.audit.record(m, actor, {
        action: 'visit_plan.updated',
        entityType: 'visit_plan',
        entityId: id,
        orgUnitId: plan.drafting_unit_id,
        before,
        after,
      });
      return after;
    });
  }

  async submitPlan(actor: Actor, id: string, dto: PlanTransitionDto): Promise<VisitPlanResponse> {
    return this.dataSource.transaction(async (m) => {
      const plan = await this.findPlan(actor, id, m, true);
      assertVersion('Visit plan', plan.version, dto.version);
      if (plan.status !== 'draft') throw illegalTransition(`Only a draft can be submitted; this plan is ${plan.status}`);
      const count = (await m.query('SELECT count(*)::int AS n FROM visit_plan_visit WHERE plan_id = $1', [id])) as { n: number }[];
      if ((count[0]?.n ?? 0) === 0) throw ruleViolated('plan_needs_visits', 'A visit plan needs at least one visit before it is submitted');
      await m.query(
        `UPDATE visit_plan SET status = 'submitted', submitted_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
        [id],
      );
      const after = await this.planResponse(m, await this.loadPlan(m, id));
      await this.audit.record(m, actor, {
        action: 'visit_plan.submitted',
        entityType: 'visit_plan',
        entityId: id,
        orgUnitId: plan.drafting_unit_id,
        before: { status: plan.status },
        after: { status: after.status },
      });
      const approvers = (await m.query(
        `SELECT u.id FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id
         WHERE u.active AND 'ops_manager' = ANY(u.roles) AND $1 LIKE o.path || '%'`,
        [plan.drafting_unit_path],
      )) as { id: string }[];
      await this.notifications.notifyUsers(
        m,
        approvers.map((a) => a.id),
        { kind: 'visit_plan.submitted', title: `Visit plan "${plan.title}" awaits your approval`, entityType: 'visit_plan', entityId: id },
      );
      return after;
    });
  }

  async decidePlan(actor: Actor, id: string, decision: 'approved' | 'rejected', dto: PlanTransitionDto): Promise<VisitPlanResponse> {
    return this.dataSource.transaction(async (m) => {
      const plan = await this.findPlan(actor, id, m, true);
      assertVersion('Visit plan', plan.version, dto.version);
      if (actor.kind !== 'user' || !actor.roles.includes('ops_manager')) {
        throw forbidden('Visit plans are approved or rejected by the ops manager');
      }
      if (plan.status !== 'submitted') throw illegalTransition(`Only a submitted plan can be ${decision}; this plan is ${plan.status}`);
      if (decision === 'rejected' && !dto.note?.trim()) throw invalidInput('note', 'is required when rejecting a plan');
      await m.query(
        `UPDATE visit_plan SET status = $2, decided_by_id = $3, decided_at = now(), decision_note = $4, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, decision, actor.id, dto.note?.trim() || null],
      );
      if (decision === 'approved')
        await m.query(`UPDATE visit_plan_visit SET status = 'scheduled' WHERE plan_id = $1 AND status = 'planned'`, [id]);
      const after = await this.planResponse(m, await this.loadPlan(m, id));
      await this.audit.record(m, actor, {
        action: `visit_plan.${decision}`,
        entityType: 'visit_plan',
        entityId: id,
        orgUnitId: plan.drafting_unit_id,
        before: { status: plan.status },
        after: { status: after.status, note: after.decisionNote },
      });
      await this.notifications.notifyUsers(m, [plan.created_by_id], {
        kind: `visit_plan.${decision}`,
        title: `Visit plan "${plan.title}" was ${decision}`,
        body: dto.note ?? null,
        entityType: 'visit_plan',
        entityId: id,
      });
      return after;
    });
  }

  private async checkVisits(actor: Actor, m: EntityManager, visits: PlannedVisitInput[], draftingUnitPath?: string): Promise<void> {
    const today = this.today();
    const seen = new Set<string>();
    visits.forEach((v, i) => {
      if (v.plannedOn < today)
        throw ruleViolated('visit_in_future', `visits[${i}].plannedOn ${v.plannedOn} is in the past`, [
          { field: `visits[${i}].plannedOn`, problem: 'is in the past' },
        ]);
      const key = `${v.customerId}|${v.plannedOn}`;
      if (seen.has(key)) throw invalidInput(`visits[${i}]`, 'repeats a customer on the same day');
      seen.add(key);
    });
    if (visits.length === 0) return;
    const p = new SqlParams();
    const ids = p.add([...new Set(visits.map((v) => v.customerId))]);
    const rows = (await m.query(
      `SELECT c.id, c.name, c.hq_filed FROM customer c JOIN org_unit o ON o.id = c.owning_unit_id WHERE c.id = ANY(${ids}::uuid[]) AND ${customerScopeSql(actor, p)}`,
      p.values,
    )) as { id: string; name: string; hq_filed: boolean }[];
    const found = new Map(rows.map((r) => [r.id, r]));
    const draftingAtHq = draftingUnitPath ? draftingUnitPath.split('/').filter(Boolean).length === 1 : actor.orgUnitKind === 'hq';
    visits.forEach((v, i) => {
      const customer = found.get(v.customerId);
      if (!customer) throw notFound(`Customer in visits[${i}]`);
      if (customer.hq_filed && !draftingAtHq) {
        throw ruleViolated(
          'hq_plans_filed_customers',
          `${customer.name} is filed with HQ (annual business ≥ 1,000,000 yuan); HQ drafts its visit plans`,
          [{ field: `visits[${i}].customerId`, problem: 'is filed with HQ' }],
        );
      }
    });
  }

  private async insertVisits(m: EntityManager, planId: string, visits: PlannedVisitInput[]): Promise<void> {
    if (visits.length === 0) return;
    await m.query(
      `INSERT INTO visit_plan_visit (plan_id, customer_id, planned_on, status) SELECT $1, t.customer_id, t.planned_on, 'planned'
       FROM unnest($2::uuid[], $3::date[]) AS t(customer_id, planned_on)`,
      [planId, visits.map((v) => v.customerId), visits.map((v) => v.plannedOn)],
    );
  }

  private async loadPlan(m: EntityManager, id: string): Promise<PlanRow> {
    const rows = (await m.query(`${PLAN_SELECT} WHERE p.id = $1`, [id])) as PlanRow[];
    if (!rows[0]) throw notFound('Visit plan');
    return rows[0];
  }

  private async findPlan(actor: Actor, id: string, m: EntityManager, lock = false): Promise<PlanRow> {
    if (lock) await m.query('SELECT 1 FROM visit_plan WHERE id = $1 FOR UPDATE', [id]);
    const plan = await this.loadPlan(m, id);
    if (!inScope(actor, plan.drafting_unit_path)) throw notFound('Visit plan');
    return plan;
  }

  private async visitsOf(
    m: EntityManager,
    planIds: string[],
  ): Promise<
    Map<
      string,
      { id: string; customerId: string; customerName: string; plannedOn: string; status: PlannedVisitStatus; reportId: string | null }[]
    >
  > {
    const out = new Map<
      string,
      { id: string; customerId: string; customerName: string; plannedOn: string; status: PlannedVisitStatus; reportId: string | null }[]
    >();
    if (planIds.length === 0) return out;
    const rows = (await m.query(
      `SELECT v.id, v.plan_id, v.customer_id, c.name AS customer_name, to_char(v.planned_on, 'YYYY-MM-DD') AS planned_on, v.status, r.id AS report_id
       FROM visit_plan_visit v JOIN customer c ON c.id = v.customer_id LEFT JOIN visit_report r ON r.plan_visit_id = v.id
       WHERE v.plan_id = ANY($1::uuid[]) ORDER BY v.planned_on, c.name`,
      [planIds],
    )) as {
      id: string;
      plan_id: string;
      customer_id: string;
      customer_name: string;
      planned_on: string;
      status: PlannedVisitStatus;
      report_id: string | null;
    }[];
    for (const r of rows) {
      const list = out.get(r.plan_id) ?? [];
      list.push({
        id: r.id,
        customerId: r.customer_id,
        customerName: r.customer_name,
        plannedOn: r.planned_on,
        status: r.status,
        reportId: r.report_id,
      });
      out.set(r.plan_id, list);
    }
    return out;
  }

  private async planResponse(m: EntityManager, plan: PlanRow): Promise<VisitPlanResponse> {
    return toPlanResponse(plan, (await this.visitsOf(m, [plan.id])).get(plan.id) ?? []);
  }

  // ------------------------------------------------------------------ reports

  async listReports(actor: Actor, query: VisitReportQuery): Promise<Page<VisitReportResponse>> {
    const p = new SqlParams();
    const where = [customerScopeSql(actor, p)];
    if (query.customerId) where.push(`r.customer_id = ${p.add(query.customerId)}`);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (query.cursor) {
      const position = keysetPosition(query.cursor, 'timestamp');
      where.push(`(r.created_at, r.id) < (${p.add(position.v)}::timestamptz, ${p.add(position.id)}::uuid)`);
    }
    const rows = (await this.dataSource.query(
      `${REPORT_SELECT} WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT ${p.add(limit + 1)}`,
      p.values,
    )) as ReportRow[];
    const page = pageFromRows(
      rows,
      limit,
      (r) => ({ v: r.created_at.toISOString(), id: r.id }),
      (r) => r,
    );
    const followUps = await this.followUpsOf(
      this.dataSource.manager,
      page.items.map((r) => r.id),
    );
    return { items: page.items.map((r) => toReportResponse(r, followUps.get(r.id) ?? [])), nextCursor: page.nextCursor };
  }

  async getReport(actor: Actor, id: string): Promise<VisitReportResponse> {
    const m = this.dataSource.manager;
    const p = new SqlParams();
    const rows = (await m.query(`${REPORT_SELECT} WHERE r.id = ${p.add(id)} AND ${customerScopeSql(actor, p)}`, p.values)) as ReportRow[];
    if (!rows[0]) throw notFound('Visit report');
    return toReportResponse(rows[0], (await this.followUpsOf(m, [id])).get(id) ?? []);
  }

  async createReport(actor: Actor, dto: CreateVisitReportDto): Promise<VisitReportResponse> {
    if (dto.visitedOn > this.today())
      throw ruleViolated('visit_not_in_future', 'A visit report is filed after the visit; visitedOn is in the future');
    return this.dataSource.transaction(async (m) => {
      const customer = await this.customers.findInScope(actor, dto.customerId, m, true);
      if (dto.planVisitId) {
        const visits = (await m.query(`SELECT id, customer_id, status FROM visit_plan_visit WHERE id = $1 FOR UPDATE`, [
          dto.planVisitId,
        ])) as {
          id: string;
          customer_id: string;
          status: PlannedVisitStatus;
        }[];
        const visit = visits[0];
        if (!visit || visit.customer_id !== customer.id) throw notFound('Planned visit of this customer');
        if (visit.status !== 'scheduled') {
          throw ruleViolated(
            'visit_must_be_scheduled',
            visit.status === 'planned'
              ? 'This visit is not scheduled yet: its plan needs the ops manager’s approval first'
              : `This visit is already ${visit.status}`,
          );
        }
        await m.query(`UPDATE visit_plan_visit SET status = 'done' WHERE id = $1`, [visit.id]);
      }
      const rows = (await m.query(
        `INSERT INTO visit_report (customer_id, plan_visit_id, visited_on, visitor_id, visitor_name, attendees, findings)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          customer.id,
          dto.planVisitId ?? null,
          dto.visitedOn,
          actor.kind === 'user' ? actor.id : null,
          actorLabel(actor),
          dto.attendees?.trim() || null,
          dto.findings.trim(),
        ],
      )) as { id: string }[];
      const id = rows[0]!.id;
      const followUps = dto.followUps ?? [];
      if (followUps.length > 0) {
        await m.query(
          `INSERT INTO visit_follow_up (report_id, department, description, due_on)
           SELECT $1, t.department, t.description, t.due_on FROM unnest($2::text[], $3::text[], $4::date[]) AS t(department, description, due_on)`,
          [
            id,
            followUps.map((f) => f.department.trim()),
            followUps.map((f) => f.description.trim()),
            followUps.map((f) => f.dueOn ?? null),
          ],
        );
      }
      // The report enriches the archive: its last-visit date moves forward (never back).
      await m.query(
        `UPDATE customer SET last_visit_on = GREATEST(coalesce(last_visit_on, $2::date), $2::date), visit_due_notified_for = NULL, updated_at = now() WHERE id = $1`,
        [customer.id, dto.visitedOn],
      );
      const reportRows = (await m.query(`${REPORT_SELECT} WHERE r.id = $1`, [id])) as ReportRow[];
      const response = toReportResponse(reportRows[0]!, (await this.followUpsOf(m, [id])).get(id) ?? []);
      await this.audit.record(m, actor, {
        action: 'visit_report.created',
        entityType: 'visit_report',
        entityId: id,
        orgUnitId: customer.owning_unit_id,
        after: response,
      });
      await this.audit.record(m, actor, {
        action: 'customer.visited',
        entityType: 'customer',
        entityId: customer.id,
        orgUnitId: customer.owning_unit_id,
        before: { lastVisitOn: customer.last_visit_on },
        after: { lastVisitOn: customer.last_visit_on && customer.last_visit_on > dto.visitedOn ? customer.last_visit_on : dto.visitedOn },
      });
      // Reports go to the CS manager of the customer's unit [000 §10].
      await this.notifications.notifyRoleInUnit(m, customer.owning_unit_id, ['cs_manager'], {
        kind: 'visit_report.created',
        title: `Visit report for ${customer.name} (${dto.visitedOn})${followUps.length ? `, ${followUps.length} follow-up item(s)` : ''}`,
        entityType: 'visit_report',
        entityId: id,
      });
      return response;
    });
  }

  async completeFollowUp(actor: Actor, reportId: string, followUpId: string): Promise<VisitReportResponse> {
    await this.dataSource.transaction(async (m) => {
      const p = new SqlParams();
      const rows = (await m.query(
        `${REPORT_SELECT} WHERE r.id = ${p.add(reportId)} AND ${customerScopeSql(actor, p)}`,
        p.values,
      )) as ReportRow[];
      if (!rows[0]) throw notFound('Visit report');
      const items = (await m.query(`SELECT id, status FROM visit_follow_up WHERE id = $1 AND report_id = $2 FOR UPDATE`, [
        followUpId,
        reportId,
      ])) as {
        id: string;
        status: string;
      }[];
      if (!items[0]) throw notFound('Follow-up item');
      if (items[0].status === 'done') throw illegalTransition('The follow-up item is already done');
      await m.query(`UPDATE visit_follow_up SET status = 'done', done_at = now() WHERE id = $1`, [followUpId]);
      await this.audit.record(m, actor, {
        action: 'visit_follow_up.done',
        entityType: 'visit_follow_up',
        entityId: followUpId,
        before: { status: 'open' },
        after: { status: 'done', reportId },
      });
    });
    return this.getReport(actor, reportId);
  }

  private async followUpsOf(m: EntityManager, reportIds: string[]): Promise<Map<string, FollowUpResponse[]>> {
    const out = new Map<string, FollowUpResponse[]>();
    if (reportIds.length === 0) return out;
    const rows = (await m.query(
      `SELECT id, report_id, department, description, to_char(due_on, 'YYYY-MM-DD') AS due_on, status, done_at FROM visit_follow_up
       WHERE report_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [reportIds],
    )) as {
      id: string;
      report_id: string;
      department: string;
      description: string;
      due_on: string | null;
      status: 'open' | 'done';
      done_at: Date | null;
    }[];
    for (const r of rows) {
      const list = out.get(r.report_id) ?? [];
      list.push({
        id: r.id,
        department: r.department,
        description: r.description,
        dueOn: r.due_on,
        status: r.status,
        doneAt: r.done_at?.toISOString() ?? null,
      });
      out.set(r.report_id, list);
    }
    return out;
  }
}

function toPlanResponse(
  r: PlanRow,
  visits: {
    id: string;
    customerId: string;
    customerName: string;
    plannedOn: string;
    status: PlannedVisitStatus;
    reportId: string | null;
  }[],
): VisitPlanResponse {
  return {
    id: r.id,
    title: r.title,
    draftingUnitId: r.drafting_unit_id,
    draftingUnitName: r.drafting_unit_name,
    status: r.status,
    createdByName: r.created_by_name,
    submittedAt: r.submitted_at?.toISOString() ?? null,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionNote: r.decision_note,
    visits,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function toReportResponse(r: ReportRow, followUps: FollowUpResponse[]): VisitReportResponse {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    planVisitId: r.plan_visit_id,
    visitedOn: r.visited_on,
    visitorName: r.visitor_name,
    attendees: r.attendees,
    findings: r.findings,
    followUps,
    createdAt: r.created_at.toISOString(),
  };
}
