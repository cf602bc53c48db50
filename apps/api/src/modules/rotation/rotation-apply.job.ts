import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobResult, ScheduledJob } from '../scheduler/scheduled-job';
import { SchedulerService } from '../scheduler/scheduler.service';
import { RotationRoundsService } from './rotation-rounds.service';

export const ROTATION_APPLY_INTERVAL_MS = 15 * 60_000;

/** Changes the assignments of approved rotation rounds once their effective date has come. */
@Injectable()
export class RotationApplyJob implements ScheduledJob, OnModuleInit {
  readonly name = 'rotation-apply';
  readonly description = 'Apply approved rotation rounds whose effective date has come (assignments change, tenure restarts)';
  readonly intervalMs = ROTATION_APPLY_INTERVAL_MS;

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly rounds: RotationRoundsService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  async run(m: EntityManager, now: Date): Promise<JobResult> {
    const applied = await this.rounds.applyDue(m, now);
    return { rowsAffected: applied, summary: { applied } };
  }
}
