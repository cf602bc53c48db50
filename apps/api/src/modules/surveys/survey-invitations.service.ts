import { isLowScore, npsScore, overallScore, validateAnswers } from '@cs/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { AppError, conflict, illegalTransition, notFound, ruleViolated } from '../../common/errors';
import { decodeCursor, type Page, pageFromRows, DEFAULT_PAGE_SIZE } from '../../common/pagination';
import { assertVersion } from '../../common/version';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import { OutboxService } from '../outbox/outbox.service';
import { SurveyFollowUpService } from './survey-follow-up.service';
import { SurveyLinksService } from './survey-links.service';
import type {
  PublicSurveyResponse,
  SurveyInvitationQuery,
  SurveyInvitationResponse,
  SurveyResponseResponse,
  UpdateInvitationStatusDto,
} from './survey.dto';
import { LINK_CHANNELS, SurveyCampaign, SurveyInvitation, SurveyResponse, SurveyTemplate } from './survey.entities';

interface InvitationRow {
  id: string;
  campaign_id: string;
  campaign_name: string;
  template_id: string;
  customer_id: string | null;
  complaint_id: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  unit_id: string;
  channel: SurveyInvitation['channel'];
  status: SurveyInvitation['status'];
  status_note: string | null;
  attempts: number;
  ends_at: Date;
  response_id: string | null;
  overall_score: number | null;
  follow_up_complaint_id: string | null;
  follow_up_status: string | null;
  follow_up_number: string | null;
  version: number;
  created_at: Date;
}

const INVITATION_SELECT = `
  SELECT i.id, i.campaign_id, c.name AS campaign_name, c.template_id, i.customer_id, i.complaint_id, i.contact_name, i.contact_phone, i.unit_id,
         i.channel, i.status, i.status_note, i.attempts, c.ends_at, i.response_id, r.overall_score,
         r.follow_up_complaint_id, fc.status AS follow_up_status, fc.number AS follow_up_number, i.version, i.created_at
  FROM survey_invitation i
  JOIN survey_campaign c ON c.id = i.campaign_id
  LEFT JOIN survey_response r ON r.id = i.response_id
  LEFT JOIN complaint fc ON fc.id = r.follow_up_complaint_id`;

export function toResponseResponse(r: SurveyResponse): SurveyResponseResponse {
  return {
    id: r.id,
    invitationId: r.invitationId,
    campaignId: r.campaignId,
    templateId: r.templateId,
    answers: r.answers,
    overallScore: r.overallScore,
    npsScore: r.npsScore,
    source: r.source,
    answeredAt: r.answeredAt.toISOString(),
    followUpComplaintId: r.followUpComplaintId,
  };
}

/** Who submitted: an agent entering answers heard on the phone, or the customer through the public link. */
export type ResponseSource = { kind: 'agent'; actor: Actor } | { kind: 'public' };

@Injectable()
export class SurveyInvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly links: SurveyLinksService,
    private readonly outbox: OutboxService,
    private readonly followUps: SurveyFollowUpService,
  ) {}

  private toResponse(row: InvitationRow): SurveyInvitationResponse {
    return {
      id: row.id,
      campaignId: row.campaign_id,
      campaignName: row.campaign_name,
      templateId: row.template_id,
      customerId: row.customer_id,
      complaintId: row.complaint_id,
      contactName: row.contact_name,
      contactPhone: row.contact_phone,
      unitId: row.unit_id,
      channel: row.channel,
      status: row.status,
      statusNote: row.status_note,
      attempts: row.attempts,
      token: LINK_CHANNELS.includes(row.channel) ? this.links.tokenFor(row.id) : null,
      expiresAt: row.ends_at.toISOString(),
      responseId: row.response_id,
      overallScore: row.overall_score,
      followUpComplaintId: row.follow_up_complaint_id,
      followUpComplaintStatus: row.follow_up_status,
      followUpComplaintNumber: row.follow_up_number,
      version: row.version,
      createdAt: row.created_at.toISOString(),
    };
  }

  /** The work list: oldest first, in the caller's scope (the invitation's unit is under theirs). */
  async list(actor: Actor, query: SurveyInvitationQuery): Promise<Page<SurveyInvitationResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [`${actor.orgUnitPath}%`];
    let where = 'i.unit_path LIKE $1';
    if (query.campaignId) {
      params.push(query.campaignId);
      where += ` AND i.campaign_id = $${params.length}`;
    }
    if (query.status) {
      params.push(query.status);
      where += ` AND i.status = $${params.length}`;
    }
    if (query.channel) {
      params.push(query.channel);
      where += ` AND i.channel = $${params.length}`;
    }
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(position.v, position.id);
      where += ` AND (i.created_at, i.id) > (CAST($${params.length - 1} AS timestamptz), CAST($${params.length} AS uuid))`;
    }
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `${INVITATION_SELECT} WHERE ${where} ORDER BY i.created_at, i.id LIMIT $${params.length}`,
      params,
    )) as InvitationRow[];
    return pageFromRows(
      rows,
      limit,
      (r) => ({ v: r.created_at.toISOString(), id: r.id }),
      (r) => this.toResponse(r),
    );
  }

  async get(actor: Actor, id: string): Promise<SurveyInvitationResponse> {
    const rows = (await this.dataSource.query(`${INVITATION_SELECT} WHERE i.id = $1 AND i.unit_path LIKE $2`, [
      id,
      `${actor.orgUnitPath}%`,
    ])) as InvitationRow[];
    if (!rows[0]) throw notFound('Survey invitation');
    return this.toResponse(rows[0]);
  }

  private async lockInScope(actor: Actor, id: string, m: EntityManager): Promise<SurveyInvitation> {
    const rows = (await m.query(`SELECT id FROM survey_invitation WHERE id = $1 AND unit_path LIKE $2 FOR UPDATE`, [
      id,
      `${actor.orgUnitPath}%`,
    ])) as unknown[];
    if (rows.length === 0) throw notFound('Survey invitation');
    return m.findOneByOrFail(SurveyInvitation, { id });
  }

  /** Records a call outcome that is not an answer: declined, or unreachable (may be tried again). */
  async updateStatus(actor: Actor, id: string, dto: UpdateInvitationStatusDto): Promise<SurveyInvitationResponse> {
    await this.dataSource.transaction(async (m) => {
      const invitation = await this.lockInScope(actor, id, m);
      assertVersion('Survey invitation', invitation.version, dto.version);
      if (invitation.status === 'answered' || invitation.status === 'expired') {
        throw illegalTransition(`The invitation is ${invitation.status}; its outcome cannot change`);
      }
      await m.query(
        `UPDATE survey_invitation SET status = $2, status_note = $3, attempts = attempts + 1, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, dto.status, dto.note ?? null],
      );
      await this.audit.record(m, actor, {
        action: `survey_invitation.${dto.status}`,
        entityType: 'survey_invitation',
        entityId: id,
        orgUnitId: invitation.unitId,
        before: { status: invitation.status },
        after: { status: dto.status, note: dto.note ?? null },
      });
    });
    return this.get(actor, id);
  }

  async enterResponse(actor: Actor, id: string, answers: Record<string, unknown>): Promise<SurveyResponseResponse> {
    const response = await this.dataSource.transaction(async (m) => {
      const invitation = await this.lockInScope(actor, id, m);
      return this.submit(m, invitation, answers, { kind: 'agent', actor });
    });
    return this.followUpIfLow(response);
  }

  /**
   * A low overall score opens its follow-up complaint once the response has committed (the
   * complaints module runs its own transaction). A failure here does not lose the answer: the
   * `survey-follow-up` job opens whatever is still missing.
   */
  private async followUpIfLow(response: SurveyResponseResponse): Promise<SurveyResponseResponse> {
    if (!isLowScore(response.overallScore)) return response;
    try {
      const complaintId = await this.followUps.openNow(response.id);
      return { ...response, followUpComplaintId: complaintId };
    } catch {
      return response;
    }
  }

  /** The invitation behind a public token, or 404 when the token is unknown, the link expired or the campaign is not open. */
  private async openInvitationForToken(
    m: EntityManager,
    token: string,
    lock: boolean,
  ): Promise<{ invitation: SurveyInvitation; campaign: SurveyCampaign }> {
    const id = this.links.invitationIdOf(token);
    if (!id) throw notFound('Survey');
    const rows = (await m.query(`SELECT id FROM survey_invitation WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id])) as unknown[];
    if (rows.length === 0) throw notFound('Survey');
    const invitation = await m.findOneByOrFail(SurveyInvitation, { id });
    const campaign = await m.findOneByOrFail(SurveyCampaign, { id: invitation.campaignId });
    if (!LINK_CHANNELS.includes(invitation.channel)) throw notFound('Survey');
    if (invitation.status === 'answered') throw conflict('This survey has already been answered; thank you');
    const now = new Date();
    if (invitation.status === 'expired' || campaign.status !== 'launched' || now >= campaign.endsAt || now < campaign.startsAt) {
      throw notFound('Survey');
    }
    return { invitation, campaign };
  }

  async publicQuestionnaire(token: string): Promise<PublicSurveyResponse> {
    const { campaign } = await this.openInvitationForToken(this.dataSource.manager, token, false);
    const template = await this.dataSource.manager.findOneByOrFail(SurveyTemplate, { id: campaign.templateId });
    return {
      title: template.name,
      description: template.description,
      questions: template.questions,
      expiresAt: campaign.endsAt.toISOString(),
    };
  }

  async publicSubmit(token: string, answers: Record<string, unknown>): Promise<SurveyResponseResponse> {
    const response = await this.dataSource.transaction(async (m) => {
      const { invitation } = await this.openInvitationForToken(m, token, true);
      return this.submit(m, invitation, answers, { kind: 'public' });
    });
    return this.followUpIfLow(response);
  }

  /** One response per invitation, validated against the questionnaire version the campaign pinned. */
  private async submit(
    m: EntityManager,
    invitation: SurveyInvitation,
    answers: Record<string, unknown>,
    source: ResponseSource,
  ): Promise<SurveyResponseResponse> {
    if (invitation.status === 'answered') throw conflict('This invitation has already been answered');
    if (invitation.status === 'expired') throw illegalTransition('This invitation expired with its campaign');
    const campaign = await m.findOneByOrFail(SurveyCampaign, { id: invitation.campaignId });
    const now = new Date();
    if (now >= campaign.endsAt || now < campaign.startsAt) {
      throw ruleViolated('campaign_open', 'Answers are accepted only between the campaign start and end');
    }
    const template = await m.findOneByOrFail(SurveyTemplate, { id: campaign.templateId });
    const check = validateAnswers(template.questions, answers);
    if (!check.ok) {
      throw new AppError(
        'validation_failed',
        check.problems.map((p) => `question ${p.question}: ${p.problem}`).join('; '),
        check.problems.map((p) => ({ field: `answers.${p.question}`, problem: p.problem })),
      );
    }
    const overall = overallScore(template.questions, check.answers);
    if (overall === null) throw new AppError('validation_failed', 'The questionnaire has no overall question answered');
    const nps = npsScore(template.questions, check.answers);
    const rows = (await m.query(
      `INSERT INTO survey_response (invitation_id, campaign_id, template_id, answers, overall_score, nps_score, source, entered_by_id)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8) RETURNING id`,
      [
        invitation.id,
        campaign.id,
        template.id,
        JSON.stringify(check.answers),
        overall,
        nps,
        source.kind,
        source.kind === 'agent' && source.actor.kind === 'user' ? source.actor.id : null,
      ],
    )) as { id: string }[];
    const responseId = rows[0]!.id;
    // The scores are copied onto the invitation: the metrics tally (survey_tally, kept by triggers on
    // survey_invitation) counts them from there.
    await m.query(
      `UPDATE survey_invitation SET status = 'answered', response_id = $2, overall_score = $3, nps_score = $4,
         attempts = attempts + 1, version = version + 1, updated_at = now() WHERE id = $1`,
      [invitation.id, responseId, overall, nps],
    );
    const auditActor = source.kind === 'agent' ? source.actor : SYSTEM_ACTOR;
    if (isLowScore(overall)) {
      await this.outbox.append(m, {
        type: 'survey.response.low_score',
        aggregateType: 'survey_response',
        aggregateId: responseId,
        orgUnitId: invitation.unitId,
        payload: {
          responseId,
          invitationId: invitation.id,
          campaignId: campaign.id,
          customerId: invitation.customerId,
          overallScore: overall,
        },
      });
    }
    const response = await m.findOneByOrFail(SurveyResponse, { id: responseId });
    const body = toResponseResponse(response);
    await this.audit.record(m, auditActor, {
      action: source.kind === 'agent' ? 'survey_response.entered' : 'survey_response.submitted_online',
      entityType: 'survey_response',
      entityId: responseId,
      orgUnitId: invitation.unitId,
      after: body,
    });
    return body;
  }
}
