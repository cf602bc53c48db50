import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Teams, team-leader appointments, monthly grades, appraisal schemes and cycles, vacancies, service-staff rankings. */
export class Appraisal1763900400000 implements MigrationInterface {
  name = 'Appraisal1763900400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE team (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_unit_id uuid NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
        name varchar(120) NOT NULL,
        post_type varchar(10) NOT NULL CHECK (post_type IN ('inbound', 'outbound')),
        description varchar(500),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX team_name_per_unit ON team (org_unit_id, lower(name))`);
    await q.query(`CREATE INDEX team_created ON team (created_at, id)`);

    await q.query(`
      CREATE TABLE team_leader_appointment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE RESTRICT,
        team_id uuid NOT NULL REFERENCES team(id) ON DELETE RESTRICT,
        org_unit_id uuid NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
        post_type varchar(10) NOT NULL CHECK (post_type IN ('inbound', 'outbound')),
        starts_on date NOT NULL,
        first_term_ends_on date NOT NULL,
        ends_on date NOT NULL,
        term_extensions integer NOT NULL DEFAULT 0 CHECK (term_extensions >= 0),
        monthly_allowance numeric(14,2) NOT NULL CHECK (monthly_allowance >= 0),
        status varchar(12) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended', 'terminated')),
        ended_on date,
        end_reason varchar(30) CHECK (end_reason IN ('term_expired', 'second_d_grade', 'major_loss', 'adjustment', 'dismissal', 'reselection')),
        end_reason_detail varchar(30) CHECK (end_reason_detail IN ('business_need', 'reorganisation', 'unsuitable')),
        end_note varchar(1000),
        transfer varchar(10) CHECK (transfer IN ('lateral', 'lower')),
        transfer_note varchar(500),
        promotion_priority boolean NOT NULL DEFAULT false,
        expiry_reminded_for date,
        vacancy_id uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (first_term_ends_on > starts_on AND ends_on >= first_term_ends_on),
        CHECK ((status = 'active') = (ended_on IS NULL AND end_reason IS NULL)),
        CHECK (ended_on IS NULL OR ended_on >= starts_on),
        CHECK ((end_reason IN ('adjustment', 'dismissal')) = (end_reason_detail IS NOT NULL AND transfer IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX tla_one_active_per_team ON team_leader_appointment (team_id) WHERE status = 'active'`);
    await q.query(`CREATE UNIQUE INDEX tla_one_active_per_user ON team_leader_appointment (user_id) WHERE status = 'active'`);
    await q.query(`CREATE INDEX tla_created ON team_leader_appointment (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX tla_unit_status ON team_leader_appointment (org_unit_id, status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX tla_team ON team_leader_appointment (team_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX tla_user ON team_leader_appointment (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX tla_active_ends ON team_leader_appointment (ends_on) WHERE status = 'active'`);

    await q.query(`
      CREATE TABLE team_leader_monthly_grade (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        appointment_id uuid NOT NULL REFERENCES team_leader_appointment(id) ON DELETE CASCADE,
        month char(7) NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        grade char(1) NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D')),
        note varchar(500),
        recorded_by varchar(200) NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (appointment_id, month)
      )`);
    await q.query(`CREATE INDEX tlmg_d_grades ON team_leader_monthly_grade (appointment_id) WHERE grade = 'D'`);
    await q.query(`CREATE INDEX tlmg_month ON team_leader_monthly_grade (month)`);

    await q.query(`
      CREATE TABLE team_leader_major_loss (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        appointment_id uuid NOT NULL REFERENCES team_leader_appointment(id) ON DELETE CASCADE,
        occurred_on date NOT NULL,
        description varchar(2000) NOT NULL,
        loss_amount numeric(14,2) CHECK (loss_amount >= 0),
        recorded_by varchar(200) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tlml_appointment ON team_leader_major_loss (appointment_id)`);

    await q.query(`
      CREATE TABLE team_leader_vacancy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES team(id) ON DELETE RESTRICT,
        org_unit_id uuid NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
        post_type varchar(10) NOT NULL CHECK (post_type IN ('inbound', 'outbound')),
        reason varchar(20) NOT NULL CHECK (reason IN ('second_d_grade', 'major_loss', 'fair_result', 'adjustment', 'dismissal', 'term_expired')),
        source_appointment_id uuid REFERENCES team_leader_appointment(id) ON DELETE RESTRICT,
        incumbent_may_apply boolean NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'filled', 'cancelled')),
        filled_appointment_id uuid REFERENCES team_leader_appointment(id) ON DELETE RESTRICT,
        opened_at timestamptz(3) NOT NULL DEFAULT now(),
        closed_at timestamptz(3),
        version integer NOT NULL DEFAULT 1,
        CHECK ((status = 'filled') = (filled_appointment_id IS NOT NULL)),
        CHECK ((status = 'open') = (closed_at IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX tlv_one_open_per_team ON team_leader_vacancy (team_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX tlv_opened ON team_leader_vacancy (opened_at DESC, id DESC)`);
    await q.query(`CREATE INDEX tlv_unit_status ON team_leader_vacancy (org_unit_id, status, opened_at DESC, id DESC)`);
    await q.query(`ALTER TABLE team_leader_appointment ADD FOREIGN KEY (vacancy_id) REFERENCES team_leader_vacancy(id) ON DELETE RESTRICT`);

    await q.query(`
      CREATE TABLE team_leader_vacancy_candidate (
        vacancy_id uuid NOT NULL REFERENCES team_leader_vacancy(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE RESTRICT,
        is_incumbent boolean NOT NULL DEFAULT false,
        note varchar(500),
        added_by varchar(200) NOT NULL,
        added_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (vacancy_id, user_id)
      )`);

    await q.query(`
      CREATE TABLE appraisal_scheme (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_unit_id uuid NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
        name varchar(120) NOT NULL,
        dimensions jsonb NOT NULL CHECK (jsonb_typeof(dimensions) = 'array' AND jsonb_array_length(dimensions) > 0),
        veto_items jsonb NOT NULL CHECK (jsonb_typeof(veto_items) = 'array'),
        created_by varchar(200) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX appraisal_scheme_name_per_unit ON appraisal_scheme (org_unit_id, lower(name))`);
    await q.query(`CREATE INDEX appraisal_scheme_created ON appraisal_scheme (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE appraisal_cycle (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        scheme_id uuid NOT NULL REFERENCES appraisal_scheme(id) ON DELETE RESTRICT,
        org_unit_id uuid NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
        status varchar(10) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finalized')),
        opened_by varchar(200) NOT NULL,
        finalized_at timestamptz(3),
        finalized_by varchar(200),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((status = 'finalized') = (finalized_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX appraisal_cycle_created ON appraisal_cycle (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX appraisal_cycle_year ON appraisal_cycle (year, status)`);

    await q.query(`
      CREATE TABLE appraisal_cycle_member (
        cycle_id uuid NOT NULL REFERENCES appraisal_cycle(id) ON DELETE CASCADE,
        appointment_id uuid NOT NULL REFERENCES team_leader_appointment(id) ON DELETE RESTRICT,
        year integer NOT NULL,
        scores jsonb,
        vetoes text[] NOT NULL DEFAULT '{}',
        final_score numeric(6,2),
        below_minimum text[] NOT NULL DEFAULT '{}',
        rank integer CHECK (rank >= 1),
        grade varchar(10) CHECK (grade IN ('excellent', 'good', 'fair')),
        basis varchar(30),
        outcome varchar(40),
        scored_at timestamptz(3),
        scored_by varchar(200),
        PRIMARY KEY (cycle_id, appointment_id),
        UNIQUE (year, appointment_id),
        CHECK ((scores IS NULL) = (final_score IS NULL))
      )`);

    await q.query(`
      CREATE TABLE service_staff_ranking (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_unit_id uuid NOT NULL REFERENCES org_unit(id) ON DELETE RESTRICT,
        quarter char(7) NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
        title varchar(120) NOT NULL,
        tiers jsonb NOT NULL,
        created_by varchar(200) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (org_unit_id, quarter, title)
      )`);
    await q.query(`CREATE INDEX service_staff_ranking_created ON service_staff_ranking (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE service_staff_ranking_entry (
        ranking_id uuid NOT NULL REFERENCES service_staff_ranking(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE RESTRICT,
        score numeric(7,2) NOT NULL,
        rank integer NOT NULL CHECK (rank >= 1),
        tier varchar(60),
        PRIMARY KEY (ranking_id, user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE team_leader_appointment DROP COLUMN IF EXISTS vacancy_id');
    for (const table of [
      'service_staff_ranking_entry',
      'service_staff_ranking',
      'appraisal_cycle_member',
      'appraisal_cycle',
      'appraisal_scheme',
      'team_leader_vacancy_candidate',
      'team_leader_vacancy',
      'team_leader_major_loss',
      'team_leader_monthly_grade',
      'team_leader_appointment',
      'team',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
