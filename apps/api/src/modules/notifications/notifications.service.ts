import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, Role } from '../../common/actor';
import { notFound } from '../../common/errors';
import { type Page, paginate } from '../../common/pagination';
import type { SqlBatch } from '../../common/sql';
import { Notification } from './notification.entity';
import { type NotificationQuery, type NotificationResponse, toNotificationResponse } from './notification.dto';

export interface NotificationMessage {
  kind: string;
  title: string;
  body?: string | null;
  entityType?: string | null;
  entityId?: string | null;
}

/** In-app notifications. Other modules call notify* inside their own transaction. */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async notifyUsers(m: EntityManager, userIds: readonly (string | null | undefined)[], message: NotificationMessage): Promise<number> {
    const ids = [...new Set(userIds.filter((id): id is string => typeof id === 'string'))];
    if (ids.length === 0) return 0;
    const inserted = (await m.query(
      `INSERT INTO notification (user_id, kind, title, body, entity_type, entity_id)
       SELECT u.id, $2, $3, $4, $5, $6 FROM app_user u WHERE u.id = ANY($1::uuid[]) AND u.active RETURNING id`,
      [ids, message.kind, message.title, message.body ?? null, message.entityType ?? null, message.entityId ?? null],
    )) as unknown[];
    return inserted.length;
  }

  /**
   * Adds notifications to a statement being built: the named users and the holders of the roles in
   * exactly those units (admins are not included implicitly), each once, active ones only, except
   * `except` (the actor, who is not told of their own step).
   */
  notifyIn(
    batch: SqlBatch,
    recipients: {
      users: readonly (string | null | undefined)[];
      unitRoles?: readonly { unitId: string; roles: readonly Role[] }[];
      except?: string | null;
    },
    message: NotificationMessage,
  ): void {
    const users = [...new Set(recipients.users.filter((id): id is string => typeof id === 'string' && id !== recipients.except))];
    const unitRoles = recipients.unitRoles ?? [];
    if (users.length === 0 && unitRoles.length === 0) return;
    const p = (value: unknown): string => batch.add(value);
    const holders =
      unitRoles.length === 0
        ? ''
        : `UNION SELECT h.id FROM app_user h
             JOIN jsonb_to_recordset(${p(JSON.stringify(unitRoles.map((r) => ({ unit_id: r.unitId, roles: r.roles }))))}::jsonb)
               AS r(unit_id uuid, roles text[]) ON h.org_unit_id = r.unit_id AND h.roles && r.roles`;
    batch.with(
      'notification',
      `INSERT INTO notification (user_id, kind, title, body, entity_type, entity_id)
       SELECT u.id, ${p(message.kind)}, ${p(message.title)}, ${p(message.body ?? null)}, ${p(message.entityType ?? null)},
              ${p(message.entityId ?? null)}
       FROM app_user u
       WHERE u.id IN (SELECT unnest(${p(users)}::uuid[]) ${holders}) AND u.active AND u.id IS DISTINCT FROM ${p(recipients.except ?? null)}::uuid`,
    );
  }

  /** Everyone in exactly this unit holding one of the roles (admins are not included implicitly). */
  async notifyRoleInUnit(m: EntityManager, orgUnitId: string, roles: Role[], message: NotificationMessage): Promise<number> {
    const rows = (await m.query(`SELECT id FROM app_user WHERE org_unit_id = $1 AND active AND roles && $2::text[]`, [
      orgUnitId,
      roles,
    ])) as {
      id: string;
    }[];
    return this.notifyUsers(
      m,
      rows.map((r) => r.id),
      message,
    );
  }

  async list(actor: Actor, query: NotificationQuery): Promise<Page<NotificationResponse>> {
    const qb = this.dataSource.getRepository(Notification).createQueryBuilder('n').where('n.user_id = :userId', { userId: actor.id });
    if (query.unread === 'true') qb.andWhere('n.read_at IS NULL');
    if (query.unread === 'false') qb.andWhere('n.read_at IS NOT NULL');
    return paginate(
      qb,
      query,
      { column: 'n.created_at', idColumn: 'n.id', direction: 'DESC' },
      (n) => n.createdAt.toISOString(),
      (n) => n.id,
      toNotificationResponse,
    );
  }

  async unreadCount(actor: Actor): Promise<number> {
    const rows = (await this.dataSource.query('SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL', [
      actor.id,
    ])) as {
      n: number;
    }[];
    return rows[0]?.n ?? 0;
  }

  async markRead(actor: Actor, id: string): Promise<NotificationResponse> {
    const [rows] = (await this.dataSource.query(
      `UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id`,
      [id, actor.id],
    )) as [{ id: string }[], number];
    if (!rows[0]) throw notFound('Notification');
    return toNotificationResponse(await this.dataSource.getRepository(Notification).findOneByOrFail({ id }));
  }

  async markAllRead(actor: Actor): Promise<number> {
    const [, count] = (await this.dataSource.query(`UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [
      actor.id,
    ])) as [unknown, number];
    return count ?? 0;
  }
}
