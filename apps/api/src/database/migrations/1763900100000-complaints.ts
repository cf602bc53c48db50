import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaints and inquiries: business calendars, SLA policies, complaints with precomputed tier
 * deadlines (so the sweep is set-based SQL for both calendar and business clocks), their
 * timeline, return visits and responsibility splits.
 */
export class Complaints1763900100000 implements MigrationInterface {
  name = 'Complaints1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE business_calendar (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL UNIQUE,
        description text,
        time_zone varchar(64) NOT NULL,
        week_hours jsonb NOT NULL,
        holidays date[] NOT NULL DEFAULT '{}',
        adjusted_workdays date[] NOT NULL DEFAULT '{}',
        adjusted_workday_hours jsonb,
        version integer NOT NULL DEFAULT 1,
        code varchar(60) UNIQUE,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE sla_policy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL UNIQUE,
        description text,
        clock varchar(10) NOT NULL CHECK (clock IN ('calendar', 'business')),
        calendar_id uuid REFERENCES business_calendar(id) ON DELETE RESTRICT,
        tiers jsonb NOT NULL,
        warn_before_minutes integer NOT NULL CHECK (warn_before_minutes >= 0),
        match_kinds text[],
        match_severities text[],
        match_channels text[],
        priority integer NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        code varchar(60) UNIQUE,
        source varchar(200),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (clock = 'calendar' OR calendar_id IS NOT NULL)
      )`);

    await q.query(`
      CREATE TABLE complaint_number_counter (
        month_key char(4) PRIMARY KEY,
        last_serial integer NOT NULL
      )`);

    await q.query(`
      CREATE TABLE complaint (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number varchar(12) NOT NULL UNIQUE,
        kind varchar(12) NOT NULL CHECK (kind IN ('inquiry', 'complaint', 'suggestion', 'internal')),
        channel varchar(16) NOT NULL CHECK (channel IN ('phone','web','app','email','letter','fax','visit','suggestion_box','external')),
        severity varchar(10) NOT NULL CHECK (severity IN ('general', 'batch', 'serious')),
        status varchar(14) NOT NULL CHECK (status IN ('received','in_progress','answered','return_visit','closed','invalid')),
        subject varchar(200) NOT NULL,
        description text NOT NULL,
        category varchar(60),
        customer_id uuid,
        caller_name varchar(120),
        caller_phone varchar(32),
        customer_key varchar(80),
        related_orders text[] NOT NULL DEFAULT '{}',
        attachments jsonb NOT NULL DEFAULT '[]',
        multi_platform boolean NOT NULL DEFAULT false,
        hq_reported boolean NOT NULL DEFAULT false,
        respondent_unit_id uuid REFERENCES org_unit(id),
        received_at timestamptz(3) NOT NULL,
        received_month char(7) NOT NULL,
        receiving_unit_id uuid NOT NULL REFERENCES org_unit(id),
        receiving_unit_path text NOT NULL,
        platform_unit_id uuid NOT NULL REFERENCES org_unit(id),
        hq_unit_id uuid NOT NULL REFERENCES org_unit(id),
        assigned_unit_id uuid NOT NULL REFERENCES org_unit(id),
        owner_id uuid NOT NULL REFERENCES app_user(id),
        handler_id uuid REFERENCES app_user(id),
        policy_id uuid REFERENCES sla_policy(id),
        policy_snapshot jsonb NOT NULL,
        tier smallint NOT NULL CHECK (tier >= 1),
        tier_count smallint NOT NULL CHECK (tier_count >= 1),
        tier_levels text[] NOT NULL,
        clock_start timestamptz(3) NOT NULL,
        tier_deadlines timestamptz(3)[] NOT NULL,
        warn_times timestamptz(3)[] NOT NULL,
        due_at timestamptz(3),
        warn_at timestamptz(3),
        sla_next_at timestamptz(3),
        breached boolean NOT NULL DEFAULT false,
        breached_at timestamptz(3),
        escalation_count smallint NOT NULL DEFAULT 0,
        answered_at timestamptz(3),
        answered_tier smallint,
        answer text,
        answered_by_id uuid REFERENCES app_user(id),
        return_visit_sampled boolean,
        return_visit_method varchar(10),
        closed_at timestamptz(3),
        invalid_reason text,
        reopen_count smallint NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1,
        return_visit_assignee_id uuid REFERENCES app_user(id),
        return_visit_assigned_at timestamptz(3),
        extension_count smallint NOT NULL DEFAULT 0,
        created_by_type varchar(10) NOT NULL DEFAULT 'user' CHECK (created_by_type IN ('user', 'api_key')),
        created_by_id uuid,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (tier <= tier_count),
        CHECK (customer_id IS NOT NULL OR caller_name IS NOT NULL OR caller_phone IS NOT NULL),
        CHECK (sla_next_at IS NULL OR status IN ('received', 'in_progress'))
      )`);
    // The sweep reads only what is due: cost grows with due rows, not open rows.
    await q.query(`CREATE INDEX complaint_sla_next ON complaint (sla_next_at) WHERE sla_next_at IS NOT NULL`);
    await q.query(`CREATE INDEX complaint_scope_received ON complaint (receiving_unit_path text_pattern_ops, received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX complaint_received ON complaint (received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX complaint_assigned_queue ON complaint (assigned_unit_id, status, received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX complaint_owner ON complaint (owner_id, received_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX complaint_breached ON complaint (received_at DESC, id DESC) WHERE breached AND status IN ('received', 'in_progress')`,
    );
    await q.query(`CREATE INDEX complaint_hq_reported ON complaint (received_at DESC, id DESC) WHERE hq_reported`);
    await q.query(`CREATE INDEX complaint_customer ON complaint (customer_id, received_at DESC) WHERE customer_id IS NOT NULL`);
    await q.query(`CREATE INDEX complaint_repeat ON complaint (customer_key, received_month, category) WHERE customer_key IS NOT NULL`);
    await q.query(`CREATE INDEX complaint_caller_phone ON complaint (caller_phone, received_at DESC) WHERE caller_phone IS NOT NULL`);
    await q.query(`CREATE INDEX complaint_month ON complaint (received_month, receiving_unit_id)`);
    await q.query(`CREATE INDEX complaint_status ON complaint (status, received_at DESC, id DESC)`);
    // Escalated complaints are few and older than most: without this a tier filter walks the newest rows.
    await q.query(`CREATE INDEX complaint_tier ON complaint (tier, received_at DESC, id DESC) WHERE tier > 1`);
    await q.query(`CREATE INDEX complaint_handler ON complaint (handler_id, received_at DESC, id DESC) WHERE handler_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX complaint_return_visit_assignee ON complaint (return_visit_assignee_id) WHERE return_visit_assignee_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX complaint_answered_unsampled ON complaint (answered_at) WHERE return_visit_sampled IS NULL AND answered_at IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE complaint_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        complaint_id uuid NOT NULL REFERENCES complaint(id) ON DELETE CASCADE,
        type varchar(30) NOT NULL,
        at timestamptz(3) NOT NULL,
        actor_type varchar(10) NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system')),
        actor_id uuid,
        actor_name varchar(120) NOT NULL,
        from_tier smallint,
        to_tier smallint,
        deadline_at timestamptz(3),
        rule varchar(60),
        note text,
        data jsonb,
        recorded_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX complaint_event_timeline ON complaint_event (complaint_id, at, id)`);
    // Exactly once per deadline, whatever races: a second sweep cannot add the same step.
    await q.query(`
      CREATE UNIQUE INDEX complaint_event_once_per_deadline ON complaint_event (complaint_id, type, deadline_at)
      WHERE type IN ('escalated', 'breached', 'warned')`);

    await q.query(`
      CREATE TABLE complaint_return_visit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        complaint_id uuid NOT NULL REFERENCES complaint(id) ON DELETE CASCADE,
        method varchar(10) NOT NULL CHECK (method IN ('phone', 'onsite', 'sms', 'online')),
        outcome varchar(12) NOT NULL CHECK (outcome IN ('satisfied', 'unsatisfied')),
        notes text,
        signed_by varchar(120),
        visited_at timestamptz(3) NOT NULL,
        visited_by_id uuid REFERENCES app_user(id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (method <> 'onsite' OR signed_by IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX complaint_return_visit_complaint ON complaint_return_visit (complaint_id, visited_at)`);

    await q.query(`
      CREATE TABLE complaint_responsibility (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        complaint_id uuid NOT NULL REFERENCES complaint(id) ON DELETE CASCADE,
        revision integer NOT NULL,
        status varchar(10) NOT NULL CHECK (status IN ('pending', 'approved')),
        compensation numeric(14,2) NOT NULL DEFAULT 0 CHECK (compensation >= 0),
        cross_platform boolean NOT NULL,
        approver_unit_id uuid NOT NULL REFERENCES org_unit(id),
        recorded_by_id uuid REFERENCES app_user(id),
        approved_by_id uuid REFERENCES app_user(id),
        approved_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (complaint_id, revision)
      )`);
    await q.query(`
      CREATE TABLE complaint_responsibility_share (
        responsibility_id uuid NOT NULL REFERENCES complaint_responsibility(id) ON DELETE CASCADE,
        org_unit_id uuid NOT NULL REFERENCES org_unit(id),
        percent numeric(5,2) NOT NULL CHECK (percent > 0 AND percent <= 100),
        amount numeric(14,2) NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (responsibility_id, org_unit_id)
      )`);
    await q.query(`CREATE INDEX complaint_responsibility_share_unit ON complaint_responsibility_share (org_unit_id)`);
    // Approved splits are history: the database refuses to change them.
    await q.query(`
      CREATE FUNCTION responsibility_approved_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'approved' THEN
          RAISE EXCEPTION 'an approved responsibility split cannot be changed; record a new revision' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`
      CREATE TRIGGER complaint_responsibility_immutable BEFORE UPDATE OR DELETE ON complaint_responsibility
      FOR EACH ROW EXECUTE FUNCTION responsibility_approved_is_immutable()`);

    // Return-visit sampling rule [004 第10篇], one editable row.
    await q.query(`
      CREATE TABLE return_visit_sampling_rule (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        sample_percent numeric(5,2) NOT NULL DEFAULT 10 CHECK (sample_percent >= 10 AND sample_percent <= 100),
        onsite_percent numeric(5,2) NOT NULL DEFAULT 30 CHECK (onsite_percent >= 30 AND onsite_percent <= 100),
        serious_always boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO return_visit_sampling_rule (id) VALUES (1)`);

    await q.query(`
      CREATE TABLE complaint_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(10) NOT NULL CHECK (kind IN ('monthly', 'quarterly')),
        period varchar(7) NOT NULL,
        generated_at timestamptz(3) NOT NULL DEFAULT now(),
        content jsonb NOT NULL,
        UNIQUE (kind, period)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'complaint_report',
      'return_visit_sampling_rule',
      'complaint_responsibility_share',
      'complaint_responsibility',
      'complaint_return_visit',
      'complaint_event',
      'complaint',
      'complaint_number_counter',
      'sla_policy',
      'business_calendar',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query('DROP FUNCTION IF EXISTS responsibility_approved_is_immutable()');
  }
}
