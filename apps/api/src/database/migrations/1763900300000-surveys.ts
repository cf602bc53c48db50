import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Satisfaction surveys: versioned questionnaire templates, campaigns over a population,
 * one invitation per target (phone work list or online token link), one response per
 * invitation, and the post-complaint survey policy. Metrics are computed in SQL from
 * invitations LEFT JOIN responses, so the indexes follow the metric filters (scope path,
 * month, campaign).
 */
export class Surveys1763900300000 implements MigrationInterface {
  name = 'Surveys1763900300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE survey_template (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL,
        version_no integer NOT NULL CHECK (version_no >= 1),
        is_current boolean NOT NULL DEFAULT true,
        name varchar(120) NOT NULL,
        description text,
        questions jsonb NOT NULL CHECK (jsonb_typeof(questions) = 'array'),
        org_unit_id uuid NOT NULL REFERENCES org_unit(id),
        org_unit_path text NOT NULL,
        created_by_id uuid REFERENCES app_user(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (family_id, version_no)
      )`);
    await q.query(`CREATE UNIQUE INDEX survey_template_one_current ON survey_template (family_id) WHERE is_current`);
    await q.query(`CREATE INDEX survey_template_scope ON survey_template (org_unit_path text_pattern_ops, created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE survey_campaign (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        kind varchar(16) NOT NULL DEFAULT 'standard' CHECK (kind IN ('standard', 'post_complaint')),
        template_id uuid NOT NULL REFERENCES survey_template(id),
        channel varchar(10) NOT NULL CHECK (channel IN ('phone', 'online', 'sms', 'email', 'onsite')),
        population jsonb NOT NULL DEFAULT '{}',
        starts_at timestamptz(3) NOT NULL,
        ends_at timestamptz(3) NOT NULL,
        target_coverage numeric(5,2) NOT NULL DEFAULT 95 CHECK (target_coverage BETWEEN 0 AND 100),
        target_satisfaction numeric(5,2) NOT NULL DEFAULT 95 CHECK (target_satisfaction BETWEEN 0 AND 100),
        status varchar(10) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'launched')),
        launched_at timestamptz(3),
        invitation_count integer NOT NULL DEFAULT 0,
        org_unit_id uuid NOT NULL REFERENCES org_unit(id),
        org_unit_path text NOT NULL,
        created_by_id uuid REFERENCES app_user(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK ((status = 'launched') = (launched_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX survey_campaign_scope ON survey_campaign (org_unit_path text_pattern_ops, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX survey_campaign_template ON survey_campaign (template_id)`);
    // The expiry job's predicate.
    await q.query(`CREATE INDEX survey_campaign_ends ON survey_campaign (ends_at) WHERE status = 'launched'`);
    // One standing post-complaint campaign per unit and month (found or created when a complaint closes).
    await q.query(
      `CREATE UNIQUE INDEX survey_campaign_post_complaint ON survey_campaign (org_unit_id, starts_at) WHERE kind = 'post_complaint'`,
    );

    await q.query(`
      CREATE TABLE survey_invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES survey_campaign(id) ON DELETE CASCADE,
        channel varchar(10) NOT NULL CHECK (channel IN ('phone', 'online', 'sms', 'email', 'onsite')),
        status varchar(12) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'answered', 'declined', 'unreachable', 'expired')),
        customer_id uuid,
        complaint_id uuid REFERENCES complaint(id) ON DELETE SET NULL,
        contact_name varchar(120),
        contact_phone varchar(32),
        unit_id uuid NOT NULL REFERENCES org_unit(id),
        unit_path text NOT NULL,
        month char(7) NOT NULL,
        status_note varchar(500),
        attempts smallint NOT NULL DEFAULT 0,
        response_id uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((status = 'answered') = (response_id IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX survey_invitation_customer_once ON survey_invitation (campaign_id, customer_id) WHERE customer_id IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX survey_invitation_complaint_once ON survey_invitation (campaign_id, complaint_id) WHERE complaint_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX survey_invitation_campaign ON survey_invitation (campaign_id, created_at, id)`);
    await q.query(`CREATE INDEX survey_invitation_scope ON survey_invitation (unit_path text_pattern_ops, month)`);
    await q.query(
      `CREATE INDEX survey_invitation_work_list ON survey_invitation (status, channel, created_at, id) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX survey_invitation_complaint ON survey_invitation (complaint_id) WHERE complaint_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE survey_response (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invitation_id uuid NOT NULL UNIQUE REFERENCES survey_invitation(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES survey_campaign(id) ON DELETE CASCADE,
        template_id uuid NOT NULL REFERENCES survey_template(id),
        answers jsonb NOT NULL,
        overall_score smallint NOT NULL CHECK (overall_score BETWEEN 1 AND 5),
        nps_score smallint CHECK (nps_score BETWEEN 0 AND 10),
        source varchar(8) NOT NULL CHECK (source IN ('agent', 'public')),
        entered_by_id uuid REFERENCES app_user(id),
        answered_at timestamptz(3) NOT NULL DEFAULT now(),
        follow_up_complaint_id uuid REFERENCES complaint(id) ON DELETE SET NULL,
        follow_up_claimed_until timestamptz(3),
        CHECK (source = 'agent' OR entered_by_id IS NULL)
      )`);
    await q.query(`CREATE INDEX survey_response_campaign ON survey_response (campaign_id)`);
    await q.query(`CREATE INDEX survey_response_template ON survey_response (template_id)`);
    await q.query(
      `ALTER TABLE survey_invitation ADD CONSTRAINT survey_invitation_response_fk FOREIGN KEY (response_id) REFERENCES survey_response(id) DEFERRABLE INITIALLY DEFERRED`,
    );

    await q.query(`
      CREATE TABLE survey_policy (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        post_complaint_enabled boolean NOT NULL DEFAULT true,
        post_complaint_channels text[] NOT NULL DEFAULT '{phone}',
        post_complaint_kinds text[] NOT NULL DEFAULT '{complaint}',
        survey_channel varchar(10) NOT NULL DEFAULT 'phone' CHECK (survey_channel IN ('phone', 'online', 'sms', 'email', 'onsite')),
        template_id uuid REFERENCES survey_template(id),
        response_window_days smallint NOT NULL DEFAULT 14 CHECK (response_window_days BETWEEN 1 AND 90),
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO survey_policy (id) VALUES (1)`);

    // How far each survey listener has read the domain-event outbox (e.g. complaint.closed).
    await q.query(`
      CREATE TABLE survey_event_cursor (
        name varchar(60) PRIMARY KEY,
        last_seq bigint NOT NULL DEFAULT 0,
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO survey_event_cursor (name) VALUES ('post-complaint')`);
    // Low-score follow-ups still to open (the catch-up job's predicate).
    await q.query(
      `CREATE INDEX survey_response_follow_up_due ON survey_response (answered_at) WHERE overall_score <= 2 AND follow_up_complaint_id IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE survey_event_cursor`);
    await q.query(`DROP TABLE survey_policy`);
    await q.query(`ALTER TABLE survey_invitation DROP CONSTRAINT survey_invitation_response_fk`);
    await q.query(`DROP TABLE survey_response`);
    await q.query(`DROP TABLE survey_invitation`);
    await q.query(`DROP TABLE survey_campaign`);
    await q.query(`DROP TABLE survey_template`);
  }
}
