import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { JobResult, ScheduledJob } from '../scheduler/scheduled-job';
import { SchedulerService } from '../scheduler/scheduler.service';
import { SurveyPolicy } from './survey.entities';

export const POST_COMPLAINT_SURVEY_INTERVAL_MS = 60_000;
export const POST_COMPLAINT_EVENT_BATCH = 1000;
const CURSOR = 'post-complaint';

/**
 * Listens to `complaint.closed` domain events in the outbox and, per the survey policy (on by
 * default for phone complaints), invites each matching complaint's caller to a post-complaint
 * survey: one standing campaign per platform and month, one invitation per complaint, all
 * set-based. Reads the events after its own cursor, so a run after downtime catches up, and the
 * unique (campaign, complaint) index makes a repeated run harmless.
 */
@Injectable()
export class PostComplaintSurveyJob implements ScheduledJob, OnModuleInit {
  readonly name = 'post-complaint-survey';
  readonly description = 'Create post-complaint survey invitations for complaints closed since the last run (per the survey policy)';
  readonly intervalMs = POST_COMPLAINT_SURVEY_INTERVAL_MS;

  constructor(
    private readonly scheduler: SchedulerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  async run(m: EntityManager): Promise<JobResult> {
    const [cursor] = (await m.query(`SELECT last_seq::text AS last_seq FROM survey_event_cursor WHERE name = $1 FOR UPDATE`, [CURSOR])) as {
      last_seq: string;
    }[];
    const events = (await m.query(
      `SELECT seq::text AS seq, aggregate_id FROM outbox_event WHERE event_type = 'complaint.closed' AND seq > $1 ORDER BY seq LIMIT $2`,
      [cursor?.last_seq ?? '0', POST_COMPLAINT_EVENT_BATCH],
    )) as { seq: string; aggregate_id: string }[];
    if (events.length === 0) return { rowsAffected: 0, summary: { events: 0, invited: 0 } };
    const policy = await m.findOneByOrFail(SurveyPolicy, { id: 1 });
    let invited = 0;
    if (policy.postComplaintEnabled && policy.templateId) {
      const ids = events.map((e) => e.aggregate_id).filter((id) => /^[0-9a-f-]{36}$/i.test(id));
      const tz = this.config.business.timeZone;
      const eligible = `
        SELECT c.id, c.customer_id, c.caller_name, c.caller_phone, c.receiving_unit_id, c.receiving_unit_path, c.platform_unit_id,
               (date_trunc('month', c.closed_at AT TIME ZONE $2) AT TIME ZONE $2) AS month_start
        FROM complaint c
        WHERE c.id = ANY($1::uuid[]) AND c.status = 'closed' AND c.closed_at IS NOT NULL
          AND c.channel = ANY($3::text[]) AND c.kind = ANY($4::text[])`;
      const params = [ids, tz, policy.postComplaintChannels, policy.postComplaintKinds];
      await m.query(
        `INSERT INTO survey_campaign (name, kind, template_id, channel, population, starts_at, ends_at, status, launched_at,
                                      org_unit_id, org_unit_path)
         SELECT DISTINCT '投诉后回访 ' || to_char(e.month_start AT TIME ZONE $2, 'YYYY-MM'), 'post_complaint', $5::uuid, $6,
                '{}'::jsonb, e.month_start, e.month_start + interval '1 month' + make_interval(days => $7), 'launched', now(), u.id, u.path
         FROM (${eligible}) e JOIN org_unit u ON u.id = e.platform_unit_id
         ON CONFLICT (org_unit_id, starts_at) WHERE kind = 'post_complaint' DO NOTHING`,
        [...params, policy.templateId, policy.surveyChannel, policy.responseWindowDays],
      );
      const rows = (await m.query(
        `WITH ins AS (
           INSERT INTO survey_invitation (campaign_id, channel, customer_id, complaint_id, contact_name, contact_phone, unit_id, unit_path, month)
           SELECT sc.id, sc.channel, e.customer_id, e.id, e.caller_name, e.caller_phone, e.receiving_unit_id, e.receiving_unit_path,
                  to_char(now() AT TIME ZONE $2, 'YYYY-MM')
           FROM (${eligible}) e
           JOIN survey_campaign sc ON sc.kind = 'post_complaint' AND sc.org_unit_id = e.platform_unit_id AND sc.starts_at = e.month_start
           ON CONFLICT DO NOTHING
           RETURNING campaign_id),
         counted AS (SELECT campaign_id, count(*)::int AS n FROM ins GROUP BY campaign_id)
         UPDATE survey_campaign sc SET invitation_count = sc.invitation_count + counted.n, updated_at = now()
         FROM counted WHERE sc.id = counted.campaign_id
         RETURNING counted.n`,
        params,
      )) as [{ n: number }[], number] | { n: number }[];
      const updated = Array.isArray(rows[0]) ? (rows[0] as { n: number }[]) : (rows as { n: number }[]);
      invited = updated.reduce((sum, r) => sum + r.n, 0);
    }
    await m.query(`UPDATE survey_event_cursor SET last_seq = $2, updated_at = now() WHERE name = $1`, [
      CURSOR,
      events[events.length - 1]!.seq,
    ]);
    return {
      rowsAffected: invited,
      summary: { events: events.length, invited },
      // A full batch means more are waiting: run again soon.
      nextRunAt: events.length === POST_COMPLAINT_EVENT_BATCH ? new Date() : null,
    };
  }
}
