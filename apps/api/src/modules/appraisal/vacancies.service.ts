import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addDaysToLocalDate, csTenureEligibleFrom } from '@cs/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, actorLabel } from '../../common/actor';
import { conflict, illegalTransition, notFound, ruleViolated } from '../../common/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, type Page, pageFromRows } from '../../common/pagination';
import { AuditService } from '../audit/audit.service';
import type { PostType, VacancyReason, VacancyStatus } from './appraisal-common';
import { AppointmentsService, assertTenure } from './appointments.service';
import type {
  AddCandidateDto,
  EligibleStaffList,
  SelectCandidateDto,
  VacancyCandidateResponse,
  VacancyQuery,
  VacancyResponse,
} from './vacancy.dto';

interface VacancyRow {
  id: string;
  teamId: string;
  teamName: string;
  orgUnitId: string;
  orgUnitPath: string;
  postType: PostType;
  reason: VacancyReason;
  sourceAppointmentId: string | null;
  sourceUserId: string | null;
  incumbentName: string | null;
  incumbentMayApply: boolean;
  status: VacancyStatus;
  filledAppointmentId: string | null;
  openedAt: Date;
  closedAt: Date | null;
  version: number;
  candidates: { userId: string; userName: string; joinedOn: string | null; isIncumbent: boolean; note: string | null; addedAt: string }[];
}

const VACANCY_SELECT = `
  SELECT v.id, v.team_id AS "teamId", t.name AS "teamName", v.org_unit_id AS "orgUnitId", o.path AS "orgUnitPath", v.post_type AS "postType",
         v.reason, v.source_appointment_id AS "sourceAppointmentId", sa.user_id AS "sourceUserId", su.display_name AS "incumbentName",
         v.incumbent_may_apply AS "incumbentMayApply", v.status, v.filled_appointment_id AS "filledAppointmentId",
         v.opened_at AS "openedAt", v.closed_at AS "closedAt", v.version,
         (SELECT coalesce(json_agg(json_build_object('userId', c.user_id, 'userName', cu.display_name, 'joinedOn', cu.joined_on::text,
                  'isIncumbent', c.is_incumbent, 'note', c.note, 'addedAt', c.added_at) ORDER BY c.added_at), '[]'::json)
            FROM team_leader_vacancy_candidate c JOIN app_user cu ON cu.id = c.user_id WHERE c.vacancy_id = v.id) AS candidates
    FROM team_leader_vacancy v
    JOIN team t ON t.id = v.team_id
    JOIN org_unit o ON o.id = v.org_unit_id
    LEFT JOIN team_leader_appointment sa ON sa.id = v.source_appointment_id
    LEFT JOIN app_user su ON su.id = sa.user_id`;

function toVacancyResponse(row: VacancyRow): VacancyResponse {
  return {
    id: row.id,
    teamId: row.teamId,
    teamName: row.teamName,
    orgUnitId: row.orgUnitId,
    postType: row.postType,
    reason: row.reason,
    sourceAppointmentId: row.sourceAppointmentId,
    incumbentName: row.incumbentName,
    incumbentMayApply: row.incumbentMayApply,
    status: row.status,
    filledAppointmentId: row.filledAppointmentId,
    candidates: row.candidates.map((c): VacancyCandidateResponse => ({ ...c, addedAt: new Date(c.addedAt).toISOString() })),
    openedAt: row.openedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    version: row.version,
  };
}

@Injectable()
export class VacanciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly appointments: AppointmentsService,
    private readonly audit: AuditService,
  ) {}

  private async findInScope(actor: Actor, id: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<VacancyRow> {
    if (lock) await m.query('SELECT 1 FROM team_leader_vacancy WHERE id = $1 FOR UPDATE', [id]);
    const rows = (await m.query(`${VACANCY_SELECT} WHERE v.id = $1`, [id])) as VacancyRow[];
    const row = rows[0];
    if (!row || !row.orgUnitPath.startsWith(actor.orgUnitPath)) throw notFound('Vacancy');
    return row;
  }

  async get(actor: Actor, id: string): Promise<VacancyResponse> {
    return toVacancyResponse(await this.findInScope(actor, id));
  }

  async list(actor: Actor, query: VacancyQuery): Promise<Page<VacancyResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [`${actor.orgUnitPath}%`];
    const where = ['o.path LIKE $1'];
    if (query.status) {
      params.push(query.status);
      where.push(`v.status = $${params.length}`);
    }
    if (query.teamId) {
      params.push(query.teamId);
      where.push(`v.team_id = $${params.length}`);
    }
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(position.v, position.id);
      where.push(`(v.opened_at, v.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `${VACANCY_SELECT} WHERE ${where.join(' AND ')} ORDER BY v.opened_at DESC, v.id DESC LIMIT $${params.length}`,
      params,
    )) as VacancyRow[];
    return pageFromRows(rows, limit, (row) => ({ v: row.openedAt.toISOString(), id: row.id }), toVacancyResponse);
  }

  /** Active staff of the team's unit and below with ≥ 1 year in the department [6.2.1] who lead no team. */
  async eligibleStaff(actor: Actor, id: string): Promise<EligibleStaffList> {
    const vacancy = await this.findInScope(actor, id);
    const today = this.appointments.today();
    const rows = (await this.dataSource.query(
      `SELECT u.id AS "userId", u.display_name AS "userName", u.org_unit_id AS "orgUnitId", u.joined_on::text AS "joinedOn"
         FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id
        WHERE u.active AND u.joined_on IS NOT NULL AND o.path LIKE $1
          AND NOT EXISTS (SELECT 1 FROM team_leader_appointment a WHERE a.user_id = u.id AND a.status = 'active' AND a.id IS DISTINCT FROM $2::uuid)
          AND NOT EXISTS (SELECT 1 FROM team_leader_vacancy_candidate c WHERE c.vacancy_id = $3 AND c.user_id = u.id)
        ORDER BY u.joined_on, u.id LIMIT 1000`,
      [`${vacancy.orgUnitPath}%`, vacancy.incumbentMayApply ? vacancy.sourceAppointmentId : null, id],
    )) as { userId: string; userName: string; orgUnitId: string; joinedOn: string }[];
    return { items: rows.filter((row) => today >= csTenureEligibleFrom(row.joinedOn)).slice(0, 200) };
  }

  async addCandidate(actor: Actor, id: string, dto: AddCandidateDto): Promise<VacancyResponse> {
    return this.dataSource.transaction(async (m) => {
      const vacancy = await this.findInScope(actor, id, m, true);
      if (vacancy.status !== 'open') throw illegalTransition(`The vacancy is ${vacancy.status}`);
      const users = (await m.query(
        `SELECT u.id, u.active, u.display_name AS "displayName", u.joined_on::text AS "joinedOn", o.path
           FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id WHERE u.id = $1`,
        [dto.userId],
      )) as { id: string; active: boolean; displayName: string; joinedOn: string | null; path: string }[];
      const user = users[0];
      if (!user || !user.path.startsWith(actor.orgUnitPath)) throw notFound('User');
      if (!user.active) throw ruleViolated('candidate_active', `${user.displayName} is deactivated`);
      const isIncumbent = user.id === vacancy.sourceUserId;
      if (isIncumbent && !vacancy.incumbentMayApply) {
        throw ruleViolated('incumbent_excluded', `${user.displayName} left this post (${vacancy.reason}) and may not stand for it again`);
      }
      assertTenure(user.displayName, user.joinedOn, this.appointments.today());
      const exists = (await m.query('SELECT 1 FROM team_leader_vacancy_candidate WHERE vacancy_id = $1 AND user_id = $2', [
        id,
        user.id,
      ])) as unknown[];
      if (exists.length > 0) throw conflict(`${user.displayName} is already a candidate`);
      await m.query(
        `INSERT INTO team_leader_vacancy_candidate (vacancy_id, user_id, is_incumbent, note, added_by) VALUES ($1, $2, $3, $4, $5)`,
        [id, user.id, isIncumbent, dto.note ?? null, actorLabel(actor)],
      );
      await this.audit.record(m, actor, {
        action: 'team_leader_vacancy.candidate_added',
        entityType: 'team_leader_vacancy',
        entityId: id,
        orgUnitId: vacancy.orgUnitId,
        after: { userId: user.id, isIncumbent, note: dto.note ?? null },
      });
      return toVacancyResponse(await this.findInScope(actor, id, m));
    });
  }

  /**
   * Selects a candidate: a new appointment for the post (same checks as a direct appointment),
   * the vacancy filled, and a previous leader still in post (fair result) ending the day before.
   */
  async select(actor: Actor, id: string, dto: SelectCandidateDto): Promise<VacancyResponse> {
    return this.dataSource.transaction(async (m) => {
      const vacancy = await this.findInScope(actor, id, m, true);
      if (vacancy.status !== 'open') throw illegalTransition(`The vacancy is ${vacancy.status}`);
      if (!vacancy.candidates.some((c) => c.userId === dto.userId)) {
        throw ruleViolated('select_from_candidates', 'Only a candidate of this vacancy can be selected; add them as a candidate first');
      }
      if (vacancy.sourceAppointmentId) {
        const source = await this.appointments.loadRow(m, vacancy.sourceAppointmentId, true);
        if (source && source.status === 'active') {
          if (dto.startsOn <= source.startsOn) {
            throw ruleViolated(
              'selection_after_incumbent_start',
              `The new term must start after ${source.startsOn}, when the current leader's term began`,
            );
          }
          await this.appointments.endAppointment(m, actor, source, {
            status: 'ended',
            reason: 'reselection',
            note: `Post filled by reselection from ${dto.startsOn}`,
            endedOn: addDaysToLocalDate(dto.startsOn, -1),
            openVacancy: false,
          });
        }
      }
      const appointment = await this.appointments.createInTx(
        m,
        actor,
        {
          userId: dto.userId,
          teamId: vacancy.teamId,
          postType: vacancy.postType,
          startsOn: dto.startsOn,
          endsOn: dto.endsOn,
          monthlyAllowance: dto.monthlyAllowance,
        },
        id,
      );
      await this.audit.record(m, actor, {
        action: 'team_leader_vacancy.filled',
        entityType: 'team_leader_vacancy',
        entityId: id,
        orgUnitId: vacancy.orgUnitId,
        after: { appointmentId: appointment.id, userId: dto.userId },
      });
      return toVacancyResponse(await this.findInScope(actor, id, m));
    });
  }
}
