import { addMonthsToMonthKey, DEFAULT_SURVEY_TARGETS, meetsTarget, monthRange, parseQuarter, quarterRange } from '@cs/domain';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { OrgUnitsService } from '../org/org-units.service';
import { SurveyCampaignsService } from './survey-campaigns.service';
import type { MetricsCore, MetricsTargets, SatisfactionReportQuery, SatisfactionReportResponse, SurveyMetricsResponse } from './survey.dto';

interface MetricsRow {
  key: string | null;
  invitations: number;
  responses: number;
  coverage: number | null;
  satisfaction_rate: number | null;
  dissatisfaction_rate: number | null;
  mean_score: number | null;
  nps: number | null;
}

/** Which invitations to count: a WHERE clause over `i` (survey_invitation) with its parameters. */
interface MetricsFilter {
  where: string;
  params: unknown[];
  /** Path of the unit whose direct sub-units `byUnit` rolls up to. */
  rootPath: string;
  rootId: string;
}

/**
 * The ratios, in SQL: NULLIF on the denominator makes a ratio of nothing NULL (reported as
 * null, never 0 or NaN); percentages rounded to two places.
 */
const METRICS_SELECT = `
  count(*)::int AS invitations,
  count(r.id)::int AS responses,
  round(100.0 * count(r.id) / NULLIF(count(*), 0), 2)::float8 AS coverage,
  round(100.0 * count(*) FILTER (WHERE r.overall_score >= 4) / NULLIF(count(r.id), 0), 2)::float8 AS satisfaction_rate,
  round(100.0 * count(*) FILTER (WHERE r.overall_score <= 2) / NULLIF(count(r.id), 0), 2)::float8 AS dissatisfaction_rate,
  round(avg(r.overall_score), 2)::float8 AS mean_score,
  round(100.0 * (count(*) FILTER (WHERE r.nps_score >= 9) - count(*) FILTER (WHERE r.nps_score <= 6)) / NULLIF(count(r.nps_score), 0), 2)::float8 AS nps`;

interface GroupedMetricsRow extends MetricsRow {
  grouping: 'total' | 'unit' | 'month' | 'score';
  unit_name: string | null;
}

/**
 * The metrics of the invitations matching `where` (over `i`), grouped four ways in one scan. The
 * sub-unit key is the first path segment under the root (`$rootParam`), the root itself
 * (`$rootParam + 1`) for its own invitations; keys that are no org unit are left out of `byUnit`.
 * Sub-units come ordered by name, months in order.
 * Exported for the benchmark's direct-SQL baseline.
 */
export function metricsSql(where: string, rootParam: number): string {
  return `
    SELECT CASE WHEN GROUPING(k.unit_key) = 0 THEN 'unit' WHEN GROUPING(i.month) = 0 THEN 'month'
                WHEN GROUPING(r.overall_score) = 0 THEN 'score' ELSE 'total' END AS grouping,
           coalesce(k.unit_key, i.month, r.overall_score::text) AS key,
           (SELECT u.name FROM org_unit u WHERE u.id::text = k.unit_key) AS unit_name,
           ${METRICS_SELECT}
    FROM survey_invitation i
    LEFT JOIN survey_response r ON r.invitation_id = i.id
    CROSS JOIN LATERAL (SELECT coalesce(nullif(split_part(substr(i.unit_path, length($${rootParam}) + 1), '/', 1), ''), $${rootParam + 1}) AS unit_key) k
    WHERE ${where}
    GROUP BY GROUPING SETS ((), (k.unit_key), (i.month), (r.overall_score))
    ORDER BY unit_name, key`;
}

export interface ReportPeriod {
  period: string;
  firstMonth: string;
  lastMonth: string;
  from: Date;
  to: Date;
}

export function parseReportPeriod(period: string, timeZone: string): ReportPeriod {
  if (/^\d{4}$/.test(period)) {
    return {
      period,
      firstMonth: `${period}-01`,
      lastMonth: `${period}-12`,
      from: monthRange(`${period}-01`, timeZone).start,
      to: monthRange(`${period}-12`, timeZone).end,
    };
  }
  if (/^\d{4}-Q[1-4]$/.test(period)) {
    const q = parseQuarter(period);
    const firstMonth = q.start.slice(0, 7);
    const range = quarterRange(period, timeZone);
    return { period, firstMonth, lastMonth: addMonthsToMonthKey(firstMonth, 2), from: range.start, to: range.end };
  }
  const range = monthRange(period, timeZone);
  return { period, firstMonth: period, lastMonth: period, from: range.start, to: range.end };
}

@Injectable()
export class SurveyMetricsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly campaigns: SurveyCampaignsService,
    private readonly units: OrgUnitsService,
  ) {}

  async campaignMetrics(actor: Actor, campaignId: string): Promise<SurveyMetricsResponse> {
    const campaign = await this.campaigns.findInScope(actor, campaignId);
    return this.compute(
      { where: 'i.campaign_id = $1', params: [campaign.id], rootPath: campaign.orgUnitPath, rootId: campaign.orgUnitId },
      { coverage: Number(campaign.targetCoverage), satisfaction: Number(campaign.targetSatisfaction) },
    );
  }

  /** The platform satisfaction report (or HQ roll-up when run for HQ): one unit, one period, broken down by sub-unit and month. */
  async report(actor: Actor, query: SatisfactionReportQuery): Promise<SatisfactionReportResponse> {
    const unit = await this.units.findInScope(actor, query.unitId ?? actor.orgUnitId);
    const period = parseReportPeriod(query.period, this.config.business.timeZone);
    const metrics = await this.compute(
      {
        where: `i.unit_path LIKE $1 AND i.month BETWEEN $2 AND $3`,
        params: [`${unit.path}%`, period.firstMonth, period.lastMonth],
        rootPath: unit.path,
        rootId: unit.id,
      },
      { ...DEFAULT_SURVEY_TARGETS },
    );
    return {
      period: period.period,
      unitId: unit.id,
      unitName: unit.name,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      ...metrics,
    };
  }

  private core(row: MetricsRow | undefined, targets: MetricsTargets): MetricsCore {
    const coverage = row?.coverage ?? null;
    const satisfactionRate = row?.satisfaction_rate ?? null;
    return {
      invitations: row?.invitations ?? 0,
      responses: row?.responses ?? 0,
      coverage,
      satisfactionRate,
      dissatisfactionRate: row?.dissatisfaction_rate ?? null,
      meanScore: row?.mean_score ?? null,
      nps: row?.nps ?? null,
      coverageMet: meetsTarget(coverage, targets.coverage),
      satisfactionMet: meetsTarget(satisfactionRate, targets.satisfaction),
    };
  }

  /**
   * All four views (total, by sub-unit, by month, score distribution) from ONE scan of the
   * invitations with GROUPING SETS: four separate statements scanned and joined the same 100,000
   * invitations four times (p95 400 ms for one campaign; one scan halves it).
   */
  private async compute(filter: MetricsFilter, targets: MetricsTargets): Promise<SurveyMetricsResponse> {
    const rootParam = filter.params.length + 1;
    const rows = (await this.dataSource.query(metricsSql(filter.where, rootParam), [
      ...filter.params,
      filter.rootPath,
      filter.rootId,
    ])) as GroupedMetricsRow[];
    const total = rows.find((r) => r.grouping === 'total');
    const byUnit = rows.filter((r) => r.grouping === 'unit' && r.unit_name !== null);
    const byMonth = rows.filter((r) => r.grouping === 'month');
    const scores = new Map(rows.filter((r) => r.grouping === 'score' && r.key !== null).map((r) => [Number(r.key), r.responses]));
    return {
      ...this.core(total, targets),
      targets,
      scoreDistribution: [1, 2, 3, 4, 5].map((score) => ({ score, count: scores.get(score) ?? 0 })),
      byUnit: byUnit.map((row) => ({ unitId: row.key!, unitName: row.unit_name!, ...this.core(row, targets) })),
      byMonth: byMonth.map((row) => ({ month: row.key!, ...this.core(row, targets) })),
    };
  }

  /** The report as a workbook: a summary sheet, one row per sub-unit, one row per month. */
  reportWorkbook(report: SatisfactionReportResponse): ExcelJS.Workbook {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('满意度调查报告');
    sheet.columns = [
      { header: '类别 Section', key: 'section', width: 14 },
      { header: '单位 Unit', key: 'unit', width: 24 },
      { header: '月份 Month', key: 'month', width: 10 },
      { header: '调查数 Invitations', key: 'invitations', width: 12 },
      { header: '回复数 Responses', key: 'responses', width: 12 },
      { header: '覆盖率% Coverage', key: 'coverage', width: 12 },
      { header: '覆盖率目标%', key: 'coverageTarget', width: 12 },
      { header: '满意率% Satisfaction', key: 'satisfactionRate', width: 12 },
      { header: '满意率目标%', key: 'satisfactionTarget', width: 12 },
      { header: '不满意率% Dissatisfaction', key: 'dissatisfactionRate', width: 12 },
      { header: '平均分 Mean', key: 'meanScore', width: 10 },
      { header: 'NPS', key: 'nps', width: 8 },
    ];
    const row = (section: string, unit: string, month: string, m: MetricsCore): Record<string, string | number | null> => ({
      section,
      unit,
      month,
      invitations: m.invitations,
      responses: m.responses,
      coverage: m.coverage,
      coverageTarget: report.targets.coverage,
      satisfactionRate: m.satisfactionRate,
      satisfactionTarget: report.targets.satisfaction,
      dissatisfactionRate: m.dissatisfactionRate,
      meanScore: m.meanScore,
      nps: m.nps,
    });
    sheet.addRow(row('total', report.unitName, report.period, report));
    for (const u of report.byUnit) sheet.addRow(row('unit', u.unitName, report.period, u));
    for (const m of report.byMonth) sheet.addRow(row('month', report.unitName, m.month, m));
    sheet.getRow(1).font = { bold: true };
    return workbook;
  }
}
