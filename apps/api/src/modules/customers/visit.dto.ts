import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageMeta, PageQuery } from '../../common/pagination';
import { VersionedUpdate } from '../../common/version';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export const VISIT_PLAN_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type VisitPlanStatus = (typeof VISIT_PLAN_STATUSES)[number];
export const PLANNED_VISIT_STATUSES = ['planned', 'scheduled', 'done', 'cancelled'] as const;
export type PlannedVisitStatus = (typeof PLANNED_VISIT_STATUSES)[number];

export class PlannedVisitInput {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  @ApiProperty({ format: 'date' }) @Matches(DATE_ONLY) @IsISO8601({ strict: true }) plannedOn!: string;
}

export class CreateVisitPlanDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) @Matches(/\S/) title!: string;
  @ApiProperty({ type: [PlannedVisitInput], maxItems: 500 })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PlannedVisitInput)
  visits!: PlannedVisitInput[];
}

/** Drafts only: replaces the title and/or the whole list of visits. */
export class UpdateVisitPlanDto extends VersionedUpdate {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) @Matches(/\S/) title?: string;
  @ApiPropertyOptional({ type: [PlannedVisitInput], maxItems: 500 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PlannedVisitInput)
  visits?: PlannedVisitInput[];
}

export class PlanTransitionDto extends VersionedUpdate {
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class VisitPlanQuery extends PageQuery {
  @ApiPropertyOptional({ enum: VISIT_PLAN_STATUSES }) @IsOptional() @IsIn(VISIT_PLAN_STATUSES) status?: VisitPlanStatus;
  /** Plans drafted by this unit. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() draftingUnitId?: string;
}

export class PlannedVisitResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty({ format: 'date' }) plannedOn!: string;
  /** `planned` while the plan is not approved; `scheduled` once approved; `done` when a report is filed. */
  @ApiProperty({ enum: PLANNED_VISIT_STATUSES }) status!: PlannedVisitStatus;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) reportId!: string | null;
}

export class VisitPlanResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) draftingUnitId!: string;
  @ApiProperty() draftingUnitName!: string;
  @ApiProperty({ enum: VISIT_PLAN_STATUSES }) status!: VisitPlanStatus;
  @ApiProperty({ type: String, nullable: true }) createdByName!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) submittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedByName!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionNote!: string | null;
  @ApiProperty({ type: [PlannedVisitResponse] }) visits!: PlannedVisitResponse[];
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class VisitPlanPage extends PageMeta {
  @ApiProperty({ type: [VisitPlanResponse] }) items!: VisitPlanResponse[];
}

export class FollowUpInput {
  /** The department the item goes to, e.g. 运营部 / operations. */
  @ApiProperty({ maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) department!: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @MinLength(1) @MaxLength(2000) @Matches(/\S/) description!: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @Matches(DATE_ONLY) @IsISO8601({ strict: true }) dueOn?: string;
}

export class CreateVisitReportDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;
  /** The scheduled visit of an approved plan this report is for; omit for an ad-hoc visit. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() planVisitId?: string;
  @ApiProperty({ format: 'date' }) @Matches(DATE_ONLY) @IsISO8601({ strict: true }) visitedOn!: string;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) attendees?: string;
  @ApiProperty({ maxLength: 10000 }) @IsString() @MinLength(1) @MaxLength(10000) @Matches(/\S/) findings!: string;
  @ApiPropertyOptional({ type: [FollowUpInput], maxItems: 50 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FollowUpInput)
  followUps?: FollowUpInput[];
}

export class VisitReportQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
}

export class FollowUpResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() department!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) dueOn!: string | null;
  @ApiProperty({ enum: ['open', 'done'] }) status!: 'open' | 'done';
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) doneAt!: string | null;
}

export class VisitReportResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) planVisitId!: string | null;
  @ApiProperty({ format: 'date' }) visitedOn!: string;
  @ApiProperty() visitorName!: string;
  @ApiProperty({ type: String, nullable: true }) attendees!: string | null;
  @ApiProperty() findings!: string;
  @ApiProperty({ type: [FollowUpResponse] }) followUps!: FollowUpResponse[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class VisitReportPage extends PageMeta {
  @ApiProperty({ type: [VisitReportResponse] }) items!: VisitReportResponse[];
}

export const SHIPMENT_CHECK_RESULTS = ['ok', 'issues'] as const;
export type ShipmentCheckResult = (typeof SHIPMENT_CHECK_RESULTS)[number];

export class CreateShipmentCheckDto {
  /** The customer whose shipments were tracked; or give a `route` for a problem route. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  /** A problem route, e.g. `上海 → 成都`. */
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) @Matches(/\S/) route?: string;
  @ApiProperty({ format: 'date' }) @Matches(DATE_ONLY) @IsISO8601({ strict: true }) checkedOn!: string;
  @ApiPropertyOptional({ type: [String], maxItems: 200 })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(0)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  trackingNumbers?: string[];
  @ApiProperty({ enum: SHIPMENT_CHECK_RESULTS }) @IsIn(SHIPMENT_CHECK_RESULTS) result!: ShipmentCheckResult;
  @ApiProperty({ maxLength: 10000 }) @IsString() @MinLength(1) @MaxLength(10000) @Matches(/\S/) findings!: string;
}

export class ShipmentCheckQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ enum: SHIPMENT_CHECK_RESULTS }) @IsOptional() @IsIn(SHIPMENT_CHECK_RESULTS) result?: ShipmentCheckResult;
}

export class ShipmentCheckResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) customerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) customerName!: string | null;
  @ApiProperty({ type: String, nullable: true }) route!: string | null;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ format: 'date' }) checkedOn!: string;
  @ApiProperty({ type: [String] }) trackingNumbers!: string[];
  @ApiProperty({ enum: SHIPMENT_CHECK_RESULTS }) result!: ShipmentCheckResult;
  @ApiProperty() findings!: string;
  @ApiProperty() inspectorName!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ShipmentCheckPage extends PageMeta {
  @ApiProperty({ type: [ShipmentCheckResponse] }) items!: ShipmentCheckResponse[];
}
