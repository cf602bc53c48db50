/** Survey shapes and the queries the survey pages share (all through the generated client). */
import type { Schemas } from '@cs/api-client';

export type SurveyTemplate = Schemas['SurveyTemplateResponse'];
export type SurveyQuestion = Schemas['SurveyQuestionResponse'];
export type QuestionType = SurveyQuestion['type'];
export type SurveyCampaign = Schemas['SurveyCampaignResponse'];
export type SurveyChannel = SurveyCampaign['channel'];
export type SurveyInvitation = Schemas['SurveyInvitationResponse'];
export type InvitationStatus = SurveyInvitation['status'];
export type SurveyMetrics = Schemas['SurveyMetricsResponse'];
export type SatisfactionReport = Schemas['SatisfactionReportResponse'];
export type PopulationPreview = Schemas['PopulationPreviewResponse'];
export type SurveyResponse = Schemas['SurveyResponseResponse'];
export type AnswerValue = number | string | string[];
export type Answers = Record<string, AnswerValue>;

const CHANNEL_SET: Record<SurveyChannel, true> = { phone: true, online: true, sms: true, email: true, onsite: true };
export const SURVEY_CHANNELS = Object.keys(CHANNEL_SET) as SurveyChannel[];
const TYPE_SET: Record<QuestionType, true> = { rating: true, single_choice: true, multi_choice: true, text: true, nps: true };
export const QUESTION_TYPES = Object.keys(TYPE_SET) as QuestionType[];
const STATUS_SET: Record<InvitationStatus, true> = { pending: true, answered: true, declined: true, unreachable: true, expired: true };
export const INVITATION_STATUSES = Object.keys(STATUS_SET) as InvitationStatus[];

export const STATUS_COLOR: Record<InvitationStatus, string> = {
  pending: 'processing',
  answered: 'success',
  declined: 'default',
  unreachable: 'warning',
  expired: 'default',
};

/** The public link of an invitation token (the route outside the signed-in console). */
export const surveyLink = (token: string): string => `${window.location.origin}/s/${token}`;
