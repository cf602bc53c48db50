import { type SurveyQuestion, validateQuestions } from '@cs/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, inScope } from '../../common/actor';
import { AppError, notFound } from '../../common/errors';
import { type Page, paginate } from '../../common/pagination';
import { assertVersion } from '../../common/version';
import { AuditService } from '../audit/audit.service';
import { OrgUnitsService } from '../org/org-units.service';
import type {
  CreateSurveyTemplateDto,
  SurveyQuestionDto,
  SurveyTemplateQuery,
  SurveyTemplateResponse,
  UpdateSurveyTemplateDto,
} from './survey.dto';
import { SurveyTemplate } from './survey.entities';

/** A template is usable by its own unit, the units below it, and visible to the units above it. */
export function templateVisible(actor: Actor, template: Pick<SurveyTemplate, 'orgUnitPath'>): boolean {
  return inScope(actor, template.orgUnitPath) || actor.orgUnitPath.startsWith(template.orgUnitPath);
}

function toQuestions(dtos: SurveyQuestionDto[]): SurveyQuestion[] {
  return dtos.map((q) => {
    const question: SurveyQuestion = { key: q.key, type: q.type, text: q.text.trim(), required: q.required };
    if (q.overall) question.overall = true;
    if (q.options != null && q.options.length > 0) question.options = q.options.map((o) => o.trim());
    return question;
  });
}

function assertQuestions(questions: SurveyQuestion[]): void {
  const problems = validateQuestions(questions);
  if (problems.length > 0) {
    throw new AppError(
      'validation_failed',
      problems.map((p) => `question ${p.question}: ${p.problem}`).join('; '),
      problems.map((p) => ({ field: p.question === 'questions' ? 'questions' : `questions.${p.question}`, problem: p.problem })),
    );
  }
}

export function toTemplateResponse(t: SurveyTemplate, responseCount: number): SurveyTemplateResponse {
  return {
    id: t.id,
    familyId: t.familyId,
    versionNo: t.versionNo,
    isCurrent: t.isCurrent,
    name: t.name,
    description: t.description,
    questions: t.questions,
    orgUnitId: t.orgUnitId,
    responseCount,
    version: t.version,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

@Injectable()
export class SurveyTemplatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly units: OrgUnitsService,
  ) {}

  async findVisible(actor: Actor, id: string, m: EntityManager = this.dataSource.manager): Promise<SurveyTemplate> {
    const template = await m.findOneBy(SurveyTemplate, { id });
    if (!template || !templateVisible(actor, template)) throw notFound('Survey template');
    return template;
  }

  private async responseCounts(ids: string[], m: EntityManager = this.dataSource.manager): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = (await m.query(
      `SELECT template_id, count(*)::int AS n FROM survey_response WHERE template_id = ANY($1::uuid[]) GROUP BY template_id`,
      [ids],
    )) as { template_id: string; n: number }[];
    return new Map(rows.map((r) => [r.template_id, r.n]));
  }

  async get(actor: Actor, id: string): Promise<SurveyTemplateResponse> {
    const template = await this.findVisible(actor, id);
    const counts = await this.responseCounts([id]);
    return toTemplateResponse(template, counts.get(id) ?? 0);
  }

  async list(actor: Actor, query: SurveyTemplateQuery): Promise<Page<SurveyTemplateResponse>> {
    const qb = this.dataSource
      .getRepository(SurveyTemplate)
      .createQueryBuilder('t')
      .where(`(t.org_unit_path LIKE :prefix OR :actorPath LIKE t.org_unit_path || '%')`, {
        prefix: `${actor.orgUnitPath}%`,
        actorPath: actor.orgUnitPath,
      });
    if (query.familyId) qb.andWhere('t.family_id = :familyId', { familyId: query.familyId });
    else qb.andWhere('t.is_current');
    const page = await paginate(
      qb,
      query,
      { column: 't.created_at', idColumn: 't.id', direction: 'DESC' },
      (t) => t.createdAt.toISOString(),
      (t) => t.id,
      (t) => t,
    );
    const counts = await this.responseCounts(page.items.map((t) => t.id));
    return { items: page.items.map((t) => toTemplateResponse(t, counts.get(t.id) ?? 0)), nextCursor: page.nextCursor };
  }

  async create(actor: Actor, dto: CreateSurveyTemplateDto): Promise<SurveyTemplateResponse> {
    const questions = toQuestions(dto.questions);
    assertQuestions(questions);
    return this.dataSource.transaction(async (m) => {
      const unit = await this.units.findInScope(actor, dto.orgUnitId ?? actor.orgUnitId, m);
      const rows = (await m.query(
        `INSERT INTO survey_template (id, family_id, version_no, name, description, questions, org_unit_id, org_unit_path, created_by_id)
         SELECT g.id, g.id, 1, $1, $2, $3::jsonb, $4, $5, $6 FROM (SELECT gen_random_uuid() AS id) g RETURNING id`,
        [dto.name.trim(), dto.description ?? null, JSON.stringify(questions), unit.id, unit.path, actor.kind === 'user' ? actor.id : null],
      )) as { id: string }[];
      const template = await m.findOneByOrFail(SurveyTemplate, { id: rows[0]!.id });
      const response = toTemplateResponse(template, 0);
      await this.audit.record(m, actor, {
        action: 'survey_template.created',
        entityType: 'survey_template',
        entityId: template.id,
        orgUnitId: unit.id,
        after: response,
      });
      return response;
    });
  }

  /**
   * Edits a questionnaire. A version nobody has answered changes in place; a version with
   * answers is immutable, so the edit becomes a new version (the returned row has a new id)
   * and old responses keep pointing at the version they answered.
   */
  async update(actor: Actor, id: string, dto: UpdateSurveyTemplateDto): Promise<SurveyTemplateResponse> {
    const questions = dto.questions ? toQuestions(dto.questions) : undefined;
    if (questions) assertQuestions(questions);
    return this.dataSource.transaction(async (m) => {
      const template = await this.findVisible(actor, id, m);
      if (!inScope(actor, template.orgUnitPath)) throw notFound('Survey template');
      // Lock the family so two editors cannot both fork version n+1, and answers cannot slip in unseen.
      await m.query('SELECT 1 FROM survey_template WHERE family_id = $1 FOR UPDATE', [template.familyId]);
      const fresh = await m.findOneByOrFail(SurveyTemplate, { id });
      assertVersion('Survey template', fresh.version, dto.version);
      const before = toTemplateResponse(fresh, 0);
      const [{ answered }] = (await m.query(`SELECT EXISTS (SELECT 1 FROM survey_response WHERE template_id = $1) AS answered`, [id])) as [
        { answered: boolean },
      ];
      const name = dto.name?.trim() ?? fresh.name;
      const description = dto.description !== undefined ? dto.description : fresh.description;
      const nextQuestions = questions ?? fresh.questions;
      if (answered) {
        if (!fresh.isCurrent) {
          throw new AppError('conflict', 'This version has answers and a newer version exists; edit the current version instead');
        }
        const [{ max }] = (await m.query('SELECT max(version_no)::int AS max FROM survey_template WHERE family_id = $1', [
          fresh.familyId,
        ])) as [{ max: number }];
        await m.query('UPDATE survey_template SET is_current = false, updated_at = now() WHERE family_id = $1 AND is_current', [
          fresh.familyId,
        ]);
        const rows = (await m.query(
          `INSERT INTO survey_template (family_id, version_no, name, description, questions, org_unit_id, org_unit_path, created_by_id)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8) RETURNING id`,
          [
            fresh.familyId,
            max + 1,
            name,
            description,
            JSON.stringify(nextQuestions),
            fresh.orgUnitId,
            fresh.orgUnitPath,
            actor.kind === 'user' ? actor.id : null,
          ],
        )) as { id: string }[];
        const created = await m.findOneByOrFail(SurveyTemplate, { id: rows[0]!.id });
        const after = toTemplateResponse(created, 0);
        await this.audit.record(m, actor, {
          action: 'survey_template.versioned',
          entityType: 'survey_template',
          entityId: created.id,
          orgUnitId: fresh.orgUnitId,
          before,
          after,
        });
        return after;
      }
      fresh.name = name;
      fresh.description = description;
      fresh.questions = nextQuestions;
      fresh.version += 1;
      fresh.updatedAt = new Date();
      await m.save(SurveyTemplate, fresh);
      const after = toTemplateResponse(fresh, 0);
      await this.audit.record(m, actor, {
        action: 'survey_template.updated',
        entityType: 'survey_template',
        entityId: id,
        orgUnitId: fresh.orgUnitId,
        before,
        after,
      });
      return after;
    });
  }
}
