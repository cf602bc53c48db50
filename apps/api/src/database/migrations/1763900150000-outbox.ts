import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox ordering: a per-aggregate sequence (consumers order one aggregate's events by it, and see
 * gaps), kept by an upserted counter row per aggregate so concurrent writers never collide.
 * Delivery state lives with the webhook deliveries (migration 1763900600000).
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
    await q.query(`ALTER TABLE outbox_event ADD COLUMN aggregate_seq integer`);
    await q.query(`CREATE UNIQUE INDEX outbox_event_aggregate_seq ON outbox_event (aggregate_type, aggregate_id, aggregate_seq)`);
    await q.query(`CREATE INDEX outbox_event_type ON outbox_event (event_type, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS outbox_event_type');
    await q.query('DROP INDEX IF EXISTS outbox_event_aggregate_seq');
    await q.query('ALTER TABLE outbox_event DROP COLUMN aggregate_seq');
    await q.query('DROP TABLE IF EXISTS outbox_aggregate_sequence');
  }
}
