import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, notFound } from '../../common/errors';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { JobResult, ScheduledJob } from './scheduled-job';

/** Never wake up more often than this, whatever a job asks for. */
export const MIN_JOB_DELAY_MS = 250;
/** How long a manual trigger waits for a run in progress elsewhere before answering 409. */
export const MANUAL_LOCK_WAIT_MS = 10_000;

export interface JobRunOutcome {
  status: 'ok' | 'error' | 'skipped';
  result: JobResult | null;
  error: string | null;
  runId: string | null;
}

@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private readonly jobs = new Map<string, ScheduledJob>();
  /** When each armed job's timer fires (epoch ms). */
  private readonly armedAt = new Map<string, number>();
  private enabled = false;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: SchedulerRegistry,
  ) {}

  register(job: ScheduledJob): void {
    if (this.jobs.has(job.name)) throw new Error(`Job ${job.name} is registered twice`);
    this.jobs.set(job.name, job);
  }

  list(): ScheduledJob[] {
    return [...this.jobs.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  job(name: string): ScheduledJob {
    const job = this.jobs.get(name);
    if (!job) throw notFound(`Job "${name}"`);
    return job;
  }

  onApplicationBootstrap(): void {
    if (!this.config.scheduler.enabled) {
      this.logger.log('Scheduler disabled (SCHEDULER_ENABLED=false): jobs run only when triggered');
      return;
    }
    this.enabled = true;
    for (const job of this.jobs.values()) this.arm(job, MIN_JOB_DELAY_MS);
  }

  /**
   * Brings a job's next run forward to `at` when its timer is set later (e.g. a new SLA deadline
   * sooner than the next sweep). Other instances learn of it within the job's interval.
   */
  runNoLaterThan(name: string, at: Date): void {
    const job = this.jobs.get(name);
    if (!job || !this.enabled || this.stopped) return;
    const armed = this.armedAt.get(name);
    if (armed !== undefined && armed <= at.getTime()) return;
    this.arm(job, at.getTime() - Date.now());
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    for (const name of this.registry.getTimeouts()) {
      if (name.startsWith('job:')) this.registry.deleteTimeout(name);
    }
  }

  private arm(job: ScheduledJob, delayMs: number): void {
    const timerName = `job:${job.name}`;
    if (this.registry.doesExist('timeout', timerName)) this.registry.deleteTimeout(timerName);
    const delay = Math.max(MIN_JOB_DELAY_MS, delayMs);
    const timer = setTimeout(() => {
      this.armedAt.delete(job.name);
      void this.tick(job);
    }, delay);
    timer.unref();
    this.armedAt.set(job.name, Date.now() + delay);
    this.registry.addTimeout(timerName, timer);
  }

  private async tick(job: ScheduledJob): Promise<void> {
    let next = job.intervalMs;
    try {
      const outcome = await this.execute(job, 'schedule', false);
      const wanted = outcome.result?.nextRunAt;
      if (wanted) next = Math.min(job.intervalMs, wanted.getTime() - Date.now());
    } catch (error) {
      this.logger.error({ err: error }, `Job ${job.name} tick failed`);
    } finally {
      if (!this.stopped) this.arm(job, next);
    }
  }

  /** Runs a job now (admin trigger). Waits a little for a run in progress on another instance. */
  async runNow(name: string): Promise<JobRunOutcome> {
    const outcome = await this.execute(this.job(name), 'manual', true);
    if (outcome.status === 'skipped') {
      throw new AppError('conflict', `Job "${name}" is running on another instance; try again when it finishes`);
    }
    return outcome;
  }

  /**
   * One run: a transaction holding the job's advisory lock, the job's set-based work, and a
   * record of the run. A run that finds the lock taken is skipped (another instance has it).
   */
  async execute(job: ScheduledJob, trigger: 'schedule' | 'manual', waitForLock: boolean): Promise<JobRunOutcome> {
    let runId: string | null = null;
    try {
      const result = await this.dataSource.transaction(async (m) => {
        // Batch statements over thousands of rows get huge cost estimates, so PostgreSQL would JIT-compile
        // them: measured 5.2 s of a 7.1 s SLA sweep of 5,000 due complaints. Plain execution is faster here.
        await m.query('SET LOCAL jit = off');
        if (waitForLock) {
          await m.query(`SET LOCAL lock_timeout = '${MANUAL_LOCK_WAIT_MS}ms'`);
          try {
            await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`job:${job.name}`]);
          } catch {
            return null;
          }
        } else {
          const [lock] = (await m.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [`job:${job.name}`])) as {
            locked: boolean;
          }[];
          if (!lock?.locked) return null;
        }
        const [run] = (await m.query(
          `INSERT INTO scheduler_run (job_name, trigger, instance_id, status) VALUES ($1, $2, $3, 'running') RETURNING id`,
          [job.name, trigger, this.config.scheduler.instanceId],
        )) as { id: string }[];
        runId = run!.id;
        const jobResult = await job.run(m, new Date());
        await m.query(
          `UPDATE scheduler_run SET status = 'ok', finished_at = clock_timestamp(), rows_affected = $2, result = $3 WHERE id = $1`,
          [runId, jobResult.rowsAffected, JSON.stringify(jobResult.summary)],
        );
        return jobResult;
      });
      if (!result) return { status: 'skipped', result: null, error: null, runId: null };
      if (result.afterCommit) Object.assign(result.summary, await result.afterCommit());
      return { status: 'ok', result, error: null, runId };
    } catch (error) {
      // The work rolled back with its transaction; keep a record of the failure on its own.
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ err: error }, `Job ${job.name} failed`);
      const [failed] = (await this.dataSource
        .query(
          `INSERT INTO scheduler_run (job_name, trigger, instance_id, status, finished_at, error) VALUES ($1, $2, $3, 'error', clock_timestamp(), $4) RETURNING id`,
          [job.name, trigger, this.config.scheduler.instanceId, message.slice(0, 2000)],
        )
        .catch(() => [])) as { id: string }[];
      return { status: 'error', result: null, error: message, runId: failed?.id ?? runId };
    }
  }
}
