import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const COMPLAINT_KINDS = ['inquiry', 'complaint', 'suggestion', 'internal'] as const;
export const COMPLAINT_SEVERITIES = ['general', 'batch', 'serious'] as const;
export const COMPLAINT_CHANNELS = ['phone', 'web', 'app', 'email', 'letter', 'fax', 'visit', 'suggestion_box', 'external'] as const;

class ReportQuery {
  /** Narrow the report to this unit's subtree (must be inside yours); default: your own unit. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() unitId?: string;

  /** `json` (default), or a download: `csv` (UTF-8 with BOM, opens in Excel) or `xlsx`. */
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' }) @IsOptional() @IsIn(REPORT_FORMATS) format?: ReportFormat;
}

export class MonthlyReportQuery extends ReportQuery {
  @ApiProperty({ example: '2026-10', pattern: '^(19|20)\\d{2}-(0[1-9]|1[0-2])$' })
  @Matches(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, { message: 'must be a month like 2026-10 (years 1900–2099)' })
  month!: string;
}

export class QuarterlyReportQuery extends ReportQuery {
  @ApiProperty({ example: '2026-Q3', pattern: '^(19|20)\\d{2}-Q[1-4]$' })
  @Matches(/^(19|20)\d{2}-Q[1-4]$/, { message: 'must be a quarter like 2026-Q3 (years 1900–2099)' })
  quarter!: string;
}

export class DashboardQuery {
  /** Narrow the figures to this unit's subtree (must be inside yours); default: your own unit. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() unitId?: string;
}

export class ReportUnit {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['hq', 'platform', 'branch', 'sales_office'] }) kind!: string;
}

export class KeyCount {
  /** The code (kind, severity, channel, category). */
  @ApiProperty() key!: string;
  @ApiProperty() count!: number;
}

export class UnitCount {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() count!: number;
}

export class ShareOfTotal {
  @ApiProperty() key!: string;
  @ApiProperty() count!: number;
  /** Fraction of all complaints in the period, 0–1 (4 decimals). */
  @ApiProperty() share!: number;
}

export class UnitShareOfTotal {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() count!: number;
  @ApiProperty() share!: number;
}

export class UnitCompensation {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  /** Cases in which the unit bears a share. */
  @ApiProperty() cases!: number;
  /** The unit's parts of the compensation, yuan. */
  @ApiProperty({ example: '1250.00' }) compensation!: string;
}

export class MonthlyTotals {
  /** Cases closed in the month. */
  @ApiProperty() closedCases!: number;
  /** Complaints judged invalid in the month (closed without SLA, still reported). */
  @ApiProperty() invalidCases!: number;
  /** Closed cases that were escalated at least once. */
  @ApiProperty() escalatedCases!: number;
  /** Closed cases that passed their last deadline. */
  @ApiProperty() breachedCases!: number;
  /** Closed cases answered before their last deadline. */
  @ApiProperty() answeredOnTime!: number;
  /** answeredOnTime / closedCases, 0–1; null without cases. */
  @ApiProperty({ type: Number, nullable: true }) onTimeRate!: number | null;
  /** Closed cases with an approved responsibility split. */
  @ApiProperty() casesWithResponsibility!: number;
  /** Closed cases whose latest split still awaits approval. */
  @ApiProperty() casesPendingApproval!: number;
  /** Sum of the approved compensation of the closed cases, yuan. */
  @ApiProperty({ example: '0.00' }) compensationTotal!: string;
}

/** 客诉案件统计表: cases closed in a month, with responsibility attribution by unit. */
export class MonthlyComplaintReport {
  @ApiProperty({ example: '2026-10' }) month!: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone!: string;
  /** Start of the month in the business time zone (inclusive). */
  @ApiProperty({ format: 'date-time' }) from!: string;
  /** Start of the next month (exclusive). */
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: ReportUnit }) unit!: ReportUnit;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: MonthlyTotals }) totals!: MonthlyTotals;
  /** Every kind, zero included. */
  @ApiProperty({ type: [KeyCount] }) byKind!: KeyCount[];
  @ApiProperty({ type: [KeyCount] }) bySeverity!: KeyCount[];
  @ApiProperty({ type: [KeyCount] }) byChannel!: KeyCount[];
  /** By the unit directly below the report's unit that received the case (the report's unit itself for its own intake). */
  @ApiProperty({ type: [UnitCount] }) byUnit!: UnitCount[];
  /** Approved responsibility: each responsible unit with its cases and its parts of the compensation. */
  @ApiProperty({ type: [UnitCompensation] }) responsibilityByUnit!: UnitCompensation[];
}

export class QuarterlyTotals {
  /** Complaints received in the quarter. */
  @ApiProperty() received!: number;
  @ApiProperty() invalid!: number;
  @ApiProperty() answered!: number;
  /** Not answered yet (and not invalid). */
  @ApiProperty() unanswered!: number;
  @ApiProperty() closed!: number;
  /** Complaints escalated at least once. */
  @ApiProperty() escalatedCases!: number;
  /** Escalation steps (an escalation from tier 1 to 3 counts twice). */
  @ApiProperty() escalations!: number;
  @ApiProperty() breached!: number;
  /** Reported to HQ at intake (serious, external, multi-platform). */
  @ApiProperty() hqReported!: number;
}

export class TierCompliance {
  @ApiProperty() tier!: number;
  /** Complaints with a deadline at this tier whose outcome is known (answered, or the deadline passed). */
  @ApiProperty() eligible!: number;
  /** Of those, answered by this tier's deadline. */
  @ApiProperty() withinDeadline!: number;
  /** withinDeadline / eligible, 0–1; null when none is eligible. */
  @ApiProperty({ type: Number, nullable: true }) rate!: number | null;
}

export class TimeToAnswer {
  @ApiProperty() answered!: number;
  /** Hours from receipt to answer; null without answered complaints. */
  @ApiProperty({ type: Number, nullable: true }) meanHours!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p50Hours!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90Hours!: number | null;
}

export class RepeatCustomer {
  /** The customer archive id, or the caller's key/phone when unknown to the archive. */
  @ApiProperty() customerKey!: string;
  @ApiProperty({ type: String, nullable: true }) callerName!: string | null;
  @ApiProperty() count!: number;
}

export class RepeatComplaints {
  /** Customers with two or more complaints in the quarter. */
  @ApiProperty() customers!: number;
  /** Complaints of those customers. */
  @ApiProperty() complaints!: number;
  @ApiProperty({ type: [RepeatCustomer] }) top!: RepeatCustomer[];
}

export class Concentration {
  /** Top 10 categories by count. */
  @ApiProperty({ type: [ShareOfTotal] }) topCategories!: ShareOfTotal[];
  /** Top 10 receiving units by count. */
  @ApiProperty({ type: [UnitShareOfTotal] }) topUnits!: UnitShareOfTotal[];
}

export class CompensationSummary {
  /** Approved compensation of the quarter's complaints, yuan. */
  @ApiProperty({ example: '0.00' }) approvedTotal!: string;
  /** Compensation in splits still awaiting approval, yuan. */
  @ApiProperty({ example: '0.00' }) pendingTotal!: string;
  @ApiProperty({ type: [UnitCompensation] }) byUnit!: UnitCompensation[];
}

/** 平台客户投诉汇总报告 / 公司季度客户服务情况报告: complaints received in a quarter. */
export class QuarterlyComplaintReport {
  @ApiProperty({ example: '2026-Q3' }) quarter!: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: ReportUnit }) unit!: ReportUnit;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: QuarterlyTotals }) totals!: QuarterlyTotals;
  @ApiProperty({ type: [KeyCount] }) byKind!: KeyCount[];
  @ApiProperty({ type: [KeyCount] }) bySeverity!: KeyCount[];
  @ApiProperty({ type: [KeyCount] }) byChannel!: KeyCount[];
  @ApiProperty({ type: [UnitCount] }) byUnit!: UnitCount[];
  /** Per tier: answered within that tier's deadline (tiers 1–3 at least). */
  @ApiProperty({ type: [TierCompliance] }) slaByTier!: TierCompliance[];
  @ApiProperty({ type: TimeToAnswer }) timeToAnswer!: TimeToAnswer;
  @ApiProperty({ type: RepeatComplaints }) repeat!: RepeatComplaints;
  @ApiProperty({ type: Concentration }) concentration!: Concentration;
  @ApiProperty({ type: CompensationSummary }) compensation!: CompensationSummary;
}

export class OpenByStatus {
  @ApiProperty() received!: number;
  @ApiProperty() inProgress!: number;
  @ApiProperty() answered!: number;
  @ApiProperty() returnVisit!: number;
}

export class DailyCount {
  @ApiProperty({ example: '2026-11-23', description: 'Local date in the business time zone' }) date!: string;
  /** Complaints received that day. */
  @ApiProperty() count!: number;
  /** Of those, breached (past their last deadline unanswered, now or at the time). */
  @ApiProperty() breached!: number;
}

export class SlaCompliance {
  /** Complaints of the last 30 days whose outcome is known (answered, or breached). */
  @ApiProperty() eligible!: number;
  @ApiProperty() onTime!: number;
  @ApiProperty({ type: Number, nullable: true }) rate!: number | null;
}

export class ComplaintDashboard {
  @ApiProperty({ type: ReportUnit }) unit!: ReportUnit;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  /** Complaints not closed yet, by status. */
  @ApiProperty({ type: OpenByStatus }) openByStatus!: OpenByStatus;
  /** Unanswered, not breached, with the current deadline within the next hour. */
  @ApiProperty() atRiskNextHour!: number;
  /** Unanswered and past their last deadline. */
  @ApiProperty() breachedOpen!: number;
  /** Complaints received per local day over the last 30 days (today included), oldest first. */
  @ApiProperty({ type: [DailyCount] }) last30Days!: DailyCount[];
  @ApiProperty({ type: SlaCompliance }) slaLast30Days!: SlaCompliance;
}

export class StoredReportSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['monthly', 'quarterly'] }) kind!: string;
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
}

export class StoredReportList {
  @ApiProperty({ type: [StoredReportSummary] }) items!: StoredReportSummary[];
}
