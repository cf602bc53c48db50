import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { invalidInput, notFound } from '../../common/errors';
import { type Page, paginate } from '../../common/pagination';
import { AuditService } from '../audit/audit.service';
import { safeEqualHex, sha256 } from '../auth/token.service';
import { OrgUnitsService } from '../org/org-units.service';
import { ApiKey } from './api-key.entity';
import { type ApiKeyQuery, type ApiKeyResponse, type CreateApiKeyDto, type CreatedApiKeyResponse, toApiKeyResponse } from './api-key.dto';

/** `csk_<12 hex prefix>_<43 chars base64url secret>`: 256 random bits; the prefix finds the row. */
const KEY_PATTERN = /^csk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** last_used_at is refreshed at most this often, so busy keys do not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: OrgUnitsService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    if (dto.expiresAt && new Date(dto.expiresAt) <= new Date()) throw invalidInput('expiresAt', 'must be in the future');
    return this.dataSource.transaction(async (m) => {
      const unit = await this.units.findInScope(actor, dto.orgUnitId, m);
      const prefix = randomBytes(6).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      // The secret has 256 bits of entropy, so a fast hash is enough (no need for a slow password hash).
      const rows = (await m.query(
        `INSERT INTO api_key (name, prefix, secret_hash, scopes, org_unit_id, created_by_id, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [dto.name.trim(), prefix, sha256(secret), dto.scopes, unit.id, actor.kind === 'user' ? actor.id : null, dto.expiresAt ?? null],
      )) as { id: string }[];
      const key = await m.findOneByOrFail(ApiKey, { id: rows[0]!.id });
      const response = toApiKeyResponse(key);
      await this.audit.record(m, actor, {
        action: 'api_key.created',
        entityType: 'api_key',
        entityId: key.id,
        orgUnitId: unit.id,
        after: response,
      });
      return { ...response, key: `csk_${prefix}_${secret}` };
    });
  }

  async list(actor: Actor, query: ApiKeyQuery): Promise<Page<ApiKeyResponse>> {
    const qb = this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .innerJoin('org_unit', 'o', 'o.id = k.org_unit_id')
      .where('o.path LIKE :prefix', { prefix: `${actor.orgUnitPath}%` });
    if (query.status === 'revoked') qb.andWhere('k.revoked_at IS NOT NULL');
    if (query.status === 'active') qb.andWhere('k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())');
    if (query.status === 'expired') qb.andWhere('k.revoked_at IS NULL AND k.expires_at <= now()');
    return paginate(
      qb,
      query,
      { column: 'k.created_at', idColumn: 'k.id', direction: 'DESC' },
      (k) => k.createdAt.toISOString(),
      (k) => k.id,
      toApiKeyResponse,
    );
  }

  async get(actor: Actor, id: string): Promise<ApiKeyResponse> {
    return toApiKeyResponse(await this.findInScope(actor, id));
  }

  async revoke(actor: Actor, id: string): Promise<ApiKeyResponse> {
    return this.dataSource.transaction(async (m) => {
      const key = await this.findInScope(actor, id, m);
      if (key.revokedAt) return toApiKeyResponse(key);
      const before = toApiKeyResponse(key);
      await m.query('UPDATE api_key SET revoked_at = now(), version = version + 1 WHERE id = $1', [id]);
      const after = toApiKeyResponse(await m.findOneByOrFail(ApiKey, { id }));
      await this.audit.record(m, actor, {
        action: 'api_key.revoked',
        entityType: 'api_key',
        entityId: id,
        orgUnitId: key.orgUnitId,
        before,
        after,
      });
      return after;
    });
  }

  private async findInScope(actor: Actor, id: string, m = this.dataSource.manager): Promise<ApiKey> {
    const rows = (await m.query(`SELECT k.id FROM api_key k JOIN org_unit o ON o.id = k.org_unit_id WHERE k.id = $1 AND o.path LIKE $2`, [
      id,
      `${actor.orgUnitPath}%`,
    ])) as unknown[];
    const key = rows.length ? await m.findOneBy(ApiKey, { id }) : null;
    if (!key) throw notFound('API key');
    return key;
  }

  /** Resolves an `X-Api-Key` to an actor, or null when the key is unknown, revoked or expired. */
  async authenticate(presented: string): Promise<Actor | null> {
    const match = KEY_PATTERN.exec(presented);
    if (!match) return null;
    const rows = (await this.dataSource.query(
      `SELECT k.id, k.name, k.secret_hash, k.scopes, k.org_unit_id, k.revoked_at, k.expires_at, k.last_used_at, o.path, o.kind
       FROM api_key k JOIN org_unit o ON o.id = k.org_unit_id WHERE k.prefix = $1`,
      [match[1]],
    )) as {
      id: string;
      name: string;
      secret_hash: string;
      scopes: Actor['scopes'];
      org_unit_id: string;
      revoked_at: Date | null;
      expires_at: Date | null;
      last_used_at: Date | null;
      path: string;
      kind: Actor['orgUnitKind'];
    }[];
    const row = rows[0];
    if (!row || !safeEqualHex(row.secret_hash, sha256(match[2]!))) return null;
    if (row.revoked_at || (row.expires_at && row.expires_at <= new Date())) return null;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.dataSource.query('UPDATE api_key SET last_used_at = now() WHERE id = $1', [row.id]);
    }
    return {
      kind: 'api_key',
      id: row.id,
      name: row.name,
      orgUnitId: row.org_unit_id,
      orgUnitPath: row.path,
      orgUnitKind: row.kind,
      roles: [],
      scopes: row.scopes,
    };
  }
}
