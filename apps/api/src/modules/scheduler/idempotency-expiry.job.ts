import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobResult, ScheduledJob } from './scheduled-job';
import { SchedulerService } from './scheduler.service';

export const IDEMPOTENCY_EXPIRY_INTERVAL_MS = 15 * 60_000;

/** Deletes stored Idempotency-Key responses past their 24 h life. */
@Injectable()
export class IdempotencyExpiryJob implements ScheduledJob, OnModuleInit {
  readonly name = 'idempotency-expiry';
  readonly description = 'Delete stored Idempotency-Key responses older than 24 hours';
  readonly intervalMs = IDEMPOTENCY_EXPIRY_INTERVAL_MS;

  constructor(private readonly scheduler: SchedulerService) {}

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  async run(m: EntityManager, now: Date): Promise<JobResult> {
    const [, deleted] = (await m.query('DELETE FROM idempotency_key WHERE expires_at <= $1', [now])) as [unknown, number];
    return { rowsAffected: deleted ?? 0, summary: { deleted: deleted ?? 0 } };
  }
}
