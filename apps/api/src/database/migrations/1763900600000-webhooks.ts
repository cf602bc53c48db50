import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook subscriptions and deliveries. Domain events are appended to `outbox_event` by the
 * modules; the `webhook-delivery` job fans each undispatched event out into one delivery per
 * matching subscription, then sends due deliveries (signed, retried with backoff, dead at the limit).
 */
export class Webhooks1763900600000 implements MigrationInterface {
  name = 'Webhooks1763900600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_event ADD COLUMN dispatched_at timestamptz(3)`);
    await q.query(`CREATE INDEX outbox_event_undispatched ON outbox_event (seq) WHERE dispatched_at IS NULL`);
    await q.query(`
      CREATE TABLE webhook_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        url varchar(2000) NOT NULL CHECK (url ~ '^https?://'),
        events text[] NOT NULL CHECK (cardinality(events) > 0),
        -- Needed in clear to sign each body; never returned by the API after creation.
        secret varchar(100) NOT NULL,
        active boolean NOT NULL DEFAULT true,
        org_unit_id uuid NOT NULL REFERENCES org_unit(id),
        created_by_id uuid REFERENCES app_user(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_subscription_created ON webhook_subscription (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX webhook_subscription_active ON webhook_subscription USING gin (events) WHERE active`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL REFERENCES webhook_subscription(id) ON DELETE CASCADE,
        event_seq bigint NOT NULL REFERENCES outbox_event(seq),
        event_id uuid NOT NULL,
        event_type varchar(80) NOT NULL,
        ordering_key varchar(150) NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
        last_attempt_at timestamptz(3),
        last_status_code integer,
        last_error text,
        delivered_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (subscription_id, event_id)
      )`);
    await q.query(`CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending'`);
    await q.query(
      `CREATE INDEX webhook_delivery_order ON webhook_delivery (subscription_id, ordering_key, event_seq) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX webhook_delivery_list ON webhook_delivery (subscription_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS webhook_delivery`);
    await q.query(`DROP TABLE IF EXISTS webhook_subscription`);
    await q.query(`DROP INDEX IF EXISTS outbox_event_undispatched`);
    await q.query(`ALTER TABLE outbox_event DROP COLUMN IF EXISTS dispatched_at`);
  }
}
