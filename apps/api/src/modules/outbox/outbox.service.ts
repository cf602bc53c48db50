import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SqlBatch } from '../../common/sql';

/** A domain event to publish, e.g. `complaint.escalated` about `complaint` `<id>`. */
export interface DomainEvent {
  /** Dotted event type, e.g. `complaint.created`. */
  type: string;
  aggregateType: string;
  aggregateId: string;
  /** The org unit the event belongs to (lets subscriptions be scoped). */
  orgUnitId?: string | null;
  payload: object;
  occurredAt?: Date;
}

export interface AppendedEvent {
  /** Unique event id (consumers de-duplicate on it). */
  id: string;
  type: string;
  aggregateId: string;
  aggregateSeq: number;
}

/**
 * The transactional outbox: modules append domain events with the same EntityManager as the
 * change they describe, so an event exists exactly when its change committed. A later webhook
 * worker delivers `pending` rows at least once, in `aggregate_seq` order per aggregate.
 *
 * Each aggregate numbers its events 1, 2, 3… (`aggregate_seq`). A complaint keeps its counter on its
 * own row (`complaint.outbox_last_seq`: its writers hold that row anyway, and the SLA sweep rewrites
 * it); any other aggregate in an upserted row of `outbox_aggregate_sequence`, so concurrent writers
 * about one aggregate never collide.
 */

/** The aggregate type whose counter is a column of its own row (migration ComplaintOutboxCounter). */
export const COMPLAINT_AGGREGATE = 'complaint';

/*
 * The statements below read `input`, a relation with the columns (i, type, aggregate_type,
 * aggregate_id, org_unit_id, payload, occurred_at), `i` ordering them. A counts relation has
 * (aggregate_type, aggregate_id, last_seq): each aggregate's counter after the events were added.
 */

/** Moves the counter rows of the events' aggregates other than complaints. */
const OTHER_SEQUENCE_SQL = (input: string): string =>
  `INSERT INTO outbox_aggregate_sequence AS s (aggregate_type, aggregate_id, last_seq)
   SELECT aggregate_type, aggregate_id, count(*) FROM ${input} WHERE aggregate_type <> '${COMPLAINT_AGGREGATE}'
   GROUP BY aggregate_type, aggregate_id
   ON CONFLICT (aggregate_type, aggregate_id) DO UPDATE SET last_seq = s.last_seq + EXCLUDED.last_seq
   RETURNING s.aggregate_type::text, s.aggregate_id::text, s.last_seq`;

/** Moves the counters of the events' complaints, on their rows. */
const COMPLAINT_SEQUENCE_SQL = (input: string): string =>
  `UPDATE complaint c SET outbox_last_seq = c.outbox_last_seq + n.n
   FROM (SELECT aggregate_id::uuid AS id, count(*)::int AS n FROM ${input} WHERE aggregate_type = '${COMPLAINT_AGGREGATE}'
         GROUP BY aggregate_id) n
   WHERE c.id = n.id
   RETURNING '${COMPLAINT_AGGREGATE}'::text AS aggregate_type, c.id::text AS aggregate_id, c.outbox_last_seq AS last_seq`;

/**
 * The counts of complaints inserted by the same statement with `outbox_last_seq` already set to the
 * number of events appended for them (a statement cannot update a row it inserts).
 */
const NEW_COMPLAINT_COUNTS_SQL = (input: string): string =>
  `SELECT aggregate_type, aggregate_id, count(*)::int AS last_seq FROM ${input} WHERE aggregate_type = '${COMPLAINT_AGGREGATE}'
   GROUP BY aggregate_type, aggregate_id`;

/**
 * Inserts the events numbered up to their aggregate's count and returns (seq, id, event_type,
 * aggregate_id, aggregate_seq). An event whose aggregate has no count fails the statement
 * (`outbox_sequence_missing`) rather than vanish: its complaint does not exist, or the same
 * statement also changed the complaint's row (PostgreSQL then applies one of the two changes only).
 * The SLA sweep numbers its events itself, from the counter its own update moved.
 */
const OUTBOX_INSERT_SQL = (input: string, counts: string): string =>
  `INSERT INTO outbox_event (event_type, aggregate_type, aggregate_id, org_unit_id, payload, occurred_at, aggregate_seq)
   SELECT type, aggregate_type, aggregate_id, org_unit_id, payload, occurred_at, aggregate_seq FROM (
     SELECT i.*, coalesce(c.last_seq, outbox_sequence_missing(i.aggregate_type, i.aggregate_id))
                 - count(*) OVER (PARTITION BY i.aggregate_type, i.aggregate_id)
                 + row_number() OVER (PARTITION BY i.aggregate_type, i.aggregate_id ORDER BY i.i) AS aggregate_seq
     FROM ${input} i LEFT JOIN ${counts} c USING (aggregate_type, aggregate_id)
   ) numbered ORDER BY i
   RETURNING seq, id, event_type, aggregate_id, aggregate_seq`;

export interface AppendOptions {
  /**
   * The events' complaints are inserted by this same statement, each with `outbox_last_seq` set to
   * the number of its events appended here: they are numbered from 1 and no counter moves.
   */
  newComplaints?: boolean;
}

@Injectable()
export class OutboxService {
  async append(m: EntityManager, event: DomainEvent): Promise<AppendedEvent> {
    const [appended] = await this.appendMany(m, [event]);
    return appended!;
  }

  /** Appends several events in one statement whatever their number. */
  async appendMany(m: EntityManager, events: readonly DomainEvent[]): Promise<AppendedEvent[]> {
    if (events.length === 0) return [];
    const batch = new SqlBatch();
    const inserted = this.appendIn(batch, events)!;
    const rows = await batch.run<{ id: string; event_type: string; aggregate_id: string; aggregate_seq: number }>(
      m,
      `SELECT id, event_type, aggregate_id, aggregate_seq FROM ${inserted} ORDER BY seq`,
    );
    return rows.map((r) => ({ id: r.id, type: r.event_type, aggregateId: r.aggregate_id, aggregateSeq: r.aggregate_seq }));
  }

  /**
   * Adds the events to a statement being built; returns the name of the CTE whose rows are the
   * inserted events (`seq`, `id`, `event_type`, `aggregate_id`, `aggregate_seq`).
   */
  appendIn(batch: SqlBatch, events: readonly DomainEvent[], options: AppendOptions = {}): string | null {
    if (events.length === 0) return null;
    const rows = events.map((e, index) => ({
      i: index,
      type: e.type,
      aggregate_type: e.aggregateType,
      aggregate_id: e.aggregateId,
      org_unit_id: e.orgUnitId ?? null,
      payload: e.payload,
      occurred_at: (e.occurredAt ?? new Date()).toISOString(),
    }));
    const input = batch.with(
      'outbox_input',
      `SELECT * FROM jsonb_to_recordset(${batch.add(JSON.stringify(rows))}::jsonb) AS r(i int, type text, aggregate_type text,
         aggregate_id text, org_unit_id uuid, payload jsonb, occurred_at timestamptz)`,
    );
    const sources: string[] = [];
    if (events.some((e) => e.aggregateType !== COMPLAINT_AGGREGATE)) sources.push(batch.with('outbox_counts', OTHER_SEQUENCE_SQL(input)));
    if (events.some((e) => e.aggregateType === COMPLAINT_AGGREGATE))
      sources.push(
        batch.with('outbox_complaint_counts', options.newComplaints ? NEW_COMPLAINT_COUNTS_SQL(input) : COMPLAINT_SEQUENCE_SQL(input)),
      );
    const counts =
      sources.length === 1
        ? sources[0]!
        : batch.with(
            'outbox_all_counts',
            sources.map((s) => `SELECT aggregate_type, aggregate_id, last_seq FROM ${s}`).join(' UNION ALL '),
          );
    return batch.with('outbox', OUTBOX_INSERT_SQL(input, counts));
  }
}
