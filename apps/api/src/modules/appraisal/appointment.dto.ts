import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageMeta, PageQuery } from '../../common/pagination';
import { VersionedUpdate } from '../../common/version';
import {
  ADJUSTMENT_REASONS,
  type AdjustmentReason,
  APPOINTMENT_STATUSES,
  type AppointmentStatus,
  DATE_ONLY,
  END_REASONS,
  type EndReason,
  MONEY,
  MONTH,
  MONTHLY_GRADES,
  POST_TYPES,
  type PostType,
  TRANSFER_KINDS,
  type TransferKind,
} from './appraisal-common';
import type { MonthlyGrade } from '@cs/domain';

export class CreateAppointmentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() teamId!: string;
  @ApiProperty({ enum: POST_TYPES }) @IsIn(POST_TYPES) postType!: PostType;
  /** First day of the term (YYYY-MM-DD). */
  @ApiProperty({ format: 'date' }) @Matches(DATE_ONLY) @IsISO8601({ strict: true }) startsOn!: string;
  /** Last day of the term, inclusive; a term is at most one year [8.1]. */
  @ApiProperty({ format: 'date' }) @Matches(DATE_ONLY) @IsISO8601({ strict: true }) endsOn!: string;
  /** Post allowance (岗位津贴) per month, yuan as a decimal string with two places, e.g. "800.00". */
  @ApiProperty({ example: '800.00', pattern: MONEY.source })
  @IsString()
  @Matches(MONEY, { message: 'must be a decimal string with two places, e.g. "800.00"' })
  monthlyAllowance!: string;
}

export class AppointmentQuery extends PageQuery {
  @ApiPropertyOptional({ enum: APPOINTMENT_STATUSES }) @IsOptional() @IsIn(APPOINTMENT_STATUSES) status?: AppointmentStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() teamId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Appointments of teams in this unit only' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;
}

export class TermWindow {
  @ApiProperty() index!: number;
  @ApiProperty({ format: 'date' }) startsOn!: string;
  @ApiProperty({ format: 'date' }) endsOn!: string;
}

export class AppointmentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() userName!: string;
  @ApiProperty({ format: 'uuid' }) teamId!: string;
  @ApiProperty() teamName!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ enum: POST_TYPES }) postType!: PostType;
  @ApiProperty({ format: 'date' }) startsOn!: string;
  /** Last day of the current term (moves one year on each automatic extension [8.3]). */
  @ApiProperty({ format: 'date' }) endsOn!: string;
  @ApiProperty({ description: 'Automatic one-year extensions applied [8.3]' }) termExtensions!: number;
  @ApiProperty({ type: TermWindow, nullable: true, description: 'The term containing today, if any' })
  currentTerm!: TermWindow | null;
  @ApiProperty({ example: '800.00' }) monthlyAllowance!: string;
  /** Allowance due for the current month [7.1.3]: the monthly allowance while payable, "0.00" from the month after the appointment ends. */
  @ApiProperty({ example: '800.00' }) allowanceDueThisMonth!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status!: AppointmentStatus;
  @ApiProperty({ type: Number, nullable: true, description: 'Days from today to the end of the term (active only)' })
  daysToTermEnd!: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) endedOn!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: END_REASONS }) endReason!: EndReason | null;
  @ApiProperty({ type: String, nullable: true, enum: ADJUSTMENT_REASONS }) adjustmentReason!: AdjustmentReason | null;
  @ApiProperty({ type: String, nullable: true }) endNote!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: TRANSFER_KINDS,
    description: 'Transfer recorded after an adjustment or dismissal [9.3]',
  })
  transfer!: TransferKind | null;
  @ApiProperty({ type: String, nullable: true }) transferNote!: string | null;
  @ApiProperty({ description: 'Flagged for promotion priority after an excellent year-end result [8.3]' }) promotionPriority!: boolean;
  @ApiProperty({ description: 'D grades recorded in the current term (a second one ends the appointment [9.2.2])' })
  dGradesInCurrentTerm!: number;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class AppointmentPage extends PageMeta {
  @ApiProperty({ type: [AppointmentResponse] }) items!: AppointmentResponse[];
}

export class RecordMonthlyGradeDto {
  @ApiProperty({ example: '2026-03', pattern: MONTH.source }) @Matches(MONTH, { message: 'must be a month YYYY-MM' }) month!: string;
  @ApiProperty({ enum: MONTHLY_GRADES }) @IsIn(MONTHLY_GRADES) grade!: MonthlyGrade;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class MonthlyGradeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) appointmentId!: string;
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ enum: MONTHLY_GRADES }) grade!: MonthlyGrade;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class MonthlyGradeList {
  @ApiProperty({ type: [MonthlyGradeResponse] }) items!: MonthlyGradeResponse[];
}

export class MonthlyGradeRecorded {
  @ApiProperty({ type: MonthlyGradeResponse }) grade!: MonthlyGradeResponse;
  /** The appointment after the grade: `terminated` when this was the second D of the term [9.2.2]. */
  @ApiProperty({ type: AppointmentResponse }) appointment!: AppointmentResponse;
  @ApiProperty({ description: 'True when this grade terminated the appointment' }) terminated!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The vacancy opened by the termination' })
  vacancyId!: string | null;
}

export class MonthlyGradeGridQuery {
  @ApiProperty({ example: 2026 }) @Matches(/^\d{4}$/, { message: 'must be a year YYYY' }) year!: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;
}

export class RecordMajorLossDto {
  @ApiProperty({ format: 'date' }) @Matches(DATE_ONLY) @IsISO8601({ strict: true }) occurredOn!: string;
  /** What happened: the misconduct or error and the loss it caused [9.2.1]. */
  @ApiProperty({ maxLength: 2000 }) @IsString() @MinLength(1) @MaxLength(2000) @Matches(/\S/) description!: string;
  @ApiPropertyOptional({ example: '50000.00' }) @IsOptional() @IsString() @Matches(MONEY) lossAmount?: string;
}

export class AppointmentChanged {
  @ApiProperty({ type: AppointmentResponse }) appointment!: AppointmentResponse;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The vacancy opened for the post' })
  vacancyId!: string | null;
}

export const ADJUSTMENT_ACTIONS = ['adjust', 'dismiss'] as const;

export class AdjustAppointmentDto extends VersionedUpdate {
  /** `adjust` (调整: the appointment ends) or `dismiss` (解聘: the appointment is terminated). */
  @ApiProperty({ enum: ADJUSTMENT_ACTIONS }) @IsIn(ADJUSTMENT_ACTIONS) action!: (typeof ADJUSTMENT_ACTIONS)[number];
  /** The reason from the list [9.1]: business need 9.1.1, reorganisation 9.1.2, unsuitable 9.1.3. */
  @ApiProperty({ enum: ADJUSTMENT_REASONS }) @IsIn(ADJUSTMENT_REASONS) reason!: AdjustmentReason;
  /** The transfer that follows [9.3]: lateral (平级) or lower (降级). */
  @ApiProperty({ enum: TRANSFER_KINDS }) @IsIn(TRANSFER_KINDS) transfer!: TransferKind;
  @ApiPropertyOptional({ maxLength: 500, description: 'Where the person goes, e.g. the new post' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  transferNote?: string;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
  /** Last day in the post (default today); within the term, not in the past. */
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @Matches(DATE_ONLY) @IsISO8601({ strict: true }) effectiveOn?: string;
}

export class AllowanceQuery {
  @ApiPropertyOptional({ example: '2026-01', description: 'Default: the start month' }) @IsOptional() @Matches(MONTH) from?: string;
  @ApiPropertyOptional({ example: '2026-12', description: 'Default: the month after the term ends' })
  @IsOptional()
  @Matches(MONTH)
  to?: string;
}

export class AllowanceMonthResponse {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty() payable!: boolean;
  @ApiProperty({ example: '800.00' }) amount!: string;
}

export class AllowanceScheduleResponse {
  @ApiProperty({ format: 'uuid' }) appointmentId!: string;
  @ApiProperty({ example: '800.00' }) monthlyAllowance!: string;
  @ApiProperty({ type: [AllowanceMonthResponse] }) months!: AllowanceMonthResponse[];
  @ApiProperty({ example: '9600.00' }) total!: string;
}
