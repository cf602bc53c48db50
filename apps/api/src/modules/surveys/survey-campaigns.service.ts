import { DEFAULT_SURVEY_TARGETS } from '@cs/domain';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, inScope } from '../../common/actor';
import { illegalTransition, invalidInput, notFound, ruleViolated } from '../../common/errors';
import { type Page, paginate } from '../../common/pagination';
import { assertVersion } from '../../common/version';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { OrgUnitsService } from '../org/org-units.service';
import { SurveyTemplatesService } from './survey-templates.service';
import type {
  CampaignPopulationDto,
  CreateSurveyCampaignDto,
  PopulationPreviewResponse,
  SurveyCampaignQuery,
  SurveyCampaignResponse,
  UpdateSurveyCampaignDto,
} from './survey.dto';
import { type CampaignPopulation, SurveyCampaign } from './survey.entities';

export function toCampaignResponse(c: SurveyCampaign): SurveyCampaignResponse {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    templateId: c.templateId,
    channel: c.channel,
    population: c.population,
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
    targets: { coverage: Number(c.targetCoverage), satisfaction: Number(c.targetSatisfaction) },
    status: c.status,
    launchedAt: c.launchedAt ? c.launchedAt.toISOString() : null,
    invitationCount: c.invitationCount,
    orgUnitId: c.orgUnitId,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** SQL that yields one row per survey target: (customer_id, complaint_id, contact_name, contact_phone, unit_id, unit_path). */
export interface PopulationQuery {
  source: 'customers' | 'complaints';
  sql: string;
  params: unknown[];
}

function normalisePopulation(p: CampaignPopulationDto): CampaignPopulation {
  const out: CampaignPopulation = {};
  if (p.unitIds?.length) out.unitIds = [...new Set(p.unitIds)];
  if (p.grades?.length) out.grades = [...new Set(p.grades)];
  if (p.kinds?.length) out.kinds = [...new Set(p.kinds)];
  if (p.complaintsClosedFrom !== undefined || p.complaintsClosedTo !== undefined) {
    if (p.complaintsClosedFrom === undefined || p.complaintsClosedTo === undefined) {
      throw invalidInput('population', 'needs both complaintsClosedFrom and complaintsClosedTo to target closed complaints');
    }
    if (new Date(p.complaintsClosedFrom) >= new Date(p.complaintsClosedTo)) {
      throw invalidInput('population.complaintsClosedTo', 'must be after complaintsClosedFrom');
    }
    if (out.grades || out.kinds) {
      throw invalidInput('population', 'grades and kinds select customers; they cannot be combined with closed complaints');
    }
    out.complaintsClosedFrom = new Date(p.complaintsClosedFrom).toISOString();
    out.complaintsClosedTo = new Date(p.complaintsClosedTo).toISOString();
  }
  return out;
}

@Injectable()
export class SurveyCampaignsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly units: OrgUnitsService,
    private readonly templates: SurveyTemplatesService,
  ) {}

  async findInScope(actor: Actor, id: string, m: EntityManager = this.dataSource.manager): Promise<SurveyCampaign> {
    const campaign = await m.findOneBy(SurveyCampaign, { id });
    if (!campaign || !inScope(actor, campaign.orgUnitPath)) throw notFound('Survey campaign');
    return campaign;
  }

  async get(actor: Actor, id: string): Promise<SurveyCampaignResponse> {
    return toCampaignResponse(await this.findInScope(actor, id));
  }

  async list(actor: Actor, query: SurveyCampaignQuery): Promise<Page<SurveyCampaignResponse>> {
    const qb = this.dataSource
      .getRepository(SurveyCampaign)
      .createQueryBuilder('c')
      .where('c.org_unit_path LIKE :prefix', { prefix: `${actor.orgUnitPath}%` });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    return paginate(
      qb,
      query,
      { column: 'c.created_at', idColumn: 'c.id', direction: 'DESC' },
      (c) => c.createdAt.toISOString(),
      (c) => c.id,
      toCampaignResponse,
    );
  }

  /** Checks the population's units are within the campaign unit's subtree and returns their path prefixes. */
  private async unitPrefixes(actor: Actor, population: CampaignPopulation, campaignUnitPath: string, m: EntityManager): Promise<string[]> {
    if (!population.unitIds) return [`${campaignUnitPath}%`];
    const prefixes: string[] = [];
    for (const unitId of population.unitIds) {
      const unit = await this.units.findInScope(actor, unitId, m);
      if (!unit.path.startsWith(campaignUnitPath)) {
        throw ruleViolated('population_within_campaign_unit', `Unit ${unit.name} is not under the campaign's unit`);
      }
      prefixes.push(`${unit.path}%`);
    }
    return prefixes;
  }

  async populationQuery(
    actor: Actor,
    population: CampaignPopulation,
    campaignUnitPath: string,
    m: EntityManager,
  ): Promise<PopulationQuery> {
    const prefixes = await this.unitPrefixes(actor, population, campaignUnitPath, m);
    if (population.complaintsClosedFrom && population.complaintsClosedTo) {
      return {
        source: 'complaints',
        sql: `SELECT c.customer_id, c.id AS complaint_id, c.caller_name AS contact_name, c.caller_phone AS contact_phone,
                     c.receiving_unit_id AS unit_id, c.receiving_unit_path AS unit_path
              FROM complaint c
              WHERE c.status = 'closed' AND c.closed_at >= $1 AND c.closed_at < $2 AND c.receiving_unit_path LIKE ANY($3::text[])`,
        params: [population.complaintsClosedFrom, population.complaintsClosedTo, prefixes],
      };
    }
    const params: unknown[] = [prefixes];
    let where = 'u.path LIKE ANY($1::text[])';
    if (population.grades) {
      params.push(population.grades);
      where += ` AND cu.grade = ANY($${params.length}::text[])`;
    }
    if (population.kinds) {
      params.push(population.kinds);
      where += ` AND cu.kind = ANY($${params.length}::text[])`;
    }
    return {
      source: 'customers',
      sql: `SELECT cu.id AS customer_id, NULL::uuid AS complaint_id, cu.name AS contact_name, cu.phones[1] AS contact_phone,
                   u.id AS unit_id, u.path AS unit_path
            FROM customer cu JOIN org_unit u ON u.id = cu.owning_unit_id
            WHERE ${where}`,
      params,
    };
  }

  async previewPopulation(actor: Actor, populationDto: CampaignPopulationDto, orgUnitId?: string): Promise<PopulationPreviewResponse> {
    const population = normalisePopulation(populationDto);
    const m = this.dataSource.manager;
    const unit = await this.units.findInScope(actor, orgUnitId ?? actor.orgUnitId, m);
    const q = await this.populationQuery(actor, population, unit.path, m);
    const rows = (await m.query(
      `SELECT t.unit_id, u.name AS unit_name, count(*)::int AS n
       FROM (${q.sql}) t JOIN org_unit u ON u.id = t.unit_id GROUP BY t.unit_id, u.name ORDER BY u.name`,
      q.params,
    )) as { unit_id: string; unit_name: string; n: number }[];
    return {
      source: q.source,
      total: rows.reduce((sum, r) => sum + r.n, 0),
      byUnit: rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, count: r.n })),
    };
  }

  async create(actor: Actor, dto: CreateSurveyCampaignDto): Promise<SurveyCampaignResponse> {
    const population = normalisePopulation(dto.population);
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (endsAt <= startsAt) throw invalidInput('endsAt', 'must be after startsAt');
    return this.dataSource.transaction(async (m) => {
      const unit = await this.units.findInScope(actor, dto.orgUnitId ?? actor.orgUnitId, m);
      const template = await this.templates.findVisible(actor, dto.templateId, m);
      if (!unit.path.startsWith(template.orgUnitPath)) {
        throw ruleViolated('template_usable_by_unit', 'The template belongs to another branch of the organisation');
      }
      await this.unitPrefixes(actor, population, unit.path, m);
      const rows = (await m.query(
        `INSERT INTO survey_campaign (name, template_id, channel, population, starts_at, ends_at, target_coverage, target_satisfaction,
                                      org_unit_id, org_unit_path, created_by_id)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [
          dto.name.trim(),
          template.id,
          dto.channel,
          JSON.stringify(population),
          startsAt,
          endsAt,
          dto.targets?.coverage ?? DEFAULT_SURVEY_TARGETS.coverage,
          dto.targets?.satisfaction ?? DEFAULT_SURVEY_TARGETS.satisfaction,
          unit.id,
          unit.path,
          actor.kind === 'user' ? actor.id : null,
        ],
      )) as { id: string }[];
      const campaign = await m.findOneByOrFail(SurveyCampaign, { id: rows[0]!.id });
      const response = toCampaignResponse(campaign);
      await this.audit.record(m, actor, {
        action: 'survey_campaign.created',
        entityType: 'survey_campaign',
        entityId: campaign.id,
        orgUnitId: unit.id,
        after: response,
      });
      return response;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateSurveyCampaignDto): Promise<SurveyCampaignResponse> {
    return this.dataSource.transaction(async (m) => {
      await this.findInScope(actor, id, m);
      await m.query('SELECT 1 FROM survey_campaign WHERE id = $1 FOR UPDATE', [id]);
      const campaign = await m.findOneByOrFail(SurveyCampaign, { id });
      assertVersion('Survey campaign', campaign.version, dto.version);
      const before = toCampaignResponse(campaign);
      const launched = campaign.status === 'launched';
      if (launched && (dto.templateId || dto.channel || dto.population || dto.startsAt)) {
        throw illegalTransition(
          'A launched campaign keeps its template, channel, population and start; only name, end and targets can change',
        );
      }
      if (dto.templateId) {
        const template = await this.templates.findVisible(actor, dto.templateId, m);
        if (!campaign.orgUnitPath.startsWith(template.orgUnitPath)) {
          throw ruleViolated('template_usable_by_unit', 'The template belongs to another branch of the organisation');
        }
        campaign.templateId = template.id;
      }
      if (dto.population) {
        const population = normalisePopulation(dto.population);
        await this.unitPrefixes(actor, population, campaign.orgUnitPath, m);
        campaign.population = population;
      }
      if (dto.name) campaign.name = dto.name.trim();
      if (dto.channel) campaign.channel = dto.channel;
      if (dto.startsAt) campaign.startsAt = new Date(dto.startsAt);
      if (dto.endsAt) campaign.endsAt = new Date(dto.endsAt);
      if (campaign.endsAt <= campaign.startsAt) throw invalidInput('endsAt', 'must be after startsAt');
      if (dto.targets) {
        campaign.targetCoverage = String(dto.targets.coverage);
        campaign.targetSatisfaction = String(dto.targets.satisfaction);
      }
      campaign.version += 1;
      campaign.updatedAt = new Date();
      await m.save(SurveyCampaign, campaign);
      const saved = await m.findOneByOrFail(SurveyCampaign, { id });
      const after = toCampaignResponse(saved);
      await this.audit.record(m, actor, {
        action: 'survey_campaign.updated',
        entityType: 'survey_campaign',
        entityId: id,
        orgUnitId: campaign.orgUnitId,
        before,
        after,
      });
      return after;
    });
  }

  /** Creates one invitation per target with a single INSERT … SELECT; a campaign launches once. */
  async launch(actor: Actor, id: string, version: number): Promise<SurveyCampaignResponse> {
    return this.dataSource.transaction(async (m) => {
      await this.findInScope(actor, id, m);
      await m.query('SELECT 1 FROM survey_campaign WHERE id = $1 FOR UPDATE', [id]);
      const campaign = await m.findOneByOrFail(SurveyCampaign, { id });
      assertVersion('Survey campaign', campaign.version, version);
      if (campaign.status !== 'draft') throw illegalTransition('The campaign was already launched');
      if (campaign.endsAt <= new Date())
        throw ruleViolated('campaign_not_ended', 'The campaign period is over; move its end before launching');
      const q = await this.populationQuery(actor, campaign.population, campaign.orgUnitPath, m);
      const invited = await this.insertInvitations(m, campaign, q);
      if (invited === 0) throw ruleViolated('population_not_empty', 'The population selects nobody; nothing to launch');
      await m.query(
        `UPDATE survey_campaign SET status = 'launched', launched_at = now(), invitation_count = invitation_count + $2,
                version = version + 1, updated_at = now() WHERE id = $1`,
        [id, invited],
      );
      const after = toCampaignResponse(await m.findOneByOrFail(SurveyCampaign, { id }));
      await this.audit.record(m, actor, {
        action: 'survey_campaign.launched',
        entityType: 'survey_campaign',
        entityId: id,
        orgUnitId: campaign.orgUnitId,
        before: toCampaignResponse(campaign),
        after,
      });
      return after;
    });
  }

  async insertInvitations(m: EntityManager, campaign: Pick<SurveyCampaign, 'id' | 'channel'>, q: PopulationQuery): Promise<number> {
    const base = q.params.length;
    const inserted = (await m.query(
      `INSERT INTO survey_invitation (campaign_id, channel, customer_id, complaint_id, contact_name, contact_phone, unit_id, unit_path, month)
       SELECT $${base + 1}, $${base + 2}, t.customer_id, t.complaint_id, t.contact_name, t.contact_phone, t.unit_id, t.unit_path,
              to_char(now() AT TIME ZONE $${base + 3}, 'YYYY-MM')
       FROM (${q.sql}) t
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [...q.params, campaign.id, campaign.channel, this.config.business.timeZone],
    )) as unknown[];
    return inserted.length;
  }
}
