import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobResult, ScheduledJob } from '../scheduler/scheduled-job';
import { SchedulerService } from '../scheduler/scheduler.service';

export const SURVEY_EXPIRY_INTERVAL_MS = 15 * 60_000;

/**
 * Marks unanswered invitations of ended campaigns `expired`, so work lists drop them. The
 * public link already refuses them from the end instant on; this only makes the status say so.
 */
@Injectable()
export class SurveyExpiryJob implements ScheduledJob, OnModuleInit {
  readonly name = 'survey-invitation-expiry';
  readonly description = 'Mark unanswered survey invitations of ended campaigns as expired';
  readonly intervalMs = SURVEY_EXPIRY_INTERVAL_MS;

  constructor(private readonly scheduler: SchedulerService) {}

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  async run(m: EntityManager, now: Date): Promise<JobResult> {
    const [, expired] = (await m.query(
      `UPDATE survey_invitation i SET status = 'expired', version = i.version + 1, updated_at = now()
       FROM survey_campaign c
       WHERE c.id = i.campaign_id AND c.ends_at <= $1 AND i.status IN ('pending', 'unreachable')`,
      [now],
    )) as [unknown, number];
    return { rowsAffected: expired ?? 0, summary: { expired: expired ?? 0 } };
  }
}
