import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { TestApp } from './test-app';

/**
 * Inserts complaint rows straight into the database (the intake API is built by another module),
 * filling every NOT NULL column consistently: paths and platform from the receiving unit, a
 * default three-tier policy snapshot (4 h / 24 h / 48 h) and its deadlines from `receivedAt`.
 */
export interface ComplaintFixture {
  receivingUnitId: string;
  ownerId: string;
  kind?: 'inquiry' | 'complaint' | 'suggestion' | 'internal';
  channel?: string;
  severity?: 'general' | 'batch' | 'serious';
  status?: 'received' | 'in_progress' | 'answered' | 'return_visit' | 'closed' | 'invalid';
  receivedAt?: Date;
  answeredAt?: Date | null;
  closedAt?: Date | null;
  category?: string | null;
  customerKey?: string | null;
  callerName?: string;
  tier?: number;
  breached?: boolean;
  escalationCount?: number;
  assignedUnitId?: string;
  /** Hours after receipt of each tier's deadline. */
  tierHours?: number[];
  dueAt?: Date | null;
}

const HOUR = 3_600_000;

export class ComplaintFixtures {
  private serial = 0;

  private constructor(private readonly db: Client) {}

  static async connect(t: TestApp): Promise<ComplaintFixtures> {
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    return new ComplaintFixtures(db);
  }

  query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.query(sql, params).then((r) => r.rows as T[]);
  }

  async close(): Promise<void> {
    await this.db.end();
  }

  async insert(input: ComplaintFixture): Promise<{ id: string; number: string }> {
    const receivedAt = input.receivedAt ?? new Date();
    const tierHours = input.tierHours ?? [4, 24, 48];
    const deadlines = tierHours.map((h) => new Date(receivedAt.getTime() + h * HOUR));
    const tier = input.tier ?? 1;
    const status = input.status ?? 'received';
    const open = status === 'received' || status === 'in_progress';
    const answeredAt =
      input.answeredAt !== undefined
        ? input.answeredAt
        : ['answered', 'return_visit', 'closed'].includes(status)
          ? new Date(receivedAt.getTime() + 2 * HOUR)
          : null;
    const closedAt = input.closedAt !== undefined ? input.closedAt : status === 'closed' ? new Date(receivedAt.getTime() + 3 * HOUR) : null;
    const dueAt = input.dueAt !== undefined ? input.dueAt : open ? deadlines[tier - 1]! : null;
    this.serial += 1;
    const number = `${randomBytes(2).toString('hex').slice(0, 4)}-${String(this.serial).padStart(5, '0')}`;
    const [row] = await this.query<{ id: string; number: string }>(
      `INSERT INTO complaint (number, kind, channel, severity, status, subject, description, category, caller_name, customer_key,
         received_at, received_month, receiving_unit_id, receiving_unit_path, platform_unit_id, hq_unit_id, assigned_unit_id, owner_id,
         policy_snapshot, tier, tier_count, tier_levels, clock_start, tier_deadlines, warn_times, due_at, sla_next_at,
         breached, breached_at, escalation_count, answered_at, answered_tier, closed_at)
       SELECT $1, $2, $3, $4, $5, 'Subject', 'Description', $6, $7, $8,
         $9::timestamptz, to_char($9::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), u.id, u.path,
         coalesce(nullif(split_part(u.path, '/', 3), '')::uuid, u.id), split_part(u.path, '/', 2)::uuid, coalesce($10::uuid, u.id), $11,
         '{"name":"fixture"}'::jsonb, $12::smallint, $13::smallint, $14::text[], $9::timestamptz, $15::timestamptz[], $15::timestamptz[], $16::timestamptz,
         CASE WHEN $17::boolean THEN $16::timestamptz END,
         $18::boolean, CASE WHEN $18::boolean THEN $9::timestamptz + interval '48 hours' END, $19::smallint, $20::timestamptz,
         CASE WHEN $20::timestamptz IS NOT NULL THEN $12::smallint END, $21::timestamptz
       FROM org_unit u WHERE u.id = $22
       RETURNING id, number`,
      [
        number,
        input.kind ?? 'complaint',
        input.channel ?? 'phone',
        input.severity ?? 'general',
        status,
        input.category ?? null,
        input.callerName ?? 'Caller',
        input.customerKey ?? null,
        receivedAt,
        input.assignedUnitId ?? null,
        input.ownerId,
        tier,
        tierHours.length,
        tierHours.map((_, i) => (i === 0 ? 'receiving' : i === 1 ? 'platform' : 'hq')),
        deadlines,
        dueAt,
        open,
        input.breached ?? false,
        input.escalationCount ?? tier - 1,
        answeredAt,
        closedAt,
        input.receivingUnitId,
      ],
    );
    if (!row) throw new Error(`insertComplaint: unknown unit ${input.receivingUnitId}`);
    return row;
  }
}

/**
 * The complaint table's writable columns in table order (generated columns left out), for tests
 * that copy complaint rows by SQL with some columns overridden.
 */
export async function complaintColumnNames(db: Client): Promise<string[]> {
  const { rows } = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = 'complaint' AND is_generated = 'NEVER' ORDER BY ordinal_position`,
  );
  return rows.map((r) => r.column_name);
}

export interface OutboxNumbering {
  /** Complaints checked, and their outbox events. */
  complaints: number;
  events: number;
  /** Event types seen (to show which writers the check covered). */
  types: string[];
  /** Complaints whose events are not numbered exactly 1…outbox_last_seq (empty when all are). */
  faults: { id: string; outbox_last_seq: number; seqs: (number | null)[] }[];
}

/**
 * Checks every complaint's outbox numbering: its events carry `aggregate_seq` 1, 2, … n with no gap
 * or repeat, and the complaint's counter (`outbox_last_seq`) is n.
 */
export async function outboxNumbering(db: Client): Promise<OutboxNumbering> {
  const { rows: faults } = await db.query<OutboxNumbering['faults'][number]>(
    `SELECT c.id, c.outbox_last_seq, array_agg(e.aggregate_seq ORDER BY e.aggregate_seq) AS seqs
     FROM complaint c LEFT JOIN outbox_event e ON e.aggregate_type = 'complaint' AND e.aggregate_id = c.id::text
     GROUP BY c.id
     HAVING count(e.id) <> c.outbox_last_seq OR count(e.aggregate_seq) <> count(e.id)
         OR count(DISTINCT e.aggregate_seq) <> count(e.id) OR coalesce(min(e.aggregate_seq), 1) <> 1
         OR coalesce(max(e.aggregate_seq), 0) <> c.outbox_last_seq`,
  );
  const { rows } = await db.query<{ complaints: number; events: number; types: string[] }>(
    `SELECT (SELECT count(*)::int FROM complaint) AS complaints,
            count(*)::int AS events, coalesce(array_agg(DISTINCT event_type), '{}') AS types
     FROM outbox_event WHERE aggregate_type = 'complaint'`,
  );
  return { ...rows[0]!, faults };
}
