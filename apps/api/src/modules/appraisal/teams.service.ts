import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { conflict, notFound } from '../../common/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, type Page, pageFromRows } from '../../common/pagination';
import { assertVersion } from '../../common/version';
import { AuditService } from '../audit/audit.service';
import { OrgUnitsService } from '../org/org-units.service';
import type { PostType } from './appraisal-common';
import type { CreateTeamDto, TeamQuery, TeamResponse, UpdateTeamDto } from './team.dto';

interface TeamRow {
  id: string;
  name: string;
  orgUnitId: string;
  orgUnitName: string;
  orgUnitPath: string;
  postType: PostType;
  description: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  leaderAppointmentId: string | null;
  leaderUserId: string | null;
  leaderName: string | null;
  leaderEndsOn: string | null;
  openVacancyId: string | null;
}

const TEAM_SELECT = `
  SELECT t.id, t.name, t.org_unit_id AS "orgUnitId", o.name AS "orgUnitName", o.path AS "orgUnitPath", t.post_type AS "postType",
         t.description, t.version, t.created_at AS "createdAt", t.updated_at AS "updatedAt",
         a.id AS "leaderAppointmentId", a.user_id AS "leaderUserId", u.display_name AS "leaderName", a.ends_on::text AS "leaderEndsOn",
         v.id AS "openVacancyId"
    FROM team t
    JOIN org_unit o ON o.id = t.org_unit_id
    LEFT JOIN team_leader_appointment a ON a.team_id = t.id AND a.status = 'active'
    LEFT JOIN app_user u ON u.id = a.user_id
    LEFT JOIN team_leader_vacancy v ON v.team_id = t.id AND v.status = 'open'`;

function toTeamResponse(row: TeamRow): TeamResponse {
  return {
    id: row.id,
    name: row.name,
    orgUnitId: row.orgUnitId,
    orgUnitName: row.orgUnitName,
    postType: row.postType,
    description: row.description,
    currentLeader:
      row.leaderAppointmentId && row.leaderUserId && row.leaderName && row.leaderEndsOn
        ? { appointmentId: row.leaderAppointmentId, userId: row.leaderUserId, userName: row.leaderName, endsOn: row.leaderEndsOn }
        : null,
    openVacancyId: row.openVacancyId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: OrgUnitsService,
    private readonly audit: AuditService,
  ) {}

  private async findInScope(actor: Actor, id: string, m: EntityManager = this.dataSource.manager): Promise<TeamRow> {
    const rows = (await m.query(`${TEAM_SELECT} WHERE t.id = $1`, [id])) as TeamRow[];
    const row = rows[0];
    if (!row || !row.orgUnitPath.startsWith(actor.orgUnitPath)) throw notFound('Team');
    return row;
  }

  async get(actor: Actor, id: string): Promise<TeamResponse> {
    return toTeamResponse(await this.findInScope(actor, id));
  }

  async list(actor: Actor, query: TeamQuery): Promise<Page<TeamResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [`${actor.orgUnitPath}%`];
    const where = ['o.path LIKE $1'];
    if (query.orgUnitId) {
      params.push(query.orgUnitId);
      where.push(`t.org_unit_id = $${params.length}`);
    }
    if (query.postType) {
      params.push(query.postType);
      where.push(`t.post_type = $${params.length}`);
    }
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(position.v, position.id);
      where.push(`(t.created_at, t.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `${TEAM_SELECT} WHERE ${where.join(' AND ')} ORDER BY t.created_at, t.id LIMIT $${params.length}`,
      params,
    )) as TeamRow[];
    return pageFromRows(rows, limit, (row) => ({ v: row.createdAt.toISOString(), id: row.id }), toTeamResponse);
  }

  async create(actor: Actor, dto: CreateTeamDto): Promise<TeamResponse> {
    return this.dataSource.transaction(async (m) => {
      const unit = await this.units.findInScope(actor, dto.orgUnitId, m);
      const taken = (await m.query('SELECT 1 FROM team WHERE org_unit_id = $1 AND lower(name) = lower($2)', [
        unit.id,
        dto.name.trim(),
      ])) as unknown[];
      if (taken.length > 0) throw conflict(`The unit already has a team named "${dto.name.trim()}"`);
      const rows = (await m.query(`INSERT INTO team (org_unit_id, name, post_type, description) VALUES ($1, $2, $3, $4) RETURNING id`, [
        unit.id,
        dto.name.trim(),
        dto.postType,
        dto.description ?? null,
      ])) as { id: string }[];
      const team = toTeamResponse(await this.findInScope(actor, rows[0]!.id, m));
      await this.audit.record(m, actor, { action: 'team.created', entityType: 'team', entityId: team.id, orgUnitId: unit.id, after: team });
      return team;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateTeamDto): Promise<TeamResponse> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT 1 FROM team WHERE id = $1 FOR UPDATE', [id]);
      const row = await this.findInScope(actor, id, m);
      assertVersion('Team', row.version, dto.version);
      const before = toTeamResponse(row);
      const name = dto.name?.trim() ?? row.name;
      if (name.toLowerCase() !== row.name.toLowerCase()) {
        const taken = (await m.query('SELECT 1 FROM team WHERE org_unit_id = $1 AND lower(name) = lower($2) AND id <> $3', [
          row.orgUnitId,
          name,
          id,
        ])) as unknown[];
        if (taken.length > 0) throw conflict(`The unit already has a team named "${name}"`);
      }
      await m.query(
        `UPDATE team SET name = $2, post_type = $3, description = $4, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, name, dto.postType ?? row.postType, dto.description !== undefined ? dto.description : row.description],
      );
      const after = toTeamResponse(await this.findInScope(actor, id, m));
      await this.audit.record(m, actor, {
        action: 'team.updated',
        entityType: 'team',
        entityId: id,
        orgUnitId: row.orgUnitId,
        before,
        after,
      });
      return after;
    });
  }
}
