import { formatLocalDate } from '@cs/domain';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { JobResult, ScheduledJob } from '../scheduler/scheduled-job';
import { SchedulerService } from '../scheduler/scheduler.service';
import { reverifyDueSql, visitDueSql } from './customers.service';

export const CUSTOMER_VISIT_CADENCE_INTERVAL_MS = 60 * 60_000;
/** Who is told: the customer service staff of the owning unit. */
export const CADENCE_NOTIFIED_ROLES = ['agent', 'cs_manager'];

/**
 * Visit and re-verification cadences [001 篇六, 篇八 6.5]. Computes what is due from the data (so
 * it catches up after downtime) and marks each customer with the due date it was notified for,
 * so a due visit is announced once: one notification per CS staff member of each owning unit,
 * counting that unit's newly due archives. The work list itself is `GET /customers/work-list`.
 */
@Injectable()
export class CustomerVisitCadenceJob implements ScheduledJob, OnModuleInit {
  readonly name = 'customer-visit-cadence';
  readonly description =
    'Customers due a visit (monthly in a project’s first year, else quarterly) and archives due re-verification; notify the owning unit’s CS staff';
  readonly intervalMs = CUSTOMER_VISIT_CADENCE_INTERVAL_MS;

  constructor(
    private readonly scheduler: SchedulerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  async run(m: EntityManager, now: Date): Promise<JobResult> {
    const today = formatLocalDate(now, this.config.business.timeZone);
    const visits = await this.sweep(
      m,
      today,
      visitDueSql('$2'),
      'visit_due_notified_for',
      'customer.visit_due',
      'customer(s) are due a visit',
    );
    const reverify = await this.sweep(
      m,
      today,
      reverifyDueSql('$2'),
      'reverify_notified_for',
      'customer.reverification_due',
      'customer archive(s) are due re-verification',
    );
    return {
      rowsAffected: visits.customers + reverify.customers,
      summary: {
        visitDue: visits.customers,
        reverificationDue: reverify.customers,
        notifications: visits.notifications + reverify.notifications,
      },
    };
  }

  private async sweep(
    m: EntityManager,
    today: string,
    dueSql: string,
    markColumn: 'visit_due_notified_for' | 'reverify_notified_for',
    kind: string,
    title: string,
  ): Promise<{ customers: number; notifications: number }> {
    const rows = (await m.query(
      `WITH due AS (
         SELECT c.id, ${dueSql} AS due_on FROM customer c WHERE ${dueSql} <= $1::date
       ), marked AS (
         UPDATE customer c SET ${markColumn} = due.due_on FROM due
         WHERE c.id = due.id AND (c.${markColumn} IS NULL OR c.${markColumn} < due.due_on)
         RETURNING c.owning_unit_id
       ), per_unit AS (
         SELECT owning_unit_id, count(*)::int AS n FROM marked GROUP BY owning_unit_id
       ), sent AS (
         INSERT INTO notification (user_id, kind, title, body, entity_type, entity_id)
         SELECT u.id, $3, per_unit.n || ' ' || $4, 'See the customer work list', 'org_unit', per_unit.owning_unit_id::text
         FROM per_unit JOIN app_user u ON u.org_unit_id = per_unit.owning_unit_id AND u.active AND u.roles && $5::text[]
         RETURNING 1
       )
       SELECT (SELECT coalesce(sum(n), 0) FROM per_unit)::int AS customers, (SELECT count(*) FROM sent)::int AS notifications`,
      [today, this.config.business.timeZone, kind, title, CADENCE_NOTIFIED_ROLES],
    )) as { customers: number; notifications: number }[];
    return rows[0] ?? { customers: 0, notifications: 0 };
  }
}
