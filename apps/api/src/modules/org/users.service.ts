import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, Role } from '../../common/actor';
import { conflict, notFound, ruleViolated } from '../../common/errors';
import { type Page, paginate } from '../../common/pagination';
import { hashPassword } from '../../common/password';
import { escapeLike } from '../../common/sql';
import { assertVersion } from '../../common/version';
import { AuditService } from '../audit/audit.service';
import { ActorCache } from '../auth/actor-cache';
import { OrgUnitsService } from './org-units.service';
import { type CreateUserDto, toUserResponse, type UpdateUserDto, type UserQuery, type UserResponse } from './user.dto';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: OrgUnitsService,
    private readonly audit: AuditService,
    private readonly actors: ActorCache<unknown>,
  ) {}

  private async findInScope(actor: Actor, id: string, m: EntityManager = this.dataSource.manager): Promise<User> {
    const rows = (await m.query(`SELECT u.id FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id WHERE u.id = $1 AND o.path LIKE $2`, [
      id,
      `${actor.orgUnitPath}%`,
    ])) as { id: string }[];
    const user = rows[0] ? await m.findOneBy(User, { id }) : null;
    if (!user) throw notFound('User');
    return user;
  }

  async get(actor: Actor, id: string): Promise<UserResponse> {
    return toUserResponse(await this.findInScope(actor, id));
  }

  async list(actor: Actor, query: UserQuery): Promise<Page<UserResponse>> {
    const qb = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin('org_unit', 'o', 'o.id = u.org_unit_id')
      .where('o.path LIKE :prefix', { prefix: `${actor.orgUnitPath}%` });
    if (query.orgUnitId) qb.andWhere('u.org_unit_id = :orgUnitId', { orgUnitId: query.orgUnitId });
    if (query.role) qb.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.active) qb.andWhere('u.active = :active', { active: query.active === 'true' });
    if (query.q) qb.andWhere('(u.username ILIKE :q OR u.display_name ILIKE :q)', { q: `%${escapeLike(query.q)}%` });
    return paginate(
      qb,
      query,
      { column: 'u.created_at', idColumn: 'u.id', direction: 'DESC' },
      (u) => u.createdAt.toISOString(),
      (u) => u.id,
      toUserResponse,
    );
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserResponse> {
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (m) => {
      const unit = await this.units.findInScope(actor, dto.orgUnitId, m);
      const taken: unknown[] = await m.query('SELECT 1 FROM app_user WHERE lower(username) = lower($1)', [dto.username]);
      if (taken.length > 0) throw conflict(`The username "${dto.username}" is taken`);
      const user = await insertUser(m, {
        username: dto.username,
        displayName: dto.displayName.trim(),
        orgUnitId: unit.id,
        roles: dto.roles,
        joinedOn: dto.joinedOn ?? null,
        phone: dto.phone ?? null,
        email: dto.email ?? null,
        passwordHash,
      });
      const response = toUserResponse(user);
      await this.audit.record(m, actor, {
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        orgUnitId: unit.id,
        after: response,
      });
      return response;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    const updated = await this.dataSource.transaction(async (m) => {
      const user = await this.findInScope(actor, id, m);
      await m.query('SELECT 1 FROM app_user WHERE id = $1 FOR UPDATE', [id]);
      assertVersion('User', user.version, dto.version);
      const before = toUserResponse(user);
      if (dto.orgUnitId !== undefined) user.orgUnitId = (await this.units.findInScope(actor, dto.orgUnitId, m)).id;
      if (dto.roles !== undefined) {
        if (user.id === actor.id && user.roles.includes('admin') && !dto.roles.includes('admin')) {
          throw ruleViolated('keep_own_admin', 'You cannot remove the admin role from yourself');
        }
        user.roles = dto.roles;
      }
      if (dto.displayName !== undefined) user.displayName = dto.displayName.trim();
      if (dto.joinedOn !== undefined) user.joinedOn = dto.joinedOn;
      if (dto.phone !== undefined) user.phone = dto.phone;
      if (dto.email !== undefined) user.email = dto.email;
      if (dto.active !== undefined && dto.active !== user.active) {
        if (user.id === actor.id && !dto.active) throw ruleViolated('keep_own_account', 'You cannot deactivate yourself');
        user.active = dto.active;
        user.tokenVersion += 1; // tokens issued before stop working at once
        if (!dto.active) await m.query('UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [id]);
      }
      user.version += 1;
      user.updatedAt = new Date();
      await m.save(User, user);
      const after = toUserResponse(user);
      await this.audit.record(m, actor, {
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        orgUnitId: user.orgUnitId,
        before,
        after,
      });
      return after;
    });
    // Roles, unit or sign-in may have changed: every instance hears it from the database; this one
    // forgets the user at once, so the answer below is already in force here.
    this.actors.evict(id);
    return updated;
  }

  async resetPassword(actor: Actor, id: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (m) => {
      const user = await this.findInScope(actor, id, m);
      await setPassword(m, id, passwordHash);
      await this.audit.record(m, actor, {
        action: 'user.password_reset',
        entityType: 'user',
        entityId: id,
        orgUnitId: user.orgUnitId,
        after: { passwordChanged: true },
      });
    });
    this.actors.evict(id);
  }
}

export async function insertUser(
  m: EntityManager,
  input: {
    username: string;
    displayName: string;
    orgUnitId: string;
    roles: Role[];
    joinedOn: string | null;
    phone: string | null;
    email: string | null;
    passwordHash: string;
  },
): Promise<User> {
  const rows = (await m.query(
    `INSERT INTO app_user (username, display_name, org_unit_id, roles, joined_on, phone, email, password_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [input.username, input.displayName, input.orgUnitId, input.roles, input.joinedOn, input.phone, input.email, input.passwordHash],
  )) as { id: string }[];
  return m.findOneByOrFail(User, { id: rows[0]!.id });
}

/** Sets a new password, signs the user out everywhere and clears a login lock. */
export async function setPassword(m: EntityManager, userId: string, passwordHash: string): Promise<void> {
  await m.query(
    `UPDATE app_user SET password_hash = $2, token_version = token_version + 1, failed_login_count = 0,
            locked_until = NULL, updated_at = now(), version = version + 1 WHERE id = $1`,
    [userId, passwordHash],
  );
  await m.query('UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
}
