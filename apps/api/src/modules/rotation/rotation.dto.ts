import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
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

export const FIELD_STAFF_CATEGORY_VALUES = ['customer_manager', 'spare_parts', 'technician'] as const;
export type FieldStaffCategoryValue = (typeof FIELD_STAFF_CATEGORY_VALUES)[number];
export const ROTATION_STATUS_VALUES = ['must_move', 'must_stay', 'may_move'] as const;
export const ROUND_STATUS_VALUES = ['draft', 'planned', 'approved', 'applied'] as const;
export type RoundStatus = (typeof ROUND_STATUS_VALUES)[number];
export const LINE_KIND_VALUES = ['stay', 'move', 'reserve'] as const;
export const DUTY_STATUS_VALUES = ['pending', 'on_time', 'late', 'overdue', 'missing', 'not_required'] as const;
export type DutyStatusValue = (typeof DUTY_STATUS_VALUES)[number];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MONEY = /^\d{1,12}(\.\d{1,2})?$/;

// ---------- regions ----------

export class CreateRegionDto {
  @ApiProperty({ minLength: 1, maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) name!: string;
  /** Yearly sales volume in units; drives the region class. */
  @ApiProperty({ minimum: 0, maximum: 1_000_000_000 }) @IsInt() @Min(0) @Max(1_000_000_000) salesUnits!: number;
  /** The region sells mainly high-failure-rate models (≥100,000 units then makes it class 1). */
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() highFailureModels?: boolean;
  /** A one-stop service point (一站通): the region is staffed as class 3. */
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() oneStopService?: boolean;
  /** Neighbouring regions (symmetric); used to group class-3 regions under one field staff. */
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  adjacentRegionIds?: string[];
  /** Field staff categories the region needs (one of each); default `[customer_manager]`. */
  @ApiPropertyOptional({ enum: FIELD_STAFF_CATEGORY_VALUES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(FIELD_STAFF_CATEGORY_VALUES, { each: true })
  requiredCategories?: FieldStaffCategoryValue[];
  /** Org unit that owns the region; default your own unit. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;
}

export class UpdateRegionDto extends VersionedUpdate {
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) name?: string;
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) salesUnits?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() highFailureModels?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() oneStopService?: boolean;
  /** Replaces the whole neighbour list. */
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  adjacentRegionIds?: string[];
  @ApiPropertyOptional({ enum: FIELD_STAFF_CATEGORY_VALUES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(FIELD_STAFF_CATEGORY_VALUES, { each: true })
  requiredCategories?: FieldStaffCategoryValue[];
}

export class RegionQuery extends PageQuery {
  /** Name contains. */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) q?: string;
  /** Only regions owned by this unit or below. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;
}

export class StaffingRuleResponse {
  @ApiProperty({ enum: [1] }) fieldStaff!: 1;
  @ApiProperty({ description: 'Class 1: a channel assistant helps the field staff' }) channelAssistant!: boolean;
  @ApiProperty({ description: 'Class 3: one field staff may cover several adjacent class-3 regions' }) mayCoverAdjacent!: boolean;
  @ApiProperty({ example: 'one field staff + a channel assistant' }) description!: string;
}

export class RegionCoverResponse {
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: FIELD_STAFF_CATEGORY_VALUES }) category!: FieldStaffCategoryValue;
  @ApiProperty({ format: 'date' }) since!: string;
}

export class RegionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() salesUnits!: number;
  @ApiProperty() highFailureModels!: boolean;
  @ApiProperty() oneStopService!: boolean;
  @ApiProperty({ enum: FIELD_STAFF_CATEGORY_VALUES, isArray: true }) requiredCategories!: FieldStaffCategoryValue[];
  @ApiProperty({ type: [String], format: 'uuid' }) adjacentRegionIds!: string[];
  /** Class from sales: ≥200,000 → 1; ≥100,000 with mainly high-failure models → 1; 100,000–199,999 → 2; else 3. */
  @ApiProperty({ enum: [1, 2, 3] }) class!: 1 | 2 | 3;
  /** The class the region is staffed as (one-stop-service regions: 3). */
  @ApiProperty({ enum: [1, 2, 3] }) staffedAsClass!: 1 | 2 | 3;
  @ApiProperty({ type: StaffingRuleResponse }) staffingRule!: StaffingRuleResponse;
  /** Field staff whose current assignment includes the region. */
  @ApiProperty({ type: [RegionCoverResponse] }) coveredBy!: RegionCoverResponse[];
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class RegionPage extends PageMeta {
  @ApiProperty({ type: [RegionResponse] }) items!: RegionResponse[];
}

// ---------- field staff ----------

export class CreateFieldStaffDto {
  /** The user (in your scope) who works in the field; they get the `field_staff` role if missing. */
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId!: string;
  @ApiProperty({ enum: FIELD_STAFF_CATEGORY_VALUES }) @IsIn(FIELD_STAFF_CATEGORY_VALUES) category!: FieldStaffCategoryValue;
  /** The channel engineer who receives this person's reports; default: channel engineers of their unit. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() channelEngineerId?: string;
}

export class FieldStaffQuery extends PageQuery {
  @ApiPropertyOptional({ enum: FIELD_STAFF_CATEGORY_VALUES })
  @IsOptional()
  @IsIn(FIELD_STAFF_CATEGORY_VALUES)
  category?: FieldStaffCategoryValue;
  /** Date at which tenure and the must-move / must-stay flags are evaluated; default today. */
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @Matches(DATE) asOf?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;
}

export class AsOfQuery {
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @Matches(DATE) asOf?: string;
}

export class RegionRefResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class AssignmentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) regionIds!: string[];
  @ApiProperty({ type: [RegionRefResponse] }) regions!: RegionRefResponse[];
  @ApiProperty({ format: 'date' }) since!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) until!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) roundId!: string | null;
}

export class AssignmentList {
  @ApiProperty({ type: [AssignmentResponse] }) items!: AssignmentResponse[];
}

export class RotationReasonResponse {
  @ApiProperty() code!: string;
  @ApiProperty() text!: string;
}

export class RotationFlagResponse {
  @ApiProperty({ enum: ROTATION_STATUS_VALUES }) status!: (typeof ROTATION_STATUS_VALUES)[number];
  @ApiProperty({ type: [RotationReasonResponse] }) reasons!: RotationReasonResponse[];
  @ApiProperty({ format: 'date', description: 'The date the flags were evaluated at' }) asOf!: string;
}

export class MonthlyScoreResponse {
  @ApiProperty({ example: '2026-10' }) month!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) score!: number;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class FieldStaffResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ enum: FIELD_STAFF_CATEGORY_VALUES }) category!: FieldStaffCategoryValue;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) channelEngineerId!: string | null;
  @ApiProperty({ type: AssignmentResponse, nullable: true }) currentAssignment!: AssignmentResponse | null;
  /** Whole months in the current region(s) at `rotation.asOf`. */
  @ApiProperty({ type: Number, nullable: true }) monthsInRegion!: number | null;
  @ApiProperty({ type: RotationFlagResponse }) rotation!: RotationFlagResponse;
  /** The last six scored months, newest first. */
  @ApiProperty({ type: [MonthlyScoreResponse] }) recentScores!: MonthlyScoreResponse[];
  @ApiProperty() majorErrorCount!: number;
  /** Late or missing weekly reports / expense claims flagged by the scheduler. */
  @ApiProperty() reportingFlagCount!: number;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class FieldStaffPage extends PageMeta {
  @ApiProperty({ type: [FieldStaffResponse] }) items!: FieldStaffResponse[];
}

export class CreateAssignmentDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1 })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  regionIds!: string[];
  /** First day in the new region(s); the current assignment ends the day before. */
  @ApiProperty({ format: 'date' }) @Matches(DATE) since!: string;
}

export class CreateMonthlyScoreDto {
  @ApiProperty({ example: '2026-10' }) @Matches(MONTH) month!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) score!: number;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class MonthlyScoreList {
  @ApiProperty({ type: [MonthlyScoreResponse] }) items!: MonthlyScoreResponse[];
}

export class CreateMajorErrorDto {
  @ApiProperty({ format: 'date' }) @Matches(DATE) occurredOn!: string;
  @ApiProperty({ minLength: 1, maxLength: 1000 }) @IsString() @MinLength(1) @MaxLength(1000) @Matches(/\S/) description!: string;
}

export class MajorErrorResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty({ format: 'date' }) occurredOn!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MajorErrorList {
  @ApiProperty({ type: [MajorErrorResponse] }) items!: MajorErrorResponse[];
}

// ---------- rotation rounds ----------

export class CreateRotationRoundDto {
  @ApiProperty({ minLength: 1, maxLength: 120, example: '2027 H1 rotation' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Matches(/\S/)
  name!: string;
  /** The date the new assignments start; eligibility is evaluated at this date. */
  @ApiProperty({ format: 'date' }) @Matches(DATE) effectiveOn!: string;
  /** The round covers the regions and field staff of this unit and below; default your unit. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;
}

export class RoundQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROUND_STATUS_VALUES }) @IsOptional() @IsIn(ROUND_STATUS_VALUES) status?: RoundStatus;
}

export class PlanLineResponse {
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() staffName!: string;
  @ApiProperty({ enum: FIELD_STAFF_CATEGORY_VALUES }) category!: FieldStaffCategoryValue;
  /** Eligibility at the effective date. */
  @ApiProperty({ enum: ROTATION_STATUS_VALUES }) status!: (typeof ROTATION_STATUS_VALUES)[number];
  @ApiProperty({ enum: LINE_KIND_VALUES }) kind!: (typeof LINE_KIND_VALUES)[number];
  @ApiProperty({ type: [String], format: 'uuid' }) fromRegionIds!: string[];
  /** Empty: released to the reserve. */
  @ApiProperty({ type: [String], format: 'uuid' }) toRegionIds!: string[];
  /** Why this person moves or stays, in words. */
  @ApiProperty() reason!: string;
  @ApiProperty({ type: [String], example: ['ROT_TENURE_LIMIT', 'ROT_RANK_TO_CLASS'] }) rulesApplied!: string[];
  /** Changed by hand after the planner proposed it. */
  @ApiProperty() edited!: boolean;
}

export class UnstaffedRegionResponse {
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty() regionName!: string;
  @ApiProperty({ enum: FIELD_STAFF_CATEGORY_VALUES }) category!: FieldStaffCategoryValue;
  /** Exactly why nobody can be placed there. */
  @ApiProperty() why!: string;
}

export class PlanViolationResponse {
  @ApiProperty({ example: 'ROT_MUST_MOVE_NOT_MOVED' }) code!: string;
  @ApiPropertyOptional({ format: 'uuid' }) staffId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) regionId?: string;
  @ApiPropertyOptional({ enum: FIELD_STAFF_CATEGORY_VALUES }) category?: FieldStaffCategoryValue;
  @ApiProperty() message!: string;
}

export class PlanObjectiveResponse {
  @ApiProperty() ruleBreaches!: number;
  @ApiProperty() unstaffedUnits!: number;
  @ApiProperty() moves!: number;
  @ApiProperty() rankMismatch!: number;
}

export class RotationRoundResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date' }) effectiveOn!: string;
  @ApiProperty({ enum: ROUND_STATUS_VALUES }) status!: RoundStatus;
  @ApiProperty({ type: [PlanLineResponse] }) lines!: PlanLineResponse[];
  @ApiProperty({ type: [UnstaffedRegionResponse] }) unstaffedRegions!: UnstaffedRegionResponse[];
  /** Rule violations of the plan as it stands; a plan with any cannot be approved. */
  @ApiProperty({ type: [PlanViolationResponse] }) violations!: PlanViolationResponse[];
  @ApiProperty({ type: PlanObjectiveResponse, nullable: true }) objective!: PlanObjectiveResponse | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) plannedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) approvedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) approvedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) appliedAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class RotationRoundSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date' }) effectiveOn!: string;
  @ApiProperty({ enum: ROUND_STATUS_VALUES }) status!: RoundStatus;
  @ApiProperty() lineCount!: number;
  @ApiProperty() violationCount!: number;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class RotationRoundPage extends PageMeta {
  @ApiProperty({ type: [RotationRoundSummary] }) items!: RotationRoundSummary[];
}

export class GeneratePlanDto extends VersionedUpdate {}

export class PlanLineEditDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() staffId!: string;
  /** New region(s); empty = reserve. */
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  toRegionIds!: string[];
}

export class EditPlanDto extends VersionedUpdate {
  /** Lines to change; lines not listed keep their regions. */
  @ApiProperty({ type: [PlanLineEditDto] })
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => PlanLineEditDto)
  lines!: PlanLineEditDto[];
}

export class ValidatePlanDto {
  @ApiProperty({ type: [PlanLineEditDto] })
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => PlanLineEditDto)
  lines!: PlanLineEditDto[];
}

export class PlanValidationResponse {
  @ApiProperty({ type: [PlanViolationResponse] }) violations!: PlanViolationResponse[];
}

export class ApproveRoundDto extends VersionedUpdate {}

// ---------- handover tasks ----------

export class HandoverChecklistItem {
  @ApiProperty({ example: 'files' }) key!: string;
  @ApiProperty() label!: string;
  @ApiProperty() done!: boolean;
}

export class HandoverTaskResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() staffName!: string;
  @ApiProperty({ format: 'uuid' }) regionId!: string;
  @ApiProperty() regionName!: string;
  /** outgoing: hand the region over; incoming: take it over. */
  @ApiProperty({ enum: ['outgoing', 'incoming'] }) direction!: 'outgoing' | 'incoming';
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) counterpartStaffId!: string | null;
  @ApiProperty({ type: String, nullable: true }) counterpartName!: string | null;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ type: [HandoverChecklistItem] }) checklist!: HandoverChecklistItem[];
  @ApiProperty() done!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) doneAt!: string | null;
  @ApiProperty() version!: number;
}

export class HandoverTaskPage extends PageMeta {
  @ApiProperty({ type: [HandoverTaskResponse] }) items!: HandoverTaskResponse[];
}

export class HandoverTaskQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() roundId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() staffId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) done?: 'true' | 'false';
}

export class ChecklistTickDto {
  @ApiProperty() @IsString() @MaxLength(40) key!: string;
  @ApiProperty() @IsBoolean() done!: boolean;
}

export class UpdateHandoverTaskDto extends VersionedUpdate {
  @ApiPropertyOptional({ type: [ChecklistTickDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ChecklistTickDto)
  checklist?: ChecklistTickDto[];
  /** Mark the task done (every checklist item must be ticked) or reopen it. */
  @ApiPropertyOptional() @IsOptional() @IsBoolean() done?: boolean;
}

// ---------- weekly reports and expense claims ----------

export class CreateWeeklyReportDto {
  /** Monday of the reported week; the report is due the Monday after, 13:00 business time. */
  @ApiProperty({ format: 'date' }) @Matches(DATE) weekStart!: string;
  @ApiProperty({ minLength: 1, maxLength: 10000 }) @IsString() @MinLength(1) @MaxLength(10000) @Matches(/\S/) summary!: string;
  /** Operator's faulty-unit stock (局方故障机库存), reported with the month's last report. */
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000) faultyUnitStock?: number;
}

export class WeeklyReportResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() staffName!: string;
  @ApiProperty({ format: 'date' }) weekStart!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ enum: ['on_time', 'late'] }) status!: 'on_time' | 'late';
  @ApiProperty() summary!: string;
  @ApiProperty({ type: Number, nullable: true }) faultyUnitStock!: number | null;
}

export class WeeklyReportPage extends PageMeta {
  @ApiProperty({ type: [WeeklyReportResponse] }) items!: WeeklyReportResponse[];
}

export class WeeklyReportQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() staffId?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @Matches(DATE) weekStart?: string;
}

export class ComplianceQuery {
  /** How many weeks back from the current week (default 8, at most 26). */
  @ApiPropertyOptional({ minimum: 1, maximum: 26, default: 8 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(26) weeks?: number;
}

export class ComplianceCell {
  @ApiProperty({ format: 'date' }) weekStart!: string;
  @ApiProperty({ enum: DUTY_STATUS_VALUES }) status!: DutyStatusValue;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reportId!: string | null;
}

export class ComplianceRow {
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: [ComplianceCell] }) cells!: ComplianceCell[];
}

export class WeeklyComplianceResponse {
  @ApiProperty({ type: [String], format: 'date', description: 'Week starts (Mondays), oldest first' }) weeks!: string[];
  @ApiProperty({ type: [ComplianceRow] }) rows!: ComplianceRow[];
}

export class CreateExpenseClaimDto {
  @ApiProperty({ example: '2026-10' }) @Matches(MONTH) month!: string;
  /** Yuan as a decimal string, e.g. `"1250.00"`. */
  @ApiProperty({ example: '1250.00' }) @IsString() @Matches(MONEY) amount!: string;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) description?: string;
}

export class ExpenseClaimResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() staffName!: string;
  @ApiProperty() month!: string;
  @ApiProperty({ example: '1250.00' }) amount!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ enum: ['on_time', 'late'] }) status!: 'on_time' | 'late';
}

export class ExpenseClaimPage extends PageMeta {
  @ApiProperty({ type: [ExpenseClaimResponse] }) items!: ExpenseClaimResponse[];
}

export class ExpenseClaimQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() staffId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(MONTH) month?: string;
}
