import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two tables every change writes to, outbox events and notifications, get time-ordered ids
 * (UUID version 7, RFC 9562: 48 bits of Unix milliseconds, then random bits) instead of random
 * ones, as complaints did (common/uuid-v7.ts). With random ids each insert lands on a random page
 * of the id index (`outbox_event_id_key`, `notification_pkey`): a page read once the index outgrows
 * memory and, after each checkpoint, a full-page image in the WAL per insert; time-ordered ids
 * append at the index's right edge. `uuid_v7()` builds one from `gen_random_uuid()` (its 74 random
 * bits and variant kept, the version nibble set from 4 to 7) and the clock; it is the database's
 * default only, callers that name an id keep it. Existing ids stay as they are.
 */
export class TimeOrderedEventIds1763900890000 implements MigrationInterface {
  name = 'TimeOrderedEventIds1763900890000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT encode(overlay(set_bit(set_bit(uuid_send(gen_random_uuid()), 52, 1), 53, 1)
                              placing substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                              FROM 1 FOR 6), 'hex')::uuid
      $$`);
    await q.query(`COMMENT ON FUNCTION uuid_v7() IS 'A time-ordered UUID (version 7): Unix milliseconds, then random bits'`);
    await q.query('ALTER TABLE outbox_event ALTER COLUMN id SET DEFAULT uuid_v7()');
    await q.query('ALTER TABLE notification ALTER COLUMN id SET DEFAULT uuid_v7()');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE notification ALTER COLUMN id SET DEFAULT gen_random_uuid()');
    await q.query('ALTER TABLE outbox_event ALTER COLUMN id SET DEFAULT gen_random_uuid()');
    await q.query('DROP FUNCTION uuid_v7()');
  }
}
