import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { addMonthsToMonthKey, monthKey, monthlyReportsDue, monthRange } from '@cs/domain';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { JobResult, ScheduledJob } from '../scheduler/scheduled-job';
import { SchedulerService } from '../scheduler/scheduler.service';
import { ComplaintReportsService } from './complaint-reports.service';

export const COMPLAINT_MONTHLY_REPORT_INTERVAL_MS = 60 * 60_000;

/**
 * Produces the company-wide 客诉案件统计表 of the previous month into `complaint_report` as soon as
 * the month has ended (well before the 10th), and tells the CS managers. Idempotent (one row per
 * month, ON CONFLICT DO NOTHING) and catches up every missing month after downtime.
 */
@Injectable()
export class ComplaintMonthlyReportJob implements ScheduledJob, OnModuleInit {
  readonly name = 'complaint-monthly-report';
  readonly description = "Produce the previous month's closed-case statistics (客诉案件统计表) and notify CS managers";
  readonly intervalMs = COMPLAINT_MONTHLY_REPORT_INTERVAL_MS;

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly reports: ComplaintReportsService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  async run(m: EntityManager, now: Date): Promise<JobResult> {
    const timeZone = this.config.business.timeZone;
    const nextRunAt = monthRange(addMonthsToMonthKey(monthKey(now, timeZone), 1), timeZone).start;
    const company = await this.reports.companyScope(m);
    if (!company) return { rowsAffected: 0, summary: { generated: 0, months: '' }, nextRunAt };
    const existing = (await m.query(`SELECT period FROM complaint_report WHERE kind = 'monthly'`)) as { period: string }[];
    const [earliest] = (await m.query(
      `SELECT to_char(min(closed_at) AT TIME ZONE $1, 'YYYY-MM') AS month FROM complaint WHERE closed_at IS NOT NULL`,
      [timeZone],
    )) as { month: string | null }[];
    const due = monthlyReportsDue({ now, timeZone, existing: existing.map((r) => r.period), earliestDataMonth: earliest?.month ?? null });
    const generated: string[] = [];
    for (const month of due) {
      const content = await this.reports.monthly(company, month, m);
      const [row] = (await m.query(
        `INSERT INTO complaint_report (kind, period, content) VALUES ('monthly', $1, $2) ON CONFLICT (kind, period) DO NOTHING RETURNING id`,
        [month, JSON.stringify(content)],
      )) as { id: string }[];
      if (!row) continue;
      generated.push(month);
      await this.audit.record(m, SYSTEM_ACTOR, {
        action: 'complaint_report.generated',
        entityType: 'complaint_report',
        entityId: row.id,
        orgUnitId: company.id,
        after: { kind: 'monthly', period: month, closedCases: content.totals.closedCases },
      });
      const managers = (await m.query(`SELECT id FROM app_user WHERE active AND 'cs_manager' = ANY(roles)`)) as { id: string }[];
      await this.notifications.notifyUsers(
        m,
        managers.map((u) => u.id),
        {
          kind: 'complaint.monthly_report',
          title: `客诉案件统计表 ${month} is ready`,
          body: `${content.totals.closedCases} cases closed, compensation ${content.totals.compensationTotal}`,
          entityType: 'complaint_report',
          entityId: row.id,
        },
      );
    }
    return { rowsAffected: generated.length, summary: { generated: generated.length, months: generated.join(',') }, nextRunAt };
  }
}
