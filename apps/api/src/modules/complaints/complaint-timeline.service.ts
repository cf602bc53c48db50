import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, actorLabel, type Role } from '../../common/actor';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { OutboxService } from '../outbox/outbox.service';
import type { ComplaintEventType } from './complaint.entity';
import type { ComplaintResponse } from './complaint.dto';

export interface TimelineEntry {
  type: ComplaintEventType;
  /** Defaults to now; a missed deadline is recorded at the deadline. */
  at?: Date;
  fromTier?: number | null;
  toTier?: number | null;
  deadlineAt?: Date | null;
  rule?: string | null;
  note?: string | null;
  data?: Record<string, unknown> | null;
}

export interface StepRecord {
  /** Audit action and outbox event type, e.g. `complaint.escalated`. */
  action: string;
  before: ComplaintResponse | null;
  after: ComplaintResponse;
  events: TimelineEntry[];
  /** Extra outbox event types beyond `action` (e.g. `complaint.reopened` after a return visit). */
  extraOutbox?: string[];
  notify?: {
    title: string;
    body?: string;
    /** Users to tell besides the owner. */
    users?: (string | null)[];
    /** Role holders of units to tell (e.g. the CS managers of the unit it was escalated to). */
    unitRoles?: { unitId: string; roles: Role[] }[];
  };
}

/**
 * Everything a complaint step leaves behind, in the step's transaction: timeline events, an audit
 * row, outbox events, and notifications (the first-contact owner is told of every step taken by
 * someone else).
 */
@Injectable()
export class ComplaintTimelineService {
  constructor(
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
  ) {}

  async addEvents(m: EntityManager, complaintId: string, actor: Actor | typeof SYSTEM_ACTOR, entries: TimelineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const now = new Date();
    const rows = entries.map((e, ord) => ({
      ord,
      type: e.type,
      at: (e.at ?? now).toISOString(),
      from_tier: e.fromTier ?? null,
      to_tier: e.toTier ?? null,
      deadline_at: e.deadlineAt?.toISOString() ?? null,
      rule: e.rule ?? null,
      note: e.note ?? null,
      data: e.data ?? null,
    }));
    await m.query(
      `INSERT INTO complaint_event (complaint_id, type, at, actor_type, actor_id, actor_name, from_tier, to_tier, deadline_at, rule, note, data)
       SELECT $1, r.type, r.at, $2, $3, $4, r.from_tier, r.to_tier, r.deadline_at, r.rule, r.note, r.data
       FROM jsonb_to_recordset($5::jsonb) AS r(ord int, type text, at timestamptz, from_tier smallint, to_tier smallint,
            deadline_at timestamptz, rule text, note text, data jsonb)
       ORDER BY ord`,
      [
        complaintId,
        actor === SYSTEM_ACTOR ? 'system' : actor.kind,
        actor === SYSTEM_ACTOR ? null : actor.id,
        actor === SYSTEM_ACTOR ? 'system' : actorLabel(actor),
        JSON.stringify(rows),
      ],
    );
  }

  async record(m: EntityManager, actor: Actor | typeof SYSTEM_ACTOR, step: StepRecord): Promise<void> {
    const c = step.after;
    await this.addEvents(m, c.id, actor, step.events);
    await this.audit.record(m, actor, {
      action: step.action,
      entityType: 'complaint',
      entityId: c.id,
      orgUnitId: c.receivingUnitId,
      before: step.before,
      after: c,
    });
    const payload = {
      complaint: c,
      events: step.events.map((e) => ({
        type: e.type,
        at: (e.at ?? new Date()).toISOString(),
        fromTier: e.fromTier ?? null,
        toTier: e.toTier ?? null,
        deadlineAt: e.deadlineAt?.toISOString() ?? null,
        rule: e.rule ?? null,
      })),
    };
    await this.outbox.appendMany(
      m,
      [step.action, ...(step.extraOutbox ?? [])].map((type) => ({
        type,
        aggregateType: 'complaint',
        aggregateId: c.id,
        orgUnitId: c.receivingUnitId,
        payload,
      })),
    );
    if (step.notify) {
      const self = actor === SYSTEM_ACTOR || actor.kind !== 'user' ? null : actor.id;
      const message = {
        kind: step.action,
        title: step.notify.title,
        body: step.notify.body ?? null,
        entityType: 'complaint',
        entityId: c.id,
      };
      const users = [c.ownerId, ...(step.notify.users ?? [])].filter((id) => id !== self);
      for (const unitRole of step.notify.unitRoles ?? []) {
        const holders = (await m.query(`SELECT id FROM app_user WHERE org_unit_id = $1 AND active AND roles && $2::text[]`, [
          unitRole.unitId,
          unitRole.roles,
        ])) as { id: string }[];
        users.push(...holders.map((h) => h.id).filter((id) => id !== self));
      }
      await this.notifications.notifyUsers(m, users, message);
    }
  }
}
