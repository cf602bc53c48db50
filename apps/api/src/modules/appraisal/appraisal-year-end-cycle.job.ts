import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import type { JobResult, ScheduledJob } from '../scheduler/scheduled-job';
import { SchedulerService } from '../scheduler/scheduler.service';
import { AppraisalCyclesService } from './appraisal-cycles.service';
import { AppointmentsService } from './appointments.service';

export const YEAR_END_CYCLE_INTERVAL_MS = 6 * 60 * 60_000;
/** The year-end cycle opens from this day of the year (business time zone) [8.1–8.2]. */
export const YEAR_END_CYCLE_OPENS_ON = '12-01';

/**
 * Opens the year-end appraisal cycle of the whole organisation from 1 December: one cycle at the
 * root unit with the newest root scheme, holding every active appointment not yet in a cycle of
 * that year. Later runs add leaders appointed since (idempotent; catches up after downtime).
 */
@Injectable()
export class AppraisalYearEndCycleJob implements ScheduledJob, OnModuleInit {
  readonly name = 'appraisal-year-end-cycle';
  readonly description = `Open the year-end team-leader appraisal cycle from ${YEAR_END_CYCLE_OPENS_ON} and add leaders not yet in a cycle`;
  readonly intervalMs = YEAR_END_CYCLE_INTERVAL_MS;

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly appointments: AppointmentsService,
    private readonly cycles: AppraisalCyclesService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  async run(m: EntityManager, now: Date): Promise<JobResult> {
    const today = this.appointments.today(now);
    const year = Number(today.slice(0, 4));
    if (today.slice(5) < YEAR_END_CYCLE_OPENS_ON)
      return { rowsAffected: 0, summary: { year, opened: false, added: 0, reason: 'not year end yet' } };
    const roots = (await m.query(`SELECT id, path FROM org_unit WHERE parent_id IS NULL`)) as { id: string; path: string }[];
    const root = roots[0];
    if (!root) return { rowsAffected: 0, summary: { year, opened: false, added: 0, reason: 'no organisation' } };
    const pending = (await m.query(
      `SELECT a.id FROM team_leader_appointment a
        WHERE a.status = 'active' AND a.starts_on <= make_date($1, 12, 31)
          AND NOT EXISTS (SELECT 1 FROM appraisal_cycle_member cm WHERE cm.appointment_id = a.id AND cm.year = $1)
        ORDER BY a.id`,
      [year],
    )) as { id: string }[];
    if (pending.length === 0) return { rowsAffected: 0, summary: { year, opened: false, added: 0 } };
    const existing = (await m.query(
      `SELECT id FROM appraisal_cycle WHERE year = $1 AND org_unit_id = $2 AND status = 'open' ORDER BY created_at LIMIT 1`,
      [year, root.id],
    )) as { id: string }[];
    const ids = pending.map((p) => p.id);
    if (existing[0]) {
      await m.query(
        `INSERT INTO appraisal_cycle_member (cycle_id, appointment_id, year) SELECT $1, unnest($2::uuid[]), $3 ON CONFLICT DO NOTHING`,
        [existing[0].id, ids, year],
      );
      return { rowsAffected: ids.length, summary: { year, opened: false, added: ids.length, cycleId: existing[0].id } };
    }
    const schemes = (await m.query(`SELECT id FROM appraisal_scheme WHERE org_unit_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [
      root.id,
    ])) as {
      id: string;
    }[];
    if (!schemes[0])
      return { rowsAffected: 0, summary: { year, opened: false, added: 0, reason: 'no appraisal scheme at the head office' } };
    const cycleId = await this.cycles.insertCycle(m, SYSTEM_ACTOR, root.id, year, schemes[0].id, ids, { orgUnitPath: root.path });
    await this.appointments.notifyHrAndManagers(m, root.path, {
      kind: 'appraisal.cycle_opened',
      title: `Year-end appraisal ${year} is open for ${ids.length} team leaders`,
      entityType: 'appraisal_cycle',
      entityId: cycleId,
    });
    return { rowsAffected: ids.length + 1, summary: { year, opened: true, added: ids.length, cycleId } };
  }
}
