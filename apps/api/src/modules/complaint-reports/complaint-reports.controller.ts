import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor, type Role } from '../../common/actor';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE } from './complaint-report-export';
import {
  ComplaintDashboard,
  DashboardQuery,
  MonthlyComplaintReport,
  MonthlyReportQuery,
  QuarterlyComplaintReport,
  QuarterlyReportQuery,
  StoredReportList,
} from './complaint-reports.dto';
import { ComplaintReportsExportService } from './complaint-reports-export.service';
import { ComplaintReportsService } from './complaint-reports.service';

/** Managers and quality staff read reports (admins always may); agents see the dashboard too. */
export const REPORT_ROLES: Role[] = ['cs_manager', 'ops_manager', 'quality_evaluator'];
export const DASHBOARD_ROLES: Role[] = ['agent', 'cs_manager', 'ops_manager', 'quality_evaluator'];

const FILE_SCHEMA = { type: 'string', format: 'binary' } as const;

/** JSON by default; the same report as a CSV or XLSX file when `format` asks for it. */
function reportContent(model: new () => object): { description: string; content: Record<string, { schema: object }> } {
  return {
    description: 'JSON, or the CSV/XLSX file (Content-Disposition: attachment) when `format` asks for it',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(model) } },
      [CSV_CONTENT_TYPE]: { schema: FILE_SCHEMA },
      [XLSX_CONTENT_TYPE]: { schema: FILE_SCHEMA },
    },
  };
}

@ApiTags('reports')
@ApiExtraModels(MonthlyComplaintReport, QuarterlyComplaintReport)
@Controller('api/v1/reports/complaints')
export class ComplaintReportsController {
  constructor(
    private readonly reports: ComplaintReportsService,
    private readonly exports: ComplaintReportsExportService,
  ) {}

  @Get('monthly')
  @Allow({ roles: REPORT_ROLES, scope: 'reports:read' })
  @ApiOperation({
    summary:
      '客诉案件统计表: cases closed in the month in your unit subtree — counts by kind/severity/channel/unit and responsibility ' +
      'attribution by unit with compensation. `format=csv|xlsx` downloads it.',
  })
  @ApiOkResponse(reportContent(MonthlyComplaintReport))
  async getMonthlyComplaintReport(
    @CurrentActor() actor: Actor,
    @Query() query: MonthlyReportQuery,
  ): Promise<MonthlyComplaintReport | StreamableFile> {
    const report = await this.reports.monthly(await this.reports.scopeFor(actor, query.unitId), query.month);
    return this.exports.monthly(report, query.format ?? 'json');
  }

  @Get('quarterly')
  @Allow({ roles: REPORT_ROLES, scope: 'reports:read' })
  @ApiOperation({
    summary:
      'Quarterly platform complaint summary / HQ quarterly report: complaints received in the quarter in your unit subtree (or `unitId`) — ' +
      'counts, SLA compliance per tier, time to answer (mean, p50, p90), escalations, breaches, repeat and concentrated complaints, ' +
      'compensation. `format=csv|xlsx` downloads it.',
  })
  @ApiOkResponse(reportContent(QuarterlyComplaintReport))
  async getQuarterlyComplaintReport(
    @CurrentActor() actor: Actor,
    @Query() query: QuarterlyReportQuery,
  ): Promise<QuarterlyComplaintReport | StreamableFile> {
    const report = await this.reports.quarterly(await this.reports.scopeFor(actor, query.unitId), query.quarter);
    return this.exports.quarterly(report, query.format ?? 'json');
  }

  @Get('dashboard')
  @Allow({ roles: DASHBOARD_ROLES, scope: 'reports:read' })
  @ApiOperation({
    summary: 'Dashboard figures for your unit subtree: open by status, at risk in the next hour, breached, last 30 days, SLA',
  })
  @ApiOkResponse({ type: ComplaintDashboard })
  async getComplaintDashboard(@CurrentActor() actor: Actor, @Query() query: DashboardQuery): Promise<ComplaintDashboard> {
    return this.reports.dashboard(await this.reports.scopeFor(actor, query.unitId));
  }

  @Get('archive')
  @Allow({ roles: REPORT_ROLES, scope: 'reports:read' })
  @ApiOperation({ summary: 'Company-wide reports produced by the scheduler (visible to HQ users and keys only; empty elsewhere)' })
  @ApiOkResponse({ type: StoredReportList })
  listStoredComplaintReports(@CurrentActor() actor: Actor): Promise<StoredReportList> {
    return this.reports.storedReports(actor);
  }

  @Get('archive/:id')
  @Allow({ roles: REPORT_ROLES, scope: 'reports:read' })
  @ApiOperation({ summary: 'One stored monthly report as it was produced' })
  @ApiOkResponse({ type: MonthlyComplaintReport })
  getStoredComplaintReport(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<MonthlyComplaintReport> {
    return this.reports.storedReport(actor, id);
  }
}
