import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaint numbers from one sequence per month (`complaint_number_YYMM`) instead of a counter
 * row: `nextval` takes no row lock, so an intake allocates its number inside its own transaction
 * without serialising every intake of the month on the counter row until its commit. The function
 * creates a month's sequence on its first use (one creator at a time, under an advisory lock).
 *
 * `sla_config_version` is bumped by any change to policies or calendars (statement triggers), so
 * an API instance can cache them and know, from one value read with the intake, whether its copy
 * is current — on every instance, not only the one that made the change.
 */
export class IntakeNumbers1763900800000 implements MigrationInterface {
  name = 'IntakeNumbers1763900800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION complaint_next_number(month_key text) RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        seq text := 'complaint_number_' || month_key;
        serial bigint;
      BEGIN
        IF month_key !~ '^[0-9]{4}$' THEN
          RAISE EXCEPTION 'complaint_next_number: month key must be YYMM, got %', month_key;
        END IF;
        IF to_regclass(seq) IS NULL THEN
          -- A month's first number: one creator at a time; a waiter then finds the committed sequence.
          PERFORM pg_advisory_xact_lock(hashtext('complaint_number:' || month_key));
          EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
        END IF;
        serial := nextval(seq);
        RETURN month_key || '-' || CASE WHEN serial > 99999 THEN serial::text ELSE lpad(serial::text, 5, '0') END;
      END
      $$`);
    // Months already counted continue where their counter row stopped.
    const counters = (await q.query(`SELECT month_key, last_serial FROM complaint_number_counter`)) as {
      month_key: string;
      last_serial: number;
    }[];
    for (const c of counters) {
      if (!/^\d{4}$/.test(c.month_key)) continue;
      await q.query(`CREATE SEQUENCE complaint_number_${c.month_key} START ${Number(c.last_serial) + 1}`);
    }
    await q.query(`DROP TABLE complaint_number_counter`);

    await q.query(`
      CREATE TABLE sla_config_version (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        version bigint NOT NULL
      )`);
    await q.query(`INSERT INTO sla_config_version (version) VALUES (1)`);
    await q.query(`
      CREATE FUNCTION bump_sla_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE sla_config_version SET version = version + 1;
        RETURN NULL;
      END
      $$`);
    for (const table of ['sla_policy', 'business_calendar']) {
      await q.query(
        `CREATE TRIGGER ${table}_bumps_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION bump_sla_config_version()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['sla_policy', 'business_calendar']) await q.query(`DROP TRIGGER IF EXISTS ${table}_bumps_version ON ${table}`);
    await q.query(`DROP FUNCTION IF EXISTS bump_sla_config_version()`);
    await q.query(`DROP TABLE IF EXISTS sla_config_version`);
    await q.query(`CREATE TABLE complaint_number_counter (month_key char(4) PRIMARY KEY, last_serial integer NOT NULL)`);
    const sequences = (await q.query(`SELECT relname FROM pg_class WHERE relkind = 'S' AND relname ~ '^complaint_number_[0-9]{4}$'`)) as {
      relname: string;
    }[];
    for (const { relname } of sequences) {
      await q.query(
        `INSERT INTO complaint_number_counter (month_key, last_serial)
         SELECT $1, CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${relname}`,
        [relname.slice(-4)],
      );
      await q.query(`DROP SEQUENCE ${relname}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS complaint_next_number(text)`);
  }
}
