import {
  CUSTOMER_GRADES,
  CUSTOMER_KINDS,
  type CustomerGrade,
  type CustomerKind,
  SHIPMENT_FREQUENCIES,
  type ShipmentFrequency,
} from '@cs/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageMeta, PageQuery } from '../../common/pagination';
import { VersionedUpdate } from '../../common/version';

export const CONFIDENTIALITY_LEVELS = ['secret', 'confidential', 'top_secret'] as const;
export type Confidentiality = (typeof CONFIDENTIALITY_LEVELS)[number];
export const YUAN_PATTERN = /^\d{1,12}(\.\d{1,2})?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export class CreateCustomerDto {
  /** Unit (company) name of the customer. Unique per owning unit. */
  @ApiProperty({ minLength: 1, maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) @Matches(/\S/) name!: string;
  @ApiProperty({ enum: CUSTOMER_KINDS }) @IsIn(CUSTOMER_KINDS) kind!: CustomerKind;
  /** The org unit (platform, branch or sales office) that owns the archive; must be in your scope. */
  @ApiProperty({ format: 'uuid' }) @IsUUID() owningUnitId!: string;
  @ApiPropertyOptional({ type: String, maxLength: 500, nullable: true }) @IsOptional() @IsString() @MaxLength(500) address?: string | null;
  /** Phones as written; they are normalised for the intake lookup. */
  @ApiPropertyOptional({ type: [String], maxItems: 10 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  phones?: string[];
  /** Average shipments per month. */
  @ApiPropertyOptional({ minimum: 0, default: 0 }) @IsOptional() @IsInt() @Min(0) @Max(100_000_000) monthlyShipmentVolume?: number;
  @ApiProperty({ enum: SHIPMENT_FREQUENCIES }) @IsIn(SHIPMENT_FREQUENCIES) shipmentFrequency!: ShipmentFrequency;
  /** Yuan, decimal string with up to two places, e.g. `"1250000.00"`. ≥ 1,000,000 files the customer with HQ. */
  @ApiProperty({ example: '1250000.00', pattern: YUAN_PATTERN.source })
  @IsString()
  @Matches(YUAN_PATTERN, { message: 'must be a yuan amount like "1250.00"' })
  annualBusinessVolume!: string;
  @ApiPropertyOptional({ enum: CUSTOMER_GRADES }) @IsOptional() @IsIn(CUSTOMER_GRADES) grade?: CustomerGrade;
  /** Why this grade; required with `grade`. */
  @ApiPropertyOptional({ maxLength: 500 })
  @ValidateIf((o: CreateCustomerDto) => o.grade !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(/\S/, { message: 'is required when a grade is set' })
  gradeReason?: string;
  @ApiPropertyOptional({ enum: CONFIDENTIALITY_LEVELS, default: 'secret' })
  @IsOptional()
  @IsIn(CONFIDENTIALITY_LEVELS)
  confidentiality?: Confidentiality;
  /** The customer's suggestions and opinions (network build-out, extended services). */
  @ApiPropertyOptional({ type: String, maxLength: 4000, nullable: true }) @IsOptional() @IsString() @MaxLength(4000) suggestions?:
    string | null;
  /** When the customer's project was delivered: within a year it is visited monthly, afterwards quarterly. */
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @Matches(DATE_ONLY)
  @IsISO8601({ strict: true })
  projectDeliveredOn?: string | null;
}

export class UpdateCustomerDto extends VersionedUpdate {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) @Matches(/\S/) name?: string;
  @ApiPropertyOptional({ enum: CUSTOMER_KINDS }) @IsOptional() @IsIn(CUSTOMER_KINDS) kind?: CustomerKind;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() owningUnitId?: string;
  @ApiPropertyOptional({ type: String, maxLength: 500, nullable: true }) @IsOptional() @IsString() @MaxLength(500) address?: string | null;
  @ApiPropertyOptional({ type: [String], maxItems: 10 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  phones?: string[];
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) @Max(100_000_000) monthlyShipmentVolume?: number;
  @ApiPropertyOptional({ enum: SHIPMENT_FREQUENCIES }) @IsOptional() @IsIn(SHIPMENT_FREQUENCIES) shipmentFrequency?: ShipmentFrequency;
  @ApiPropertyOptional({ example: '1250000.00', pattern: YUAN_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(YUAN_PATTERN, { message: 'must be a yuan amount like "1250.00"' })
  annualBusinessVolume?: string;
  @ApiPropertyOptional({ enum: CUSTOMER_GRADES }) @IsOptional() @IsIn(CUSTOMER_GRADES) grade?: CustomerGrade;
  @ApiPropertyOptional({ maxLength: 500 })
  @ValidateIf((o: UpdateCustomerDto) => o.grade !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(/\S/, { message: 'is required when a grade is set' })
  gradeReason?: string;
  @ApiPropertyOptional({ enum: CONFIDENTIALITY_LEVELS }) @IsOptional() @IsIn(CONFIDENTIALITY_LEVELS) confidentiality?: Confidentiality;
  @ApiPropertyOptional({ type: String, maxLength: 4000, nullable: true }) @IsOptional() @IsString() @MaxLength(4000) suggestions?:
    string | null;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @Matches(DATE_ONLY)
  @IsISO8601({ strict: true })
  projectDeliveredOn?: string | null;
}

export class VerifyCustomerDto extends VersionedUpdate {}

export const CUSTOMER_SORTS = ['createdAt', 'name'] as const;

export class CustomerFilter {
  @ApiPropertyOptional({ enum: CUSTOMER_GRADES }) @IsOptional() @IsIn(CUSTOMER_GRADES) grade?: CustomerGrade;
  @ApiPropertyOptional({ enum: CUSTOMER_KINDS }) @IsOptional() @IsIn(CUSTOMER_KINDS) kind?: CustomerKind;
  /** Customers owned by this unit or a unit below it. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() owningUnitId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) hqFiled?: 'true' | 'false';
  @ApiPropertyOptional({ enum: CONFIDENTIALITY_LEVELS }) @IsOptional() @IsIn(CONFIDENTIALITY_LEVELS) confidentiality?: Confidentiality;
  /** Name contains, or a phone (exact match on the normalised number). */
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class CustomerQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CUSTOMER_GRADES }) @IsOptional() @IsIn(CUSTOMER_GRADES) grade?: CustomerGrade;
  @ApiPropertyOptional({ enum: CUSTOMER_KINDS }) @IsOptional() @IsIn(CUSTOMER_KINDS) kind?: CustomerKind;
  /** Customers owned by this unit or a unit below it. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() owningUnitId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) hqFiled?: 'true' | 'false';
  @ApiPropertyOptional({ enum: CONFIDENTIALITY_LEVELS }) @IsOptional() @IsIn(CONFIDENTIALITY_LEVELS) confidentiality?: Confidentiality;
  /** Name contains, or a phone (exact match on the normalised number). */
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  /** `createdAt` (newest first, default) or `name` (A→Z). */
  @ApiPropertyOptional({ enum: CUSTOMER_SORTS, default: 'createdAt' })
  @IsOptional()
  @IsIn(CUSTOMER_SORTS)
  sort?: (typeof CUSTOMER_SORTS)[number];
}

export class ExportQuery extends CustomerFilter {
  @ApiProperty({ enum: ['csv', 'xlsx'] }) @IsIn(['csv', 'xlsx']) format!: 'csv' | 'xlsx';
}

export class ImportQuery {
  /** `true`: validate only and report; nothing is written. */
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' }) @IsOptional() @IsIn(['true', 'false']) dryRun?: 'true' | 'false';
  /** File format; by default taken from the Content-Type. */
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'] }) @IsOptional() @IsIn(['csv', 'xlsx']) format?: 'csv' | 'xlsx';
}

export class LookupQuery {
  /** The caller's phone in any usual spelling (`+86 138-0013-8000`). */
  @ApiProperty({ maxLength: 40 }) @IsString() @MinLength(3) @MaxLength(40) phone!: string;
}

export const WORK_LIST_REASONS = ['visit_due', 'reverification_due'] as const;
export type WorkListReason = (typeof WORK_LIST_REASONS)[number];

export class WorkListQuery extends PageQuery {
  @ApiProperty({ enum: WORK_LIST_REASONS }) @IsIn(WORK_LIST_REASONS) reason!: WorkListReason;
}

export class CustomerResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CUSTOMER_KINDS }) kind!: CustomerKind;
  @ApiProperty({ format: 'uuid' }) owningUnitId!: string;
  @ApiProperty() owningUnitName!: string;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty({ type: [String] }) phones!: string[];
  @ApiProperty() monthlyShipmentVolume!: number;
  @ApiProperty({ enum: SHIPMENT_FREQUENCIES }) shipmentFrequency!: ShipmentFrequency;
  @ApiProperty({ example: '1250000.00' }) annualBusinessVolume!: string;
  /** Filed with HQ: annual business ≥ 1,000,000 yuan (computed, follows the volume both ways). */
  @ApiProperty() hqFiled!: boolean;
  @ApiProperty({ enum: CUSTOMER_GRADES, nullable: true }) grade!: CustomerGrade | null;
  @ApiProperty({ type: String, nullable: true }) gradeReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) gradeSetByName!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) gradeSetAt!: string | null;
  @ApiProperty({ enum: CONFIDENTIALITY_LEVELS }) confidentiality!: Confidentiality;
  @ApiProperty({ type: String, nullable: true }) suggestions!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) projectDeliveredOn!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) lastVisitOn!: string | null;
  @ApiProperty({ format: 'date-time' }) verifiedAt!: string;
  /** Fields withheld from you (their value is null): lists withhold address and suggestions of confidential archives. */
  @ApiProperty({ type: [String] }) maskedFields!: string[];
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CustomerPage extends PageMeta {
  @ApiProperty({ type: [CustomerResponse] }) items!: CustomerResponse[];
}

export class ContactResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  /** Work phone. */
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) personalPhone!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) birthday!: string | null;
  @ApiProperty({ type: String, nullable: true }) hobbies!: string | null;
  @ApiProperty() isPrincipal!: boolean;
  /** Fields withheld from you (their value is null). Personal fields are masked in lists and without clearance. */
  @ApiProperty({ type: [String] }) maskedFields!: string[];
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ContactList {
  @ApiProperty({ type: [ContactResponse] }) items!: ContactResponse[];
}

export class CreateContactDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) name!: string;
  @ApiPropertyOptional({ type: String, maxLength: 120, nullable: true }) @IsOptional() @IsString() @MaxLength(120) title?: string | null;
  @ApiPropertyOptional({ type: String, maxLength: 40, nullable: true }) @IsOptional() @IsString() @MaxLength(40) phone?: string | null;
  @ApiPropertyOptional({ type: String, maxLength: 40, nullable: true }) @IsOptional() @IsString() @MaxLength(40) personalPhone?:
    string | null;
  @ApiPropertyOptional({ type: String, maxLength: 200, nullable: true }) @IsOptional() @IsEmail() @MaxLength(200) email?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @Matches(DATE_ONLY)
  @IsISO8601({ strict: true })
  birthday?: string | null;
  @ApiPropertyOptional({ type: String, maxLength: 1000, nullable: true }) @IsOptional() @IsString() @MaxLength(1000) hobbies?:
    string | null;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() isPrincipal?: boolean;
}

export class UpdateContactDto extends VersionedUpdate {
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) name?: string;
  @ApiPropertyOptional({ type: String, maxLength: 120, nullable: true }) @IsOptional() @IsString() @MaxLength(120) title?: string | null;
  @ApiPropertyOptional({ type: String, maxLength: 40, nullable: true }) @IsOptional() @IsString() @MaxLength(40) phone?: string | null;
  @ApiPropertyOptional({ type: String, maxLength: 40, nullable: true }) @IsOptional() @IsString() @MaxLength(40) personalPhone?:
    string | null;
  @ApiPropertyOptional({ type: String, maxLength: 200, nullable: true }) @IsOptional() @IsEmail() @MaxLength(200) email?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @Matches(DATE_ONLY)
  @IsISO8601({ strict: true })
  birthday?: string | null;
  @ApiPropertyOptional({ type: String, maxLength: 1000, nullable: true }) @IsOptional() @IsString() @MaxLength(1000) hobbies?:
    string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isPrincipal?: boolean;
}

export class GradeFactorResponse {
  @ApiProperty({ enum: ['volume', 'frequency', 'shipments', 'trend', 'complaints', 'kind'] }) factor!: string;
  @ApiProperty() points!: number;
  /** The input behind the points: yuan, frequency, shipments a month, percent change, complaints, kind; null when unknown. */
  @ApiProperty({ type: String, nullable: true }) value!: string | null;
  @ApiProperty() note!: string;
}

export class GradeSuggestionResponse {
  @ApiProperty({ enum: CUSTOMER_GRADES }) grade!: CustomerGrade;
  @ApiProperty() score!: number;
  @ApiProperty({ type: [GradeFactorResponse] }) factors!: GradeFactorResponse[];
}

export class VolumePoint {
  @ApiProperty({ example: '2026-11' }) period!: string;
  @ApiProperty({ example: '1250000.00' }) annualBusinessVolume!: string;
  @ApiProperty() monthlyShipmentVolume!: number;
}

export class CustomerComplaintSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() status!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
}

export class CustomerAccessState {
  /** True when you may see the archive's personal details. */
  @ApiProperty() cleared!: boolean;
  /** How: your role for this confidentiality level, or an approved access request. */
  @ApiProperty({ enum: ['role', 'grant'], nullable: true }) via!: 'role' | 'grant' | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) grantExpiresAt!: string | null;
  /** Your own pending access request, if any. */
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) pendingRequestId!: string | null;
}

export class CustomerDetail extends CustomerResponse {
  @ApiProperty({ type: [ContactResponse] }) contacts!: ContactResponse[];
  @ApiProperty({ type: GradeSuggestionResponse }) suggestedGrade!: GradeSuggestionResponse;
  /** Monthly snapshots of the volumes (up to 24, oldest first). */
  @ApiProperty({ type: [VolumePoint] }) volumes!: VolumePoint[];
  /** The ten most recent complaints and inquiries about this customer. */
  @ApiProperty({ type: [CustomerComplaintSummary] }) recentComplaints!: CustomerComplaintSummary[];
  @ApiProperty({ type: CustomerAccessState }) access!: CustomerAccessState;
  @ApiProperty({ format: 'date' }) nextVisitDueOn!: string;
  @ApiProperty({ format: 'date' }) reverificationDueOn!: string;
}

export class LookupMatch extends CustomerResponse {
  /** The contact whose phone matched, when it was a contact's. */
  @ApiProperty({ type: String, nullable: true }) matchedContactName!: string | null;
  @ApiProperty({ type: [CustomerComplaintSummary] }) recentComplaints!: CustomerComplaintSummary[];
}

export class LookupResult {
  /** The phone as normalised for matching. */
  @ApiProperty() phone!: string;
  @ApiProperty({ type: [LookupMatch] }) items!: LookupMatch[];
}

export class WorkListItem extends CustomerResponse {
  @ApiProperty({ enum: WORK_LIST_REASONS }) reason!: WorkListReason;
  @ApiProperty({ format: 'date' }) dueOn!: string;
}

export class WorkListPage extends PageMeta {
  @ApiProperty({ type: [WorkListItem] }) items!: WorkListItem[];
}

export class ImportRowError {
  /** Line in the file (the header is row 1). */
  @ApiProperty() row!: number;
  @ApiProperty() field!: string;
  @ApiProperty() problem!: string;
}

export class ImportResult {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() totalRows!: number;
  @ApiProperty() validRows!: number;
  @ApiProperty() imported!: number;
  @ApiProperty({ type: [ImportRowError] }) errors!: ImportRowError[];
  @ApiProperty() durationMs!: number;
}

export class CreateAccessRequestDto {
  @ApiProperty({ maxLength: 1000 }) @IsString() @MinLength(1) @MaxLength(1000) @Matches(/\S/) reason!: string;
  /** How long the access should last once approved (default 72 h, at most 30 days). */
  @ApiPropertyOptional({ minimum: 1, maximum: 720, default: 72 }) @IsOptional() @IsInt() @Min(1) @Max(720) durationHours?: number;
}

export class DecideAccessRequestDto {
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export const ACCESS_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

export class AccessRequestQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ACCESS_REQUEST_STATUSES }) @IsOptional() @IsIn(ACCESS_REQUEST_STATUSES) status?: AccessRequestStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  /** `true`: only requests you made. */
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) mine?: 'true' | 'false';
}

export class AccessRequestResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty({ enum: CONFIDENTIALITY_LEVELS }) confidentiality!: Confidentiality;
  @ApiProperty({ format: 'uuid' }) requesterId!: string;
  @ApiProperty() requesterName!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() durationHours!: number;
  @ApiProperty({ enum: ACCESS_REQUEST_STATUSES }) status!: AccessRequestStatus;
  @ApiProperty({ type: String, nullable: true }) decidedByName!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionNote!: string | null;
  /** Access ends at this time (approved requests). */
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class AccessRequestPage extends PageMeta {
  @ApiProperty({ type: [AccessRequestResponse] }) items!: AccessRequestResponse[];
}
