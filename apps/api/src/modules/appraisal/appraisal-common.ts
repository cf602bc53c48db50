import type { Role } from '../../common/actor';

/** Who manages team leaders: HR and CS managers (admins always pass). */
export const APPRAISAL_MANAGERS: Role[] = ['cs_manager', 'hr'];
/** Who may read team-leader records. */
export const APPRAISAL_READERS: Role[] = ['cs_manager', 'hr', 'ops_manager', 'team_leader', 'quality_evaluator'];
/** Who may read monthly grades and appraisal scores and rankings (personnel-confidential). */
export const APPRAISAL_RESULT_READERS: Role[] = ['cs_manager', 'hr', 'ops_manager'];

export const POST_TYPES = ['inbound', 'outbound'] as const;
export type PostType = (typeof POST_TYPES)[number];

export const APPOINTMENT_STATUSES = ['active', 'ended', 'terminated'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const END_REASONS = ['term_expired', 'second_d_grade', 'major_loss', 'adjustment', 'dismissal', 'reselection'] as const;
export type EndReason = (typeof END_REASONS)[number];

/** [9.1] 9.1.1 business need (职位调整), 9.1.2 reorganisation (机构调整、组织缩编), 9.1.3 unsuitable (不适宜担任). */
export const ADJUSTMENT_REASONS = ['business_need', 'reorganisation', 'unsuitable'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/** [9.3] 平级或降级工作调动. */
export const TRANSFER_KINDS = ['lateral', 'lower'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

export const VACANCY_REASONS = ['second_d_grade', 'major_loss', 'fair_result', 'adjustment', 'dismissal', 'term_expired'] as const;
export type VacancyReason = (typeof VACANCY_REASONS)[number];

export const VACANCY_STATUSES = ['open', 'filled', 'cancelled'] as const;
export type VacancyStatus = (typeof VACANCY_STATUSES)[number];

export const MONTHLY_GRADES = ['A', 'B', 'C', 'D'] as const;

export const YEAR_END_GRADES = ['excellent', 'good', 'fair'] as const;

/** What finalizing a cycle did to an appointment [8.3]. */
export const CYCLE_OUTCOMES = ['term_extended_with_promotion_priority', 'term_extended', 'post_vacated', 'not_applied'] as const;
export type CycleOutcome = (typeof CYCLE_OUTCOMES)[number];

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const QUARTER = /^\d{4}-Q[1-4]$/;
export const MONEY = /^\d{1,12}\.\d{2}$/;
