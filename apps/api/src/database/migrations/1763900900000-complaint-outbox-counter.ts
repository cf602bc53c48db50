import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A complaint's outbox counter (the `aggregate_seq` of its last outbox event) moves from a row of
 * `outbox_aggregate_sequence` onto the complaint itself, `complaint.outbox_last_seq`. Every writer
 * of complaint events already holds the complaint, and the SLA sweep rewrites its row anyway: the
 * counter's separate upsert (an index probe, a second row lock and a second row version per
 * escalation) cost ≈ 5 % of the sweep. Other aggregates keep their counter rows.
 *
 * `outbox_sequence_missing` is how a statement that appends complaint events fails when it could
 * not move the complaint's counter (no such complaint, or the same statement also changed the row,
 * where PostgreSQL applies one change only): loudly, never by dropping the events.
 *
 * The backfill rewrites every complaint that has events (54 s at 1 M rows here; docs/operations.md).
 */
export class ComplaintOutboxCounter1763900900000 implements MigrationInterface {
  name = 'ComplaintOutboxCounter1763900900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE complaint ADD COLUMN outbox_last_seq integer NOT NULL DEFAULT 0');
    await q.query(`
      UPDATE complaint c SET outbox_last_seq = s.last_seq
      FROM outbox_aggregate_sequence s
      WHERE s.aggregate_type = 'complaint' AND s.aggregate_id = c.id::text`);
    await q.query(`DELETE FROM outbox_aggregate_sequence WHERE aggregate_type = 'complaint'`);
    await q.query(`
      CREATE FUNCTION outbox_sequence_missing(aggregate_type text, aggregate_id text) RETURNS integer
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'outbox: no sequence for % %', aggregate_type, aggregate_id
          USING HINT = 'The aggregate does not exist, or the statement appending its events also changed its row.';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION outbox_sequence_missing(text, text)');
    await q.query(`
      INSERT INTO outbox_aggregate_sequence (aggregate_type, aggregate_id, last_seq)
      SELECT 'complaint', id::text, outbox_last_seq FROM complaint WHERE outbox_last_seq > 0`);
    await q.query('ALTER TABLE complaint DROP COLUMN outbox_last_seq');
  }
}
