import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns that place an invitation in a tally cell. */
const CELL = 'campaign_id, unit_path, month, overall_score, nps_score';

/**
 * Survey metrics from a maintained tally instead of a scan of every invitation.
 *  - The invitation carries its response's overall and NPS score (written by the same UPDATE that
 *    marks it answered; a CHECK ties the score to `response_id`), so everything the metrics count is
 *    on one table.
 *  - `survey_tally` holds, per campaign, unit path, month, overall score and NPS score, how many
 *    invitations are in that cell (scores NULL = not answered). Statement triggers with transition
 *    tables keep it exact for every INSERT, UPDATE, DELETE and TRUNCATE of `survey_invitation`, in
 *    the writing transaction: one upsert per statement, cells in key order (a consistent lock order,
 *    so concurrent writers queue on a cell row instead of deadlocking). An update that moves no
 *    invitation between cells (status changes, the expiry job) writes nothing.
 * A campaign of 100,000 invitations is then a few hundred tally rows to group.
 */
export class SurveyTally1763900820000 implements MigrationInterface {
  name = 'SurveyTally1763900820000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE survey_invitation
        ADD COLUMN overall_score smallint CHECK (overall_score BETWEEN 1 AND 5),
        ADD COLUMN nps_score smallint CHECK (nps_score BETWEEN 0 AND 10)`);
    await q.query(
      `UPDATE survey_invitation i SET overall_score = r.overall_score, nps_score = r.nps_score FROM survey_response r WHERE r.invitation_id = i.id`,
    );
    await q.query(`ALTER TABLE survey_invitation ADD CONSTRAINT survey_invitation_scored_when_answered
      CHECK ((overall_score IS NOT NULL) = (response_id IS NOT NULL) AND (nps_score IS NULL OR overall_score IS NOT NULL))`);

    await q.query(`
      CREATE TABLE survey_tally (
        campaign_id uuid NOT NULL REFERENCES survey_campaign(id) ON DELETE CASCADE,
        unit_path text NOT NULL,
        month char(7) NOT NULL,
        overall_score smallint,
        nps_score smallint,
        -- No CHECK (n >= 0): PostgreSQL checks the proposed row of an upsert before it finds the
        -- conflict, so a decrement (n = -1 proposed) would fail even though it updates the cell.
        n integer NOT NULL,
        CONSTRAINT survey_tally_cell UNIQUE NULLS NOT DISTINCT (${CELL})
      )`);
    // The satisfaction report's filter (unit subtree, month range) across campaigns.
    await q.query(`CREATE INDEX survey_tally_scope ON survey_tally (unit_path text_pattern_ops, month)`);
    await q.query(`INSERT INTO survey_tally (${CELL}, n) SELECT ${CELL}, count(*) FROM survey_invitation GROUP BY ${CELL}`);

    // Adds the signed count of each cell; `delta` is a query over the transition tables.
    const upsert = (delta: string): string => `
      INSERT INTO survey_tally AS t (${CELL}, n)
      SELECT ${CELL}, sum(d) FROM (${delta}) c
      GROUP BY ${CELL} HAVING sum(d) <> 0 ORDER BY ${CELL}
      ON CONFLICT (${CELL}) DO UPDATE SET n = t.n + EXCLUDED.n`;
    await q.query(`
      CREATE FUNCTION survey_tally_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${upsert(`SELECT ${CELL}, 1 AS d FROM added`)};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION survey_tally_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${upsert(`SELECT ${CELL}, -1 AS d FROM removed UNION ALL SELECT ${CELL}, 1 AS d FROM added`)};
        RETURN NULL;
      END $$`);
    // A plain UPDATE (no upsert): when a campaign is deleted its tally rows may be gone already.
    await q.query(`
      CREATE FUNCTION survey_tally_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE survey_tally t SET n = t.n - c.k
        FROM (SELECT ${CELL}, count(*) AS k FROM removed GROUP BY ${CELL}) c
        WHERE t.campaign_id = c.campaign_id AND t.unit_path = c.unit_path AND t.month = c.month
          AND t.overall_score IS NOT DISTINCT FROM c.overall_score AND t.nps_score IS NOT DISTINCT FROM c.nps_score;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION survey_tally_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM survey_tally;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER survey_invitation_tally_insert AFTER INSERT ON survey_invitation
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION survey_tally_inserted()`);
    await q.query(`CREATE TRIGGER survey_invitation_tally_update AFTER UPDATE ON survey_invitation
      REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION survey_tally_updated()`);
    await q.query(`CREATE TRIGGER survey_invitation_tally_delete AFTER DELETE ON survey_invitation
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION survey_tally_deleted()`);
    await q.query(`CREATE TRIGGER survey_invitation_tally_truncate AFTER TRUNCATE ON survey_invitation
      FOR EACH STATEMENT EXECUTE FUNCTION survey_tally_truncated()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER survey_invitation_tally_truncate ON survey_invitation`);
    await q.query(`DROP TRIGGER survey_invitation_tally_delete ON survey_invitation`);
    await q.query(`DROP TRIGGER survey_invitation_tally_update ON survey_invitation`);
    await q.query(`DROP TRIGGER survey_invitation_tally_insert ON survey_invitation`);
    await q.query(`DROP FUNCTION survey_tally_truncated()`);
    await q.query(`DROP FUNCTION survey_tally_deleted()`);
    await q.query(`DROP FUNCTION survey_tally_updated()`);
    await q.query(`DROP FUNCTION survey_tally_inserted()`);
    await q.query(`DROP TABLE survey_tally`);
    await q.query(`ALTER TABLE survey_invitation DROP CONSTRAINT survey_invitation_scored_when_answered`);
    await q.query(`ALTER TABLE survey_invitation DROP COLUMN nps_score, DROP COLUMN overall_score`);
  }
}
