import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { conflict, notFound } from '../../common/errors';
import { type Page, paginate } from '../../common/pagination';
import { assertVersion } from '../../common/version';
import { AuditService } from '../audit/audit.service';
import {
  type CreatedWebhookResponse,
  type CreateWebhookDto,
  toDeliveryResponse,
  toWebhookResponse,
  type UpdateWebhookDto,
  type WebhookDeliveryQuery,
  type WebhookDeliveryResponse,
  type WebhookResponse,
} from './webhook.dto';
import { WebhookDelivery, WebhookSubscription } from './webhook.entity';

/** `whsec_` + 256 random bits. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateWebhookDto): Promise<CreatedWebhookResponse> {
    return this.dataSource.transaction(async (m) => {
      const secret = newSecret();
      const rows = (await m.query(
        `INSERT INTO webhook_subscription (name, url, events, secret, active, org_unit_id, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [dto.name.trim(), dto.url, dto.events, secret, dto.active ?? true, actor.orgUnitId, actor.kind === 'user' ? actor.id : null],
      )) as { id: string }[];
      const created = toWebhookResponse(await m.findOneByOrFail(WebhookSubscription, { id: rows[0]!.id }));
      await this.audit.record(m, actor, {
        action: 'webhook.created',
        entityType: 'webhook_subscription',
        entityId: created.id,
        orgUnitId: actor.orgUnitId,
        after: created,
      });
      return { ...created, secret };
    });
  }

  async list(actor: Actor, query: { limit?: number; cursor?: string }): Promise<Page<WebhookResponse>> {
    const qb = this.dataSource
      .getRepository(WebhookSubscription)
      .createQueryBuilder('w')
      .innerJoin('org_unit', 'o', 'o.id = w.org_unit_id')
      .where('o.path LIKE :prefix', { prefix: `${actor.orgUnitPath}%` });
    return paginate(
      qb,
      query,
      { column: 'w.created_at', idColumn: 'w.id', direction: 'DESC' },
      (w) => w.createdAt.toISOString(),
      (w) => w.id,
      toWebhookResponse,
    );
  }

  async get(actor: Actor, id: string): Promise<WebhookResponse> {
    return toWebhookResponse(await this.findInScope(actor, id));
  }

  async update(actor: Actor, id: string, dto: UpdateWebhookDto): Promise<WebhookResponse> {
    return this.dataSource.transaction(async (m) => {
      const current = await this.findInScope(actor, id, m, true);
      assertVersion('Webhook subscription', current.version, dto.version);
      const before = toWebhookResponse(current);
      await m.query(
        `UPDATE webhook_subscription SET name = $2, url = $3, events = $4, active = $5, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, dto.name?.trim() ?? current.name, dto.url ?? current.url, dto.events ?? current.events, dto.active ?? current.active],
      );
      const after = toWebhookResponse(await m.findOneByOrFail(WebhookSubscription, { id }));
      await this.audit.record(m, actor, {
        action: 'webhook.updated',
        entityType: 'webhook_subscription',
        entityId: id,
        orgUnitId: current.orgUnitId,
        before,
        after,
      });
      return after;
    });
  }

  async rotateSecret(actor: Actor, id: string): Promise<CreatedWebhookResponse> {
    return this.dataSource.transaction(async (m) => {
      const current = await this.findInScope(actor, id, m, true);
      const secret = newSecret();
      await m.query(`UPDATE webhook_subscription SET secret = $2, version = version + 1, updated_at = now() WHERE id = $1`, [id, secret]);
      const after = toWebhookResponse(await m.findOneByOrFail(WebhookSubscription, { id }));
      await this.audit.record(m, actor, {
        action: 'webhook.secret_rotated',
        entityType: 'webhook_subscription',
        entityId: id,
        orgUnitId: current.orgUnitId,
        after,
      });
      return { ...after, secret };
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const current = await this.findInScope(actor, id, m, true);
      await m.query(`DELETE FROM webhook_subscription WHERE id = $1`, [id]);
      await this.audit.record(m, actor, {
        action: 'webhook.deleted',
        entityType: 'webhook_subscription',
        entityId: id,
        orgUnitId: current.orgUnitId,
        before: toWebhookResponse(current),
      });
    });
  }

  async deliveries(actor: Actor, id: string, query: WebhookDeliveryQuery): Promise<Page<WebhookDeliveryResponse>> {
    await this.findInScope(actor, id);
    const qb = this.dataSource.getRepository(WebhookDelivery).createQueryBuilder('d').where('d.subscription_id = :id', { id });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    return paginate(
      qb,
      query,
      { column: 'd.created_at', idColumn: 'd.id', direction: 'DESC' },
      (d) => d.createdAt.toISOString(),
      (d) => d.id,
      toDeliveryResponse,
    );
  }

  /** A dead (or failing) delivery is queued again at once, with a fresh attempt budget. */
  async resend(actor: Actor, id: string, deliveryId: string): Promise<WebhookDeliveryResponse> {
    return this.dataSource.transaction(async (m) => {
      const subscription = await this.findInScope(actor, id, m);
      const delivery = await m.findOneBy(WebhookDelivery, { id: deliveryId, subscriptionId: id });
      if (!delivery) throw notFound('Webhook delivery');
      if (delivery.status === 'delivered') throw conflict('This delivery already succeeded; nothing to re-send');
      await m.query(
        `UPDATE webhook_delivery SET status = 'pending', attempts = 0, next_attempt_at = now(), last_error = NULL WHERE id = $1`,
        [deliveryId],
      );
      const after = toDeliveryResponse(await m.findOneByOrFail(WebhookDelivery, { id: deliveryId }));
      await this.audit.record(m, actor, {
        action: 'webhook.delivery_resent',
        entityType: 'webhook_delivery',
        entityId: deliveryId,
        orgUnitId: subscription.orgUnitId,
        before: toDeliveryResponse(delivery),
        after,
      });
      return after;
    });
  }

  private async findInScope(
    actor: Actor,
    id: string,
    m: EntityManager = this.dataSource.manager,
    forUpdate = false,
  ): Promise<WebhookSubscription> {
    const rows = (await m.query(
      `SELECT w.id FROM webhook_subscription w JOIN org_unit o ON o.id = w.org_unit_id WHERE w.id = $1 AND o.path LIKE $2${forUpdate ? ' FOR UPDATE OF w' : ''}`,
      [id, `${actor.orgUnitPath}%`],
    )) as unknown[];
    const found = rows.length ? await m.findOneBy(WebhookSubscription, { id }) : null;
    if (!found) throw notFound('Webhook subscription');
    return found;
  }
}
