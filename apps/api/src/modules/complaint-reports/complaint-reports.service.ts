import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addDaysToLocalDate, formatLocalDate, monthRange, quarterRange, type InstantRange } from '@cs/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, inScope } from '../../common/actor';
import { notFound } from '../../common/errors';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import {
  COMPLAINT_CHANNELS,
  COMPLAINT_KINDS,
  COMPLAINT_SEVERITIES,
  type ComplaintDashboard,
  type KeyCount,
  type MonthlyComplaintReport,
  type QuarterlyComplaintReport,
  type ReportUnit,
  type StoredReportList,
  type UnitCompensation,
  type UnitCount,
} from './complaint-reports.dto';

/** The unit subtree a report covers. */
export interface ReportScope {
  id: string;
  name: string;
  kind: string;
  path: string;
  depth: number;
}

/** At least this many tiers are listed in SLA compliance, so an empty quarter still shows tiers 1–3. */
export const MIN_REPORTED_TIERS = 3;
export const TOP_N = 10;
/** Dashboard: a complaint is at risk when its current deadline falls within this window. */
export const AT_RISK_WINDOW_MINUTES = 60;
export const DASHBOARD_DAYS = 30;

/** The columns the reports read: a population CTE referenced several times is materialised, so keep it narrow. */
const REPORT_COLUMNS = `id, kind, severity, channel, status, category, customer_id, customer_key, caller_phone, caller_name,
  receiving_unit_id, receiving_unit_path, received_at, answered_at, tier_count, tier_deadlines, escalation_count, breached, hq_reported`;

const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const num = (value: unknown): number => Number(value ?? 0);
const hours = (value: unknown): number | null => (value === null || value === undefined ? null : Math.round(Number(value) * 100) / 100);

function fixedKeys(keys: readonly string[], rows: { key: string; count: number }[]): KeyCount[] {
  const counts = new Map(rows.map((r) => [r.key, num(r.count)]));
  const listed = keys.map((key) => ({ key, count: counts.get(key) ?? 0 }));
  // Values outside the known lists (should not exist, CHECK constraints) are still reported, not dropped.
  for (const row of rows) if (!keys.includes(row.key)) listed.push({ key: row.key, count: num(row.count) });
  return listed;
}

@Injectable()
export class ComplaintReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get timeZone(): string {
    return this.config.business.timeZone;
  }

  /** The caller's unit, or the requested unit when it is inside the caller's subtree (else 404). */
  async scopeFor(actor: Actor, unitId?: string, m: EntityManager = this.dataSource.manager): Promise<ReportScope> {
    const rows = (await m.query(`SELECT id, name, kind, path, depth FROM org_unit WHERE id = $1`, [
      unitId ?? actor.orgUnitId,
    ])) as ReportScope[];
    const unit = rows[0];
    if (!unit || !inScope(actor, unit.path)) throw notFound('Org unit');
    return unit;
  }

  /** The whole company (the HQ root), for scheduled reports; null before an HQ exists. */
  async companyScope(m: EntityManager): Promise<ReportScope | null> {
    const rows = (await m.query(
      `SELECT id, name, kind, path, depth FROM org_unit WHERE parent_id IS NULL ORDER BY created_at LIMIT 1`,
    )) as ReportScope[];
    return rows[0] ?? null;
  }

  private unitOf(scope: ReportScope): ReportUnit {
    return { id: scope.id, name: scope.name, kind: scope.kind };
  }

  /**
   * Counts by kind/severity/channel and by the unit directly below the scope that received each
   * complaint, over the complaints of `population` (a CTE named `pop` with columns of `complaint`).
   */
  private async breakdowns(
    m: EntityManager,
    population: string,
    params: unknown[],
    scope: ReportScope,
  ): Promise<{ byKind: KeyCount[]; bySeverity: KeyCount[]; byChannel: KeyCount[]; byUnit: UnitCount[] }> {
    const childParam = params.length + 1;
    const scopeParam = params.length + 2;
    // One pass over the population: a grouping set per dimension.
    const rows = (await m.query(
      `WITH pop AS (${population}),
       keyed AS (
         SELECT kind, severity, channel,
                coalesce(nullif(split_part(receiving_unit_path, '/', $${childParam}::int), ''), $${scopeParam}::text) AS unit_key
         FROM pop
       ),
       dims AS (
         SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(severity) = 0 THEN 'severity'
                     WHEN GROUPING(channel) = 0 THEN 'channel' ELSE 'unit' END AS dim,
                coalesce(kind, severity, channel, unit_key) AS key, count(*)::int AS count
         FROM keyed GROUP BY GROUPING SETS ((kind), (severity), (channel), (unit_key))
       )
       SELECT d.dim, d.key, d.count, o.name AS unit_name
       FROM dims d LEFT JOIN org_unit o ON d.dim = 'unit' AND o.id::text = d.key
       ORDER BY d.dim, d.count DESC, o.name, d.key`,
      [...params, scope.depth + 3, scope.id],
    )) as { dim: string; key: string; count: number; unit_name: string | null }[];
    const of = (dim: string) => rows.filter((r) => r.dim === dim);
    return {
      byKind: fixedKeys(COMPLAINT_KINDS, of('kind')),
      bySeverity: fixedKeys(COMPLAINT_SEVERITIES, of('severity')),
      byChannel: fixedKeys(COMPLAINT_CHANNELS, of('channel')),
      byUnit: of('unit').map((r) => ({ unitId: r.key, unitName: r.unit_name ?? '', count: num(r.count) })),
    };
  }

  /** Approved (latest approved revision per complaint) responsibility by unit over the complaints of `population`. */
  private async responsibilityByUnit(m: EntityManager, population: string, params: unknown[]): Promise<UnitCompensation[]> {
    const rows = (await m.query(
      `WITH pop AS (${population}),
       eff AS (
         SELECT DISTINCT ON (r.complaint_id) r.id FROM complaint_responsibility r JOIN pop ON pop.id = r.complaint_id
         WHERE r.status = 'approved' ORDER BY r.complaint_id, r.revision DESC
       )
       SELECT s.org_unit_id AS unit_id, o.name AS unit_name, count(*)::int AS cases, sum(s.amount)::text AS compensation
       FROM eff JOIN complaint_responsibility_share s ON s.responsibility_id = eff.id JOIN org_unit o ON o.id = s.org_unit_id
       GROUP BY s.org_unit_id, o.name ORDER BY sum(s.amount) DESC, count(*) DESC, o.name`,
      params,
    )) as { unit_id: string; unit_name: string; cases: number; compensation: string }[];
    return rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, cases: num(r.cases), compensation: r.compensation }));
  }

  /** 客诉案件统计表: cases closed in the month inside the scope. */
  async monthly(scope: ReportScope, month: string, m: EntityManager = this.dataSource.manager): Promise<MonthlyComplaintReport> {
    const range = monthRange(month, this.timeZone);
    const params = [`${scope.path}%`, range.start, range.end];
    const closed = `SELECT ${REPORT_COLUMNS} FROM complaint WHERE receiving_unit_path LIKE $1 AND status = 'closed' AND closed_at >= $2 AND closed_at < $3`;
    const [totals] = (await m.query(
      `WITH pop AS (${closed}),
       latest AS (
         SELECT DISTINCT ON (r.complaint_id) r.complaint_id, r.status FROM complaint_responsibility r JOIN pop ON pop.id = r.complaint_id
         WHERE r.status <> 'superseded' ORDER BY r.complaint_id, r.revision DESC
       ),
       eff AS (
         SELECT DISTINCT ON (r.complaint_id) r.complaint_id, r.compensation FROM complaint_responsibility r JOIN pop ON pop.id = r.complaint_id
         WHERE r.status = 'approved' ORDER BY r.complaint_id, r.revision DESC
       )
       SELECT (SELECT count(*)::int FROM pop) AS closed,
              (SELECT count(*)::int FROM pop WHERE escalation_count > 0) AS escalated,
              (SELECT count(*)::int FROM pop WHERE breached) AS breached,
              (SELECT count(*)::int FROM pop WHERE NOT breached AND answered_at IS NOT NULL) AS on_time,
              (SELECT count(*)::int FROM eff) AS with_responsibility,
              (SELECT count(*)::int FROM latest WHERE status = 'pending') AS pending,
              (SELECT coalesce(sum(compensation), 0)::numeric(14,2)::text FROM eff) AS compensation,
              (SELECT count(*)::int FROM complaint WHERE receiving_unit_path LIKE $1 AND status = 'invalid'
                 AND coalesce(closed_at, updated_at) >= $2 AND coalesce(closed_at, updated_at) < $3) AS invalid`,
      params,
    )) as Record<string, string | number>[];
    const t = totals!;
    return {
      month,
      timeZone: this.timeZone,
      from: range.start.toISOString(),
      to: range.end.toISOString(),
      unit: this.unitOf(scope),
      generatedAt: new Date().toISOString(),
      totals: {
        closedCases: num(t.closed),
        invalidCases: num(t.invalid),
        escalatedCases: num(t.escalated),
        breachedCases: num(t.breached),
        answeredOnTime: num(t.on_time),
        onTimeRate: rate(num(t.on_time), num(t.closed)),
        casesWithResponsibility: num(t.with_responsibility),
        casesPendingApproval: num(t.pending),
        compensationTotal: String(t.compensation),
      },
      ...(await this.breakdowns(m, closed, params, scope)),
      responsibilityByUnit: await this.responsibilityByUnit(m, closed, params),
    };
  }

  /** Quarterly complaint summary of the complaints received in the quarter inside the scope. */
  async quarterly(scope: ReportScope, quarter: string, m: EntityManager = this.dataSource.manager): Promise<QuarterlyComplaintReport> {
    const range: InstantRange = quarterRange(quarter, this.timeZone);
    const params = [`${scope.path}%`, range.start, range.end];
    const received = `SELECT ${REPORT_COLUMNS} FROM complaint WHERE receiving_unit_path LIKE $1 AND received_at >= $2 AND received_at < $3`;
    const [totals] = (await m.query(
      `WITH pop AS (${received})
       SELECT count(*)::int AS received,
              count(*) FILTER (WHERE status = 'invalid')::int AS invalid,
              count(*) FILTER (WHERE answered_at IS NOT NULL)::int AS answered,
              count(*) FILTER (WHERE answered_at IS NULL AND status NOT IN ('invalid', 'closed'))::int AS unanswered,
              count(*) FILTER (WHERE status = 'closed')::int AS closed,
              count(*) FILTER (WHERE escalation_count > 0)::int AS escalated_cases,
              (SELECT count(*)::int FROM complaint_event e JOIN pop p ON p.id = e.complaint_id WHERE e.type = 'escalated') AS escalations,
              count(*) FILTER (WHERE breached)::int AS breached,
              count(*) FILTER (WHERE hq_reported)::int AS hq_reported,
              count(*) FILTER (WHERE answered_at IS NOT NULL AND status <> 'invalid')::int AS answered_valid,
              avg(extract(epoch FROM answered_at - received_at) / 3600) FILTER (WHERE answered_at IS NOT NULL AND status <> 'invalid') AS mean_hours,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - received_at) / 3600)
                FILTER (WHERE answered_at IS NOT NULL AND status <> 'invalid') AS p50_hours,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - received_at) / 3600)
                FILTER (WHERE answered_at IS NOT NULL AND status <> 'invalid') AS p90_hours
       FROM pop`,
      params,
    )) as Record<string, string | number | null>[];
    const t = totals!;
    // A tier counts when its deadline exists and the outcome is known: answered, or the deadline has passed.
    const tierRows = (await m.query(
      `WITH pop AS (${received} AND status <> 'invalid')
       SELECT t.tier::int AS tier,
              count(*) FILTER (WHERE p.answered_at IS NOT NULL OR t.deadline <= now())::int AS eligible,
              count(*) FILTER (WHERE p.answered_at IS NOT NULL AND p.answered_at <= t.deadline)::int AS within
       FROM pop p CROSS JOIN LATERAL unnest(p.tier_deadlines) WITH ORDINALITY AS t(deadline, tier)
       WHERE t.deadline IS NOT NULL
       GROUP BY t.tier ORDER BY t.tier`,
      params,
    )) as { tier: number; eligible: number; within: number }[];
    const byTier = new Map(tierRows.map((r) => [num(r.tier), r]));
    const tierCount = Math.max(MIN_REPORTED_TIERS, ...byTier.keys());
    const tiers = Array.from({ length: tierCount }, (_, i) => byTier.get(i + 1) ?? { tier: i + 1, eligible: 0, within: 0 });
    const repeat = (await m.query(
      `WITH pop AS (${received} AND status <> 'invalid'),
       keyed AS (SELECT coalesce(customer_id::text, customer_key, caller_phone) AS customer, caller_name, received_at FROM pop),
       per AS (
         SELECT customer, count(*)::int AS n, (array_agg(caller_name ORDER BY received_at DESC))[1] AS caller_name
         FROM keyed WHERE customer IS NOT NULL GROUP BY customer HAVING count(*) >= 2
       )
       SELECT customer, caller_name, n, count(*) OVER ()::int AS customers, sum(n) OVER ()::int AS complaints
       FROM per ORDER BY n DESC, customer LIMIT $4`,
      [...params, TOP_N],
    )) as { customer: string; caller_name: string | null; n: number; customers: number; complaints: number }[];
    const categories = (await m.query(
      `WITH pop AS (${received} AND status <> 'invalid')
       SELECT coalesce(category, '') AS key, count(*)::int AS count, (SELECT count(*) FROM pop)::int AS total
       FROM pop GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT $4`,
      [...params, TOP_N],
    )) as { key: string; count: number; total: number }[];
    const units = (await m.query(
      `WITH pop AS (${received} AND status <> 'invalid')
       SELECT p.receiving_unit_id AS unit_id, o.name AS unit_name, count(*)::int AS count, (SELECT count(*) FROM pop)::int AS total
       FROM pop p JOIN org_unit o ON o.id = p.receiving_unit_id
       GROUP BY p.receiving_unit_id, o.name ORDER BY count(*) DESC, o.name LIMIT $4`,
      [...params, TOP_N],
    )) as { unit_id: string; unit_name: string; count: number; total: number }[];
    const [money] = (await m.query(
      `WITH pop AS (${received}),
       latest AS (
         SELECT DISTINCT ON (r.complaint_id) r.complaint_id, r.status, r.compensation FROM complaint_responsibility r JOIN pop ON pop.id = r.complaint_id
         WHERE r.status <> 'superseded' ORDER BY r.complaint_id, r.revision DESC
       ),
       eff AS (
         SELECT DISTINCT ON (r.complaint_id) r.complaint_id, r.compensation FROM complaint_responsibility r JOIN pop ON pop.id = r.complaint_id
         WHERE r.status = 'approved' ORDER BY r.complaint_id, r.revision DESC
       )
       SELECT (SELECT coalesce(sum(compensation), 0)::numeric(14,2)::text FROM eff) AS approved,
              (SELECT coalesce(sum(compensation), 0)::numeric(14,2)::text FROM latest WHERE status = 'pending') AS pending`,
      params,
    )) as { approved: string; pending: string }[];
    return {
      quarter,
      timeZone: this.timeZone,
      from: range.start.toISOString(),
      to: range.end.toISOString(),
      unit: this.unitOf(scope),
      generatedAt: new Date().toISOString(),
      totals: {
        received: num(t.received),
        invalid: num(t.invalid),
        answered: num(t.answered),
        unanswered: num(t.unanswered),
        closed: num(t.closed),
        escalatedCases: num(t.escalated_cases),
        escalations: num(t.escalations),
        breached: num(t.breached),
        hqReported: num(t.hq_reported),
      },
      ...(await this.breakdowns(m, received, params, scope)),
      slaByTier: tiers.map((r) => ({
        tier: num(r.tier),
        eligible: num(r.eligible),
        withinDeadline: num(r.within),
        rate: rate(num(r.within), num(r.eligible)),
      })),
      timeToAnswer: {
        answered: num(t.answered_valid),
        meanHours: hours(t.mean_hours),
        p50Hours: hours(t.p50_hours),
        p90Hours: hours(t.p90_hours),
      },
      repeat: {
        customers: num(repeat[0]?.customers),
        complaints: num(repeat[0]?.complaints),
        top: repeat.map((r) => ({ customerKey: r.customer, callerName: r.caller_name, count: num(r.n) })),
      },
      concentration: {
        topCategories: categories.map((r) => ({ key: r.key, count: num(r.count), share: rate(num(r.count), num(r.total)) ?? 0 })),
        topUnits: units.map((r) => ({
          unitId: r.unit_id,
          unitName: r.unit_name,
          count: num(r.count),
          share: rate(num(r.count), num(r.total)) ?? 0,
        })),
      },
      compensation: {
        approvedTotal: money!.approved,
        pendingTotal: money!.pending,
        byUnit: await this.responsibilityByUnit(m, received, params),
      },
    };
  }

  /** Small figures for a dashboard: each a cheap query over open complaints or the last 30 days. */
  async dashboard(scope: ReportScope, now: Date = new Date()): Promise<ComplaintDashboard> {
    const m = this.dataSource.manager;
    const prefix = `${scope.path}%`;
    const today = formatLocalDate(now, this.timeZone);
    const firstDay = addDaysToLocalDate(today, -(DASHBOARD_DAYS - 1));
    const [open] = (await m.query(
      `SELECT count(*) FILTER (WHERE status = 'received')::int AS received,
              count(*) FILTER (WHERE status = 'in_progress')::int AS in_progress,
              count(*) FILTER (WHERE status = 'answered')::int AS answered,
              count(*) FILTER (WHERE status = 'return_visit')::int AS return_visit,
              count(*) FILTER (WHERE status IN ('received', 'in_progress') AND NOT breached
                                 AND due_at >= $2 AND due_at < $2::timestamptz + make_interval(mins => $3))::int AS at_risk,
              count(*) FILTER (WHERE status IN ('received', 'in_progress') AND breached)::int AS breached_open
       FROM complaint
       WHERE receiving_unit_path LIKE $1 AND status IN ('received', 'in_progress', 'answered', 'return_visit')`,
      [prefix, now, AT_RISK_WINDOW_MINUTES],
    )) as Record<string, number>[];
    const days = (await m.query(
      `WITH days AS (SELECT d::date AS day FROM generate_series($2::date, $3::date, interval '1 day') d),
       counts AS (
         SELECT (received_at AT TIME ZONE $4)::date AS day, count(*)::int AS n, count(*) FILTER (WHERE breached)::int AS b
         FROM complaint
         WHERE receiving_unit_path LIKE $1 AND received_at >= ($2::date)::timestamp AT TIME ZONE $4
         GROUP BY 1
       )
       SELECT to_char(days.day, 'YYYY-MM-DD') AS date, coalesce(counts.n, 0)::int AS count, coalesce(counts.b, 0)::int AS breached
       FROM days LEFT JOIN counts ON counts.day = days.day ORDER BY days.day`,
      [prefix, firstDay, today, this.timeZone],
    )) as { date: string; count: number; breached: number }[];
    const [sla] = (await m.query(
      `SELECT count(*) FILTER (WHERE answered_at IS NOT NULL OR breached)::int AS eligible,
              count(*) FILTER (WHERE answered_at IS NOT NULL AND NOT breached)::int AS on_time
       FROM complaint
       WHERE receiving_unit_path LIKE $1 AND received_at >= ($2::date)::timestamp AT TIME ZONE $3 AND status <> 'invalid'`,
      [prefix, firstDay, this.timeZone],
    )) as { eligible: number; on_time: number }[];
    const o = open!;
    return {
      unit: this.unitOf(scope),
      generatedAt: now.toISOString(),
      openByStatus: {
        received: num(o.received),
        inProgress: num(o.in_progress),
        answered: num(o.answered),
        returnVisit: num(o.return_visit),
      },
      atRiskNextHour: num(o.at_risk),
      breachedOpen: num(o.breached_open),
      last30Days: days.map((d) => ({ date: d.date, count: num(d.count), breached: num(d.breached) })),
      slaLast30Days: { eligible: num(sla!.eligible), onTime: num(sla!.on_time), rate: rate(num(sla!.on_time), num(sla!.eligible)) },
    };
  }

  /** Reports produced by the scheduler (company-wide, so only callers at HQ see them). */
  async storedReports(actor: Actor): Promise<StoredReportList> {
    if (actor.orgUnitKind !== 'hq') return { items: [] };
    const rows = (await this.dataSource.query(
      `SELECT id, kind, period, generated_at FROM complaint_report ORDER BY period DESC, kind LIMIT 200`,
    )) as { id: string; kind: string; period: string; generated_at: Date }[];
    return { items: rows.map((r) => ({ id: r.id, kind: r.kind, period: r.period, generatedAt: new Date(r.generated_at).toISOString() })) };
  }

  async storedReport(actor: Actor, id: string): Promise<MonthlyComplaintReport> {
    const rows =
      actor.orgUnitKind === 'hq'
        ? ((await this.dataSource.query(`SELECT content FROM complaint_report WHERE id = $1 AND kind = 'monthly'`, [id])) as {
            content: MonthlyComplaintReport;
          }[])
        : [];
    if (!rows[0]) throw notFound('Report');
    return rows[0].content;
  }
}
