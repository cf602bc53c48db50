/** Shapes of the appraisal API, from the generated contract. */
import type { Schemas } from '@cs/api-client';

export type Team = Schemas['TeamResponse'];
export type Appointment = Schemas['AppointmentResponse'];
export type AppointmentStatus = Appointment['status'];
export type MonthlyGrade = Schemas['MonthlyGradeResponse'];
export type GradeValue = MonthlyGrade['grade'];
export type MonthlyGradeRecorded = Schemas['MonthlyGradeRecorded'];
export type AppointmentChanged = Schemas['AppointmentChanged'];
export type AllowanceSchedule = Schemas['AllowanceScheduleResponse'];
export type Scheme = Schemas['SchemeResponse'];
export type Cycle = Schemas['CycleResponse'];
export type CycleDetail = Schemas['CycleDetailResponse'];
export type CycleMember = Schemas['CycleMemberResponse'];
export type RankingPreview = Schemas['RankingPreviewResponse'];
export type RankingEntry = Schemas['RankingEntry'];
export type YearEndGrade = RankingEntry['grade'];
export type CycleOutcome = RankingEntry['outcome'];
export type FinalizeResult = Schemas['FinalizeCycleResponse'];
export type Vacancy = Schemas['VacancyResponse'];
export type EligibleStaff = Schemas['EligibleStaffResponse'];
export type AdjustmentReason = Schemas['AdjustAppointmentDto']['reason'];
export type TransferKind = Schemas['AdjustAppointmentDto']['transfer'];

export const GRADES: GradeValue[] = ['A', 'B', 'C', 'D'];
export const ADJUSTMENT_REASONS: AdjustmentReason[] = ['business_need', 'reorganisation', 'unsuitable'];
export const TRANSFER_KINDS: TransferKind[] = ['lateral', 'lower'];
export const MANAGER_ROLES = ['cs_manager', 'hr'] as const;
export const READER_ROLES = ['cs_manager', 'hr', 'ops_manager', 'team_leader', 'quality_evaluator'] as const;
/** Monthly grades and appraisal results are personnel-confidential. */
export const RESULT_READER_ROLES = ['cs_manager', 'hr', 'ops_manager'] as const;

export const GRADE_COLORS: Record<YearEndGrade, string> = { excellent: '#52c41a', good: '#1677ff', fair: '#fa8c16' };
export const STATUS_COLORS: Record<AppointmentStatus, string> = { active: 'green', ended: 'default', terminated: 'red' };
