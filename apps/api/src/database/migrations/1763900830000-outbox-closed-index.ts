import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `outbox_event_type (event_type, seq)` had an entry for every outbox event, but its one reader is
 * the post-complaint survey job, which follows `complaint.closed` events by `seq`. A partial index
 * of those events serves it; every other outbox write (each intake, action and SLA step) no longer
 * pays for an index entry nobody reads.
 */
export class OutboxClosedIndex1763900830000 implements MigrationInterface {
  name = 'OutboxClosedIndex1763900830000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX outbox_event_closed ON outbox_event (seq) WHERE event_type = 'complaint.closed'`);
    await q.query(`DROP INDEX outbox_event_type`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX outbox_event_type ON outbox_event (event_type, seq)`);
    await q.query(`DROP INDEX outbox_event_closed`);
  }
}
