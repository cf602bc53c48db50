import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type AppraisalScheme,
  DEFAULT_FORCED_DISTRIBUTION,
  distributionGroupSize,
  extendAppointmentTerm,
  forcedDistribution,
  scoreAppraisal,
  validateAppraisalScheme,
  validateAppraisalScores,
  type YearEndGrade,
  yearEndOutcome,
} from '@cs/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, actorLabel } from '../../common/actor';
import { AppError, conflict, illegalTransition, notFound, ruleViolated } from '../../common/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, pageFromRows } from '../../common/pagination';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { OrgUnitsService } from '../org/org-units.service';
import type { CycleOutcome } from './appraisal-common';
import type {
  CreateCycleDto,
  CreateSchemeDto,
  CycleDetailResponse,
  CycleMemberResponse,
  CyclePage,
  CycleQuery,
  CycleResponse,
  FinalizeCycleResponse,
  PutScoresDto,
  RankingEntry,
  RankingPreviewResponse,
  SchemePage,
  SchemeResponse,
} from './appraisal-cycle.dto';
import { type AuditActor, actorName, AppointmentsService } from './appointments.service';
import type { PageQuery } from '../../common/pagination';

interface SchemeRow {
  id: string;
  name: string;
  orgUnitId: string;
  orgUnitPath: string;
  dimensions: { key: string; name: string; weight: number; minimum?: number }[];
  vetoItems: { key: string; name: string }[];
  createdBy: string;
  createdAt: Date;
}

const SCHEME_SELECT = `SELECT s.id, s.name, s.org_unit_id AS "orgUnitId", o.path AS "orgUnitPath", s.dimensions, s.veto_items AS "vetoItems",
  s.created_by AS "createdBy", s.created_at AS "createdAt" FROM appraisal_scheme s JOIN org_unit o ON o.id = s.org_unit_id`;

function toSchemeResponse(row: SchemeRow): SchemeResponse {
  return {
    id: row.id,
    name: row.name,
    orgUnitId: row.orgUnitId,
    dimensions: row.dimensions,
    vetoItems: row.vetoItems,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

interface CycleRow {
  id: string;
  year: number;
  schemeId: string;
  schemeName: string;
  orgUnitId: string;
  orgUnitPath: string;
  status: 'open' | 'finalized';
  memberCount: number;
  scoredCount: number;
  openedBy: string;
  finalizedAt: Date | null;
  finalizedBy: string | null;
  version: number;
  createdAt: Date;
}

const CYCLE_SELECT = `SELECT c.id, c.year, c.scheme_id AS "schemeId", s.name AS "schemeName", c.org_unit_id AS "orgUnitId", o.path AS "orgUnitPath",
  c.status, (SELECT count(*)::int FROM appraisal_cycle_member mm WHERE mm.cycle_id = c.id) AS "memberCount",
  (SELECT count(*)::int FROM appraisal_cycle_member mm WHERE mm.cycle_id = c.id AND mm.scores IS NOT NULL) AS "scoredCount",
  c.opened_by AS "openedBy", c.finalized_at AS "finalizedAt", c.finalized_by AS "finalizedBy", c.version, c.created_at AS "createdAt"
  FROM appraisal_cycle c JOIN appraisal_scheme s ON s.id = c.scheme_id JOIN org_unit o ON o.id = c.org_unit_id`;

function toCycleResponse(row: CycleRow): CycleResponse {
  return {
    id: row.id,
    year: row.year,
    schemeId: row.schemeId,
    schemeName: row.schemeName,
    orgUnitId: row.orgUnitId,
    status: row.status,
    memberCount: row.memberCount,
    scoredCount: row.scoredCount,
    openedBy: row.openedBy,
    finalizedAt: row.finalizedAt?.toISOString() ?? null,
    finalizedBy: row.finalizedBy,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

interface MemberRow {
  appointmentId: string;
  userId: string;
  userName: string;
  teamName: string;
  appointmentStatus: string;
  scores: Record<string, number> | null;
  vetoes: string[];
  finalScore: string | null;
  belowMinimum: string[];
  rank: number | null;
  grade: YearEndGrade | null;
  basis: string | null;
  outcome: CycleOutcome | null;
}

const MEMBER_SELECT = `SELECT m.appointment_id AS "appointmentId", a.user_id AS "userId", u.display_name AS "userName", t.name AS "teamName",
  a.status AS "appointmentStatus", m.scores, m.vetoes, m.final_score::text AS "finalScore", m.below_minimum AS "belowMinimum",
  m.rank, m.grade, m.basis, m.outcome
  FROM appraisal_cycle_member m JOIN team_leader_appointment a ON a.id = m.appointment_id
  JOIN app_user u ON u.id = a.user_id JOIN team t ON t.id = a.team_id`;

function toMemberResponse(row: MemberRow): CycleMemberResponse {
  return {
    appointmentId: row.appointmentId,
    userId: row.userId,
    userName: row.userName,
    teamName: row.teamName,
    scores: row.scores,
    vetoes: row.vetoes,
    finalScore: row.finalScore === null ? null : Number(row.finalScore),
    belowMinimum: row.belowMinimum,
    rank: row.rank,
    grade: row.grade,
    outcome: row.outcome,
  };
}

/** What finalizing would do to an appointment with this grade [8.3]. */
export function plannedOutcome(grade: YearEndGrade, appointmentStatus: string): CycleOutcome {
  if (appointmentStatus !== 'active') return 'not_applied';
  const outcome = yearEndOutcome(grade);
  if (outcome.vacatePost) return 'post_vacated';
  return outcome.promotionPriority ? 'term_extended_with_promotion_priority' : 'term_extended';
}

function toDomainScheme(row: SchemeRow): AppraisalScheme {
  return { dimensions: row.dimensions, vetoItems: row.vetoItems };
}

@Injectable()
export class AppraisalCyclesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly appointments: AppointmentsService,
    private readonly units: OrgUnitsService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  // ---- schemes -----------------------------------------------------------------------------

  private async schemeInScope(actor: Actor, id: string, m: EntityManager = this.dataSource.manager): Promise<SchemeRow> {
    const rows = (await m.query(`${SCHEME_SELECT} WHERE s.id = $1`, [id])) as SchemeRow[];
    const row = rows[0];
    // A scheme is usable by its unit and every unit below it.
    if (!row || !(row.orgUnitPath.startsWith(actor.orgUnitPath) || actor.orgUnitPath.startsWith(row.orgUnitPath))) {
      throw notFound('Appraisal scheme');
    }
    return row;
  }

  async getScheme(actor: Actor, id: string): Promise<SchemeResponse> {
    return toSchemeResponse(await this.schemeInScope(actor, id));
  }

  async listSchemes(actor: Actor, query: PageQuery): Promise<SchemePage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [`${actor.orgUnitPath}%`, actor.orgUnitPath];
    const where = [`(o.path LIKE $1 OR $2 LIKE o.path || '%')`];
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(position.v, position.id);
      where.push(`(s.created_at, s.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `${SCHEME_SELECT} WHERE ${where.join(' AND ')} ORDER BY s.created_at DESC, s.id DESC LIMIT $${params.length}`,
      params,
    )) as SchemeRow[];
    return pageFromRows(rows, limit, (row) => ({ v: row.createdAt.toISOString(), id: row.id }), toSchemeResponse);
  }

  /** Schemes are immutable once created, so recorded scores always mean what they meant. */
  async createScheme(actor: Actor, dto: CreateSchemeDto): Promise<SchemeResponse> {
    const dimensions = dto.dimensions.map((d) => ({
      key: d.key,
      name: d.name.trim(),
      weight: d.weight,
      ...(d.minimum !== undefined ? { minimum: d.minimum } : {}),
    }));
    const vetoItems = dto.vetoItems.map((v) => ({ key: v.key, name: v.name.trim() }));
    const problems = validateAppraisalScheme({ dimensions, vetoItems });
    if (problems.length > 0) {
      const first = problems[0]!;
      throw ruleViolated(
        first.code === 'SCHEME_WEIGHT_SUM' ? 'scheme_weights_sum_to_100' : first.code.toLowerCase(),
        problems.map((p) => p.message).join('; '),
        problems.map((p) => ({ field: p.key ? `dimensions.${p.key}` : 'dimensions', problem: p.message })),
      );
    }
    return this.dataSource.transaction(async (m) => {
      const unit = await this.units.findInScope(actor, dto.orgUnitId ?? actor.orgUnitId, m);
      const taken = (await m.query('SELECT 1 FROM appraisal_scheme WHERE org_unit_id = $1 AND lower(name) = lower($2)', [
        unit.id,
        dto.name.trim(),
      ])) as unknown[];
      if (taken.length > 0) throw conflict(`A scheme named "${dto.name.trim()}" already exists`);
      const rows = (await m.query(
        `INSERT INTO appraisal_scheme (org_unit_id, name, dimensions, veto_items, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [unit.id, dto.name.trim(), JSON.stringify(dimensions), JSON.stringify(vetoItems), actorLabel(actor)],
      )) as { id: string }[];
      const scheme = toSchemeResponse(await this.schemeInScope(actor, rows[0]!.id, m));
      await this.audit.record(m, actor, {
        action: 'appraisal_scheme.created',
        entityType: 'appraisal_scheme',
        entityId: scheme.id,
        orgUnitId: actor.orgUnitId,
        after: scheme,
      });
      return scheme;
    });
  }

  // ---- cycles ------------------------------------------------------------------------------

  private async cycleInScope(actor: Actor, id: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<CycleRow> {
    if (lock) await m.query('SELECT 1 FROM appraisal_cycle WHERE id = $1 FOR UPDATE', [id]);
    const rows = (await m.query(`${CYCLE_SELECT} WHERE c.id = $1`, [id])) as CycleRow[];
    const row = rows[0];
    if (!row || !row.orgUnitPath.startsWith(actor.orgUnitPath)) throw notFound('Appraisal cycle');
    return row;
  }

  private async members(m: EntityManager, cycleId: string): Promise<MemberRow[]> {
    return (await m.query(`${MEMBER_SELECT} WHERE m.cycle_id = $1 ORDER BY m.rank NULLS LAST, u.display_name, m.appointment_id`, [
      cycleId,
    ])) as MemberRow[];
  }

  private async detail(m: EntityManager, row: CycleRow): Promise<CycleDetailResponse> {
    const scheme = (await m.query(`${SCHEME_SELECT} WHERE s.id = $1`, [row.schemeId])) as SchemeRow[];
    return {
      ...toCycleResponse(row),
      scheme: toSchemeResponse(scheme[0]!),
      members: (await this.members(m, row.id)).map(toMemberResponse),
    };
  }

  async getCycle(actor: Actor, id: string): Promise<CycleDetailResponse> {
    return this.detail(this.dataSource.manager, await this.cycleInScope(actor, id));
  }

  async listCycles(actor: Actor, query: CycleQuery): Promise<CyclePage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [`${actor.orgUnitPath}%`];
    const where = ['o.path LIKE $1'];
    if (query.year !== undefined) {
      params.push(query.year);
      where.push(`c.year = $${params.length}`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`c.status = $${params.length}`);
    }
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(position.v, position.id);
      where.push(`(c.created_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `${CYCLE_SELECT} WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length}`,
      params,
    )) as CycleRow[];
    return pageFromRows(rows, limit, (row) => ({ v: row.createdAt.toISOString(), id: row.id }), toCycleResponse);
  }

  async createCycle(actor: Actor, dto: CreateCycleDto): Promise<CycleDetailResponse> {
    return this.dataSource.transaction(async (m) => {
      const unit = await this.units.findInScope(actor, dto.orgUnitId ?? actor.orgUnitId, m);
      const scheme = await this.schemeInScope(actor, dto.schemeId, m);
      if (!(unit.path.startsWith(scheme.orgUnitPath) || scheme.orgUnitPath.startsWith(unit.path))) {
        throw ruleViolated('scheme_usable_in_unit', `The scheme "${scheme.name}" belongs to another part of the organisation`);
      }
      const id = await this.insertCycle(m, actor, unit.id, dto.year, scheme.id, dto.appointmentIds, { orgUnitPath: unit.path });
      return this.detail(m, await this.cycleInScope(actor, id, m));
    });
  }

  /**
   * Inserts a cycle and its members. `scope` limits which appointments may join (the caller's
   * data scope; the year-end job passes the root). An appointment is in at most one cycle a year.
   */
  async insertCycle(
    m: EntityManager,
    actor: AuditActor,
    orgUnitId: string,
    year: number,
    schemeId: string,
    appointmentIds: string[],
    scope: { orgUnitPath: string },
  ): Promise<string> {
    const rows = (await m.query(
      `SELECT a.id, a.status, u.display_name AS "userName", o.path FROM team_leader_appointment a
         JOIN app_user u ON u.id = a.user_id JOIN org_unit o ON o.id = a.org_unit_id WHERE a.id = ANY($1::uuid[])`,
      [appointmentIds],
    )) as { id: string; status: string; userName: string; path: string }[];
    const found = new Map(rows.filter((r) => r.path.startsWith(scope.orgUnitPath)).map((r) => [r.id, r]));
    const missing = appointmentIds.filter((id) => !found.has(id));
    if (missing.length > 0) throw new AppError('not_found', `Team-leader appointment not found: ${missing.join(', ')}`);
    const terminated = rows.filter((r) => r.status === 'terminated');
    if (terminated.length > 0) {
      throw ruleViolated(
        'terminated_not_appraised',
        `Terminated appointments are not appraised: ${terminated.map((r) => r.userName).join(', ')}`,
      );
    }
    const taken = (await m.query(
      `SELECT m.appointment_id AS id FROM appraisal_cycle_member m WHERE m.year = $1 AND m.appointment_id = ANY($2::uuid[])`,
      [year, appointmentIds],
    )) as { id: string }[];
    if (taken.length > 0) {
      throw conflict(`Already in a ${year} cycle: ${taken.map((t) => found.get(t.id)?.userName ?? t.id).join(', ')}`);
    }
    const inserted = (await m.query(
      `INSERT INTO appraisal_cycle (year, scheme_id, org_unit_id, opened_by) VALUES ($1, $2, $3, $4) RETURNING id`,
      [year, schemeId, orgUnitId, actorName(actor)],
    )) as { id: string }[];
    const id = inserted[0]!.id;
    await m.query(`INSERT INTO appraisal_cycle_member (cycle_id, appointment_id, year) SELECT $1, unnest($2::uuid[]), $3`, [
      id,
      appointmentIds,
      year,
    ]);
    await this.audit.record(m, actor, {
      action: 'appraisal_cycle.opened',
      entityType: 'appraisal_cycle',
      entityId: id,
      orgUnitId,
      after: { year, schemeId, appointmentIds },
    });
    return id;
  }

  async putScores(actor: Actor, id: string, dto: PutScoresDto): Promise<CycleMemberResponse> {
    return this.dataSource.transaction(async (m) => {
      const cycle = await this.cycleInScope(actor, id, m, true);
      if (cycle.status !== 'open') throw illegalTransition('The cycle is finalized; scores can no longer change');
      const members = (await m.query(`${MEMBER_SELECT} WHERE m.cycle_id = $1 AND m.appointment_id = $2`, [
        id,
        dto.appointmentId,
      ])) as MemberRow[];
      const member = members[0];
      if (!member)
        throw ruleViolated('appointment_in_cycle', 'This appointment is not a member of the cycle', [
          { field: 'appointmentId', problem: 'is not in the cycle' },
        ]);
      const schemeRows = (await m.query(`${SCHEME_SELECT} WHERE s.id = $1`, [cycle.schemeId])) as SchemeRow[];
      const scheme = toDomainScheme(schemeRows[0]!);
      const problems = validateAppraisalScores(scheme, dto.scores, dto.vetoes);
      if (problems.length > 0) {
        throw new AppError(
          'validation_failed',
          problems.map((p) => p.message).join('; '),
          problems.map((p) => ({
            field: p.code.startsWith('VETO') ? `vetoes.${p.key ?? ''}` : `scores.${p.key ?? ''}`,
            problem: p.message,
          })),
        );
      }
      const scoring = scoreAppraisal(scheme, dto.scores, dto.vetoes);
      if (!scoring.ok) throw new AppError('validation_failed', scoring.problems.map((p) => p.message).join('; '));
      const { score } = scoring;
      await m.query(
        `UPDATE appraisal_cycle_member SET scores = $3, vetoes = $4, final_score = $5, below_minimum = $6, scored_at = now(), scored_by = $7
          WHERE cycle_id = $1 AND appointment_id = $2`,
        [
          id,
          dto.appointmentId,
          JSON.stringify(dto.scores),
          score.vetoed,
          score.finalScore.toFixed(2),
          score.belowMinimum,
          actorLabel(actor),
        ],
      );
      await m.query('UPDATE appraisal_cycle SET version = version + 1, updated_at = now() WHERE id = $1', [id]);
      const after = (
        (await m.query(`${MEMBER_SELECT} WHERE m.cycle_id = $1 AND m.appointment_id = $2`, [id, dto.appointmentId])) as MemberRow[]
      )[0]!;
      await this.audit.record(m, actor, {
        action: 'appraisal_cycle.scored',
        entityType: 'appraisal_cycle',
        entityId: id,
        orgUnitId: cycle.orgUnitId,
        before: member.scores
          ? { appointmentId: member.appointmentId, scores: member.scores, vetoes: member.vetoes, finalScore: member.finalScore }
          : null,
        after: { appointmentId: after.appointmentId, scores: after.scores, vetoes: after.vetoes, finalScore: after.finalScore },
      });
      return toMemberResponse(after);
    });
  }

  /** Ranks the scored members with the forced distribution [8.2]; unscored members are listed apart. */
  private rank(members: MemberRow[], schemeRow: SchemeRow): { entries: RankingEntry[]; unscored: string[] } {
    const scheme = toDomainScheme(schemeRow);
    const scored = members.filter((m) => m.scores !== null);
    const graded = forcedDistribution(
      scored.map((member) => {
        const scoring = scoreAppraisal(scheme, member.scores ?? {}, member.vetoes);
        if (!scoring.ok) throw new Error(`stored scores of ${member.appointmentId} no longer fit the scheme`);
        return {
          id: member.appointmentId,
          score: scoring.score.finalScoreHundredths,
          vetoed: scoring.score.forcedBottom,
          excludedFromTop: !scoring.score.eligibleForTopGroup,
          member,
          belowMinimum: scoring.score.belowMinimum,
        };
      }),
    );
    return {
      entries: graded.map((entry) => ({
        appointmentId: entry.id,
        userName: entry.member.userName,
        teamName: entry.member.teamName,
        finalScore: entry.score / 100,
        rank: entry.rank,
        grade: entry.grade,
        basis: entry.basis,
        outcome: plannedOutcome(entry.grade, entry.member.appointmentStatus),
        belowMinimum: entry.belowMinimum,
        vetoes: entry.member.vetoes,
      })),
      unscored: members.filter((m) => m.scores === null).map((m) => m.appointmentId),
    };
  }

  async ranking(actor: Actor, id: string): Promise<RankingPreviewResponse> {
    const m = this.dataSource.manager;
    const cycle = await this.cycleInScope(actor, id, m);
    const members = await this.members(m, id);
    let entries: RankingEntry[];
    let unscored: string[];
    if (cycle.status === 'finalized') {
      // The recorded results, exactly as finalized (appointments may have changed since).
      entries = members.map((member) => ({
        appointmentId: member.appointmentId,
        userName: member.userName,
        teamName: member.teamName,
        finalScore: Number(member.finalScore),
        rank: member.rank ?? 0,
        grade: member.grade ?? 'good',
        basis: (member.basis ?? 'middle') as RankingEntry['basis'],
        outcome: member.outcome ?? 'not_applied',
        belowMinimum: member.belowMinimum,
        vetoes: member.vetoes,
      }));
      unscored = [];
    } else {
      const schemeRows = (await m.query(`${SCHEME_SELECT} WHERE s.id = $1`, [cycle.schemeId])) as SchemeRow[];
      ({ entries, unscored } = this.rank(members, schemeRows[0]!));
    }
    const count = (grade: YearEndGrade): number => entries.filter((e) => e.grade === grade).length;
    return {
      cycleId: id,
      status: cycle.status,
      rankedCount: entries.length,
      unscoredAppointmentIds: unscored,
      topGroupSize: distributionGroupSize(entries.length, DEFAULT_FORCED_DISTRIBUTION.topPercent),
      bottomGroupSize: distributionGroupSize(entries.length, DEFAULT_FORCED_DISTRIBUTION.bottomPercent),
      excellentCount: count('excellent'),
      goodCount: count('good'),
      fairCount: count('fair'),
      items: entries,
    };
  }

  /**
   * Finalizes once, in one transaction: records rank and grade of every member and applies the
   * outcomes [8.3] — excellent/good extend the term one year, excellent flags promotion priority,
   * fair opens the post as a vacancy with a reselection open to the incumbent.
   */
  async finalize(actor: Actor, id: string): Promise<FinalizeCycleResponse> {
    return this.dataSource.transaction(async (m) => {
      const cycle = await this.cycleInScope(actor, id, m, true);
      if (cycle.status !== 'open') throw illegalTransition('The cycle is already finalized');
      const members = await this.members(m, id);
      // Lock the appointments the outcomes change, in a stable order.
      await m.query('SELECT 1 FROM team_leader_appointment WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [
        members.map((x) => x.appointmentId),
      ]);
      const fresh = await this.members(m, id);
      const unscored = fresh.filter((x) => x.scores === null);
      if (unscored.length > 0) {
        throw ruleViolated(
          'all_members_scored',
          `Every member needs scores before finalizing; missing: ${unscored.map((x) => x.userName).join(', ')}`,
        );
      }
      const schemeRows = (await m.query(`${SCHEME_SELECT} WHERE s.id = $1`, [cycle.schemeId])) as SchemeRow[];
      const { entries } = this.rank(fresh, schemeRows[0]!);
      const results: FinalizeCycleResponse['results'] = [];
      for (const entry of entries) {
        let newEndsOn: string | null = null;
        let vacancyId: string | null = null;
        const row = await this.appointments.loadRow(m, entry.appointmentId);
        if (row && entry.outcome !== 'not_applied') {
          if (entry.outcome === 'post_vacated') {
            vacancyId = await this.appointments.openVacancy(m, actor, row, 'fair_result', true);
            await this.appointments.notifyHrAndManagers(m, row.orgUnitPath, {
              kind: 'appraisal.vacancy_opened',
              title: `Year-end result "fair" for ${row.userName}: the post of ${row.teamName} is open for reselection`,
              entityType: 'team_leader_vacancy',
              entityId: vacancyId,
            });
          } else {
            newEndsOn = extendAppointmentTerm(row.endsOn, 1);
            await m.query(
              `UPDATE team_leader_appointment SET ends_on = $2, term_extensions = term_extensions + 1,
                      promotion_priority = promotion_priority OR $3, version = version + 1, updated_at = now() WHERE id = $1`,
              [row.id, newEndsOn, entry.outcome === 'term_extended_with_promotion_priority'],
            );
            await this.audit.record(m, actor, {
              action: 'team_leader_appointment.extended',
              entityType: 'team_leader_appointment',
              entityId: row.id,
              orgUnitId: row.orgUnitId,
              before: { endsOn: row.endsOn, promotionPriority: row.promotionPriority },
              after: {
                endsOn: newEndsOn,
                promotionPriority: row.promotionPriority || entry.outcome === 'term_extended_with_promotion_priority',
                cycleId: id,
              },
            });
          }
          await this.notifications.notifyUsers(m, [row.userId], {
            kind: 'appraisal.year_end_result',
            title: `Year-end appraisal ${cycle.year}: ${entry.grade} (rank ${entry.rank})`,
            entityType: 'appraisal_cycle',
            entityId: id,
          });
        }
        await m.query(
          `UPDATE appraisal_cycle_member SET rank = $3, grade = $4, basis = $5, outcome = $6 WHERE cycle_id = $1 AND appointment_id = $2`,
          [id, entry.appointmentId, entry.rank, entry.grade, entry.basis, entry.outcome],
        );
        results.push({
          appointmentId: entry.appointmentId,
          finalScore: entry.finalScore,
          rank: entry.rank,
          grade: entry.grade,
          outcome: entry.outcome,
          newEndsOn,
          vacancyId,
        });
      }
      await m.query(
        `UPDATE appraisal_cycle SET status = 'finalized', finalized_at = now(), finalized_by = $2, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, actorLabel(actor)],
      );
      await this.audit.record(m, actor, {
        action: 'appraisal_cycle.finalized',
        entityType: 'appraisal_cycle',
        entityId: id,
        orgUnitId: cycle.orgUnitId,
        after: { results },
      });
      return { cycleId: id, results };
    });
  }
}
