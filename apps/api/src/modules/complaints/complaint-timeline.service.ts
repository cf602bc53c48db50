import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, actorLabel, type Role } from '../../common/actor';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { COMPLAINT_AGGREGATE, OutboxService } from '../outbox/outbox.service';
import { SqlBatch } from '../../common/sql';
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

/** The outbox event types a step appends: its action, then any extra ones. */
export function outboxEventTypes(step: Pick<StepRecord, 'action' | 'extraOutbox'>): string[] {
  return [step.action, ...(step.extraOutbox ?? [])];
}

/**
 * Everything a complaint step leaves behind, in the step's transaction: timeline events, an audit
 * row, outbox events, and notifications (the first-contact owner is told of every step taken by
 * someone else) — written by one statement.
 */
@Injectable()
export class ComplaintTimelineService {
  constructor(
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
  ) {}

  async record(m: EntityManager, actor: Actor | typeof SYSTEM_ACTOR, step: StepRecord): Promise<void> {
    const batch = new SqlBatch();
    this.recordIn(batch, actor, step);
    await batch.run(m);
  }

  /**
   * Adds the step's rows to a statement being built. `newComplaint`: the statement also inserts the
   * complaint, with `outbox_last_seq` = `outboxEventTypes(step).length` (its outbox events are
   * numbered from 1; a statement cannot update the row it inserts).
   */
  recordIn(batch: SqlBatch, actor: Actor | typeof SYSTEM_ACTOR, step: StepRecord, { newComplaint = false } = {}): void {
    const c = step.after;
    const now = new Date();
    if (step.events.length > 0) {
      const rows = step.events.map((e, ord) => ({
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
      const p = (value: unknown): string => batch.add(value);
      batch.with(
        'event',
        `INSERT INTO complaint_event (complaint_id, type, at, actor_type, actor_id, actor_name, from_tier, to_tier, deadline_at, rule, note, data)
         SELECT ${p(c.id)}::uuid, r.type, r.at, ${p(actor === SYSTEM_ACTOR ? 'system' : actor.kind)},
                ${p(actor === SYSTEM_ACTOR ? null : actor.id)}::uuid, ${p(actor === SYSTEM_ACTOR ? 'system' : actorLabel(actor))},
                r.from_tier, r.to_tier, r.deadline_at, r.rule, r.note, r.data
         FROM jsonb_to_recordset(${p(JSON.stringify(rows))}::jsonb) AS r(ord int, type text, at timestamptz, from_tier smallint,
              to_tier smallint, deadline_at timestamptz, rule text, note text, data jsonb)
         ORDER BY ord`,
      );
    }
    this.audit.recordIn(batch, actor, {
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
        at: (e.at ?? now).toISOString(),
        fromTier: e.fromTier ?? null,
        toTier: e.toTier ?? null,
        deadlineAt: e.deadlineAt?.toISOString() ?? null,
        rule: e.rule ?? null,
      })),
    };
    this.outbox.appendIn(
      batch,
      outboxEventTypes(step).map((type) => ({
        type,
        aggregateType: COMPLAINT_AGGREGATE,
        aggregateId: c.id,
        orgUnitId: c.receivingUnitId,
        payload,
      })),
      { newComplaints: newComplaint },
    );
    if (step.notify) {
      this.notifications.notifyIn(
        batch,
        {
          users: [c.ownerId, ...(step.notify.users ?? [])],
          unitRoles: step.notify.unitRoles ?? [],
          except: actor === SYSTEM_ACTOR || actor.kind !== 'user' ? null : actor.id,
        },
        { kind: step.action, title: step.notify.title, body: step.notify.body ?? null, entityType: 'complaint', entityId: c.id },
      );
    }
  }
}
