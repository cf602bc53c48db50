import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, actorLabel, inScope } from '../../common/actor';
import { notFound } from '../../common/errors';
import { type Page, paginate } from '../../common/pagination';
import { SqlBatch } from '../../common/sql';
import { currentRequestId } from '../../common/request-context';
import { AuditLogEntry } from './audit-log.entity';
import { type AuditLogQuery, type AuditLogResponse, toAuditLogResponse } from './audit.dto';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string | null;
  orgUnitId?: string | null;
  before?: object | null;
  after?: object | null;
}

/** The scheduler and start-up tasks act as `system`. */
export const SYSTEM_ACTOR = 'system' as const;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes one audit row in the caller's transaction, so the record and its audit commit together. */
  async record(manager: EntityManager, actor: Actor | typeof SYSTEM_ACTOR, entry: AuditRecord): Promise<void> {
    const batch = new SqlBatch();
    this.recordIn(batch, actor, entry);
    await batch.run(manager);
  }

  /** Adds one audit row to a statement being built (it commits with whatever else the statement writes). */
  recordIn(batch: SqlBatch, actor: Actor | typeof SYSTEM_ACTOR, entry: AuditRecord): void {
    const p = (value: unknown): string => batch.add(value);
    batch.with(
      'audit',
      `INSERT INTO audit_log (actor_type, actor_id, actor_name, action, entity_type, entity_id, org_unit_id, before, after, request_id)
       VALUES (${p(actor === SYSTEM_ACTOR ? 'system' : actor.kind)}, ${p(actor === SYSTEM_ACTOR ? null : actor.id)}::uuid,
         ${p(actor === SYSTEM_ACTOR ? 'system' : actorLabel(actor))}, ${p(entry.action)}, ${p(entry.entityType)}, ${p(entry.entityId)},
         ${p(entry.orgUnitId ?? null)}::uuid, ${p(entry.before ? JSON.stringify(entry.before) : null)}::jsonb,
         ${p(entry.after ? JSON.stringify(entry.after) : null)}::jsonb, ${p(currentRequestId())})`,
    );
  }

  /** Many audit rows of one actor in one statement (set-based jobs: cost per run, not per row). */
  async recordMany(manager: EntityManager, actor: Actor | typeof SYSTEM_ACTOR, entries: readonly AuditRecord[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((e, ord) => ({
      ord,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      org_unit_id: e.orgUnitId ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
    }));
    await manager.query(
      `INSERT INTO audit_log (actor_type, actor_id, actor_name, action, entity_type, entity_id, org_unit_id, before, after, request_id)
       SELECT $1, $2, $3, r.action, r.entity_type, r.entity_id, r.org_unit_id, r.before, r.after, $4
       FROM jsonb_to_recordset($5::jsonb) AS r(ord int, action text, entity_type text, entity_id text, org_unit_id uuid, before jsonb, after jsonb)
       ORDER BY r.ord`,
      [
        actor === SYSTEM_ACTOR ? 'system' : actor.kind,
        actor === SYSTEM_ACTOR ? null : actor.id,
        actor === SYSTEM_ACTOR ? 'system' : actorLabel(actor),
        currentRequestId(),
        JSON.stringify(rows),
      ],
    );
  }

  async list(actor: Actor, query: AuditLogQuery): Promise<Page<AuditLogResponse>> {
    const qb = this.dataSource.getRepository(AuditLogEntry).createQueryBuilder('a');
    if (actor.orgUnitKind !== 'hq') {
      // Outside HQ an admin sees the history of records in their own subtree.
      qb.andWhere(`a.org_unit_id IN (SELECT id FROM org_unit WHERE path LIKE :prefix)`, { prefix: `${actor.orgUnitPath}%` });
    }
    if (query.entityType) qb.andWhere('a.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.from) qb.andWhere('a.at >= :from', { from: query.from });
    if (query.to) qb.andWhere('a.at < :to', { to: query.to });
    return paginate(
      qb,
      query,
      { column: 'a.id', idColumn: 'a.id', direction: 'DESC', cast: 'bigint', idCast: 'bigint' },
      (row) => row.id,
      (row) => row.id,
      toAuditLogResponse,
    );
  }

  async get(actor: Actor, id: string): Promise<AuditLogResponse> {
    if (!/^\d{1,18}$/.test(id)) throw notFound('Audit entry');
    const row = await this.dataSource.getRepository(AuditLogEntry).findOneBy({ id });
    if (!row) throw notFound('Audit entry');
    if (actor.orgUnitKind !== 'hq') {
      const unit: { path: string }[] = row.orgUnitId
        ? await this.dataSource.query('SELECT path FROM org_unit WHERE id = $1', [row.orgUnitId])
        : [];
      if (!unit[0] || !inScope(actor, unit[0].path)) throw notFound('Audit entry');
    }
    return toAuditLogResponse(row);
  }
}
