import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customer archives: customers (HQ filing is a generated column so it follows the volume both
 * ways), normalised phones for the intake lookup, contacts, access requests (time-limited
 * grants), monthly volume snapshots, visit plans/visits/reports/follow-ups and shipment checks.
 */
export class Customers1763900200000 implements MigrationInterface {
  name = 'Customers1763900200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE customer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL CHECK (btrim(name) <> ''),
        kind varchar(20) NOT NULL CHECK (kind IN ('long_term', 'large_occasional', 'potential_large')),
        owning_unit_id uuid NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
        address text,
        phones text[] NOT NULL DEFAULT '{}',
        monthly_shipment_volume integer NOT NULL DEFAULT 0 CHECK (monthly_shipment_volume >= 0),
        shipment_frequency varchar(12) NOT NULL CHECK (shipment_frequency IN ('daily', 'weekly', 'monthly', 'occasional')),
        annual_business_volume numeric(14,2) NOT NULL DEFAULT 0 CHECK (annual_business_volume >= 0),
        hq_filed boolean GENERATED ALWAYS AS (annual_business_volume >= 1000000) STORED,
        grade char(1) CHECK (grade IN ('A', 'B', 'C', 'D')),
        grade_reason text,
        grade_set_by_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        grade_set_by_name varchar(200),
        grade_set_at timestamptz(3),
        confidentiality varchar(12) NOT NULL DEFAULT 'secret' CHECK (confidentiality IN ('secret', 'confidential', 'top_secret')),
        suggestions text,
        project_delivered_on date,
        last_visit_on date,
        verified_at timestamptz(3) NOT NULL DEFAULT now(),
        visit_due_notified_for date,
        reverify_notified_for date,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (grade IS NULL OR (grade_reason IS NOT NULL AND grade_set_at IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX customer_unit_name ON customer (owning_unit_id, lower(name))`);
    await q.query(`CREATE INDEX customer_unit_created ON customer (owning_unit_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX customer_unit_name_sort ON customer (owning_unit_id, name, id)`);
    // The list is built per unit in scope (LATERAL), newest first or by name; HQ's view reads the filed ones.
    await q.query(`CREATE INDEX customer_unit_filed ON customer (owning_unit_id, created_at DESC, id DESC) WHERE hq_filed`);
    await q.query(`CREATE INDEX customer_last_visit ON customer (last_visit_on)`);
    await q.query(`CREATE INDEX customer_verified ON customer (verified_at)`);

    await q.query(`
      CREATE TABLE customer_contact (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        name varchar(120) NOT NULL CHECK (btrim(name) <> ''),
        title varchar(120),
        phone varchar(40),
        personal_phone varchar(40),
        email varchar(200),
        birthday date,
        hobbies text,
        is_principal boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX customer_contact_customer ON customer_contact (customer_id, created_at)`);

    // One row per normalised phone of a customer or of one of its contacts: the lookup is one index probe.
    await q.query(`
      CREATE TABLE customer_phone (
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        contact_id uuid REFERENCES customer_contact(id) ON DELETE CASCADE,
        phone varchar(20) NOT NULL
      )`);
    await q.query(`CREATE INDEX customer_phone_lookup ON customer_phone (phone)`);
    await q.query(`CREATE INDEX customer_phone_customer ON customer_phone (customer_id)`);
    await q.query(`CREATE INDEX customer_phone_contact ON customer_phone (contact_id) WHERE contact_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE customer_volume (
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        period char(7) NOT NULL CHECK (period ~ '^\\d{4}-\\d{2}$'),
        annual_business_volume numeric(14,2) NOT NULL CHECK (annual_business_volume >= 0),
        monthly_shipment_volume integer NOT NULL CHECK (monthly_shipment_volume >= 0),
        recorded_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (customer_id, period)
      )`);

    await q.query(`
      CREATE TABLE customer_access_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        requester_id uuid NOT NULL REFERENCES app_user(id),
        reason text NOT NULL CHECK (btrim(reason) <> ''),
        duration_hours integer NOT NULL CHECK (duration_hours BETWEEN 1 AND 720),
        status varchar(10) NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        decided_by_id uuid REFERENCES app_user(id),
        decided_at timestamptz(3),
        decision_note text,
        expires_at timestamptz(3),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (status <> 'approved' OR expires_at IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX access_request_grant ON customer_access_request (customer_id, requester_id, expires_at) WHERE status = 'approved'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX access_request_one_pending ON customer_access_request (customer_id, requester_id) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX access_request_status ON customer_access_request (status, created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE visit_plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title varchar(200) NOT NULL CHECK (btrim(title) <> ''),
        drafting_unit_id uuid NOT NULL REFERENCES org_unit(id),
        status varchar(10) NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected')),
        created_by_id uuid REFERENCES app_user(id),
        submitted_at timestamptz(3),
        decided_by_id uuid REFERENCES app_user(id),
        decided_at timestamptz(3),
        decision_note text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX visit_plan_unit ON visit_plan (drafting_unit_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX visit_plan_status ON visit_plan (status, created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE visit_plan_visit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES visit_plan(id) ON DELETE CASCADE,
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
        planned_on date NOT NULL,
        status varchar(10) NOT NULL CHECK (status IN ('planned', 'scheduled', 'done', 'cancelled')),
        UNIQUE (plan_id, customer_id, planned_on)
      )`);
    await q.query(`CREATE INDEX visit_plan_visit_customer ON visit_plan_visit (customer_id, planned_on)`);
    await q.query(`CREATE INDEX visit_plan_visit_plan ON visit_plan_visit (plan_id, planned_on)`);

    await q.query(`
      CREATE TABLE visit_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE RESTRICT,
        plan_visit_id uuid UNIQUE REFERENCES visit_plan_visit(id) ON DELETE RESTRICT,
        visited_on date NOT NULL,
        visitor_id uuid REFERENCES app_user(id),
        visitor_name varchar(200) NOT NULL,
        attendees text,
        findings text NOT NULL CHECK (btrim(findings) <> ''),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX visit_report_customer ON visit_report (customer_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX visit_report_created ON visit_report (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE visit_follow_up (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES visit_report(id) ON DELETE CASCADE,
        department varchar(120) NOT NULL CHECK (btrim(department) <> ''),
        description text NOT NULL CHECK (btrim(description) <> ''),
        due_on date,
        status varchar(6) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
        done_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX visit_follow_up_report ON visit_follow_up (report_id)`);
    await q.query(`CREATE INDEX visit_follow_up_open ON visit_follow_up (status, due_on) WHERE status = 'open'`);

    await q.query(`
      CREATE TABLE shipment_check (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid REFERENCES customer(id) ON DELETE RESTRICT,
        route varchar(200),
        unit_id uuid NOT NULL REFERENCES org_unit(id),
        checked_on date NOT NULL,
        tracking_numbers text[] NOT NULL DEFAULT '{}',
        result varchar(8) NOT NULL CHECK (result IN ('ok', 'issues')),
        findings text NOT NULL CHECK (btrim(findings) <> ''),
        inspector_id uuid REFERENCES app_user(id),
        inspector_name varchar(200) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (customer_id IS NOT NULL OR route IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX shipment_check_customer ON shipment_check (customer_id, created_at DESC, id DESC) WHERE customer_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX shipment_check_unit ON shipment_check (unit_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'shipment_check',
      'visit_follow_up',
      'visit_report',
      'visit_plan_visit',
      'visit_plan',
      'customer_access_request',
      'customer_volume',
      'customer_phone',
      'customer_contact',
      'customer',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
