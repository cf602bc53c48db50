import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Free-text search (`q`) on complaints (number, subject, caller name, caller phone) and customers (name) is a
 * `col ILIKE '%text%'`, which no B-tree can serve: at 1,000,000 complaints every search was a
 * sequential scan. GIN trigram indexes (pg_trgm) answer those infix matches from the index, in
 * PostgreSQL and in the embedded database alike (it loads the same extension).
 */
export class SearchIndexes1763900700000 implements MigrationInterface {
  name = 'SearchIndexes1763900700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX complaint_number_trgm ON complaint USING gin (number gin_trgm_ops)`);
    await q.query(`CREATE INDEX complaint_subject_trgm ON complaint USING gin (subject gin_trgm_ops)`);
    await q.query(
      `CREATE INDEX complaint_caller_name_trgm ON complaint USING gin (caller_name gin_trgm_ops) WHERE caller_name IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX complaint_caller_phone_trgm ON complaint USING gin (caller_phone gin_trgm_ops) WHERE caller_phone IS NOT NULL`,
    );
    // The HQ queue (list and badge count): HQ-reported or HQ-assigned open complaints, a small share.
    await q.query(
      `CREATE INDEX complaint_hq_queue ON complaint (received_at DESC, id DESC) WHERE (hq_reported OR assigned_unit_id = hq_unit_id) AND status NOT IN ('closed', 'invalid')`,
    );
    // "My unit" queue page: the open complaints assigned to a unit, newest first, read in index order
    // (the (assigned_unit_id, status, …) index cannot give that order for `status NOT IN (…)`: it
    // fetched and sorted every one of a platform's escalated complaints for a 50-row page).
    await q.query(
      `CREATE INDEX complaint_open_assigned ON complaint (assigned_unit_id, received_at DESC, id DESC) WHERE status NOT IN ('closed', 'invalid')`,
    );
    await q.query(`CREATE INDEX customer_name_trgm ON customer USING gin (name gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS customer_name_trgm`);
    await q.query(`DROP INDEX IF EXISTS complaint_open_assigned`);
    await q.query(`DROP INDEX IF EXISTS complaint_hq_queue`);
    await q.query(`DROP INDEX IF EXISTS complaint_caller_phone_trgm`);
    await q.query(`DROP INDEX IF EXISTS complaint_caller_name_trgm`);
    await q.query(`DROP INDEX IF EXISTS complaint_subject_trgm`);
    await q.query(`DROP INDEX IF EXISTS complaint_number_trgm`);
  }
}
