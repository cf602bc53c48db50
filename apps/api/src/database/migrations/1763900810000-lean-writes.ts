import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer index entries per write. A non-HOT update of a complaint adds an entry to every index whose
 * predicate the new row meets, so each index costs every escalation (measured: about 40 ms per
 * index for 10,000 escalated complaints at 1,000,000 rows). Dropped or narrowed here, each with the
 * reader that needed it checked:
 *  - `complaint_assigned_queue` (assigned unit, status, received): the open-queue partial index
 *    `complaint_open_assigned` serves the unit queues and badges;
 *  - `complaint_month` is read only by the return-visit sampling tally, which counts decided
 *    (`return_visit_sampled IS NOT NULL`) complaints: now a partial index that open ones never enter;
 *  - the foreign key of `assigned_unit_id` (a trigger lookup per escalation) becomes a CHECK that it
 *    is one of the complaint's own receiving, platform and HQ units — stricter, and those three
 *    keep their foreign keys;
 *  - `outbox_event_aggregate` repeated the unique per-aggregate sequence index;
 *  - `audit_log_actor` only for rows with an actor (the system's rows have none).
 */
export class LeanWrites1763900810000 implements MigrationInterface {
  name = 'LeanWrites1763900810000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX complaint_assigned_queue`);
    await q.query(`DROP INDEX complaint_month`);
    await q.query(`CREATE INDEX complaint_month_decided ON complaint (received_month) WHERE return_visit_sampled IS NOT NULL`);
    await q.query(`ALTER TABLE complaint DROP CONSTRAINT complaint_assigned_unit_id_fkey`);
    await q.query(
      `ALTER TABLE complaint ADD CONSTRAINT complaint_assigned_unit_in_line CHECK (assigned_unit_id IN (receiving_unit_id, platform_unit_id, hq_unit_id))`,
    );
    await q.query(`DROP INDEX outbox_event_aggregate`);
    await q.query(`DROP INDEX audit_log_actor`);
    await q.query(`CREATE INDEX audit_log_actor ON audit_log (actor_id, id DESC) WHERE actor_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_actor`);
    await q.query(`CREATE INDEX audit_log_actor ON audit_log (actor_id, id DESC)`);
    await q.query(`CREATE INDEX outbox_event_aggregate ON outbox_event (aggregate_type, aggregate_id, seq)`);
    await q.query(`ALTER TABLE complaint DROP CONSTRAINT complaint_assigned_unit_in_line`);
    await q.query(
      `ALTER TABLE complaint ADD CONSTRAINT complaint_assigned_unit_id_fkey FOREIGN KEY (assigned_unit_id) REFERENCES org_unit(id)`,
    );
    await q.query(`DROP INDEX complaint_month_decided`);
    await q.query(`CREATE INDEX complaint_month ON complaint (received_month, receiving_unit_id)`);
    await q.query(`CREATE INDEX complaint_assigned_queue ON complaint (assigned_unit_id, status, received_at DESC, id DESC)`);
  }
}
