import { ApiProperty } from '@nestjs/swagger';

export class JobRunResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['schedule', 'manual'] }) trigger!: 'schedule' | 'manual';
  @ApiProperty() instanceId!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt!: string | null;
  @ApiProperty({ enum: ['running', 'ok', 'error', 'skipped'] }) status!: 'running' | 'ok' | 'error' | 'skipped';
  @ApiProperty({ type: Number, nullable: true }) rowsAffected!: number | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) result!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

export class JobResponse {
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Longest pause between two runs, in seconds' }) intervalSeconds!: number;
  @ApiProperty({ type: JobRunResponse, nullable: true }) lastRun!: JobRunResponse | null;
  @ApiProperty({ type: [JobRunResponse], description: 'The most recent runs, newest first (up to 20)' }) recentRuns!: JobRunResponse[];
}

export class JobListResponse {
  @ApiProperty({ type: [JobResponse] }) items!: JobResponse[];
}

/** What a manual run did. The job's summary figures are also copied to the top level (e.g. `escalated`). */
export class TriggeredRunResponse {
  [figure: string]: unknown;
  @ApiProperty() job!: string;
  @ApiProperty({ enum: ['ok', 'error'] }) status!: 'ok' | 'error';
  @ApiProperty({ type: String, nullable: true }) runId!: string | null;
  @ApiProperty({ type: Number, nullable: true }) rowsAffected!: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'What the run did, e.g. {escalated, breached, warned, workers, backlog} for sla-sweep, where `backlog` is true when due complaints remain and the scheduler runs the job again at once',
  })
  result!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}
