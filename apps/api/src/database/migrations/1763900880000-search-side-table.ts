import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The four trigram indexes of the searchable text on `table` (both tables name the lowercased
 * columns alike): `<table>_<field>_trgm`, the name and phone ones partial, as migrations
 * SearchIndexes, SearchPendingLists and SearchLowercase made them on `complaint`.
 */
async function createTrigramIndexes(q: QueryRunner, table: 'complaint' | 'complaint_search'): Promise<void> {
  const fields = [
    ['number', 'number', false],
    ['subject', 'subject_lc', false],
    ['caller_name', 'caller_name_lc', true],
    ['caller_phone', 'caller_phone', true],
  ] as const;
  for (const [name, column, partial] of fields) {
    await q.query(
      `CREATE INDEX ${table}_${name}_trgm ON ${table} USING gin (${column} gin_trgm_ops) WITH (gin_pending_list_limit = 256)` +
        (partial ? ` WHERE ${column} IS NOT NULL` : ''),
    );
  }
}

/**
 * The searchable text of a complaint (number, lowercased subject and caller name, caller phone, and
 * its received time for newest-first order) moves to `complaint_search`, one row per complaint, with
 * the four trigram indexes. An escalation changes indexed columns of `complaint`, so it is never a
 * HOT update and every index of the table gets a new entry; the trigram ones took each row's
 * subject, number and caller name apart again (about 60 GIN entries per escalation, 22 % of the
 * SLA sweep's database time). The text never changes in an escalation, so on the side table it is
 * written at intake and on an edit only. Bare UPDATE of 10,000 due rows at 1 M: 0.68–0.73 →
 * 0.30–0.35 s; the SLA sweep 1.07–1.22 → 0.60–0.66 s (docs/decisions/performance.md).
 *
 * Triggers keep it, whoever writes `complaint` (the API, a script, the benchmark's seeding): a
 * statement-level insert trigger (one set-based insert per statement), a row-level update trigger
 * that fires only when one of the copied columns is in the UPDATE and really changed, and
 * statement-level delete and truncate triggers. No foreign key: its check would lock each
 * complaint the intake just wrote; the delete trigger keeps the pair instead.
 *
 * The generated lowercased columns on `complaint` (migration SearchLowercase) go: the side table
 * holds the lowercased copies, and an escalation no longer recomputes them.
 */
export class SearchSideTable1763900880000 implements MigrationInterface {
  name = 'SearchSideTable1763900880000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE complaint_search (
        complaint_id uuid PRIMARY KEY,
        received_at timestamptz(3) NOT NULL,
        number varchar(12) NOT NULL,
        subject_lc text NOT NULL,
        caller_name_lc text,
        caller_phone varchar(32)
      )`);
    await q.query(
      `COMMENT ON TABLE complaint_search IS 'Searchable text of each complaint, kept by triggers on complaint (migration 1763900880000)'`,
    );
    await q.query(`
      CREATE FUNCTION complaint_search_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO complaint_search (complaint_id, received_at, number, subject_lc, caller_name_lc, caller_phone)
        SELECT n.id, n.received_at, n.number, lower(n.subject), lower(n.caller_name), n.caller_phone FROM complaint_new_rows n;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION complaint_search_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE complaint_search
        SET received_at = NEW.received_at, number = NEW.number, subject_lc = lower(NEW.subject),
            caller_name_lc = lower(NEW.caller_name), caller_phone = NEW.caller_phone
        WHERE complaint_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION complaint_search_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM complaint_search s USING complaint_old_rows o WHERE s.complaint_id = o.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION complaint_search_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE complaint_search;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaint
      REFERENCING NEW TABLE AS complaint_new_rows FOR EACH STATEMENT EXECUTE FUNCTION complaint_search_inserted()`);
    await q.query(`
      CREATE TRIGGER complaint_search_update AFTER UPDATE OF number, subject, caller_name, caller_phone, received_at ON complaint
      FOR EACH ROW WHEN (OLD.number IS DISTINCT FROM NEW.number OR OLD.subject IS DISTINCT FROM NEW.subject
                         OR OLD.caller_name IS DISTINCT FROM NEW.caller_name OR OLD.caller_phone IS DISTINCT FROM NEW.caller_phone
                         OR OLD.received_at IS DISTINCT FROM NEW.received_at)
      EXECUTE FUNCTION complaint_search_updated()`);
    await q.query(`
      CREATE TRIGGER complaint_search_delete AFTER DELETE ON complaint
      REFERENCING OLD TABLE AS complaint_old_rows FOR EACH STATEMENT EXECUTE FUNCTION complaint_search_deleted()`);
    await q.query(
      `CREATE TRIGGER complaint_search_truncate AFTER TRUNCATE ON complaint FOR EACH STATEMENT EXECUTE FUNCTION complaint_search_truncated()`,
    );
    await q.query(`
      INSERT INTO complaint_search (complaint_id, received_at, number, subject_lc, caller_name_lc, caller_phone)
      SELECT id, received_at, number, lower(subject), lower(caller_name), caller_phone FROM complaint`);
    // The newest-first walk of a search whose words are common; the trigram indexes for rare words.
    await q.query(`CREATE INDEX complaint_search_received ON complaint_search (received_at DESC, complaint_id DESC)`);
    await createTrigramIndexes(q, 'complaint_search');
    // As on complaint before (migration SearchStatistics): infix LIKE estimates from a 1,000-entry histogram.
    await q.query(
      'ALTER TABLE complaint_search ALTER COLUMN subject_lc SET STATISTICS 1000, ALTER COLUMN caller_name_lc SET STATISTICS 1000',
    );
    await q.query(`DROP INDEX complaint_number_trgm`);
    await q.query(`DROP INDEX complaint_caller_phone_trgm`);
    // Drops complaint_subject_trgm and complaint_caller_name_trgm with them.
    await q.query(`ALTER TABLE complaint DROP COLUMN subject_lc, DROP COLUMN caller_name_lc`);
    await q.query('ANALYZE complaint_search');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE complaint ADD COLUMN subject_lc text GENERATED ALWAYS AS (lower(subject)) STORED,
                             ADD COLUMN caller_name_lc text GENERATED ALWAYS AS (lower(caller_name)) STORED`,
    );
    await q.query('ALTER TABLE complaint ALTER COLUMN subject_lc SET STATISTICS 1000, ALTER COLUMN caller_name_lc SET STATISTICS 1000');
    await createTrigramIndexes(q, 'complaint');
    await q.query('DROP TRIGGER complaint_search_truncate ON complaint');
    await q.query('DROP TRIGGER complaint_search_delete ON complaint');
    await q.query('DROP TRIGGER complaint_search_update ON complaint');
    await q.query('DROP TRIGGER complaint_search_insert ON complaint');
    await q.query('DROP FUNCTION complaint_search_truncated()');
    await q.query('DROP FUNCTION complaint_search_deleted()');
    await q.query('DROP FUNCTION complaint_search_updated()');
    await q.query('DROP FUNCTION complaint_search_inserted()');
    await q.query('DROP TABLE complaint_search');
  }
}
