import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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
@Injectable()
export class OutboxService {
  async append(m: EntityManager, event: DomainEvent): Promise<AppendedEvent> {
    const [appended] = await this.appendMany(m, [event]);
    return appended!;
  }

  /**
   * Appends several events in two statements whatever their number. Per-aggregate sequence numbers
   * come from an upsert counter, so concurrent writers about the same aggregate never collide.
   */
  async appendMany(m: EntityManager, events: readonly DomainEvent[]): Promise<AppendedEvent[]> {
    if (events.length === 0) return [];
    const rows = events.map((e, index) => ({
      i: index,
      type: e.type,
      aggregate_type: e.aggregateType,
      aggregate_id: e.aggregateId,
      org_unit_id: e.orgUnitId ?? null,
      payload: e.payload,
      occurred_at: (e.occurredAt ?? new Date()).toISOString(),
    }));
    const inserted = (await m.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(i int, type text, aggregate_type text, aggregate_id text,
                                                          org_unit_id uuid, payload jsonb, occurred_at timestamptz)
       ),
       counts AS (
         INSERT INTO outbox_aggregate_sequence AS s (aggregate_type, aggregate_id, last_seq)
         SELECT aggregate_type, aggregate_id, count(*) FROM input GROUP BY aggregate_type, aggregate_id
         ON CONFLICT (aggregate_type, aggregate_id) DO UPDATE SET last_seq = s.last_seq + EXCLUDED.last_seq
         RETURNING s.aggregate_type, s.aggregate_id, s.last_seq
       ),
       numbered AS (
         SELECT i.*, c.last_seq - count(*) OVER (PARTITION BY i.aggregate_type, i.aggregate_id)
                     + row_number() OVER (PARTITION BY i.aggregate_type, i.aggregate_id ORDER BY i.i) AS aggregate_seq
         FROM input i JOIN counts c USING (aggregate_type, aggregate_id)
       )
       INSERT INTO outbox_event (event_type, aggregate_type, aggregate_id, org_unit_id, payload, occurred_at, aggregate_seq)
       SELECT type, aggregate_type, aggregate_id, org_unit_id, payload, occurred_at, aggregate_seq FROM numbered ORDER BY i
       RETURNING id, event_type, aggregate_id, aggregate_seq`,
      [JSON.stringify(rows)],
    )) as { id: string; event_type: string; aggregate_id: string; aggregate_seq: number }[];
    return inserted.map((r) => ({ id: r.id, type: r.event_type, aggregateId: r.aggregate_id, aggregateSeq: r.aggregate_seq }));
  }
}
