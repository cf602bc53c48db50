import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { SURVEY_READERS } from './survey-campaigns.controller';
import { SurveyMetricsService } from './survey-metrics.service';
import { SatisfactionReportQuery, SatisfactionReportResponse } from './survey.dto';

@ApiTags('reports')
@Controller('api/v1/reports/satisfaction')
export class SurveyReportsController {
  constructor(private readonly metrics: SurveyMetricsService) {}

  @Get()
  @Allow({ roles: SURVEY_READERS, scope: 'reports:read' })
  @ApiOperation({
    summary:
      'Satisfaction report for a unit and period (month, quarter or year): the platform report, or the HQ roll-up by platform when run for HQ; format=csv|xlsx downloads it',
  })
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ type: SatisfactionReportResponse })
  async getSatisfactionReport(
    @CurrentActor() actor: Actor,
    @Query() query: SatisfactionReportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SatisfactionReportResponse | StreamableFile> {
    const report = await this.metrics.report(actor, query);
    if (!query.format || query.format === 'json') return report;
    const workbook = this.metrics.reportWorkbook(report);
    const base = `satisfaction-${report.period}`;
    if (query.format === 'csv') {
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="${base}.csv"`);
      // A BOM so Excel opens the Chinese headers as UTF-8.
      return new StreamableFile(Buffer.concat([Buffer.from('\ufeff'), Buffer.from(await workbook.csv.writeBuffer())]));
    }
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', `attachment; filename="${base}.xlsx"`);
    return new StreamableFile(Buffer.from(await workbook.xlsx.writeBuffer()));
  }
}
