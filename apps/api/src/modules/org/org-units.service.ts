import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, inScope } from '../../common/actor';
import { notFound, ruleViolated } from '../../common/errors';
import { type Page, paginate } from '../../common/pagination';
import { escapeLike } from '../../common/sql';
import { assertVersion } from '../../common/version';
import { AuditService } from '../audit/audit.service';
import { ActorCache } from '../auth/actor-cache';
import {
  type CreateOrgUnitDto,
  type OrgTreeNode,
  type OrgUnitQuery,
  type OrgUnitResponse,
  toOrgUnitResponse,
  type UpdateOrgUnitDto,
} from './org-unit.dto';
import { OrgUnit, type OrgUnitKind } from './org-unit.entity';

/** Which kind of unit may hang under which (a sales office may hang directly under a platform). */
export const ALLOWED_PARENT_KINDS: Record<OrgUnitKind, OrgUnitKind[]> = {
  hq: [],
  platform: ['hq'],
  branch: ['platform'],
  sales_office: ['branch', 'platform'],
};

@Injectable()
export class OrgUnitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly actors: ActorCache<unknown>,
  ) {}

  /** Loads a unit the actor may see, else 404 (existence outside the scope is not revealed). */
  async findInScope(actor: Actor, id: string, manager: EntityManager = this.dataSource.manager): Promise<OrgUnit> {
    const unit = await manager.findOneBy(OrgUnit, { id });
    if (!unit || !inScope(actor, unit.path)) throw notFound('Org unit');
    return unit;
  }

  async get(actor: Actor, id: string): Promise<OrgUnitResponse> {
    return toOrgUnitResponse(await this.findInScope(actor, id));
  }

  async list(actor: Actor, query: OrgUnitQuery): Promise<Page<OrgUnitResponse>> {
    const qb = this.dataSource
      .getRepository(OrgUnit)
      .createQueryBuilder('u')
      .where('u.path LIKE :prefix', { prefix: `${actor.orgUnitPath}%` });
    if (query.kind) qb.andWhere('u.kind = :kind', { kind: query.kind });
    if (query.parentId) qb.andWhere('u.parent_id = :parentId', { parentId: query.parentId });
    if (query.q) qb.andWhere('(u.name ILIKE :q OR u.code ILIKE :q)', { q: `%${escapeLike(query.q)}%` });
    return paginate(
      qb,
      query,
      { column: 'u.created_at', idColumn: 'u.id', direction: 'ASC' },
      (u) => u.createdAt.toISOString(),
      (u) => u.id,
      toOrgUnitResponse,
    );
  }

  /** The actor's subtree as nested nodes, children sorted by name. */
  async tree(actor: Actor): Promise<OrgTreeNode[]> {
    const units = await this.dataSource
      .getRepository(OrgUnit)
      .createQueryBuilder('u')
      .where('u.path LIKE :prefix', { prefix: `${actor.orgUnitPath}%` })
      .orderBy('u.depth', 'ASC')
      .addOrderBy('u.name', 'ASC')
      .getMany();
    const nodes = new Map<string, OrgTreeNode>();
    const roots: OrgTreeNode[] = [];
    for (const unit of units) {
      const node: OrgTreeNode = { ...toOrgUnitResponse(unit), children: [] };
      nodes.set(unit.id, node);
      const parent = unit.parentId ? nodes.get(unit.parentId) : undefined;
      if (parent) parent.children.push(node);
      else roots.push(node);
    }
    return roots;
  }

  async create(actor: Actor, dto: CreateOrgUnitDto): Promise<OrgUnitResponse> {
    return this.dataSource.transaction(async (m) => {
      let parent: OrgUnit | null = null;
      if (dto.kind === 'hq') {
        if (dto.parentId) throw ruleViolated('hq_is_root', 'The HQ unit is the root of the tree and has no parent');
        const existing = await m.countBy(OrgUnit, {});
        if (existing > 0) throw ruleViolated('single_hq', 'There is already an HQ unit; there can be only one root');
      } else {
        if (!dto.parentId) throw ruleViolated('parent_required', `A ${dto.kind} needs a parentId`);
        parent = await this.findInScope(actor, dto.parentId, m);
        assertParentKind(dto.kind, parent.kind);
      }
      const unit = await createUnit(m, { name: dto.name.trim(), code: dto.code ?? null, kind: dto.kind, parent });
      const response = toOrgUnitResponse(unit);
      await this.audit.record(m, actor, {
        action: 'org_unit.created',
        entityType: 'org_unit',
        entityId: unit.id,
        orgUnitId: unit.id,
        after: response,
      });
      return response;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateOrgUnitDto): Promise<OrgUnitResponse> {
    const updated = await this.dataSource.transaction(async (m) => {
      const unit = await this.findInScope(actor, id, m);
      await m.query('SELECT 1 FROM org_unit WHERE id = $1 FOR UPDATE', [id]);
      assertVersion('Org unit', unit.version, dto.version);
      const before = toOrgUnitResponse(unit);
      if (dto.parentId !== undefined && dto.parentId !== unit.parentId) {
        if (unit.kind === 'hq') throw ruleViolated('hq_is_root', 'The HQ unit cannot be moved');
        if (unit.id === actor.orgUnitId) throw ruleViolated('cannot_move_own_unit', 'You cannot move the unit you belong to');
        const parent = await this.findInScope(actor, dto.parentId, m);
        if (parent.path.startsWith(unit.path)) {
          throw ruleViolated('no_cycles', 'A unit cannot be moved under itself or one of its descendants');
        }
        assertParentKind(unit.kind, parent.kind);
        const newPath = `${parent.path}${unit.id}/`;
        const depthDelta = parent.depth + 1 - unit.depth;
        await m.query(
          `UPDATE org_unit SET path = $1 || substr(path, length($2) + 1), depth = depth + $3
           WHERE path LIKE $2 || '%' AND id <> $4`,
          [newPath, unit.path, depthDelta, unit.id],
        );
        unit.parentId = parent.id;
        unit.path = newPath;
        unit.depth = parent.depth + 1;
      }
      if (dto.name !== undefined) unit.name = dto.name.trim();
      if (dto.code !== undefined) unit.code = dto.code;
      unit.version += 1;
      unit.updatedAt = new Date();
      await m.save(OrgUnit, unit);
      const after = toOrgUnitResponse(unit);
      await this.audit.record(m, actor, { action: 'org_unit.updated', entityType: 'org_unit', entityId: id, orgUnitId: id, before, after });
      return after;
    });
    // A unit's name or path is part of every signed-in member's actor (and of its sub-units' members').
    this.actors.clear();
    return updated;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const unit = await this.findInScope(actor, id, m);
      if (unit.id === actor.orgUnitId) throw ruleViolated('cannot_delete_own_unit', 'You cannot delete the unit you belong to');
      const [usage] = (await m.query(
        `SELECT (SELECT count(*) FROM org_unit WHERE parent_id = $1)::int AS children,
                (SELECT count(*) FROM app_user WHERE org_unit_id = $1)::int AS users,
                (SELECT count(*) FROM api_key WHERE org_unit_id = $1)::int AS keys`,
        [id],
      )) as { children: number; users: number; keys: number }[];
      if (usage && (usage.children > 0 || usage.users > 0 || usage.keys > 0)) {
        throw ruleViolated(
          'unit_not_empty',
          `The unit still has ${usage.children} sub-units, ${usage.users} users and ${usage.keys} API keys; move or remove them first`,
        );
      }
      await m.delete(OrgUnit, { id });
      await this.audit.record(m, actor, {
        action: 'org_unit.deleted',
        entityType: 'org_unit',
        entityId: id,
        orgUnitId: unit.parentId,
        before: toOrgUnitResponse(unit),
      });
    });
    this.actors.clear();
  }
}

function assertParentKind(kind: OrgUnitKind, parentKind: OrgUnitKind): void {
  if (!ALLOWED_PARENT_KINDS[kind].includes(parentKind)) {
    throw ruleViolated('org_tree_shape', `A ${kind} must hang under ${ALLOWED_PARENT_KINDS[kind].join(' or ')}, not under a ${parentKind}`);
  }
}

/** Inserts a unit with its materialised path (shared by the API, the first start and the demo data). */
export async function createUnit(
  m: EntityManager,
  input: { name: string; code: string | null; kind: OrgUnitKind; parent: OrgUnit | null },
): Promise<OrgUnit> {
  const rows = (await m.query(
    `INSERT INTO org_unit (id, name, code, kind, parent_id, path, depth)
     SELECT g.id, $1, $2, $3, $4::uuid, coalesce($5, '/') || g.id || '/', $6
     FROM (SELECT gen_random_uuid() AS id) g
     RETURNING id`,
    [input.name, input.code, input.kind, input.parent?.id ?? null, input.parent?.path ?? null, input.parent ? input.parent.depth + 1 : 0],
  )) as { id: string }[];
  const created = await m.findOneByOrFail(OrgUnit, { id: rows[0]!.id });
  return created;
}
