import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { JobResult, ScheduledJob } from '../scheduler/scheduled-job';
import { SchedulerService } from '../scheduler/scheduler.service';

export const WEBHOOK_DELIVERY_INTERVAL_MS = 2_000;
/** Events fanned out and deliveries sent per tick; a full batch asks for the next tick at once. */
export const FAN_OUT_BATCH = 1_000;
export const SEND_BATCH = 50;
const SEND_CONCURRENCY = 8;
const MAX_RETRY_DELAY_SECONDS = 3_600;
const ERROR_TEXT_LIMIT = 500;

interface ClaimedDelivery {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  event_id: string;
  event_type: string;
  aggregate_type: string;
  aggregate_id: string;
  occurred_at: Date;
  payload: unknown;
}

/** Signature header value for a body: `sha256=<hex HMAC-SHA256(secret, body)>`. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Exponential backoff with jitter: base × 2^(attempt−1), capped, times a random 0.5–1.0. */
export function retryDelaySeconds(attempt: number, baseSeconds: number, random = Math.random): number {
  const raw = Math.min(MAX_RETRY_DELAY_SECONDS, baseSeconds * 2 ** Math.max(0, attempt - 1));
  return raw * (0.5 + random() / 2);
}

/**
 * Delivers domain events from the outbox to webhook subscriptions, at least once. In the run's
 * transaction: fan new events out into deliveries and claim due ones (a lease: a crash mid-send
 * means a retry after the lease). After commit: POST each claimed delivery, signed, and record
 * the outcome. Per subscription and aggregate (e.g. one complaint) only the oldest pending
 * delivery is sent, so a receiver sees each complaint's events in order.
 */
@Injectable()
export class WebhookDeliveryJob implements ScheduledJob, OnModuleInit {
  readonly name = 'webhook-delivery';
  readonly description = 'Deliver outbox events to webhook subscriptions (signed, retried with backoff, dead after the limit)';
  readonly intervalMs = WEBHOOK_DELIVERY_INTERVAL_MS;
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register(this);
  }

  async run(m: EntityManager, now: Date): Promise<JobResult> {
    const fannedOut = await this.fanOut(m);
    const claimed = await this.claim(m, now);
    const more = fannedOut.events === FAN_OUT_BATCH || claimed.length === SEND_BATCH;
    return {
      rowsAffected: fannedOut.deliveries + claimed.length,
      summary: { events: fannedOut.events, queued: fannedOut.deliveries, claimed: claimed.length },
      nextRunAt: more ? new Date(Date.now() + 250) : null,
      afterCommit: () => this.sendAll(claimed),
    };
  }

  private async fanOut(m: EntityManager): Promise<{ events: number; deliveries: number }> {
    const batch = (await m.query(
      `SELECT seq FROM outbox_event WHERE dispatched_at IS NULL ORDER BY seq LIMIT ${FAN_OUT_BATCH} FOR UPDATE SKIP LOCKED`,
    )) as { seq: string }[];
    if (batch.length === 0) return { events: 0, deliveries: 0 };
    const seqs = batch.map((r) => r.seq);
    // An event goes to every active subscription that asked for its type and whose unit is the
    // event's unit or above it; events without a unit go to subscriptions of the root (HQ).
    const [{ inserted }] = (await m.query(
      `WITH ins AS (INSERT INTO webhook_delivery (subscription_id, event_seq, event_id, event_type, ordering_key)
       SELECT s.id, e.seq, e.id, e.event_type, e.aggregate_type || ':' || e.aggregate_id
       FROM outbox_event e
       JOIN webhook_subscription s ON s.active AND e.event_type = ANY (s.events)
       JOIN org_unit so ON so.id = s.org_unit_id
       LEFT JOIN org_unit eo ON eo.id = e.org_unit_id
       WHERE e.seq = ANY ($1::bigint[])
         AND (eo.path LIKE so.path || '%' OR (e.org_unit_id IS NULL AND so.parent_id IS NULL))
       ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS inserted FROM ins`,
      [seqs],
    )) as [{ inserted: number }];
    await m.query(`UPDATE outbox_event SET dispatched_at = now() WHERE seq = ANY ($1::bigint[])`, [seqs]);
    return { events: batch.length, deliveries: inserted };
  }

  private async claim(m: EntityManager, now: Date): Promise<ClaimedDelivery[]> {
    const leaseSeconds = Math.ceil(this.config.webhooks.timeoutMs / 1000) + 30;
    return (await m.query(
      `WITH due AS (
         SELECT d.id FROM webhook_delivery d
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1
           AND NOT EXISTS (
             SELECT 1 FROM webhook_delivery p
             WHERE p.subscription_id = d.subscription_id AND p.ordering_key = d.ordering_key
               AND p.status = 'pending' AND p.event_seq < d.event_seq)
         ORDER BY d.event_seq
         LIMIT ${SEND_BATCH}
         FOR UPDATE OF d SKIP LOCKED
       ), claimed AS (
         UPDATE webhook_delivery d
         SET attempts = d.attempts + 1, last_attempt_at = $1, next_attempt_at = $1::timestamptz + make_interval(secs => $2)
         FROM due WHERE d.id = due.id
         RETURNING d.id, d.attempts, d.subscription_id, d.event_seq
       )
       SELECT c.id, c.attempts, s.url, s.secret, e.id AS event_id, e.event_type, e.aggregate_type, e.aggregate_id, e.occurred_at, e.payload
       FROM claimed c
       JOIN webhook_subscription s ON s.id = c.subscription_id
       JOIN outbox_event e ON e.seq = c.event_seq
       ORDER BY c.event_seq`,
      [now, leaseSeconds],
    )) as ClaimedDelivery[];
  }

  private async sendAll(claimed: ClaimedDelivery[]): Promise<Record<string, number>> {
    let delivered = 0;
    let failed = 0;
    let dead = 0;
    const queue = [...claimed];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const outcome = await this.sendOne(next);
        if (outcome === 'delivered') delivered++;
        else if (outcome === 'dead') dead++;
        else failed++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, claimed.length) }, worker));
    return { delivered, failed, dead };
  }

  private async sendOne(d: ClaimedDelivery): Promise<'delivered' | 'retry' | 'dead'> {
    const body = JSON.stringify({
      id: d.event_id,
      type: d.event_type,
      occurredAt: d.occurred_at.toISOString(),
      aggregate: { type: d.aggregate_type, id: d.aggregate_id },
      data: d.payload,
    });
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.webhooks.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'cs-department-webhooks/1',
          'x-event-id': d.event_id,
          'x-event-type': d.event_type,
          'x-delivery-attempt': String(d.attempts),
          'x-signature': signBody(d.secret, body),
        },
        body,
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    try {
      if (!error) {
        await this.dataSource.query(
          `UPDATE webhook_delivery SET status = 'delivered', delivered_at = now(), last_status_code = $2, last_error = NULL WHERE id = $1`,
          [d.id, status],
        );
        return 'delivered';
      }
      const isDead = d.attempts >= this.config.webhooks.maxAttempts;
      const delay = retryDelaySeconds(d.attempts, this.config.webhooks.retryBaseSeconds);
      await this.dataSource.query(
        `UPDATE webhook_delivery SET status = $2, last_status_code = $3, last_error = $4, next_attempt_at = now() + make_interval(secs => $5) WHERE id = $1`,
        [d.id, isDead ? 'dead' : 'pending', status, error.slice(0, ERROR_TEXT_LIMIT), delay],
      );
      return isDead ? 'dead' : 'retry';
    } catch (e) {
      // The lease expires and the delivery is retried: at least once, never lost.
      this.logger.warn({ err: e }, `Could not record the outcome of webhook delivery ${d.id}`);
      return 'retry';
    }
  }
}
