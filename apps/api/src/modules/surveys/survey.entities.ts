import type { SurveyQuestion } from '@cs/domain';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SURVEY_CHANNELS = ['phone', 'online', 'sms', 'email', 'onsite'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];
/** Channels whose invitations carry a link token the customer answers at the public endpoint. */
export const LINK_CHANNELS: readonly SurveyChannel[] = ['online', 'sms', 'email'];
export const INVITATION_STATUSES = ['pending', 'answered', 'declined', 'unreachable', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
export const CAMPAIGN_STATUSES = ['draft', 'launched'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export type CampaignKind = 'standard' | 'post_complaint';

export interface CampaignPopulation {
  unitIds?: string[];
  grades?: string[];
  kinds?: string[];
  complaintsClosedFrom?: string;
  complaintsClosedTo?: string;
}

/** One version of a questionnaire; versions of the same questionnaire share `familyId`. */
@Entity('survey_template')
export class SurveyTemplate {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') familyId!: string;
  @Column('integer') versionNo!: number;
  @Column('boolean') isCurrent!: boolean;
  @Column('varchar') name!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('jsonb') questions!: SurveyQuestion[];
  @Column('uuid') orgUnitId!: string;
  @Column('text') orgUnitPath!: string;
  @Column('uuid', { nullable: true }) createdById!: string | null;
  @Column('integer') version!: number;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz') updatedAt!: Date;
}

@Entity('survey_campaign')
export class SurveyCampaign {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('varchar') name!: string;
  @Column('varchar') kind!: CampaignKind;
  @Column('uuid') templateId!: string;
  @Column('varchar') channel!: SurveyChannel;
  @Column('jsonb') population!: CampaignPopulation;
  @Column('timestamptz') startsAt!: Date;
  @Column('timestamptz') endsAt!: Date;
  @Column('numeric') targetCoverage!: string;
  @Column('numeric') targetSatisfaction!: string;
  @Column('varchar') status!: CampaignStatus;
  @Column('timestamptz', { nullable: true }) launchedAt!: Date | null;
  @Column('integer') invitationCount!: number;
  @Column('uuid') orgUnitId!: string;
  @Column('text') orgUnitPath!: string;
  @Column('uuid', { nullable: true }) createdById!: string | null;
  @Column('integer') version!: number;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz') updatedAt!: Date;
}

@Entity('survey_invitation')
export class SurveyInvitation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') campaignId!: string;
  @Column('varchar') channel!: SurveyChannel;
  @Column('varchar') status!: InvitationStatus;
  @Column('uuid', { nullable: true }) customerId!: string | null;
  @Column('uuid', { nullable: true }) complaintId!: string | null;
  @Column('varchar', { nullable: true }) contactName!: string | null;
  @Column('varchar', { nullable: true }) contactPhone!: string | null;
  @Column('uuid') unitId!: string;
  @Column('text') unitPath!: string;
  @Column('char') month!: string;
  @Column('varchar', { nullable: true }) statusNote!: string | null;
  @Column('smallint') attempts!: number;
  @Column('uuid', { nullable: true }) responseId!: string | null;
  /** Copies of the response's scores (set with `responseId`), so the metrics tally reads one table. */
  @Column('smallint', { nullable: true }) overallScore!: number | null;
  @Column('smallint', { nullable: true }) npsScore!: number | null;
  @Column('integer') version!: number;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz') updatedAt!: Date;
}

@Entity('survey_response')
export class SurveyResponse {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') invitationId!: string;
  @Column('uuid') campaignId!: string;
  @Column('uuid') templateId!: string;
  @Column('jsonb') answers!: Record<string, number | string | string[]>;
  @Column('smallint') overallScore!: number;
  @Column('smallint', { nullable: true }) npsScore!: number | null;
  @Column('varchar') source!: 'agent' | 'public';
  @Column('uuid', { nullable: true }) enteredById!: string | null;
  @Column('timestamptz') answeredAt!: Date;
  @Column('uuid', { nullable: true }) followUpComplaintId!: string | null;
  @Column('timestamptz', { nullable: true }) followUpClaimedUntil!: Date | null;
}

/** The single row of survey settings: when closing a complaint triggers a post-complaint survey. */
@Entity('survey_policy')
export class SurveyPolicy {
  @PrimaryGeneratedColumn() id!: number;
  @Column('boolean') postComplaintEnabled!: boolean;
  @Column('text', { array: true }) postComplaintChannels!: string[];
  @Column('text', { array: true }) postComplaintKinds!: string[];
  @Column('varchar') surveyChannel!: SurveyChannel;
  @Column('uuid', { nullable: true }) templateId!: string | null;
  @Column('smallint') responseWindowDays!: number;
  @Column('integer') version!: number;
  @Column('timestamptz') updatedAt!: Date;
}

export const SURVEY_ENTITIES = [SurveyTemplate, SurveyCampaign, SurveyInvitation, SurveyResponse, SurveyPolicy];
