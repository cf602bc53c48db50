import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Field-staff rotation: regions, field staff, assignments, scores, rounds, plans, handovers, reporting duties. */
export class Rotation1763900500000 implements MigrationInterface {
  name = 'Rotation1763900500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE region (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_unit_id uuid NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
        name varchar(120) NOT NULL,
        sales_units integer NOT NULL CHECK (sales_units >= 0),
        high_failure_models boolean NOT NULL DEFAULT false,
        one_stop_service boolean NOT NULL DEFAULT false,
        required_categories text[] NOT NULL DEFAULT '{customer_manager}',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (cardinality(required_categories) >= 1
               AND required_categories <@ ARRAY['customer_manager','spare_parts','technician']::text[])
      )`);
    await q.query(`CREATE UNIQUE INDEX region_name_per_unit ON region (org_unit_id, lower(name))`);
    await q.query(`CREATE INDEX region_unit_name ON region (org_unit_id, name, id)`);
    await q.query(`CREATE INDEX region_name ON region (name, id)`);

    // Adjacency is symmetric: one row per pair, smaller id first.
    await q.query(`
      CREATE TABLE region_adjacency (
        region_a_id uuid NOT NULL REFERENCES region(id) ON DELETE CASCADE,
        region_b_id uuid NOT NULL REFERENCES region(id) ON DELETE CASCADE,
        PRIMARY KEY (region_a_id, region_b_id),
        CHECK (region_a_id < region_b_id)
      )`);
    await q.query(`CREATE INDEX region_adjacency_b ON region_adjacency (region_b_id)`);

    await q.query(`
      CREATE TABLE field_staff (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL UNIQUE REFERENCES app_user(id) ON DELETE RESTRICT,
        org_unit_id uuid NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
        category varchar(20) NOT NULL CHECK (category IN ('customer_manager', 'spare_parts', 'technician')),
        channel_engineer_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX field_staff_unit ON field_staff (org_unit_id, created_at, id)`);
    await q.query(`CREATE INDEX field_staff_created ON field_staff (created_at, id)`);
    await q.query(`CREATE INDEX field_staff_category ON field_staff (category, created_at, id)`);

    await q.query(`
      CREATE TABLE rotation_round (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_unit_id uuid NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
        name varchar(120) NOT NULL,
        effective_on date NOT NULL,
        status varchar(12) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'planned', 'approved', 'applied')),
        unstaffed_regions jsonb NOT NULL DEFAULT '[]',
        violations jsonb NOT NULL DEFAULT '[]',
        objective jsonb,
        planned_at timestamptz(3),
        approved_at timestamptz(3),
        approved_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        applied_at timestamptz(3),
        version integer NOT NULL DEFAULT 1,
        created_by uuid,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((status IN ('approved', 'applied')) = (approved_at IS NOT NULL)),
        CHECK ((status = 'applied') = (applied_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX rotation_round_unit ON rotation_round (org_unit_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX rotation_round_created ON rotation_round (created_at DESC, id DESC)`);
    // The apply job's predicate: approved rounds whose effective date has come.
    await q.query(`CREATE INDEX rotation_round_due ON rotation_round (effective_on) WHERE status = 'approved'`);

    await q.query(`
      CREATE TABLE field_staff_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES field_staff(id) ON DELETE CASCADE,
        since date NOT NULL,
        until date,
        round_id uuid REFERENCES rotation_round(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (until IS NULL OR until >= since)
      )`);
    await q.query(`CREATE UNIQUE INDEX field_staff_assignment_open ON field_staff_assignment (staff_id) WHERE until IS NULL`);
    await q.query(`CREATE INDEX field_staff_assignment_staff ON field_staff_assignment (staff_id, since DESC)`);
    await q.query(`
      CREATE TABLE field_staff_assignment_region (
        assignment_id uuid NOT NULL REFERENCES field_staff_assignment(id) ON DELETE CASCADE,
        region_id uuid NOT NULL REFERENCES region(id) ON DELETE RESTRICT,
        PRIMARY KEY (assignment_id, region_id)
      )`);
    await q.query(`CREATE INDEX field_staff_assignment_region_region ON field_staff_assignment_region (region_id)`);

    await q.query(`
      CREATE TABLE field_staff_monthly_score (
        staff_id uuid NOT NULL REFERENCES field_staff(id) ON DELETE CASCADE,
        month char(7) NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        score numeric(5,2) NOT NULL CHECK (score >= 0 AND score <= 100),
        note varchar(500),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (staff_id, month)
      )`);

    await q.query(`
      CREATE TABLE field_staff_major_error (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES field_staff(id) ON DELETE CASCADE,
        occurred_on date NOT NULL,
        description varchar(1000) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX field_staff_major_error_staff ON field_staff_major_error (staff_id, occurred_on DESC, id DESC)`);

    await q.query(`
      CREATE TABLE rotation_plan_line (
        round_id uuid NOT NULL REFERENCES rotation_round(id) ON DELETE CASCADE,
        staff_id uuid NOT NULL REFERENCES field_staff(id) ON DELETE CASCADE,
        category varchar(20) NOT NULL,
        status varchar(12) NOT NULL CHECK (status IN ('must_move', 'must_stay', 'may_move')),
        kind varchar(10) NOT NULL CHECK (kind IN ('stay', 'move', 'reserve')),
        from_region_ids uuid[] NOT NULL DEFAULT '{}',
        to_region_ids uuid[] NOT NULL DEFAULT '{}',
        reason text NOT NULL,
        rules_applied text[] NOT NULL DEFAULT '{}',
        edited boolean NOT NULL DEFAULT false,
        PRIMARY KEY (round_id, staff_id)
      )`);

    await q.query(`
      CREATE TABLE handover_task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id uuid NOT NULL REFERENCES rotation_round(id) ON DELETE CASCADE,
        staff_id uuid NOT NULL REFERENCES field_staff(id) ON DELETE CASCADE,
        region_id uuid NOT NULL REFERENCES region(id) ON DELETE RESTRICT,
        direction varchar(10) NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
        counterpart_staff_id uuid REFERENCES field_staff(id) ON DELETE SET NULL,
        due_on date NOT NULL,
        checklist jsonb NOT NULL,
        done_at timestamptz(3),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (round_id, staff_id, region_id, direction)
      )`);
    await q.query(`CREATE INDEX handover_task_round ON handover_task (round_id, created_at, id)`);
    await q.query(`CREATE INDEX handover_task_staff ON handover_task (staff_id, created_at, id)`);

    await q.query(`
      CREATE TABLE weekly_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES field_staff(id) ON DELETE CASCADE,
        week_start date NOT NULL CHECK (extract(isodow FROM week_start) = 1),
        due_at timestamptz(3) NOT NULL,
        submitted_at timestamptz(3) NOT NULL DEFAULT now(),
        summary text NOT NULL,
        faulty_unit_stock integer CHECK (faulty_unit_stock >= 0),
        UNIQUE (staff_id, week_start)
      )`);
    await q.query(`CREATE INDEX weekly_report_week ON weekly_report (week_start DESC, id DESC)`);

    await q.query(`
      CREATE TABLE expense_claim (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES field_staff(id) ON DELETE CASCADE,
        month char(7) NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        amount numeric(14,2) NOT NULL CHECK (amount >= 0),
        description varchar(1000),
        due_at timestamptz(3) NOT NULL,
        submitted_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (staff_id, month)
      )`);
    await q.query(`CREATE INDEX expense_claim_month ON expense_claim (month DESC, id DESC)`);

    // What the reporting-duties job has flagged (late / missing), once each: the unique key makes
    // the job idempotent and safe with several instances; flags count in the monthly score.
    await q.query(`
      CREATE TABLE reporting_flag (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        staff_id uuid NOT NULL REFERENCES field_staff(id) ON DELETE CASCADE,
        duty varchar(16) NOT NULL CHECK (duty IN ('weekly_report', 'expense_claim')),
        period varchar(10) NOT NULL,
        flag varchar(8) NOT NULL CHECK (flag IN ('late', 'missing')),
        flagged_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (staff_id, duty, period, flag)
      )`);
    await q.query(`CREATE INDEX reporting_flag_flagged ON reporting_flag (flagged_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'reporting_flag',
      'expense_claim',
      'weekly_report',
      'handover_task',
      'rotation_plan_line',
      'field_staff_major_error',
      'field_staff_monthly_score',
      'field_staff_assignment_region',
      'field_staff_assignment',
      'rotation_round',
      'field_staff',
      'region_adjacency',
      'region',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
