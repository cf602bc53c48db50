import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, type Notification } from 'pg';
import { DataSource } from 'typeorm';
import { hasOwnSessions } from '../../common/sql';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ActorCache } from './actor-cache';

/** The channel the `actor-change-notices` triggers announce on: a user's id, or `*` for everyone. */
export const ACTOR_CHANGED_CHANNEL = 'actor_changed';
/** Reconnect delays after the listening connection fails: doubling from the first, capped at the last. */
export const ACTOR_LISTENER_RETRY_MS = { first: 500, max: 30_000 };

/** What a change notice asks of the cache: forget one user, or everyone. */
export function applyActorNotice<T>(cache: ActorCache<T>, payload: string | undefined): void {
  if (!payload || payload === '*') cache.clear();
  else cache.evict(payload);
}

/**
 * Keeps one connection per instance listening for the change notices and makes the actor cache live
 * while, and only while, that connection is up. Losing it (server restart, network, a terminated
 * backend) turns the cache off at once — every request reads the database again — and reconnects with
 * back-off; the cache starts empty when notices arrive again. On embedded PGlite (one session for
 * every connection) and with ACTOR_CACHE_TTL_MS=0 it never connects and the cache stays off.
 */
@Injectable()
export class ActorChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ActorChangeListener');
  private client: Client | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;

  constructor(
    // The cache holds whatever row type AuthService keeps; the listener only evicts by key.
    private readonly cache: ActorCache<unknown>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.database.url || !hasOwnSessions(this.dataSource) || this.config.auth.actorCacheTtlMs === 0) return;
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.cache.setLive(false);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Whether notices arrive now (for tests and health). */
  get listening(): boolean {
    return this.client !== null;
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    const client = new Client({
      connectionString: this.config.database.url!,
      application_name: 'cs-api-actor-listener',
      // A silent network partition is found by TCP keep-alive; the TTL bounds staleness until then.
      keepAlive: true,
    });
    client.on('notification', (notice: Notification) => {
      if (notice.channel === ACTOR_CHANGED_CHANNEL) applyActorNotice(this.cache, notice.payload);
    });
    client.on('error', (error: Error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${ACTOR_CHANGED_CHANNEL}`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.cache.setLive(true);
  }

  private lost(client: Client, error: Error | null): void {
    client.removeAllListeners('end');
    client.removeAllListeners('error');
    client.on('error', () => undefined);
    if (this.client === client) this.client = null;
    else if (this.client !== null) return; // an older connection's late event
    this.cache.setLive(false);
    void client.end().catch(() => undefined);
    if (this.stopped || this.retryTimer) return;
    const delay = Math.min(ACTOR_LISTENER_RETRY_MS.max, ACTOR_LISTENER_RETRY_MS.first * 2 ** this.failures);
    this.failures += 1;
    this.logger.warn(
      `Change notices for signed-in users stopped (${error?.message ?? 'connection closed'}); every request reads the database until they resume; reconnecting in ${delay} ms`,
    );
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }
}
