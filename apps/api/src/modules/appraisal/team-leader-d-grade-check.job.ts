import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import type { JobResult, ScheduledJob } from '../scheduler/scheduled-job';
import { SchedulerService } from '../scheduler/scheduler.service';
import { AppointmentsService } from './appointments.service';

export const D_GRADE_CHECK_INTERVAL_MS = 60 * 60_000;

/**
 * [9.2.2] Safety net for the automatic termination on a second D: recording a grade terminates
 * at once; this job catches appointments whose grades arrived any other way (imports, fixes).
 */
@Injectable()
export class TeamLeaderDGradeCheckJob implements ScheduledJob, OnModuleInit {
  readonly name = 'team-leader-d-grade-check';
  readonly description = 'Terminate active team-leader appointments with two D grades in one term [9.2.2]';
  readonly intervalMs = D_GRADE_CHECK_INTERVAL_MS;

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly appointments: AppointmentsService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  async run(m: EntityManager): Promise<JobResult> {
    // Candidates by the partial index on D grades; the term split is decided by the domain rule.
    const candidates = (await m.query(
      `SELECT a.id FROM team_leader_appointment a
        WHERE a.status = 'active'
          AND (SELECT count(*) FROM team_leader_monthly_grade g WHERE g.appointment_id = a.id AND g.grade = 'D') >= 2
        ORDER BY a.id`,
    )) as { id: string }[];
    let terminated = 0;
    for (const { id } of candidates) {
      if (await this.appointments.terminateIfTwoDGrades(m, SYSTEM_ACTOR, id)) terminated += 1;
    }
    return { rowsAffected: terminated, summary: { checked: candidates.length, terminated } };
  }
}
