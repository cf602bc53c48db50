import { LOW_SCORE_MAX } from '@cs/domain';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, Role } from '../../common/actor';
import { ComplaintsService } from '../complaints/complaints.service';
import type { ComplaintChannel } from '../complaints/complaint.entity';
import type { SurveyChannel } from './survey.entities';

/** How long one attempt to open a follow-up holds its response (so two paths never open two complaints). */
export const FOLLOW_UP_CLAIM_MINUTES = 5;

/** The complaint channel a follow-up is recorded under: the channel the customer answered on. */
export const FOLLOW_UP_CHANNEL: Record<SurveyChannel, ComplaintChannel> = {
  phone: 'phone',
  online: 'web',
  sms: 'web',
  email: 'email',
  onsite: 'visit',
};

interface DueResponse {
  id: string;
  overall_score: number;
  answers: Record<string, unknown>;
  entered_by_id: string | null;
  channel: SurveyChannel;
  customer_id: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  unit_id: string;
  unit_path: string;
  campaign_name: string;
  campaign_created_by_id: string | null;
  complaint_owner_id: string | null;
  questions: { key: string; text: string }[];
}

interface ActorRow {
  id: string;
  display_name: string;
  org_unit_id: string;
  path: string;
  kind: Actor['orgUnitKind'];
  roles: Role[];
}

/**
 * A low overall score (≤ 2) opens a follow-up complaint through the complaints module, routed
 * like any complaint [002 回访中心 3)]. Tried right after the response commits; the
 * `survey-follow-up` job retries whatever is still open. A short claim on the response keeps
 * the two from opening two complaints.
 */
@Injectable()
export class SurveyFollowUpService {
  private readonly logger = new Logger(SurveyFollowUpService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly complaints: ComplaintsService,
  ) {}

  /** Claims low-score responses without a follow-up (one id, or every due one); returns the claimed ids. */
  async claim(m: EntityManager, responseId: string | null, olderThanSeconds = 0): Promise<string[]> {
    const rows = (await m.query(
      `UPDATE survey_response SET follow_up_claimed_until = now() + make_interval(mins => $1)
       WHERE overall_score <= $2 AND follow_up_complaint_id IS NULL
         AND (follow_up_claimed_until IS NULL OR follow_up_claimed_until < now())
         AND answered_at <= now() - make_interval(secs => $3)
         AND ($4::uuid IS NULL OR id = $4)
       RETURNING id`,
      [FOLLOW_UP_CLAIM_MINUTES, LOW_SCORE_MAX, olderThanSeconds, responseId],
    )) as [{ id: string }[], number];
    return rows[0].map((r) => r.id);
  }

  /** Opens the follow-ups of claimed responses, each in its own transaction; returns how many were opened. */
  async openClaimed(ids: string[]): Promise<number> {
    let opened = 0;
    for (const id of ids) {
      try {
        if (await this.openOne(id)) opened += 1;
      } catch (error) {
        this.logger.error({ err: error, responseId: id }, 'Could not open the follow-up complaint of a low-score survey response');
      }
    }
    return opened;
  }

  /** Right after a response committed: claim it and open its follow-up; null when not low or already handled. */
  async openNow(responseId: string): Promise<string | null> {
    const claimed = await this.dataSource.transaction((m) => this.claim(m, responseId));
    if (claimed.length === 0) return null;
    await this.openClaimed(claimed);
    const rows = (await this.dataSource.query('SELECT follow_up_complaint_id FROM survey_response WHERE id = $1', [responseId])) as {
      follow_up_complaint_id: string | null;
    }[];
    return rows[0]?.follow_up_complaint_id ?? null;
  }

  private async openOne(responseId: string): Promise<boolean> {
    const [r] = (await this.dataSource.query(
      `SELECT r.id, r.overall_score, r.answers, r.entered_by_id, i.channel, i.customer_id, i.contact_name, i.contact_phone, i.unit_id, i.unit_path,
              c.name AS campaign_name, c.created_by_id AS campaign_created_by_id, oc.owner_id AS complaint_owner_id, t.questions
       FROM survey_response r
       JOIN survey_invitation i ON i.id = r.invitation_id
       JOIN survey_campaign c ON c.id = r.campaign_id
       JOIN survey_template t ON t.id = r.template_id
       LEFT JOIN complaint oc ON oc.id = i.complaint_id
       WHERE r.id = $1 AND r.follow_up_complaint_id IS NULL`,
      [responseId],
    )) as DueResponse[];
    if (!r) return false;
    const owner = await this.ownerFor(r);
    if (!owner) {
      this.logger.warn({ responseId }, 'No active user can own the follow-up complaint of a low-score response');
      return false;
    }
    const lines = r.questions
      .filter((q) => r.answers[q.key] !== undefined)
      .map((q) => {
        const value = r.answers[q.key];
        return `${q.text}：${Array.isArray(value) ? value.join('、') : String(value)}`;
      });
    const complaint = await this.complaints.create(owner, {
      kind: 'complaint',
      channel: FOLLOW_UP_CHANNEL[r.channel],
      severity: 'general',
      subject: `满意度回访不满意（总体评分 ${r.overall_score}）— ${r.campaign_name}`.slice(0, 200),
      description: [`满意度调查总体评分 ${r.overall_score} 分（≤ ${LOW_SCORE_MAX}），自动生成跟进投诉。`, ...lines].join('\n'),
      ...(r.customer_id ? { customerId: r.customer_id } : {}),
      ...(r.contact_name ? { callerName: r.contact_name.slice(0, 120) } : {}),
      ...(r.contact_phone ? { callerPhone: r.contact_phone } : {}),
      ...(!r.customer_id && !r.contact_name && !r.contact_phone ? { callerName: '满意度调查客户' } : {}),
      receivingUnitId: r.unit_id,
    });
    await this.dataSource.query(`UPDATE survey_response SET follow_up_complaint_id = $2, follow_up_claimed_until = NULL WHERE id = $1`, [
      responseId,
      complaint.id,
    ]);
    return true;
  }

  /**
   * Who owns the follow-up (首问负责制 needs a person): the agent who entered the answers, else the
   * owner of the complaint the survey followed, else the campaign's author, else a customer-service
   * manager of the invited unit or the nearest unit above it.
   */
  private async ownerFor(r: DueResponse): Promise<Actor | null> {
    for (const id of [r.entered_by_id, r.complaint_owner_id, r.campaign_created_by_id]) {
      if (!id) continue;
      const rows = (await this.dataSource.query(
        `SELECT u.id, u.display_name, u.org_unit_id, o.path, o.kind, u.roles FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id
         WHERE u.id = $1 AND u.active AND $2 LIKE o.path || '%'`,
        [id, r.unit_path],
      )) as ActorRow[];
      if (rows[0]) return toActor(rows[0]);
    }
    const managers = (await this.dataSource.query(
      `SELECT u.id, u.display_name, u.org_unit_id, o.path, o.kind, u.roles FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id
       WHERE u.active AND u.roles && '{cs_manager}'::text[] AND $1 LIKE o.path || '%'
       ORDER BY o.depth DESC, u.created_at LIMIT 1`,
      [r.unit_path],
    )) as ActorRow[];
    return managers[0] ? toActor(managers[0]) : null;
  }
}

function toActor(row: ActorRow): Actor {
  return {
    kind: 'user',
    id: row.id,
    name: row.display_name,
    orgUnitId: row.org_unit_id,
    orgUnitPath: row.path,
    orgUnitKind: row.kind,
    roles: row.roles,
    scopes: [],
  };
}
