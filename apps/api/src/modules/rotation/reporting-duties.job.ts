import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobResult, ScheduledJob } from '../scheduler/scheduled-job';
import { SchedulerService } from '../scheduler/scheduler.service';
import { ReportingService } from './reporting.service';

export const REPORTING_DUTIES_INTERVAL_MS = 15 * 60_000;

/** Flags late/missing weekly reports and expense claims; notifies the channel engineer (copy: channel manager). */
@Injectable()
export class ReportingDutiesJob implements ScheduledJob, OnModuleInit {
  readonly name = 'rotation-reporting-duties';
  readonly description =
    'Flag late or missing weekly reports (due Monday 13:00) and expense claims (due the 10th); notify channel engineer and manager';
  readonly intervalMs = REPORTING_DUTIES_INTERVAL_MS;

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly reporting: ReportingService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  async run(m: EntityManager, now: Date): Promise<JobResult> {
    const { flags, notified } = await this.reporting.flagDuties(m, now);
    const count = (duty: string, flag: string): number => flags.filter((f) => f.duty === duty && f.flag === flag).length;
    return {
      rowsAffected: flags.length,
      summary: {
        weeklyMissing: count('weekly_report', 'missing'),
        weeklyLate: count('weekly_report', 'late'),
        claimsMissing: count('expense_claim', 'missing'),
        claimsLate: count('expense_claim', 'late'),
        notified,
      },
    };
  }
}
