import { QUESTION_TYPES, type QuestionType } from '@cs/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageMeta, PageQuery } from '../../common/pagination';
import { VersionedUpdate } from '../../common/version';
import {
  CAMPAIGN_STATUSES,
  type CampaignKind,
  type CampaignStatus,
  INVITATION_STATUSES,
  type InvitationStatus,
  SURVEY_CHANNELS,
  type SurveyChannel,
} from './survey.entities';

// ---------------------------------------------------------------- templates

export class SurveyQuestionDto {
  /** Stable key the answers are stored under (`a-z0-9_`, starting with a letter). */
  @ApiProperty({ example: 'overall' }) @IsString() @MaxLength(40) key!: string;
  @ApiProperty({ enum: QUESTION_TYPES }) @IsIn(QUESTION_TYPES) type!: QuestionType;
  @ApiProperty({ maxLength: 500 }) @IsString() @MinLength(1) @MaxLength(500) text!: string;
  @ApiProperty() @IsBoolean() required!: boolean;
  /** Marks the overall satisfaction question (exactly one rating question). */
  @ApiPropertyOptional() @IsOptional() @IsBoolean() overall?: boolean;
  /** Choices of a single/multi choice question. */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  options?: string[];
}

export class CreateSurveyTemplateDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) name!: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiProperty({ type: [SurveyQuestionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SurveyQuestionDto)
  questions!: SurveyQuestionDto[];
  /** Owning unit (default: yours). Units below it may use the template. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;
}

export class UpdateSurveyTemplateDto extends VersionedUpdate {
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) name?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ type: [SurveyQuestionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SurveyQuestionDto)
  questions?: SurveyQuestionDto[];
}

export class SurveyTemplateQuery extends PageQuery {
  /** All versions of one questionnaire (default: only the current version of each). */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() familyId?: string;
}

export class SurveyQuestionResponse {
  @ApiProperty() key!: string;
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty() text!: string;
  @ApiProperty() required!: boolean;
  @ApiPropertyOptional() overall?: boolean;
  @ApiPropertyOptional({ type: [String] }) options?: string[];
}

export class SurveyTemplateResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** Shared by every version of this questionnaire. */
  @ApiProperty({ format: 'uuid' }) familyId!: string;
  @ApiProperty({ description: 'Questionnaire version number (1, 2, …)' }) versionNo!: number;
  @ApiProperty({ description: 'True for the newest version' }) isCurrent!: boolean;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: [SurveyQuestionResponse] }) questions!: SurveyQuestionResponse[];
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ description: 'Responses recorded against this version; a version with responses is immutable' }) responseCount!: number;
  @ApiProperty({ description: 'Optimistic-lock version of this row' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SurveyTemplatePage extends PageMeta {
  @ApiProperty({ type: [SurveyTemplateResponse] }) items!: SurveyTemplateResponse[];
}

// ---------------------------------------------------------------- campaigns

export class CampaignPopulationDto {
  /** Customers owned by (or complaints received in) these units and the units below them. Default: the campaign's unit. */
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  unitIds?: string[];
  /** Customer grades. */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  grades?: string[];
  /** Customer kinds. */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  kinds?: string[];
  /** With complaintsClosedTo: target the complaints closed in [from, to) instead of customers. */
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) complaintsClosedFrom?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) complaintsClosedTo?: string;
}

export class CampaignTargetsDto {
  /** Coverage target in percent (default 95). */
  @ApiProperty({ minimum: 0, maximum: 100 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) coverage!: number;
  /** Satisfaction-rate target in percent (default 95). */
  @ApiProperty({ minimum: 0, maximum: 100 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) satisfaction!: number;
}

export class CreateSurveyCampaignDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) name!: string;
  /** The questionnaire version to ask (pinned: later versions do not change this campaign). */
  @ApiProperty({ format: 'uuid' }) @IsUUID() templateId!: string;
  @ApiProperty({ enum: SURVEY_CHANNELS }) @IsIn(SURVEY_CHANNELS) channel!: SurveyChannel;
  @ApiProperty({ type: CampaignPopulationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignPopulationDto)
  population!: CampaignPopulationDto;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) startsAt!: string;
  /** Invitations and their links expire at this instant. */
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) endsAt!: string;
  @ApiPropertyOptional({ type: CampaignTargetsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignTargetsDto)
  targets?: CampaignTargetsDto;
  /** Running unit (default: yours). */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;
}

export class UpdateSurveyCampaignDto extends VersionedUpdate {
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) name?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() templateId?: string;
  @ApiPropertyOptional({ enum: SURVEY_CHANNELS }) @IsOptional() @IsIn(SURVEY_CHANNELS) channel?: SurveyChannel;
  @ApiPropertyOptional({ type: CampaignPopulationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignPopulationDto)
  population?: CampaignPopulationDto;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) startsAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) endsAt?: string;
  @ApiPropertyOptional({ type: CampaignTargetsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignTargetsDto)
  targets?: CampaignTargetsDto;
}

export class LaunchSurveyCampaignDto extends VersionedUpdate {}

export class PopulationPreviewDto {
  @ApiProperty({ type: CampaignPopulationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignPopulationDto)
  population!: CampaignPopulationDto;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;
}

export class SurveyCampaignQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES }) @IsOptional() @IsIn(CAMPAIGN_STATUSES) status?: CampaignStatus;
}

export class CampaignTargetsResponse {
  @ApiProperty() coverage!: number;
  @ApiProperty() satisfaction!: number;
}

export class PopulationResponse {
  @ApiPropertyOptional({ type: [String] }) unitIds?: string[];
  @ApiPropertyOptional({ type: [String] }) grades?: string[];
  @ApiPropertyOptional({ type: [String] }) kinds?: string[];
  @ApiPropertyOptional({ format: 'date-time' }) complaintsClosedFrom?: string;
  @ApiPropertyOptional({ format: 'date-time' }) complaintsClosedTo?: string;
}

export class SurveyCampaignResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['standard', 'post_complaint'] }) kind!: CampaignKind;
  @ApiProperty({ format: 'uuid' }) templateId!: string;
  @ApiProperty({ enum: SURVEY_CHANNELS }) channel!: SurveyChannel;
  @ApiProperty({ type: PopulationResponse }) population!: PopulationResponse;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ type: CampaignTargetsResponse }) targets!: CampaignTargetsResponse;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status!: CampaignStatus;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) launchedAt!: string | null;
  @ApiProperty() invitationCount!: number;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SurveyCampaignPage extends PageMeta {
  @ApiProperty({ type: [SurveyCampaignResponse] }) items!: SurveyCampaignResponse[];
}

export class PopulationUnitCount {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() count!: number;
}

export class PopulationPreviewResponse {
  @ApiProperty({ enum: ['customers', 'complaints'] }) source!: 'customers' | 'complaints';
  @ApiProperty({ description: 'Invitations a launch would create' }) total!: number;
  @ApiProperty({ type: [PopulationUnitCount] }) byUnit!: PopulationUnitCount[];
}

// ---------------------------------------------------------------- invitations and responses

export class SurveyInvitationQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() campaignId?: string;
  @ApiPropertyOptional({ enum: INVITATION_STATUSES }) @IsOptional() @IsIn(INVITATION_STATUSES) status?: InvitationStatus;
  @ApiPropertyOptional({ enum: SURVEY_CHANNELS }) @IsOptional() @IsIn(SURVEY_CHANNELS) channel?: SurveyChannel;
}

export class SurveyInvitationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() campaignName!: string;
  /** The questionnaire version to ask (GET /survey-templates/{templateId}). */
  @ApiProperty({ format: 'uuid' }) templateId!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) customerId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) complaintId!: string | null;
  @ApiProperty({ type: String, nullable: true }) contactName!: string | null;
  @ApiProperty({ type: String, nullable: true }) contactPhone!: string | null;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ enum: SURVEY_CHANNELS }) channel!: SurveyChannel;
  @ApiProperty({ enum: INVITATION_STATUSES }) status!: InvitationStatus;
  @ApiProperty({ type: String, nullable: true }) statusNote!: string | null;
  @ApiProperty() attempts!: number;
  /** Link token for online/sms/email invitations (`/s/{token}`); null for phone and onsite. */
  @ApiProperty({ type: String, nullable: true }) token!: string | null;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) responseId!: string | null;
  @ApiProperty({ type: Number, nullable: true }) overallScore!: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) followUpComplaintId!: string | null;
  /** Status of the follow-up complaint opened by a low score. */
  @ApiProperty({ type: String, nullable: true }) followUpComplaintStatus!: string | null;
  @ApiProperty({ type: String, nullable: true }) followUpComplaintNumber!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class SurveyInvitationPage extends PageMeta {
  @ApiProperty({ type: [SurveyInvitationResponse] }) items!: SurveyInvitationResponse[];
}

export class SubmitSurveyAnswersDto {
  /** `{<questionKey>: value}`: ratings 1–5, NPS 0–10, an option, a list of options or text. */
  @ApiProperty({ type: 'object', additionalProperties: true, example: { overall: 5, comment: '很满意' } })
  @IsObject()
  answers!: Record<string, unknown>;
}

export const CLOSABLE_INVITATION_STATUSES = ['declined', 'unreachable'] as const;

export class UpdateInvitationStatusDto extends VersionedUpdate {
  /** declined: the customer refused; unreachable: the call did not get through (may be tried again). */
  @ApiProperty({ enum: CLOSABLE_INVITATION_STATUSES })
  @IsIn(CLOSABLE_INVITATION_STATUSES)
  status!: (typeof CLOSABLE_INVITATION_STATUSES)[number];
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class SurveyResponseResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) invitationId!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  /** The questionnaire version answered. */
  @ApiProperty({ format: 'uuid' }) templateId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) answers!: Record<string, unknown>;
  @ApiProperty() overallScore!: number;
  @ApiProperty({ type: Number, nullable: true }) npsScore!: number | null;
  @ApiProperty({ enum: ['agent', 'public'] }) source!: 'agent' | 'public';
  @ApiProperty({ format: 'date-time' }) answeredAt!: string;
  /** The complaint opened because the overall score was ≤ 2. */
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) followUpComplaintId!: string | null;
}

export class PublicSurveyResponse {
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: [SurveyQuestionResponse] }) questions!: SurveyQuestionResponse[];
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class PublicSurveyAnswered {
  @ApiProperty({ enum: ['answered'] }) status!: 'answered';
  @ApiProperty({ format: 'date-time' }) answeredAt!: string;
}

// ---------------------------------------------------------------- policy

export class SurveyPolicyResponse {
  /** Closing a complaint creates a post-complaint survey invitation when it matches. */
  @ApiProperty() postComplaintEnabled!: boolean;
  /** Complaint channels that trigger it (default: phone). */
  @ApiProperty({ type: [String] }) postComplaintChannels!: string[];
  /** Complaint kinds that trigger it (default: complaint). */
  @ApiProperty({ type: [String] }) postComplaintKinds!: string[];
  @ApiProperty({ enum: SURVEY_CHANNELS }) surveyChannel!: SurveyChannel;
  /** The questionnaire version asked; without one, nothing is created. */
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) templateId!: string | null;
  @ApiProperty() responseWindowDays!: number;
  @ApiProperty() version!: number;
}

export class UpdateSurveyPolicyDto extends VersionedUpdate {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() postComplaintEnabled?: boolean;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  postComplaintChannels?: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  postComplaintKinds?: string[];
  @ApiPropertyOptional({ enum: SURVEY_CHANNELS }) @IsOptional() @IsIn(SURVEY_CHANNELS) surveyChannel?: SurveyChannel;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) @IsOptional() @IsUUID() templateId?: string | null;
  @ApiPropertyOptional({ minimum: 1, maximum: 90 }) @IsOptional() @Type(() => Number) @Min(1) @Max(90) responseWindowDays?: number;
}

// ---------------------------------------------------------------- metrics

export class MetricsTargets {
  @ApiProperty() coverage!: number;
  @ApiProperty() satisfaction!: number;
}

export class MetricsCore {
  @ApiProperty() invitations!: number;
  @ApiProperty() responses!: number;
  /** Percent of invitations with a response; null with no invitations. */
  @ApiProperty({ type: Number, nullable: true }) coverage!: number | null;
  /** Percent of responses whose overall rating is ≥ 4; null with no responses. */
  @ApiProperty({ type: Number, nullable: true }) satisfactionRate!: number | null;
  /** Percent of responses whose overall rating is ≤ 2; null with no responses. */
  @ApiProperty({ type: Number, nullable: true }) dissatisfactionRate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) meanScore!: number | null;
  /** Net promoter score (−100…100) over responses with an NPS answer; null with none. */
  @ApiProperty({ type: Number, nullable: true }) nps!: number | null;
  @ApiProperty({ type: Boolean, nullable: true }) coverageMet!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) satisfactionMet!: boolean | null;
}

export class MetricsByUnit extends MetricsCore {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
}

export class MetricsByMonth extends MetricsCore {
  @ApiProperty({ example: '2026-11' }) month!: string;
}

export class ScoreCount {
  @ApiProperty({ minimum: 1, maximum: 5 }) score!: number;
  @ApiProperty() count!: number;
}

export class SurveyMetricsResponse extends MetricsCore {
  @ApiProperty({ type: MetricsTargets }) targets!: MetricsTargets;
  /** Overall-score counts 1–5. */
  @ApiProperty({ type: [ScoreCount] }) scoreDistribution!: ScoreCount[];
  @ApiProperty({ type: [MetricsByUnit] }) byUnit!: MetricsByUnit[];
  @ApiProperty({ type: [MetricsByMonth] }) byMonth!: MetricsByMonth[];
}

export class SatisfactionReportResponse extends SurveyMetricsResponse {
  @ApiProperty({ example: '2026-Q4' }) period!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
}

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;

export class SatisfactionReportQuery {
  /** `YYYY-MM`, `YYYY-Qn` or `YYYY`, in the business time zone. */
  @ApiProperty({ example: '2026-Q4' })
  @IsString()
  @Matches(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, { message: 'period must be YYYY, YYYY-MM or YYYY-Qn' })
  period!: string;
  /** The unit reported on (default: yours); byUnit rolls up to its direct sub-units. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: (typeof REPORT_FORMATS)[number];
}
