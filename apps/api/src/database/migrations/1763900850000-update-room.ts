import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Room on each page for a row's next version. A complaint is rewritten several times in its life
 * (assignment, every escalation of the SLA sweep, answer, return visit, close) and most of those
 * change an indexed column, so PostgreSQL writes a new row version each time; on a full page it goes
 * to another page, which costs a second page write, an extra lock record in the WAL and, after a
 * checkpoint, a second full-page image. With 20 % of each page kept free the new version stays on
 * its page. The per-aggregate event counter is one small row rewritten at every event and no
 * index covers the counter, so with room on its page the rewrite is a HOT update (no index entry).
 * Pages written before this migration are not repacked; `VACUUM FULL` (or pg_repack) at a quiet
 * time does that.
 */
export class UpdateRoom1763900850000 implements MigrationInterface {
  name = 'UpdateRoom1763900850000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE complaint SET (fillfactor = 80)');
    await q.query('ALTER TABLE outbox_aggregate_sequence SET (fillfactor = 50)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbox_aggregate_sequence RESET (fillfactor)');
    await q.query('ALTER TABLE complaint RESET (fillfactor)');
  }
}
