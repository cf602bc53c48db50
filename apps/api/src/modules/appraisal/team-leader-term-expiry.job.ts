import { Injectable, type OnModuleInit } from '@nestjs/common';
import { addDaysToLocalDate } from '@cs/domain';
import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import type { JobResult, ScheduledJob } from '../scheduler/scheduled-job';
import { SchedulerService } from '../scheduler/scheduler.service';
import { AppointmentsService } from './appointments.service';

export const TERM_EXPIRY_INTERVAL_MS = 60 * 60_000;
/** Reminders go out this many days before a term ends. */
export const TERM_EXPIRY_REMINDER_DAYS = 30;

/**
 * Term-expiry reminders 30 days ahead (once per term end: `expiry_reminded_for` remembers the
 * end date reminded, so an extended term is reminded again), and the end of terms that have run
 * out — unless the leader is in an open appraisal cycle, whose result may still extend the term.
 */
@Injectable()
export class TeamLeaderTermExpiryJob implements ScheduledJob, OnModuleInit {
  readonly name = 'team-leader-term-expiry';
  readonly description = `Remind HR, CS managers and the leader ${TERM_EXPIRY_REMINDER_DAYS} days before a team-leader term ends; end expired terms`;
  readonly intervalMs = TERM_EXPIRY_INTERVAL_MS;

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly appointments: AppointmentsService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  async run(m: EntityManager, now: Date): Promise<JobResult> {
    const today = this.appointments.today(now);
    const horizon = addDaysToLocalDate(today, TERM_EXPIRY_REMINDER_DAYS);
    const [due] = (await m.query(
      `UPDATE team_leader_appointment SET expiry_reminded_for = ends_on
        WHERE status = 'active' AND ends_on BETWEEN $1 AND $2 AND expiry_reminded_for IS DISTINCT FROM ends_on
        RETURNING id`,
      [today, horizon],
    )) as [{ id: string }[], number];
    for (const { id } of due) {
      const row = (await this.appointments.loadRow(m, id))!;
      const message = {
        kind: 'appraisal.term_expiring',
        title: `Team-leader term of ${row.userName} (${row.teamName}) ends on ${row.endsOn}`,
        entityType: 'team_leader_appointment',
        entityId: id,
      };
      await this.appointments.notifyHrAndManagers(m, row.orgUnitPath, message, [row.userId]);
    }

    const expired = (await m.query(
      `SELECT a.id FROM team_leader_appointment a
        WHERE a.status = 'active' AND a.ends_on < $1
          AND NOT EXISTS (SELECT 1 FROM appraisal_cycle_member cm JOIN appraisal_cycle c ON c.id = cm.cycle_id
                           WHERE cm.appointment_id = a.id AND c.status = 'open')
        ORDER BY a.id FOR UPDATE OF a SKIP LOCKED`,
      [today],
    )) as { id: string }[];
    for (const { id } of expired) {
      const row = (await this.appointments.loadRow(m, id))!;
      await this.appointments.endAppointment(m, SYSTEM_ACTOR, row, {
        status: 'ended',
        reason: 'term_expired',
        note: `Term ended on ${row.endsOn}`,
        endedOn: row.endsOn,
      });
    }
    return { rowsAffected: due.length + expired.length, summary: { reminded: due.length, ended: expired.length } };
  }
}
