import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  MoneyFormatError,
  PercentFormatError,
  planResponsibilitySplit,
  type ResponsibilitySplitPlan,
  ResponsibilityRuleError,
} from '@cs/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, actorLabel } from '../../common/actor';
import { AppError, forbidden, illegalTransition, invalidInput, notFound, ruleViolated } from '../../common/errors';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { OutboxService } from '../outbox/outbox.service';
import {
  type ApproveResponsibilityDto,
  type RecordResponsibilityDto,
  type ResponsibilityOverviewResponse,
  type ResponsibilityResponse,
  type ResponsibilityRow,
  toResponsibilityResponse,
} from './complaint-responsibility.dto';

/** Responsibility is settled only once the customer has had a clear answer [000 §4]. */
export const RESPONSIBILITY_OPEN_STATUSES = ['answered', 'return_visit', 'closed'] as const;

interface ComplaintHead {
  id: string;
  number: string;
  status: string;
  platform_unit_id: string;
  hq_unit_id: string;
  receiving_unit_id: string;
  owner_id: string;
}

const RESPONSIBILITY_SELECT = `
  SELECT r.id, r.complaint_id, r.revision, r.status, r.compensation::text AS compensation, r.cross_platform,
         r.approver_unit_id, au.name AS approver_unit_name,
         r.recorded_by_id, ru.display_name AS recorded_by_name,
         r.approved_by_id, pu.display_name AS approved_by_name, r.approved_at, r.created_at,
         coalesce((SELECT json_agg(json_build_object('orgUnitId', s.org_unit_id, 'orgUnitName', o.name,
                                                     'percent', s.percent::text, 'amount', s.amount::text)
                                   ORDER BY s.position, o.name)
                   FROM complaint_responsibility_share s JOIN org_unit o ON o.id = s.org_unit_id
                   WHERE s.responsibility_id = r.id), '[]'::json) AS shares
  FROM complaint_responsibility r
  JOIN org_unit au ON au.id = r.approver_unit_id
  LEFT JOIN app_user ru ON ru.id = r.recorded_by_id
  LEFT JOIN app_user pu ON pu.id = r.approved_by_id`;

@Injectable()
export class ComplaintResponsibilityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly outbox: OutboxService,
  ) {}

  /** The complaint if it was received inside the actor's unit subtree, else 404 (existence is not revealed). */
  private async complaintInScope(m: EntityManager, actor: Actor, id: string): Promise<ComplaintHead> {
    const rows = (await m.query(
      `SELECT id, number, status, platform_unit_id, hq_unit_id, receiving_unit_id, owner_id
       FROM complaint WHERE id = $1 AND receiving_unit_path LIKE $2`,
      [id, `${actor.orgUnitPath}%`],
    )) as ComplaintHead[];
    if (!rows[0]) throw notFound('Complaint');
    return rows[0];
  }

  private async revisions(m: EntityManager, complaintId: string): Promise<ResponsibilityResponse[]> {
    const rows = (await m.query(`${RESPONSIBILITY_SELECT} WHERE r.complaint_id = $1 ORDER BY r.revision DESC`, [
      complaintId,
    ])) as ResponsibilityRow[];
    return rows.map(toResponsibilityResponse);
  }

  private async revisionById(m: EntityManager, id: string): Promise<ResponsibilityResponse> {
    const rows = (await m.query(`${RESPONSIBILITY_SELECT} WHERE r.id = $1`, [id])) as ResponsibilityRow[];
    return toResponsibilityResponse(rows[0]!);
  }

  async overview(actor: Actor, complaintId: string): Promise<ResponsibilityOverviewResponse> {
    const m = this.dataSource.manager;
    await this.complaintInScope(m, actor, complaintId);
    const history = await this.revisions(m, complaintId);
    const live = history.filter((r) => r.status !== 'superseded');
    return {
      complaintId,
      current: live[0] ?? null,
      effective: history.find((r) => r.status === 'approved') ?? null,
      history,
    };
  }

  async record(actor: Actor, complaintId: string, dto: RecordResponsibilityDto): Promise<ResponsibilityResponse> {
    return this.dataSource.transaction(async (m) => {
      const complaint = await this.complaintInScope(m, actor, complaintId);
      // Serialises recordings and approvals of one complaint without holding the complaint row for the whole step (the SLA
      // sweep updates it); the row is updated only by the step's last statement, which moves its outbox counter.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('complaint-responsibility:' || $1))`, [complaintId]);
      if (!(RESPONSIBILITY_OPEN_STATUSES as readonly string[]).includes(complaint.status)) {
        throw ruleViolated(
          'responsibility_after_answer',
          `Responsibility is recorded after the customer has been answered; complaint ${complaint.number} is ${complaint.status}`,
        );
      }
      const unitIds = dto.shares.map((s) => s.orgUnitId);
      const units = (await m.query(
        `SELECT id, kind, split_part(path, '/', 3) AS platform_segment FROM org_unit WHERE id = ANY($1::uuid[])`,
        [unitIds],
      )) as { id: string; kind: string; platform_segment: string }[];
      const byId = new Map(units.map((u) => [u.id, u]));
      const unknown = dto.shares.findIndex((s) => !byId.has(s.orgUnitId));
      if (unknown >= 0) throw invalidInput(`shares.${unknown}.orgUnitId`, 'is not an org unit');

      const plan = toPlan(() =>
        planResponsibilitySplit({
          compensation: dto.compensation ?? '0',
          complaintPlatformId: complaint.platform_unit_id,
          hqUnitId: complaint.hq_unit_id,
          shares: dto.shares.map((s) => {
            const unit = byId.get(s.orgUnitId)!;
            return { unitId: s.orgUnitId, percent: s.percent, platformId: unit.kind === 'hq' ? null : unit.platform_segment };
          }),
        }),
      );

      const [latest] = (await m.query(
        `SELECT id, revision, status FROM complaint_responsibility WHERE complaint_id = $1 ORDER BY revision DESC LIMIT 1`,
        [complaintId],
      )) as { id: string; revision: number; status: string }[];
      const before = latest ? await this.revisionById(m, latest.id) : null;
      // PUT is idempotent: sending the split that is already current (pending or approved) changes nothing.
      if (before && isSameSplit(before, plan)) return before;
      // A pending split replaced before approval stays on record as superseded.
      await m.query(
        `UPDATE complaint_responsibility SET status = 'superseded', updated_at = now() WHERE complaint_id = $1 AND status = 'pending'`,
        [complaintId],
      );
      const [created] = (await m.query(
        `INSERT INTO complaint_responsibility (complaint_id, revision, status, compensation, cross_platform, approver_unit_id, recorded_by_id)
         VALUES ($1, $2, 'pending', $3, $4, $5, $6) RETURNING id`,
        [
          complaintId,
          (latest?.revision ?? 0) + 1,
          plan.compensation,
          plan.crossPlatform,
          plan.approverUnitId,
          actor.kind === 'user' ? actor.id : null,
        ],
      )) as { id: string }[];
      const responsibilityId = created!.id;
      await m.query(
        `INSERT INTO complaint_responsibility_share (responsibility_id, org_unit_id, percent, amount, position)
         SELECT $1, s.unit_id, s.percent, s.amount, s.position
         FROM unnest($2::uuid[], $3::numeric[], $4::numeric[]) WITH ORDINALITY AS s(unit_id, percent, amount, position)`,
        [responsibilityId, plan.shares.map((s) => s.unitId), plan.shares.map((s) => s.percent), plan.shares.map((s) => s.amount)],
      );
      const after = await this.revisionById(m, responsibilityId);
      await this.writeEvent(m, actor, complaint, 'responsibility_recorded', after, describe(after));
      await this.audit.record(m, actor, {
        action: 'complaint.responsibility_recorded',
        entityType: 'complaint_responsibility',
        entityId: responsibilityId,
        orgUnitId: complaint.receiving_unit_id,
        before,
        after,
      });
      await this.notifications.notifyRoleInUnit(m, plan.approverUnitId, ['ops_manager'], {
        kind: 'complaint.responsibility_to_approve',
        title: `Responsibility split of complaint ${complaint.number} awaits your approval`,
        body: describe(after),
        entityType: 'complaint',
        entityId: complaintId,
      });
      return after;
    });
  }

  async approve(actor: Actor, complaintId: string, dto: ApproveResponsibilityDto): Promise<ResponsibilityResponse> {
    return this.dataSource.transaction(async (m) => {
      const complaint = await this.complaintInScope(m, actor, complaintId);
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('complaint-responsibility:' || $1))`, [complaintId]);
      const [latest] = (await m.query(
        `SELECT id, revision, status, approver_unit_id, recorded_by_id FROM complaint_responsibility
         WHERE complaint_id = $1 AND status <> 'superseded' ORDER BY revision DESC LIMIT 1`,
        [complaintId],
      )) as { id: string; revision: number; status: string; approver_unit_id: string; recorded_by_id: string | null }[];
      if (!latest) throw illegalTransition(`No responsibility split has been recorded for complaint ${complaint.number}`);
      if (dto.revision !== undefined && dto.revision !== latest.revision) {
        throw new AppError(
          'stale_version',
          `You reviewed revision ${dto.revision}, but the latest recorded revision is ${latest.revision}; reload and review it`,
        );
      }
      if (latest.status === 'approved') throw illegalTransition(`Revision ${latest.revision} is already approved`);
      // Approval is the ops manager's business decision: the admin role alone does not grant it.
      if (actor.kind !== 'user' || !actor.roles.includes('ops_manager') || actor.orgUnitId !== latest.approver_unit_id) {
        throw forbidden(
          latest.approver_unit_id === complaint.hq_unit_id
            ? 'A split across platforms is approved by an ops manager of HQ'
            : 'A split inside one platform is approved by an ops manager of that platform',
        );
      }
      const before = await this.revisionById(m, latest.id);
      await m.query(
        `UPDATE complaint_responsibility SET status = 'approved', approved_by_id = $2, approved_at = now(), updated_at = now() WHERE id = $1`,
        [latest.id, actor.id],
      );
      const after = await this.revisionById(m, latest.id);
      await this.writeEvent(m, actor, complaint, 'responsibility_approved', after, `Revision ${after.revision} approved`);
      await this.audit.record(m, actor, {
        action: 'complaint.responsibility_approved',
        entityType: 'complaint_responsibility',
        entityId: latest.id,
        orgUnitId: complaint.receiving_unit_id,
        before,
        after,
      });
      await this.notifications.notifyUsers(m, [latest.recorded_by_id, complaint.owner_id], {
        kind: 'complaint.responsibility_approved',
        title: `Responsibility split of complaint ${complaint.number} approved`,
        body: describe(after),
        entityType: 'complaint',
        entityId: complaintId,
      });
      return after;
    });
  }

  /** The timeline event and the domain event (outbox, delivered to webhooks as `complaint.<type>`), in the caller's transaction. */
  private async writeEvent(
    m: EntityManager,
    actor: Actor,
    complaint: ComplaintHead,
    type: 'responsibility_recorded' | 'responsibility_approved',
    record: ResponsibilityResponse,
    note: string,
  ): Promise<void> {
    const data = {
      responsibilityId: record.id,
      revision: record.revision,
      status: record.status,
      compensation: record.compensation,
      crossPlatform: record.crossPlatform,
      approverUnitId: record.approverUnitId,
      shares: record.shares.map((s) => ({ orgUnitId: s.orgUnitId, percent: s.percent, amount: s.amount })),
    };
    await m.query(
      `INSERT INTO complaint_event (complaint_id, type, at, actor_type, actor_id, actor_name, note, data)
       VALUES ($1, $2, clock_timestamp(), $3, $4, $5, $6, $7)`,
      [complaint.id, type, actor.kind, actor.id, actorLabel(actor).slice(0, 120), note, JSON.stringify(data)],
    );
    await this.outbox.append(m, {
      type: `complaint.${type}`,
      aggregateType: 'complaint',
      aggregateId: complaint.id,
      orgUnitId: complaint.receiving_unit_id,
      payload: { complaintId: complaint.id, number: complaint.number, ...data },
    });
  }
}

/** Domain rule and format errors become 422 naming the rule / 400 naming the field. */
function toPlan(plan: () => ResponsibilitySplitPlan): ResponsibilitySplitPlan {
  try {
    return plan();
  } catch (error) {
    if (error instanceof ResponsibilityRuleError) throw ruleViolated(error.rule, error.message);
    if (error instanceof PercentFormatError) throw invalidInput('shares.percent', error.message);
    if (error instanceof MoneyFormatError) throw invalidInput('compensation', error.message);
    throw error;
  }
}

function isSameSplit(record: ResponsibilityResponse, plan: ResponsibilitySplitPlan): boolean {
  return (
    record.compensation === plan.compensation &&
    record.shares.length === plan.shares.length &&
    record.shares.every((s, i) => s.orgUnitId === plan.shares[i]!.unitId && s.percent === plan.shares[i]!.percent)
  );
}

function describe(record: ResponsibilityResponse): string {
  const parts = record.shares.map((s) => `${s.orgUnitName} ${s.percent}% (${s.amount})`).join(', ');
  return `Revision ${record.revision}: ${parts}; compensation ${record.compensation}`;
}
