import type { EntityManager } from 'typeorm';

export interface JobResult {
  /** Rows the run changed (recorded with the run). */
  rowsAffected: number;
  /** What the run did, returned by the manual trigger, e.g. `{escalated, breached, warned}`. */
  summary: Record<string, number | string | boolean | null>;
  /** When the job wants to run next (e.g. the next SLA deadline); bounded by its interval. */
  nextRunAt?: Date | null;
  /**
   * Work that must happen after the run's transaction commits and outside it (e.g. HTTP calls
   * for rows the run claimed). Its figures are merged into the summary returned by a manual run.
   */
  afterCommit?: () => Promise<Record<string, number>>;
}

/**
 * A unit of timed work. `run` gets a transaction that already holds the job's advisory lock,
 * so with N API instances one tick runs once; the work must be idempotent and catch up after
 * downtime (compute what is due from the data, never from "what happened since the last tick").
 */
export interface ScheduledJob {
  readonly name: string;
  readonly description: string;
  /** Longest pause between two runs. */
  readonly intervalMs: number;
  run(manager: EntityManager, now: Date): Promise<JobResult>;
}
