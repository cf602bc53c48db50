import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { rankWithRewardTiers, type RewardTier, validateRewardTiers } from '@cs/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, actorLabel } from '../../common/actor';
import { AppError, conflict, notFound, ruleViolated } from '../../common/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, type Page, pageFromRows } from '../../common/pagination';
import { AuditService } from '../audit/audit.service';
import { OrgUnitsService } from '../org/org-units.service';
import type { CreateStaffRankingDto, StaffRankingQuery, StaffRankingResponse } from './service-staff-ranking.dto';

/** [001 篇十三 5.1] Quarterly rewards for ranks 1–3 and 4–8 unless the caller gives other tiers. */
export const DEFAULT_REWARD_TIERS: RewardTier[] = [
  { name: '1-3', fromRank: 1, toRank: 3 },
  { name: '4-8', fromRank: 4, toRank: 8 },
];

interface RankingRow {
  id: string;
  quarter: string;
  title: string;
  orgUnitId: string;
  orgUnitPath: string;
  tiers: RewardTier[];
  createdBy: string;
  createdAt: Date;
  entries: { userId: string; userName: string; score: string; rank: number; tier: string | null }[];
}

const RANKING_SELECT = `SELECT r.id, r.quarter, r.title, r.org_unit_id AS "orgUnitId", o.path AS "orgUnitPath", r.tiers, r.created_by AS "createdBy",
  r.created_at AS "createdAt",
  (SELECT coalesce(json_agg(json_build_object('userId', e.user_id, 'userName', u.display_name, 'score', e.score::text, 'rank', e.rank, 'tier', e.tier)
          ORDER BY e.rank, u.display_name), '[]'::json)
     FROM service_staff_ranking_entry e JOIN app_user u ON u.id = e.user_id WHERE e.ranking_id = r.id) AS entries
  FROM service_staff_ranking r JOIN org_unit o ON o.id = r.org_unit_id`;

function toResponse(row: RankingRow): StaffRankingResponse {
  return {
    id: row.id,
    quarter: row.quarter,
    title: row.title,
    orgUnitId: row.orgUnitId,
    tiers: row.tiers,
    entries: row.entries.map((e) => ({ ...e, score: Number(e.score) })),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Quarterly ranking of service staff with reward tiers, on the same ranking engine as the year-end appraisal. */
@Injectable()
export class ServiceStaffRankingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: OrgUnitsService,
    private readonly audit: AuditService,
  ) {}

  private async findInScope(actor: Actor, id: string, m: EntityManager = this.dataSource.manager): Promise<RankingRow> {
    const rows = (await m.query(`${RANKING_SELECT} WHERE r.id = $1`, [id])) as RankingRow[];
    const row = rows[0];
    if (!row || !row.orgUnitPath.startsWith(actor.orgUnitPath)) throw notFound('Service-staff ranking');
    return row;
  }

  async get(actor: Actor, id: string): Promise<StaffRankingResponse> {
    return toResponse(await this.findInScope(actor, id));
  }

  async list(actor: Actor, query: StaffRankingQuery): Promise<Page<StaffRankingResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [`${actor.orgUnitPath}%`];
    const where = ['o.path LIKE $1'];
    if (query.quarter) {
      params.push(query.quarter);
      where.push(`r.quarter = $${params.length}`);
    }
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(position.v, position.id);
      where.push(`(r.created_at, r.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `${RANKING_SELECT} WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT $${params.length}`,
      params,
    )) as RankingRow[];
    return pageFromRows(rows, limit, (row) => ({ v: row.createdAt.toISOString(), id: row.id }), toResponse);
  }

  async create(actor: Actor, dto: CreateStaffRankingDto): Promise<StaffRankingResponse> {
    const tiers = dto.tiers?.map((t) => ({ name: t.name.trim(), fromRank: t.fromRank, toRank: t.toRank })) ?? DEFAULT_REWARD_TIERS;
    const tierProblems = validateRewardTiers(tiers);
    if (tierProblems.length > 0)
      throw ruleViolated(
        'reward_tiers_valid',
        tierProblems.join('; '),
        tierProblems.map((p) => ({ field: 'tiers', problem: p })),
      );
    const userIds = dto.entries.map((e) => e.userId);
    const duplicates = userIds.filter((id, index) => userIds.indexOf(id) !== index);
    if (duplicates.length > 0)
      throw new AppError('validation_failed', `entries list a user twice: ${[...new Set(duplicates)].join(', ')}`, [
        { field: 'entries', problem: 'a user is listed twice' },
      ]);
    return this.dataSource.transaction(async (m) => {
      const unit = await this.units.findInScope(actor, dto.orgUnitId ?? actor.orgUnitId, m);
      const users = (await m.query(
        `SELECT u.id FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id WHERE u.id = ANY($1::uuid[]) AND o.path LIKE $2`,
        [userIds, `${unit.path}%`],
      )) as { id: string }[];
      const known = new Set(users.map((u) => u.id));
      const missing = userIds.filter((id) => !known.has(id));
      if (missing.length > 0) throw new AppError('not_found', `Users not found in the unit: ${missing.join(', ')}`);
      const title = dto.title?.trim() ?? 'Service staff';
      const taken = (await m.query('SELECT 1 FROM service_staff_ranking WHERE org_unit_id = $1 AND quarter = $2 AND title = $3', [
        unit.id,
        dto.quarter,
        title,
      ])) as unknown[];
      if (taken.length > 0) throw conflict(`A ranking "${title}" for ${dto.quarter} already exists in this unit`);
      // Scores go to the engine in hundredths so ties are exact.
      const ranked = rankWithRewardTiers(
        dto.entries.map((e) => ({ id: e.userId, score: Math.round(e.score * 100) })),
        tiers,
      );
      const inserted = (await m.query(
        `INSERT INTO service_staff_ranking (org_unit_id, quarter, title, tiers, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [unit.id, dto.quarter, title, JSON.stringify(tiers), actorLabel(actor)],
      )) as { id: string }[];
      const id = inserted[0]!.id;
      await m.query(
        `INSERT INTO service_staff_ranking_entry (ranking_id, user_id, score, rank, tier)
         SELECT $1, x.user_id, x.score, x.rank, x.tier FROM unnest($2::uuid[], $3::numeric[], $4::int[], $5::text[]) AS x(user_id, score, rank, tier)`,
        [id, ranked.map((r) => r.id), ranked.map((r) => (r.score / 100).toFixed(2)), ranked.map((r) => r.rank), ranked.map((r) => r.tier)],
      );
      const response = toResponse(await this.findInScope(actor, id, m));
      await this.audit.record(m, actor, {
        action: 'service_staff_ranking.created',
        entityType: 'service_staff_ranking',
        entityId: id,
        orgUnitId: unit.id,
        after: response,
      });
      return response;
    });
  }
}
