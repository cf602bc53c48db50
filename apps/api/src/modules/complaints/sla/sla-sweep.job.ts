import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { currentRequestId } from '../../../common/request-context';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config';
import type { JobResult, ScheduledJob } from '../../scheduler/scheduled-job';
import { SchedulerService } from '../../scheduler/scheduler.service';

/** Longest pause between sweeps; in between the sweep wakes at the next deadline or warning. */
export const SLA_SWEEP_MAX_INTERVAL_MS = 60_000;
/**
 * Due complaints handled per run; a fuller backlog re-runs at once. Sized so the 10,000 due of the
 * §7 bar (1 M open / 10 k due) are one run, one transaction, one round of notifications.
 */
export const SLA_SWEEP_BATCH = 10_000;
/** More steps of one kind than this for one user in one run are told in one digest notification. */
export const SLA_NOTIFY_DIGEST_OVER = 5;
/**
 * A backlog is split over up to `SLA_SWEEP_WORKERS` concurrent transactions, each taking at least
 * this many due complaints (below it, one transaction is quicker than the coordination). 1,000 due
 * at 100,000 open: one transaction 119–127 ms, two of 500 93–99 ms (medians of the quick benchmark).
 */
export const SLA_SWEEP_MIN_SHARE = 500;
/** Per-operation memory of the sweep's transaction: its CTE tuplestores spilled ~25 MB to disk at 4 MB. */
const SLA_SWEEP_WORK_MEM = '64MB';
/** Complaint numbers a digest lists (the queues show them all). */
const SLA_DIGEST_LISTED = 100;

interface SweptCount {
  type: 'escalated' | 'breached' | 'warned';
  n: number;
}

/**
 * The SLA sweep, one set-based statement over the `sla_next_at` index: lock the due complaints
 * (SKIP LOCKED), walk each through every deadline it has passed (catch-up after downtime records
 * one event per tier at its own deadline), flag breaches, emit pre-breach warnings, and move
 * `sla_next_at` on. The unique (complaint, type, deadline) index makes every step exactly-once,
 * whatever runs overlap. The timeline events, outbox events (numbered from each complaint's
 * counter, which moves by the events inserted with the complaint's own row update), audit rows and
 * notifications are written by the same statement from what it inserted: no row travels through
 * Node (10,000 due: 4.2 s → see docs/decisions/performance.md).
 * `passed` is MATERIALIZED: inlined, its `last_passed` sub-select was re-evaluated at every use in
 * the CTEs below (~40 sub-plans per row; 67 of 150 ms for 1,000 due rows).
 */
export const SLA_SWEEP_SQL = `
WITH due AS (
  SELECT c.ctid AS row_ctid, c.id, c.tier, c.tier_count, c.tier_deadlines, c.warn_times, c.warn_at, c.tier_levels,
         c.receiving_unit_id, c.platform_unit_id, c.hq_unit_id
  FROM complaint c
  WHERE c.sla_next_at IS NOT NULL AND c.sla_next_at <= $1
  ORDER BY c.sla_next_at
  LIMIT $2
  FOR UPDATE SKIP LOCKED
),
passed AS MATERIALIZED (
  -- The last tier whose deadline has passed (NULL: none, only a warning is due). Deadlines rise with
  -- the tier, so the common cases (none, or just the current one) need no series.
  SELECT d.*, CASE WHEN d.tier_deadlines[d.tier] > $1 THEN NULL
                   WHEN d.tier = d.tier_count OR d.tier_deadlines[d.tier + 1] > $1 THEN d.tier::int
                   ELSE (SELECT max(k) FROM generate_series(d.tier::int, d.tier_count::int) AS k WHERE d.tier_deadlines[k] <= $1) END
              AS last_passed
  FROM due d
),
moved AS (
  SELECT p.*,
         coalesce(p.last_passed = p.tier_count, false) AS breach_now,
         CASE WHEN p.last_passed IS NULL THEN p.tier::int
              WHEN p.last_passed = p.tier_count THEN p.tier_count::int
              ELSE p.last_passed + 1 END AS new_tier
  FROM passed p
),
planned AS (
  SELECT m.*,
         m.tier_deadlines[m.new_tier] AS new_due,
         CASE WHEN m.breach_now THEN NULL
              WHEN m.last_passed IS NULL THEN m.warn_at
              ELSE m.warn_times[m.new_tier] END AS pending_warn
  FROM moved m
),
final AS MATERIALIZED (
  SELECT p.*,
         (NOT p.breach_now AND p.pending_warn IS NOT NULL AND p.pending_warn <= $1 AND p.new_due > $1) AS warn_now,
         CASE WHEN p.breach_now OR p.pending_warn IS NULL OR p.pending_warn <= $1 THEN NULL ELSE p.pending_warn END AS new_warn,
         CASE WHEN p.last_passed IS NULL THEN 0
              ELSE p.last_passed - p.tier + 1 - (CASE WHEN p.breach_now THEN 1 ELSE 0 END) END AS escalations
  FROM planned p
),
steps AS (
  SELECT f.id, CASE WHEN k = f.tier_count THEN 'breached' ELSE 'escalated' END AS type, k AS from_tier,
         CASE WHEN k = f.tier_count THEN NULL ELSE k + 1 END AS to_tier, f.tier_deadlines[k] AS deadline_at,
         jsonb_build_object('level', f.tier_levels[least(k + 1, f.tier_count)],
                            'toUnitId', CASE f.tier_levels[least(k + 1, f.tier_count)]
                              WHEN 'hq' THEN f.hq_unit_id WHEN 'platform' THEN f.platform_unit_id ELSE f.receiving_unit_id END) AS data
  FROM final f CROSS JOIN LATERAL generate_series(f.tier::int, coalesce(f.last_passed, 0)) AS k
  UNION ALL
  SELECT f.id, 'warned', f.new_tier, NULL, f.new_due, jsonb_build_object('dueAt', f.new_due)
  FROM final f WHERE f.warn_now
),
inserted AS (
  INSERT INTO complaint_event (complaint_id, type, at, actor_type, actor_name, from_tier, to_tier, deadline_at, rule, data)
  SELECT s.id, s.type, CASE WHEN s.type = 'warned' THEN $1 ELSE s.deadline_at END, 'system', 'system', s.from_tier, s.to_tier,
         s.deadline_at, CASE WHEN s.type = 'warned' THEN 'sla_pre_breach_warning' ELSE 'sla_deadline_passed' END, s.data
  FROM steps s
  ORDER BY s.id, s.deadline_at
  ON CONFLICT (complaint_id, type, deadline_at) WHERE type IN ('escalated', 'breached', 'warned') DO NOTHING
  RETURNING complaint_id, type, at, from_tier, to_tier, deadline_at, rule
),
stepped AS MATERIALIZED (
  -- Each due complaint with the number of events inserted for it. Joined here, once: inside the
  -- UPDATE the planner, estimating one row for the ctid join, re-aggregated \`inserted\` for every row.
  SELECT f.*, coalesce(k.n, 0) AS new_events
  FROM final f LEFT JOIN (SELECT complaint_id, count(*)::int AS n FROM inserted GROUP BY complaint_id) k ON k.complaint_id = f.id
),
updated AS (
  UPDATE complaint c SET
    tier = f.new_tier,
    due_at = f.new_due,
    warn_at = f.new_warn,
    sla_next_at = CASE WHEN f.breach_now THEN NULL
                       ELSE least(coalesce(f.new_warn, f.new_due), f.new_due) END,
    breached = c.breached OR f.breach_now,
    breached_at = CASE WHEN f.breach_now THEN f.tier_deadlines[f.tier_count] ELSE c.breached_at END,
    assigned_unit_id = CASE f.tier_levels[f.new_tier]
                         WHEN 'hq' THEN f.hq_unit_id WHEN 'platform' THEN f.platform_unit_id ELSE f.receiving_unit_id END,
    hq_reported = c.hq_reported OR f.tier_levels[f.new_tier] = 'hq',
    status = CASE WHEN f.escalations > 0 THEN 'in_progress' ELSE c.status END,
    escalation_count = c.escalation_count + f.escalations,
    version = c.version + 1,
    updated_at = $1,
    outbox_last_seq = c.outbox_last_seq + f.new_events
  FROM stepped f
  WHERE c.ctid = f.row_ctid AND c.id = f.id
  RETURNING c.id, c.number, c.owner_id, c.handler_id, c.assigned_unit_id, c.hq_unit_id, c.receiving_unit_id, c.tier,
            c.breached, c.due_at, c.outbox_last_seq - f.new_events AS outbox_seq_before
),
ev AS MATERIALIZED (
  SELECT i.complaint_id, i.type, i.at, i.from_tier, i.to_tier, i.deadline_at, i.rule, u.number, u.owner_id, u.handler_id,
         u.assigned_unit_id, u.hq_unit_id, u.receiving_unit_id, u.tier, u.breached, u.due_at, u.outbox_seq_before,
         row_number() OVER (PARTITION BY i.complaint_id ORDER BY i.deadline_at, i.type) AS ord,
         to_char(i.deadline_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS deadline_iso
  FROM inserted i JOIN updated u ON u.id = i.complaint_id
),
outbox_input AS MATERIALIZED (
  -- Numbered on from the complaint's counter as it was before this statement's events moved it.
  SELECT row_number() OVER (ORDER BY e.complaint_id, e.ord) AS i, 'complaint.' || e.type AS type, 'complaint'::text AS aggregate_type,
         e.complaint_id::text AS aggregate_id, e.receiving_unit_id AS org_unit_id, e.outbox_seq_before + e.ord AS aggregate_seq,
         jsonb_build_object(
           'complaint', jsonb_build_object('id', e.complaint_id, 'number', e.number, 'tier', e.tier, 'assignedUnitId', e.assigned_unit_id,
                                           'receivingUnitId', e.receiving_unit_id, 'ownerId', e.owner_id, 'breached', e.breached,
                                           'dueAt', to_char(e.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
           'events', jsonb_build_array(jsonb_build_object(
             'type', e.type, 'at', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'fromTier', e.from_tier,
             'toTier', e.to_tier, 'deadlineAt', e.deadline_iso, 'rule', e.rule))) AS payload,
         e.at AS occurred_at
  FROM ev e
),
published AS (
  INSERT INTO outbox_event (event_type, aggregate_type, aggregate_id, org_unit_id, payload, occurred_at, aggregate_seq)
  SELECT type, aggregate_type, aggregate_id, org_unit_id, payload, occurred_at, aggregate_seq FROM outbox_input ORDER BY i
  RETURNING 1
),
audited AS (
  INSERT INTO audit_log (actor_type, actor_id, actor_name, action, entity_type, entity_id, org_unit_id, before, after, request_id)
  SELECT 'system', NULL, 'system', 'complaint.' || e.type, 'complaint', e.complaint_id::text, e.receiving_unit_id, NULL,
         jsonb_build_object('number', e.number, 'type', e.type, 'fromTier', e.from_tier, 'toTier', e.to_tier,
                            'deadlineAt', e.deadline_iso, 'tier', e.tier),
         $3
  FROM ev e
  ORDER BY e.complaint_id, e.ord
  RETURNING 1
),
recipients AS MATERIALIZED (
  -- The owner and handler hear of every step; the CS managers of the unit it now sits with of an
  -- escalation or warning; HQ's ops and CS managers of a breach. Three keyed lookups (a join of
  -- every event with every user grew with the user count: 10,000 events × n users).
  SELECT r.user_id, e.type, e.complaint_id, e.number, e.from_tier, e.to_tier, e.deadline_iso
  FROM ev e
  CROSS JOIN LATERAL (VALUES (e.owner_id), (e.handler_id)) AS r (user_id)
  JOIN app_user u ON u.id = r.user_id AND u.active
  UNION
  SELECT u.id, e.type, e.complaint_id, e.number, e.from_tier, e.to_tier, e.deadline_iso
  FROM ev e
  JOIN app_user u ON u.org_unit_id = CASE WHEN e.type = 'breached' THEN e.hq_unit_id ELSE e.assigned_unit_id END
   AND u.active
   AND u.roles && CASE WHEN e.type = 'breached' THEN ARRAY['ops_manager', 'cs_manager']::text[] ELSE ARRAY['cs_manager']::text[] END
),
fanout AS MATERIALIZED (
  SELECT r.*, count(*) OVER (PARTITION BY r.user_id, r.type) AS n FROM recipients r
),
notified AS (
  -- One notification per step; a user with more than $4 steps of one kind in this run (a backlog
  -- after downtime) gets one digest naming the complaints instead of a bell full of copies.
  INSERT INTO notification (user_id, kind, title, body, entity_type, entity_id)
  SELECT f.user_id, 'complaint.' || f.type,
         CASE f.type
           WHEN 'escalated' THEN 'Complaint ' || f.number || ' escalated to tier ' || f.to_tier || ': tier ' || f.from_tier || ' missed its deadline'
           WHEN 'breached' THEN 'Complaint ' || f.number || ' BREACHED: the last deadline passed unanswered'
           ELSE 'Complaint ' || f.number || ': deadline approaching (' || f.deadline_iso || ')' END,
         NULL, 'complaint', f.complaint_id::text
  FROM fanout f WHERE f.n <= $4
  UNION ALL
  SELECT f.user_id, 'complaint.' || f.type,
         count(DISTINCT f.complaint_id) || CASE f.type
           WHEN 'escalated' THEN ' complaints escalated: a tier deadline passed'
           WHEN 'breached' THEN ' complaints BREACHED: the last deadline passed unanswered'
           ELSE ' complaints approaching their deadline' END,
         array_to_string((array_agg(DISTINCT f.number ORDER BY f.number))[1:${SLA_DIGEST_LISTED}], ', ')
           || CASE WHEN count(DISTINCT f.complaint_id) > ${SLA_DIGEST_LISTED} THEN ', …' ELSE '' END,
         NULL, NULL
  FROM fanout f WHERE f.n > $4
  GROUP BY f.user_id, f.type
  RETURNING 1
)
SELECT e.type, count(*)::int AS n,
       (SELECT count(*) FROM published)::int AS published, (SELECT count(*) FROM audited)::int AS audited,
       (SELECT count(*) FROM notified)::int AS notified
FROM ev e GROUP BY e.type`;

@Injectable()
export class SlaSweepJob implements ScheduledJob, OnModuleInit {
  readonly name = 'sla-sweep';
  readonly description = 'Escalate complaints past a tier deadline, flag breaches, warn before deadlines (wakes at the next deadline)';
  readonly intervalMs = SLA_SWEEP_MAX_INTERVAL_MS;

  /** Concurrent transactions a backlog may use: one on embedded PGlite (a single session) and at most the pool less one. */
  private readonly workers: number;

  constructor(
    private readonly scheduler: SchedulerService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.workers = config.database.url ? Math.max(1, Math.min(config.scheduler.slaSweepWorkers, config.database.poolSize - 1)) : 1;
  }

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  /**
   * One batch, in the run's transaction or split over several. Each share is the same statement in
   * its own transaction on its own connection; SKIP LOCKED gives them disjoint complaints, and each
   * is whole on its own (a share that commits while another fails holds complete steps, and the
   * next run does the rest). Measured on 2 cores: 10,000 due in ≈ 0.6 of the single-statement time.
   */
  async run(m: EntityManager, now: Date): Promise<JobResult> {
    // An index-only probe of at most one batch of the sla_next_at index: how many shares, and
    // whether there is anything to do at all. Nothing due is the common wake-up (a run after a
    // backlog, a deadline moved by an action); it then skips planning and running the sweep's
    // statement (bench, 0 due at 1 M open: p50 per triggered run 16.7 → 7.4 ms, see
    // docs/decisions/performance.md). A complaint committed between the probe and the next-run
    // query below is seen by that query, which asks for a run at once.
    const [due] = (await m.query(
      'SELECT count(*)::int AS n FROM (SELECT 1 FROM complaint WHERE sla_next_at IS NOT NULL AND sla_next_at <= $1 LIMIT $2) d',
      [now, SLA_SWEEP_BATCH],
    )) as { n: number }[];
    const dueNow = due?.n ?? 0;
    const shares = Math.max(1, Math.min(this.workers, Math.floor(dueNow / SLA_SWEEP_MIN_SHARE)));
    const share = shares > 1 ? Math.ceil(dueNow / shares) : SLA_SWEEP_BATCH;
    const sweep = async (tx: EntityManager): Promise<SweptCount[]> => {
      // The row estimates of generate_series are wild; JIT-compiling the plan cost ~10 s per sweep.
      await tx.query('SET LOCAL jit = off');
      // The CTEs hold up to 10,000 rows each (arrays, payloads): kept in memory, not spilled to disk.
      await tx.query(`SET LOCAL work_mem = '${SLA_SWEEP_WORK_MEM}'`);
      return (await tx.query(SLA_SWEEP_SQL, [now, share, currentRequestId(), SLA_NOTIFY_DIGEST_OVER])) as SweptCount[];
    };
    const settled: PromiseSettledResult<SweptCount[]>[] =
      dueNow === 0
        ? []
        : await Promise.allSettled([sweep(m), ...Array.from({ length: shares - 1 }, () => this.dataSource.transaction((tx) => sweep(tx)))]);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const counts = settled.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    const count = (type: SweptCount['type']): number => counts.filter((c) => c.type === type).reduce((sum, c) => sum + c.n, 0);
    const [next] = (await m.query(
      'SELECT min(sla_next_at) AS next, count(*) FILTER (WHERE sla_next_at <= $1)::int AS backlog FROM (SELECT sla_next_at FROM complaint WHERE sla_next_at IS NOT NULL ORDER BY sla_next_at LIMIT 1) s',
      [now],
    )) as { next: Date | null; backlog: number }[];
    const escalated = count('escalated');
    const breached = count('breached');
    const warned = count('warned');
    // `backlog`: due complaints remain after this run (a batch's worth was taken, or rows were
    // locked by a run elsewhere), so the scheduler runs the sweep again at once.
    const backlog = (next?.backlog ?? 0) > 0;
    return {
      rowsAffected: escalated + breached + warned,
      summary: { escalated, breached, warned, workers: shares, backlog },
      nextRunAt: backlog ? now : (next?.next ?? null),
    };
  }
}
