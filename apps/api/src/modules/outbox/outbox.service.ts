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
 */
/**
 * The two data-modifying CTE bodies that append events read from `input`, a relation with the
 * columns (i, type, aggregate_type, aggregate_id, org_unit_id, payload, occurred_at), `i` ordering
 * them. The first advances the per-aggregate counter (upserted, so concurrent writers about one
 * aggregate never collide); the second, given the first's name, inserts the events numbered from
 * it and returns (seq, id, event_type, aggregate_id, aggregate_seq). Used by `appendIn` and by
 * set-based writers whose events come from their own statement (the SLA sweep).
 */
export const OUTBOX_SEQUENCE_SQL = (input: string): string =>
  `INSERT INTO outbox_aggregate_sequence AS s (aggregate_type, aggregate_id, last_seq)
   SELECT aggregate_type, aggregate_id, count(*) FROM ${input} GROUP BY aggregate_type, aggregate_id
   ON CONFLICT (aggregate_type, aggregate_id) DO UPDATE SET last_seq = s.last_seq + EXCLUDED.last_seq
   RETURNING s.aggregate_type, s.aggregate_id, s.last_seq`;

export const OUTBOX_INSERT_SQL = (input: string, counts: string): string =>
  `INSERT INTO outbox_event (event_type, aggregate_type, aggregate_id, org_unit_id, payload, occurred_at, aggregate_seq)
   SELECT type, aggregate_type, aggregate_id, org_unit_id, payload, occurred_at, aggregate_seq FROM (
     SELECT i.*, c.last_seq - count(*) OVER (PARTITION BY i.aggregate_type, i.aggregate_id)
                 + row_number() OVER (PARTITION BY i.aggregate_type, i.aggregate_id ORDER BY i.i) AS aggregate_seq
     FROM ${input} i JOIN ${counts} c USING (aggregate_type, aggregate_id)
   ) numbered ORDER BY i
   RETURNING seq, id, event_type, aggregate_id, aggregate_seq`;

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
  appendIn(batch: SqlBatch, events: readonly DomainEvent[]): string | null {
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
    const counts = batch.with('outbox_counts', OUTBOX_SEQUENCE_SQL(input));
    return batch.with('outbox', OUTBOX_INSERT_SQL(input, counts));
  }
}
