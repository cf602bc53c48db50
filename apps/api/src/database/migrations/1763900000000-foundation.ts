import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Org tree, users, auth, API keys, audit log, idempotency, scheduler runs, notifications, outbox. */
export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_secret (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE org_unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        code varchar(40),
        kind varchar(20) NOT NULL CHECK (kind IN ('hq', 'platform', 'branch', 'sales_office')),
        parent_id uuid REFERENCES org_unit(id) ON DELETE RESTRICT,
        path text NOT NULL,
        depth smallint NOT NULL CHECK (depth >= 0),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((kind = 'hq') = (parent_id IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX org_unit_single_root ON org_unit ((true)) WHERE parent_id IS NULL`);
    await q.query(`CREATE UNIQUE INDEX org_unit_name_per_parent ON org_unit (parent_id, lower(name))`);
    await q.query(`CREATE UNIQUE INDEX org_unit_code ON org_unit (lower(code)) WHERE code IS NOT NULL`);
    await q.query(`CREATE INDEX org_unit_path ON org_unit (path text_pattern_ops)`);
    await q.query(`CREATE INDEX org_unit_kind_name ON org_unit (kind, name, id)`);

    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL,
        display_name varchar(120) NOT NULL,
        org_unit_id uuid NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
        roles text[] NOT NULL DEFAULT '{}',
        joined_on date,
        phone varchar(32),
        email varchar(200),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        failed_login_count integer NOT NULL DEFAULT 0,
        locked_until timestamptz(3),
        token_version integer NOT NULL DEFAULT 1,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (roles <@ ARRAY['agent','cs_manager','ops_manager','quality_evaluator','hr','team_leader',
                              'channel_engineer','channel_manager','field_staff','admin']::text[])
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_username ON app_user (lower(username))`);
    await q.query(`CREATE INDEX app_user_unit ON app_user (org_unit_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX app_user_created ON app_user (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX app_user_roles ON app_user USING gin (roles)`);

    await q.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz(3) NOT NULL,
        revoked_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_token_user ON refresh_token (user_id)`);

    await q.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        prefix varchar(16) NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        scopes text[] NOT NULL,
        org_unit_id uuid NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
        created_by_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        expires_at timestamptz(3),
        revoked_at timestamptz(3),
        last_used_at timestamptz(3),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (cardinality(scopes) > 0)
      )`);
    await q.query(`CREATE INDEX api_key_created ON api_key (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz(3) NOT NULL DEFAULT now(),
        actor_type varchar(10) NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system')),
        actor_id uuid,
        actor_name varchar(120) NOT NULL,
        action varchar(80) NOT NULL,
        entity_type varchar(60) NOT NULL,
        entity_id varchar(80),
        org_unit_id uuid,
        before jsonb,
        after jsonb,
        request_id varchar(80)
      )`);
    await q.query(`CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, id DESC)`);
    await q.query(`CREATE INDEX audit_log_actor ON audit_log (actor_id, id DESC)`);
    await q.query(`CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC)`);
    // Append-only: the database itself refuses to change or remove history.
    await q.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);

    await q.query(`
      CREATE TABLE idempotency_key (
        actor_key varchar(80) NOT NULL,
        key varchar(200) NOT NULL,
        method varchar(10) NOT NULL,
        path text NOT NULL,
        request_hash char(64) NOT NULL,
        state varchar(10) NOT NULL CHECK (state IN ('pending', 'done')),
        status_code smallint,
        response_body jsonb,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NOT NULL,
        PRIMARY KEY (actor_key, key)
      )`);
    await q.query(`CREATE INDEX idempotency_key_expires ON idempotency_key (expires_at)`);

    await q.query(`
      CREATE TABLE scheduler_run (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        job_name varchar(60) NOT NULL,
        trigger varchar(10) NOT NULL CHECK (trigger IN ('schedule', 'manual')),
        instance_id varchar(80) NOT NULL,
        started_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz(3),
        status varchar(10) NOT NULL CHECK (status IN ('running', 'ok', 'error', 'skipped')),
        rows_affected integer,
        result jsonb,
        error text
      )`);
    await q.query(`CREATE INDEX scheduler_run_job ON scheduler_run (job_name, id DESC)`);

    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        kind varchar(60) NOT NULL,
        title varchar(300) NOT NULL,
        body text,
        entity_type varchar(60),
        entity_id varchar(80),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        read_at timestamptz(3)
      )`);
    await q.query(`CREATE INDEX notification_user ON notification (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notification_unread ON notification (user_id) WHERE read_at IS NULL`);

    await q.query(`
      CREATE TABLE outbox_event (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        event_type varchar(80) NOT NULL,
        aggregate_type varchar(60) NOT NULL,
        aggregate_id varchar(80) NOT NULL,
        org_unit_id uuid,
        payload jsonb NOT NULL,
        occurred_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX outbox_event_aggregate ON outbox_event (aggregate_type, aggregate_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'outbox_event',
      'notification',
      'scheduler_run',
      'idempotency_key',
      'audit_log',
      'api_key',
      'refresh_token',
      'app_user',
      'org_unit',
      'app_secret',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS audit_log_is_append_only()`);
  }
}
