import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor, Role } from '../../common/actor';
import { AppError, invalidInput } from '../../common/errors';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../common/password';
import { queryPrepared } from '../../common/sql';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { setPassword } from '../org/users.service';
import type { MeResponse, TokenResponse } from './auth.dto';
import { ActorCache } from './actor-cache';
import { LoginRateLimiter } from './login-rate-limiter';
import { safeEqualHex, sha256, TokenService } from './token.service';

const INVALID_LOGIN = 'Invalid username or password';
/** Per client address: this many login attempts per window, over all accounts. */
export const LOGIN_ATTEMPTS_PER_ADDRESS = 30;
export const LOGIN_ADDRESS_WINDOW_MS = 5 * 60_000;

interface LoginRow {
  id: string;
  password_hash: string;
  active: boolean;
  failed_login_count: number;
  locked_until: Date | null;
  token_version: number;
}

export interface ActorRow {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  active: boolean;
  token_version: number;
  org_unit_id: string;
  path: string;
  kind: Actor['orgUnitKind'];
  unit_name: string;
}

@Injectable()
export class AuthService {
  private readonly limiter = new LoginRateLimiter(LOGIN_ATTEMPTS_PER_ADDRESS, LOGIN_ADDRESS_WINDOW_MS);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly actors: ActorCache<ActorRow>,
  ) {}

  async login(username: string, password: string, clientAddress: string): Promise<TokenResponse> {
    const wait = this.limiter.take(clientAddress);
    if (wait > 0)
      throw new AppError('rate_limited', `Too many login attempts from this address; try again in ${wait} s`, undefined, undefined, wait);
    const rows = (await this.dataSource.query(
      `SELECT id, password_hash, active, failed_login_count, locked_until, token_version FROM app_user WHERE lower(username) = lower($1)`,
      [username],
    )) as LoginRow[];
    const user = rows[0];
    if (user?.locked_until && user.locked_until > new Date()) {
      const seconds = Math.ceil((user.locked_until.getTime() - Date.now()) / 1000);
      throw new AppError(
        'rate_limited',
        `This account is locked after repeated failed logins; try again in ${seconds} s`,
        undefined,
        undefined,
        seconds,
      );
    }
    const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
    if (!user || !ok || !user.active) {
      if (user && !ok) await this.recordFailure(user);
      throw new AppError('unauthenticated', INVALID_LOGIN);
    }
    await this.dataSource.query(
      `UPDATE app_user SET failed_login_count = 0, locked_until = NULL WHERE id = $1 AND failed_login_count > 0`,
      [user.id],
    );
    return this.issue(user.id, user.token_version);
  }

  private async recordFailure(user: LoginRow): Promise<void> {
    const { loginMaxFailures, loginLockMinutes } = this.config.auth;
    await this.dataSource.transaction(async (m) => {
      const [updated] = (await m.query(
        `UPDATE app_user SET
           failed_login_count = CASE WHEN failed_login_count + 1 >= $2 THEN 0 ELSE failed_login_count + 1 END,
           locked_until = CASE WHEN failed_login_count + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
         WHERE id = $1 RETURNING locked_until`,
        [user.id, loginMaxFailures, loginLockMinutes],
      )) as [{ locked_until: Date | null }[], number];
      const lockedUntil = updated[0]?.locked_until;
      if (lockedUntil && lockedUntil > new Date()) {
        await this.audit.record(m, 'system', {
          action: 'user.login_locked',
          entityType: 'user',
          entityId: user.id,
          after: { lockedUntil: lockedUntil.toISOString(), failures: loginMaxFailures },
        });
      }
    });
  }

  private async issue(userId: string, tokenVersion: number): Promise<TokenResponse> {
    const secret = randomBytes(32).toString('base64url');
    const rows = (await this.dataSource.query(
      `INSERT INTO refresh_token (user_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(days => $3)) RETURNING id`,
      [userId, sha256(secret), this.config.auth.refreshTokenTtlDays],
    )) as { id: string }[];
    return {
      accessToken: this.tokens.signAccess({ sub: userId, tv: tokenVersion }),
      refreshToken: `${rows[0]!.id}.${secret}`,
      expiresIn: this.tokens.accessTtlSeconds,
      tokenType: 'Bearer',
    };
  }

  /** Refresh tokens are single use; presenting a used one revokes every session of that user (theft). */
  async refresh(refreshToken: string): Promise<TokenResponse> {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(refreshToken);
    if (!match) throw new AppError('unauthenticated', 'Invalid refresh token');
    const outcome = await this.dataSource.transaction(async (m): Promise<TokenResponse | 'reused' | 'invalid' | 'expired'> => {
      const rows = (await m.query(
        `SELECT r.id, r.user_id, r.token_hash, r.expires_at, r.revoked_at, u.active, u.token_version
         FROM refresh_token r JOIN app_user u ON u.id = r.user_id WHERE r.id = $1 FOR UPDATE OF r`,
        [match[1]],
      )) as {
        id: string;
        user_id: string;
        token_hash: string;
        expires_at: Date;
        revoked_at: Date | null;
        active: boolean;
        token_version: number;
      }[];
      const row = rows[0];
      if (!row || !safeEqualHex(row.token_hash, sha256(match[2]!))) return 'invalid';
      if (row.revoked_at) {
        // Committed before answering: a stolen token chain dies even though this request fails.
        await m.query('UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [row.user_id]);
        return 'reused';
      }
      if (row.expires_at <= new Date() || !row.active) return 'expired';
      await m.query('UPDATE refresh_token SET revoked_at = now() WHERE id = $1', [row.id]);
      const secret = randomBytes(32).toString('base64url');
      const inserted = (await m.query(
        `INSERT INTO refresh_token (user_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(days => $3)) RETURNING id`,
        [row.user_id, sha256(secret), this.config.auth.refreshTokenTtlDays],
      )) as { id: string }[];
      return {
        accessToken: this.tokens.signAccess({ sub: row.user_id, tv: row.token_version }),
        refreshToken: `${inserted[0]!.id}.${secret}`,
        expiresIn: this.tokens.accessTtlSeconds,
        tokenType: 'Bearer',
      };
    });
    if (outcome === 'invalid') throw new AppError('unauthenticated', 'Invalid refresh token');
    if (outcome === 'reused') throw new AppError('unauthenticated', 'This refresh token was already used; sign in again');
    if (outcome === 'expired') throw new AppError('unauthenticated', 'The session has expired; sign in again');
    return outcome;
  }

  async logout(actor: Actor, refreshToken: string): Promise<void> {
    const id = refreshToken.split('.')[0] ?? '';
    if (!/^[0-9a-f-]{36}$/.test(id)) throw invalidInput('refreshToken', 'is not a refresh token');
    await this.dataSource.query('UPDATE refresh_token SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL', [
      id,
      actor.id,
    ]);
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const rows = (await this.dataSource.query('SELECT password_hash FROM app_user WHERE id = $1', [actor.id])) as {
      password_hash: string;
    }[];
    if (!rows[0] || !(await verifyPassword(rows[0].password_hash, currentPassword))) {
      throw new AppError('validation_failed', 'The current password is wrong', [{ field: 'currentPassword', problem: 'is wrong' }]);
    }
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (m) => {
      await setPassword(m, actor.id, passwordHash);
      await this.audit.record(m, actor, {
        action: 'user.password_changed',
        entityType: 'user',
        entityId: actor.id,
        orgUnitId: actor.orgUnitId,
        after: { passwordChanged: true },
      });
    });
    // The database announces it to every instance; this one forgets at once, before it answers.
    this.actors.evict(actor.id);
  }

  /** Resolves a verified access token to the current state of its user (roles and unit may have changed). */
  async actorForToken(token: string): Promise<Actor | null> {
    const claims = this.tokens.verifyAccess(token);
    if (!claims || !/^[0-9a-f-]{36}$/.test(claims.sub)) return null;
    // From the cache while change notices arrive (ActorCache); a change evicts before its response.
    let row = this.actors.get(claims.sub);
    if (!row) {
      const ticket = this.actors.ticket();
      row = await this.loadActorRow(claims.sub);
      if (row) this.actors.put(claims.sub, row, ticket);
    }
    if (!row || !row.active || row.token_version !== claims.tv) return null;
    return {
      kind: 'user',
      id: row.id,
      name: row.username,
      orgUnitId: row.org_unit_id,
      orgUnitPath: row.path,
      orgUnitKind: row.kind,
      roles: row.roles,
      scopes: [],
    };
  }

  async me(actor: Actor): Promise<MeResponse> {
    const row = await this.loadActorRow(actor.id);
    if (!row) throw new AppError('unauthenticated', 'The user no longer exists');
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      roles: [...row.roles].sort(),
      orgUnit: { id: row.org_unit_id, name: row.unit_name, kind: row.kind },
      timeZone: this.config.business.timeZone,
    };
  }

  private async loadActorRow(userId: string): Promise<ActorRow | undefined> {
    // Every authenticated request runs this: a prepared statement.
    const rows = await queryPrepared<ActorRow>(
      this.dataSource.manager,
      `SELECT u.id, u.username, u.display_name, u.roles, u.active, u.token_version, u.org_unit_id, o.path, o.kind, o.name AS unit_name
       FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id WHERE u.id = $1`,
      [userId],
    );
    return rows[0];
  }
}
