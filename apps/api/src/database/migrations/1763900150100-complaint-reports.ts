import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Responsibility revisions and report support on the complaints tables:
 * - a pending split replaced before approval is kept as `superseded` (every change stays on record);
 * - at most one pending revision per complaint;
 * - shares keep the order they were given in (largest-remainder ties go to the unit listed first);
 * - the shares of an approved split are as immutable as the split itself;
 * - indexes for the monthly report (closed cases of a month) and the dashboard (open complaints).
 */
export class ComplaintReports1763900150100 implements MigrationInterface {
  name = 'ComplaintReports1763900150100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE complaint_responsibility DROP CONSTRAINT complaint_responsibility_status_check`);
    await q.query(
      `ALTER TABLE complaint_responsibility ADD CONSTRAINT complaint_responsibility_status_check CHECK (status IN ('pending', 'approved', 'superseded'))`,
    );
    await q.query(`ALTER TABLE complaint_responsibility ADD CONSTRAINT complaint_responsibility_approval_complete
      CHECK (status <> 'approved' OR (approved_at IS NOT NULL AND approved_by_id IS NOT NULL))`);
    await q.query(
      `CREATE UNIQUE INDEX complaint_responsibility_one_pending ON complaint_responsibility (complaint_id) WHERE status = 'pending'`,
    );
    await q.query(`ALTER TABLE complaint_responsibility_share ADD COLUMN position smallint NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE FUNCTION responsibility_share_of_approved_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        parent_status varchar;
      BEGIN
        SELECT status INTO parent_status FROM complaint_responsibility
         WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.responsibility_id ELSE OLD.responsibility_id END;
        IF parent_status = 'approved' THEN
          RAISE EXCEPTION 'the shares of an approved responsibility split cannot be changed; record a new revision' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`
      CREATE TRIGGER complaint_responsibility_share_immutable BEFORE INSERT OR UPDATE OR DELETE ON complaint_responsibility_share
      FOR EACH ROW EXECUTE FUNCTION responsibility_share_of_approved_is_immutable()`);
    // Monthly closed-case statistics select by close time inside a unit subtree.
    await q.query(
      `CREATE INDEX complaint_closed ON complaint (closed_at, receiving_unit_path text_pattern_ops) WHERE closed_at IS NOT NULL`,
    );
    // Dashboard: open complaints by status / due time (a small set compared with the whole table).
    await q.query(`CREATE INDEX complaint_open_due ON complaint (due_at) WHERE status IN ('received', 'in_progress')`);
    await q.query(
      `CREATE INDEX complaint_unfinished ON complaint (receiving_unit_path text_pattern_ops, status) WHERE status IN ('received', 'in_progress', 'answered', 'return_visit')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS complaint_unfinished');
    await q.query('DROP INDEX IF EXISTS complaint_open_due');
    await q.query('DROP INDEX IF EXISTS complaint_closed');
    await q.query('DROP TRIGGER IF EXISTS complaint_responsibility_share_immutable ON complaint_responsibility_share');
    await q.query('DROP FUNCTION IF EXISTS responsibility_share_of_approved_is_immutable()');
    await q.query('ALTER TABLE complaint_responsibility_share DROP COLUMN IF EXISTS position');
    await q.query('DROP INDEX IF EXISTS complaint_responsibility_one_pending');
    await q.query('ALTER TABLE complaint_responsibility DROP CONSTRAINT IF EXISTS complaint_responsibility_approval_complete');
    await q.query(`DELETE FROM complaint_responsibility WHERE status = 'superseded'`);
    await q.query('ALTER TABLE complaint_responsibility DROP CONSTRAINT complaint_responsibility_status_check');
    await q.query(
      `ALTER TABLE complaint_responsibility ADD CONSTRAINT complaint_responsibility_status_check CHECK (status IN ('pending', 'approved'))`,
    );
  }
}
