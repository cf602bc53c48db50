import { Module } from '@nestjs/common';
import { ComplaintMonthlyReportJob } from './complaint-monthly-report.job';
import { ComplaintReportsExportService } from './complaint-reports-export.service';
import { ComplaintReportsController } from './complaint-reports.controller';
import { ComplaintReportsService } from './complaint-reports.service';

/** Complaint reports (SPEC §1.5): monthly closed-case statistics, quarterly summaries, dashboard, and the monthly report job. */
@Module({
  controllers: [ComplaintReportsController],
  providers: [ComplaintReportsService, ComplaintReportsExportService, ComplaintMonthlyReportJob],
  exports: [ComplaintReportsService],
})
export class ComplaintReportsModule {}
