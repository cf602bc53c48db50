import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Change notices for the signed-in users' cache (ActorCache): on commit, a change to what makes up a
 * request's actor is announced on the `actor_changed` channel — a user's id when that user's
 * sign-in state changes (roles, unit, active, token version, names) or the user is deleted, `*` when
 * any org unit changes (names and paths are part of the actor) or either table is truncated.
 * Triggers, not application code, so every writer is covered: each API instance, the scripts, and
 * an operator's SQL. Columns that change on every sign-in (failed attempts, lock) send nothing.
 */
export class ActorChangeNotices1763900840000 implements MigrationInterface {
  name = 'ActorChangeNotices1763900840000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_actor_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_LEVEL = 'ROW' THEN
          PERFORM pg_notify('actor_changed', OLD.id::text);
        ELSE
          PERFORM pg_notify('actor_changed', '*');
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER app_user_actor_changed
      AFTER UPDATE OF username, display_name, roles, active, token_version, org_unit_id OR DELETE ON app_user
      FOR EACH ROW EXECUTE FUNCTION notify_actor_changed()`);
    await q.query(
      `CREATE TRIGGER app_user_actor_truncated AFTER TRUNCATE ON app_user FOR EACH STATEMENT EXECUTE FUNCTION notify_actor_changed()`,
    );
    await q.query(`
      CREATE TRIGGER org_unit_actor_changed AFTER UPDATE OR DELETE OR TRUNCATE ON org_unit
      FOR EACH STATEMENT EXECUTE FUNCTION notify_actor_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER org_unit_actor_changed ON org_unit`);
    await q.query(`DROP TRIGGER app_user_actor_truncated ON app_user`);
    await q.query(`DROP TRIGGER app_user_actor_changed ON app_user`);
    await q.query(`DROP FUNCTION notify_actor_changed()`);
  }
}
