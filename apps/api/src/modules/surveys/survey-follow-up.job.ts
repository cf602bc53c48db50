import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobResult, ScheduledJob } from '../scheduler/scheduled-job';
import { SchedulerService } from '../scheduler/scheduler.service';
import { SurveyFollowUpService } from './survey-follow-up.service';

export const SURVEY_FOLLOW_UP_INTERVAL_MS = 60_000;

/**
 * Catch-up for low-score follow-ups: claims (in the run's transaction) every low-score response
 * still without a follow-up complaint and opens them after the commit, through the complaints
 * module. Normally the submission itself already opened it; this covers crashes and failures.
 */
@Injectable()
export class SurveyFollowUpJob implements ScheduledJob, OnModuleInit {
  readonly name = 'survey-follow-up';
  readonly description = 'Open the follow-up complaint of low-score survey responses that have none yet';
  readonly intervalMs = SURVEY_FOLLOW_UP_INTERVAL_MS;

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly followUps: SurveyFollowUpService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  async run(m: EntityManager): Promise<JobResult> {
    const ids = await this.followUps.claim(m, null);
    return {
      rowsAffected: ids.length,
      summary: { claimed: ids.length },
      afterCommit: async () => ({ opened: await this.followUps.openClaimed(ids) }),
    };
  }
}
