import { Injectable, StreamableFile } from '@nestjs/common';
import {
  contentDisposition,
  CSV_CONTENT_TYPE,
  monthlySheets,
  quarterlySheets,
  type ReportSheet,
  toCsv,
  toXlsx,
  XLSX_CONTENT_TYPE,
} from './complaint-report-export';
import type { MonthlyComplaintReport, QuarterlyComplaintReport, ReportFormat } from './complaint-reports.dto';

/** Turns a report into the requested download (or leaves JSON as it is). */
@Injectable()
export class ComplaintReportsExportService {
  monthly(report: MonthlyComplaintReport, format: ReportFormat): Promise<MonthlyComplaintReport | StreamableFile> {
    if (format === 'json') return Promise.resolve(report);
    return this.file(monthlySheets(report), format, `complaints-monthly-${report.month}`, `客诉案件统计表-${report.month}`);
  }

  quarterly(report: QuarterlyComplaintReport, format: ReportFormat): Promise<QuarterlyComplaintReport | StreamableFile> {
    if (format === 'json') return Promise.resolve(report);
    const title = report.unit.kind === 'hq' ? '公司季度客户服务情况报告' : '平台客户投诉汇总报告';
    return this.file(quarterlySheets(report), format, `complaints-quarterly-${report.quarter}`, `${title}-${report.quarter}`);
  }

  private async file(sheets: ReportSheet[], format: 'csv' | 'xlsx', asciiName: string, displayName: string): Promise<StreamableFile> {
    const body = format === 'csv' ? toCsv(sheets) : await toXlsx(sheets, displayName);
    return new StreamableFile(body, {
      type: format === 'csv' ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE,
      disposition: contentDisposition(`${asciiName}.${format}`, `${displayName}.${format}`),
      length: body.length,
    });
  }
}
