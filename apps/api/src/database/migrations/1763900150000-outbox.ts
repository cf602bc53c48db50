import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox additions for ordered, at-least-once delivery: a per-aggregate sequence (consumers
 * order one aggregate's events by it) kept by an upsert counter, and delivery state for the
 * webhook worker of a later issue.
 */
export class Outbox1763900150000 implements MigrationInterface {
  name = 'Outbox1763900150000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_aggregate_sequence (
        aggregate_type varchar(60) NOT NULL,
        aggregate_id varchar(80) NOT NULL,
        last_seq integer NOT NULL,
        PRIMARY KEY (aggregate_type, aggregate_id)
      )`);
    await q.query(`
      ALTER TABLE outbox_event
        ADD COLUMN aggregate_seq integer,
        ADD COLUMN delivery_state varchar(10) NOT NULL DEFAULT 'pending' CHECK (delivery_state IN ('pending', 'delivered', 'failed')),
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
        ADD COLUMN delivered_at timestamptz(3),
        ADD COLUMN last_error text`);
    await q.query(`CREATE UNIQUE INDEX outbox_event_aggregate_seq ON outbox_event (aggregate_type, aggregate_id, aggregate_seq)`);
    // The delivery worker reads only what is pending and due.
    await q.query(`CREATE INDEX outbox_event_pending ON outbox_event (next_attempt_at, seq) WHERE delivery_state = 'pending'`);
    await q.query(`CREATE INDEX outbox_event_type ON outbox_event (event_type, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS outbox_event_type');
    await q.query('DROP INDEX IF EXISTS outbox_event_pending');
    await q.query('DROP INDEX IF EXISTS outbox_event_aggregate_seq');
    await q.query(`
      ALTER TABLE outbox_event DROP COLUMN aggregate_seq, DROP COLUMN delivery_state, DROP COLUMN attempts,
        DROP COLUMN next_attempt_at, DROP COLUMN delivered_at, DROP COLUMN last_error`);
    await q.query('DROP TABLE IF EXISTS outbox_aggregate_sequence');
  }
}
