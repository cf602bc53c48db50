import { randomInt } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import { OutboxService } from '../outbox/outbox.service';
import type { JobResult, ScheduledJob } from '../scheduler/scheduled-job';
import { SchedulerService } from '../scheduler/scheduler.service';
import type { ReturnVisitMethod } from './complaint.entity';

export const RETURN_VISIT_SAMPLING_INTERVAL_MS = 5 * 60_000;
const BATCH = 5_000;

interface Candidate {
  id: string;
  number: string;
  severity: string;
  owner_id: string;
  receiving_unit_id: string;
  received_month: string;
}

interface MonthTally {
  decided: number;
  sampled: number;
  onsite: number;
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * Return-visit sampling [004 第10篇]: of the answered complaints of each month at least
 * `samplePercent` get a return visit, at least `onsitePercent` of those on site; serious ones
 * always. Quotas are kept over the whole month (decided so far + this batch), the rest is a
 * random pick. The visit is assigned to the first-contact owner, who is notified.
 */
@Injectable()
export class ReturnVisitSamplingJob implements ScheduledJob, OnModuleInit {
  readonly name = 'return-visit-sampling';
  readonly description = 'Pick answered complaints for a return visit (≥10 %, ≥30 % of them on site, serious 100 %) and assign them';
  readonly intervalMs = RETURN_VISIT_SAMPLING_INTERVAL_MS;

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  async run(m: EntityManager, now: Date): Promise<JobResult> {
    const [rule] = (await m.query(
      'SELECT sample_percent, onsite_percent, serious_always FROM return_visit_sampling_rule WHERE id = 1',
    )) as {
      sample_percent: string;
      onsite_percent: string;
      serious_always: boolean;
    }[];
    const sampleRate = Number(rule!.sample_percent) / 100;
    const onsiteRate = Number(rule!.onsite_percent) / 100;
    const candidates = (await m.query(
      `SELECT id, number, severity, owner_id, receiving_unit_id, received_month FROM complaint
       WHERE return_visit_sampled IS NULL AND answered_at IS NOT NULL AND status = 'answered'
       ORDER BY answered_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [BATCH],
    )) as Candidate[];
    if (candidates.length === 0) return { rowsAffected: 0, summary: { considered: 0, sampled: 0, onsite: 0 } };

    const months = [...new Set(candidates.map((c) => c.received_month))];
    const tallies = new Map<string, MonthTally>(months.map((mk) => [mk, { decided: 0, sampled: 0, onsite: 0 }]));
    const rows = (await m.query(
      `SELECT received_month, count(*)::int AS decided, count(*) FILTER (WHERE return_visit_sampled)::int AS sampled,
              count(*) FILTER (WHERE return_visit_sampled AND return_visit_method = 'onsite')::int AS onsite
       FROM complaint WHERE received_month = ANY($1) AND return_visit_sampled IS NOT NULL GROUP BY received_month`,
      [months],
    )) as ({ received_month: string } & MonthTally)[];
    for (const r of rows) tallies.set(r.received_month, { decided: r.decided, sampled: r.sampled, onsite: r.onsite });

    const decisions: { c: Candidate; method: ReturnVisitMethod | null }[] = [];
    for (const month of months) {
      const tally = tallies.get(month)!;
      const batch = candidates.filter((c) => c.received_month === month);
      const forced = batch.filter((c) => rule!.serious_always && c.severity === 'serious');
      const others = shuffle(batch.filter((c) => !forced.includes(c)));
      const quota = Math.ceil(sampleRate * (tally.decided + batch.length) - 1e-9) - tally.sampled;
      const extra = Math.max(0, quota - forced.length);
      const picked = shuffle([...forced, ...others.slice(0, extra)]);
      const onsiteQuota = Math.max(0, Math.ceil(onsiteRate * (tally.sampled + picked.length) - 1e-9) - tally.onsite);
      picked.forEach((c, index) => decisions.push({ c, method: index < onsiteQuota ? 'onsite' : 'phone' }));
      for (const c of others.slice(extra)) decisions.push({ c, method: null });
    }

    await m.query(
      `UPDATE complaint c SET
         return_visit_sampled = d.method IS NOT NULL,
         return_visit_method = d.method,
         return_visit_assignee_id = CASE WHEN d.method IS NOT NULL THEN c.owner_id END,
         return_visit_assigned_at = CASE WHEN d.method IS NOT NULL THEN $2::timestamptz END,
         status = CASE WHEN d.method IS NOT NULL THEN 'return_visit' ELSE c.status END,
         version = c.version + 1,
         updated_at = $2
       FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, method text)
       WHERE c.id = d.id`,
      [JSON.stringify(decisions.map((d) => ({ id: d.c.id, method: d.method }))), now],
    );
    const sampled = decisions.filter((d) => d.method !== null);
    if (sampled.length > 0) {
      await m.query(
        `INSERT INTO complaint_event (complaint_id, type, at, actor_type, actor_name, rule, data)
         SELECT d.id, 'return_visit_assigned', $2, 'system', 'system', 'return_visit_sampling', jsonb_build_object('method', d.method, 'assigneeId', d.owner_id)
         FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, method text, owner_id uuid)`,
        [JSON.stringify(sampled.map((d) => ({ id: d.c.id, method: d.method, owner_id: d.c.owner_id }))), now],
      );
      await this.outbox.appendMany(
        m,
        sampled.map((d) => ({
          type: 'complaint.return_visit_assigned',
          aggregateType: 'complaint',
          aggregateId: d.c.id,
          orgUnitId: d.c.receiving_unit_id,
          payload: { complaintId: d.c.id, number: d.c.number, method: d.method, assigneeId: d.c.owner_id },
        })),
      );
    }
    if (sampled.length > 0) {
      await m.query(
        `INSERT INTO notification (user_id, kind, title, entity_type, entity_id)
         SELECT u.id, 'complaint.return_visit_assigned', r.title, 'complaint', r.id::text
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, owner_id uuid, title text)
         JOIN app_user u ON u.id = r.owner_id AND u.active`,
        [
          JSON.stringify(
            sampled.map((d) => ({
              id: d.c.id,
              owner_id: d.c.owner_id,
              title: `Return visit (${d.method}) assigned to you for complaint ${d.c.number}`,
            })),
          ),
        ],
      );
    }
    await this.audit.recordMany(
      m,
      SYSTEM_ACTOR,
      sampled.map((d) => ({
        action: 'complaint.return_visit_assigned',
        entityType: 'complaint',
        entityId: d.c.id,
        orgUnitId: d.c.receiving_unit_id,
        after: { sampled: true, method: d.method, assigneeId: d.c.owner_id },
      })),
    );
    const onsite = sampled.filter((d) => d.method === 'onsite').length;
    return {
      rowsAffected: decisions.length,
      summary: { considered: decisions.length, sampled: sampled.length, onsite, notSampled: decisions.length - sampled.length },
    };
  }
}
