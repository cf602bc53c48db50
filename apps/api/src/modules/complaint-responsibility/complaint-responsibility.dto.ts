import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Matches, Min, ValidateNested } from 'class-validator';

export const RESPONSIBILITY_STATUSES = ['pending', 'approved', 'superseded'] as const;
export type ResponsibilityStatus = (typeof RESPONSIBILITY_STATUSES)[number];

/** Up to three digits and two decimals; the sum rule (exactly 100) is checked as a business rule (422). */
const PERCENT_TEXT = /^\d{1,3}(\.\d{1,2})?$/;
const YUAN_TEXT = /^\d{1,12}(\.\d{1,2})?$/;

/** Numbers are accepted for convenience and read as their shortest decimal text (33.33 → "33.33"). */
const numberToText = ({ value }: { value: unknown }): unknown =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : value;

export class ResponsibilityShareInput {
  @ApiProperty({ format: 'uuid', description: 'A responsible org unit (any unit of the company: splits may cross platforms)' })
  @IsUUID()
  orgUnitId!: string;

  @ApiProperty({
    type: String,
    example: '33.33',
    pattern: PERCENT_TEXT.source,
    description: 'Share in percent, more than 0, up to two decimals',
  })
  @Transform(numberToText)
  @IsString()
  @Matches(PERCENT_TEXT, { message: 'must be a percentage with up to two decimals, like "33.33"' })
  percent!: string;
}

export class RecordResponsibilityDto {
  /** Responsible units with their shares; the percents must add up to exactly 100. */
  @ApiProperty({ type: [ResponsibilityShareInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ResponsibilityShareInput)
  shares!: ResponsibilityShareInput[];

  @ApiPropertyOptional({
    type: String,
    example: '1250.00',
    pattern: YUAN_TEXT.source,
    description: 'Compensation in yuan (default "0.00")',
  })
  @IsOptional()
  @IsString()
  @Matches(YUAN_TEXT, { message: 'must be an amount in yuan like "1250.00"' })
  compensation?: string;
}

export class ApproveResponsibilityDto {
  /** The revision you reviewed; when another revision has been recorded since, the approval answers 409. */
  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  revision?: number;
}

export class ResponsibilityShareResponse {
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() orgUnitName!: string;
  @ApiProperty({ example: '33.33' }) percent!: string;
  /** The unit's part of the compensation in yuan; the parts add up to the compensation exactly. */
  @ApiProperty({ example: '416.66' }) amount!: string;
}

export class ResponsibilityPersonRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class ResponsibilityResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  /** 1, 2, …: every recording is a new revision; approved revisions never change. */
  @ApiProperty() revision!: number;
  @ApiProperty({ enum: RESPONSIBILITY_STATUSES, description: '`superseded`: replaced by a later recording before it was approved' })
  status!: ResponsibilityStatus;
  @ApiProperty({ example: '1250.00' }) compensation!: string;
  /** Several platforms (or HQ) are involved, so HQ's ops manager approves. */
  @ApiProperty() crossPlatform!: boolean;
  @ApiProperty({ format: 'uuid' }) approverUnitId!: string;
  @ApiProperty() approverUnitName!: string;
  @ApiProperty({ type: [ResponsibilityShareResponse] }) shares!: ResponsibilityShareResponse[];
  @ApiProperty({ type: ResponsibilityPersonRef, nullable: true }) recordedBy!: ResponsibilityPersonRef | null;
  @ApiProperty({ type: ResponsibilityPersonRef, nullable: true }) approvedBy!: ResponsibilityPersonRef | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) approvedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ResponsibilityOverviewResponse {
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  /** The latest revision (pending or approved); null when none was recorded. */
  @ApiProperty({ type: ResponsibilityResponse, nullable: true }) current!: ResponsibilityResponse | null;
  /** The latest approved revision: the split in force. */
  @ApiProperty({ type: ResponsibilityResponse, nullable: true }) effective!: ResponsibilityResponse | null;
  /** Every revision, newest first. */
  @ApiProperty({ type: [ResponsibilityResponse] }) history!: ResponsibilityResponse[];
}

/** A responsibility row joined with names, as read by the service. */
export interface ResponsibilityRow {
  id: string;
  complaint_id: string;
  revision: number;
  status: ResponsibilityStatus;
  compensation: string;
  cross_platform: boolean;
  approver_unit_id: string;
  approver_unit_name: string;
  recorded_by_id: string | null;
  recorded_by_name: string | null;
  approved_by_id: string | null;
  approved_by_name: string | null;
  approved_at: Date | null;
  created_at: Date;
  shares: { orgUnitId: string; orgUnitName: string; percent: string; amount: string }[];
}

export function toResponsibilityResponse(row: ResponsibilityRow): ResponsibilityResponse {
  return {
    id: row.id,
    complaintId: row.complaint_id,
    revision: row.revision,
    status: row.status,
    compensation: row.compensation,
    crossPlatform: row.cross_platform,
    approverUnitId: row.approver_unit_id,
    approverUnitName: row.approver_unit_name,
    shares: row.shares.map((s) => ({ orgUnitId: s.orgUnitId, orgUnitName: s.orgUnitName, percent: s.percent, amount: s.amount })),
    recordedBy: row.recorded_by_id ? { id: row.recorded_by_id, name: row.recorded_by_name ?? '' } : null,
    approvedBy: row.approved_by_id ? { id: row.approved_by_id, name: row.approved_by_name ?? '' } : null,
    approvedAt: row.approved_at ? new Date(row.approved_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
