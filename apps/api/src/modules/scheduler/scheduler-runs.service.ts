import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SchedulerRun } from './scheduler-run.entity';
import type { JobListResponse, JobRunResponse, TriggeredRunResponse } from './scheduler.dto';
import { SchedulerService } from './scheduler.service';

const RECENT_RUNS = 20;

function toRunResponse(run: SchedulerRun): JobRunResponse {
  return {
    id: run.id,
    trigger: run.trigger,
    instanceId: run.instanceId,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    status: run.status,
    rowsAffected: run.rowsAffected,
    result: run.result,
    error: run.error,
  };
}

@Injectable()
export class SchedulerRunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerService,
  ) {}

  async listJobs(): Promise<JobListResponse> {
    const items = [];
    for (const job of this.scheduler.list()) {
      const runs = await this.dataSource
        .getRepository(SchedulerRun)
        .find({ where: { jobName: job.name }, order: { id: 'DESC' }, take: RECENT_RUNS });
      const recentRuns = runs.map(toRunResponse);
      items.push({
        name: job.name,
        description: job.description,
        intervalSeconds: Math.round(job.intervalMs / 1000),
        lastRun: recentRuns[0] ?? null,
        recentRuns,
      });
    }
    return { items };
  }

  async trigger(name: string): Promise<TriggeredRunResponse> {
    const outcome = await this.scheduler.runNow(name);
    const summary = outcome.result?.summary ?? {};
    return {
      // The job's own figures also at the top level, e.g. `{escalated, breached, warned}` for sla-sweep.
      ...summary,
      job: name,
      status: outcome.status === 'ok' ? 'ok' : 'error',
      runId: outcome.runId,
      rowsAffected: outcome.result?.rowsAffected ?? null,
      result: summary,
      error: outcome.error,
    };
  }
}
