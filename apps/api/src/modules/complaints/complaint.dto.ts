import { SLA_HANDLER_LEVELS, type SlaHandlerLevel } from '@cs/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
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
import { applyDecorators } from '@nestjs/common';
import { PageMeta, PageQuery } from '../../common/pagination';
import { snakeCase } from '../../database/snake-naming.strategy';
import {
  COMPLAINT_CHANNELS,
  COMPLAINT_EVENT_TYPES,
  COMPLAINT_KINDS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATUSES,
  type Complaint,
  type ComplaintChannel,
  type ComplaintEvent,
  type ComplaintEventType,
  type ComplaintKind,
  type ComplaintSeverity,
  type ComplaintStatus,
  type PolicySnapshot,
  RETURN_VISIT_METHODS,
  RETURN_VISIT_OUTCOMES,
  type ReturnVisitMethod,
  type ReturnVisitOutcome,
  type ReturnVisitSamplingRule,
} from './complaint.entity';

/** An ISO-8601 instant with an explicit offset (`Z` or `+08:00`): a bare local time is ambiguous. */
function IsInstant(): PropertyDecorator {
  return applyDecorators(
    IsDateString({ strict: true }),
    Matches(/(Z|[+-]\d{2}:?\d{2})$/, { message: 'must carry a time-zone offset (Z or +08:00)' }),
  );
}

const TEXT = /\S/;

export class AttachmentDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) url?: string;
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) size?: number;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) contentType?: string;
}

export class CreateComplaintDto {
  @ApiProperty({ enum: COMPLAINT_KINDS }) @IsIn(COMPLAINT_KINDS) kind!: ComplaintKind;
  @ApiProperty({ enum: COMPLAINT_CHANNELS }) @IsIn(COMPLAINT_CHANNELS) channel!: ComplaintChannel;
  /** May be raised to `serious` by the repeat rule (3rd complaint of a customer in a category in a month). */
  @ApiProperty({ enum: COMPLAINT_SEVERITIES }) @IsIn(COMPLAINT_SEVERITIES) severity!: ComplaintSeverity;
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MaxLength(200)
  @Matches(TEXT, { message: 'must not be blank' })
  subject!: string;
  @ApiProperty({ minLength: 1, maxLength: 20000 })
  @IsString()
  @MaxLength(20000)
  @Matches(TEXT, { message: 'must not be blank' })
  description!: string;
  /** When the customer contacted us; defaults to now, may be in the past, never in the future. */
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsInstant() receivedAt?: string;
  /** Customer archive id, when the caller is known. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MaxLength(120) @Matches(TEXT) callerName?: string;
  @ApiPropertyOptional({ maxLength: 32, example: '13800138000' })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 -]{2,30}$/, {
    message: 'must be a phone number (digits, spaces, dashes, optional leading +)',
  })
  callerPhone?: string;
  /** Problem category, e.g. `delivery_delay`; the repeat rule counts per category. */
  @ApiPropertyOptional({ maxLength: 60 }) @IsOptional() @IsString() @MaxLength(60) @Matches(TEXT) category?: string;
  /** Defaults to your own unit; must be in your scope. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() receivingUnitId?: string;
  /** `internal` complaints: the unit complained about. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() respondentUnitId?: string;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() multiPlatform?: boolean;
  @ApiPropertyOptional({ type: [String], description: 'Related order / waybill numbers' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  relatedOrders?: string[];
  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
  /**
   * First-contact owner. A user creating a complaint is its owner (leave this out or send your own
   * id). An API key must name the user who took the contact.
   */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() ownerId?: string;
}

export class UpdateComplaintDto {
  @ApiProperty({ minimum: 1, description: 'The version you read; a stale one answers 409' }) @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) @Matches(TEXT) subject?: string;
  @ApiPropertyOptional({ maxLength: 20000 }) @IsOptional() @IsString() @MaxLength(20000) @Matches(TEXT) description?: string;
  @ApiPropertyOptional({ maxLength: 60 }) @IsOptional() @IsString() @MaxLength(60) @Matches(TEXT) category?: string;
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MaxLength(120) @Matches(TEXT) callerName?: string;
  @ApiPropertyOptional({ maxLength: 32 }) @IsOptional() @Matches(/^\+?[0-9][0-9 -]{2,30}$/) callerPhone?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  relatedOrders?: string[];
  /** The user now handling it (the owner stays the owner). */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() handlerId?: string;
  /** Reassign the return visit (managers). */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() returnVisitAssigneeId?: string;
}

/** Optional `version` on actions: when sent, a stale one answers 409. */
class ActionBase {
  @ApiPropertyOptional({ minimum: 1, description: 'The version you read; when sent, a stale one answers 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class EscalateComplaintDto extends ActionBase {
  @ApiProperty({ maxLength: 2000 }) @IsString() @MaxLength(2000) @Matches(TEXT, { message: 'must not be blank' }) reason!: string;
}

export class ConsentDto {
  /** Who consented (the customer or their representative). */
  @ApiProperty({ maxLength: 120 }) @IsString() @MaxLength(120) @Matches(TEXT, { message: 'must not be blank' }) by!: string;
  @ApiProperty({ format: 'date-time' }) @IsInstant() at!: string;
  /** How: phone, onsite, sms, email, … */
  @ApiProperty({ maxLength: 40, example: 'phone' })
  @IsString()
  @MaxLength(40)
  @Matches(TEXT, { message: 'must not be blank' })
  channel!: string;
}

export class ExtendComplaintDto extends ActionBase {
  @ApiProperty({ format: 'date-time' }) @IsInstant() newDueAt!: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @MaxLength(2000) @Matches(TEXT, { message: 'must not be blank' }) reason!: string;
  /** Required: without the customer's recorded consent the extension answers 422. */
  @ApiPropertyOptional({ type: ConsentDto }) @IsOptional() @ValidateNested() @Type(() => ConsentDto) consent?: ConsentDto;
}

export class AnswerComplaintDto extends ActionBase {
  /** The clear answer given to the customer (stops the SLA clock). */
  @ApiProperty({ maxLength: 20000 }) @IsString() @MaxLength(20000) @Matches(TEXT, { message: 'must not be blank' }) answer!: string;
}

export class ReturnVisitDto extends ActionBase {
  @ApiProperty({ enum: RETURN_VISIT_METHODS }) @IsIn(RETURN_VISIT_METHODS) method!: ReturnVisitMethod;
  @ApiProperty({ enum: RETURN_VISIT_OUTCOMES }) @IsIn(RETURN_VISIT_OUTCOMES) outcome!: ReturnVisitOutcome;
  @ApiPropertyOptional({ maxLength: 5000 }) @IsOptional() @IsString() @MaxLength(5000) notes?: string;
  /** Required for `onsite`: who signed the visit record for the customer. */
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MaxLength(120) @Matches(TEXT) signedBy?: string;
  /** Defaults to now; never in the future. */
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsInstant() visitedAt?: string;
}

export class CloseComplaintDto extends ActionBase {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class InvalidateComplaintDto extends ActionBase {
  @ApiProperty({ maxLength: 2000 }) @IsString() @MaxLength(2000) @Matches(TEXT, { message: 'must not be blank' }) reason!: string;
}

export class NoteComplaintDto extends ActionBase {
  /** A handling note (explanation, clarification, proposed solution); moves `received` to `in_progress`. */
  @ApiProperty({ maxLength: 5000 }) @IsString() @MaxLength(5000) @Matches(TEXT, { message: 'must not be blank' }) note!: string;
}

export const COMPLAINT_QUEUES = ['mine', 'my_unit', 'escalated_to_me', 'breached', 'hq'] as const;
export type ComplaintQueue = (typeof COMPLAINT_QUEUES)[number];

export const COMPLAINT_SORTS = ['receivedAt', 'dueAt'] as const;
export type ComplaintSort = (typeof COMPLAINT_SORTS)[number];

export class ComplaintQuery extends PageQuery {
  /**
   * Work queues (open complaints only): `mine` (you own or handle it, or its return visit is yours),
   * `my_unit` (assigned to your unit), `escalated_to_me`
   * (open, escalated past tier 1 and now assigned to your unit), `breached` (open and breached),
   * `hq` (reported to HQ at intake or now at HQ).
   */
  @ApiPropertyOptional({ enum: COMPLAINT_QUEUES }) @IsOptional() @IsIn(COMPLAINT_QUEUES) queue?: ComplaintQueue;
  /** `receivedAt` (default): newest received first. `dueAt`: most urgent first (soonest current deadline; none last). */
  @ApiPropertyOptional({ enum: COMPLAINT_SORTS, default: 'receivedAt' }) @IsOptional() @IsIn(COMPLAINT_SORTS) sort?: ComplaintSort;
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES }) @IsOptional() @IsIn(COMPLAINT_STATUSES) status?: ComplaintStatus;
  @ApiPropertyOptional({ enum: COMPLAINT_KINDS }) @IsOptional() @IsIn(COMPLAINT_KINDS) kind?: ComplaintKind;
  @ApiPropertyOptional({ enum: COMPLAINT_SEVERITIES }) @IsOptional() @IsIn(COMPLAINT_SEVERITIES) severity?: ComplaintSeverity;
  @ApiPropertyOptional({ enum: COMPLAINT_CHANNELS }) @IsOptional() @IsIn(COMPLAINT_CHANNELS) channel?: ComplaintChannel;
  @ApiPropertyOptional({ minimum: 1, maximum: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(20) tier?: number;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) breached?: 'true' | 'false';
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) hqReported?: 'true' | 'false';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() assignedUnitId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() receivingUnitId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() ownerId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  /** A caller's complaints (digits compared, spaces and dashes ignored): the intake console shows them. */
  @ApiPropertyOptional() @IsOptional() @Matches(/^\+?[0-9][0-9 -]{2,30}$/) callerPhone?: string;
  @ApiPropertyOptional({ maxLength: 60 }) @IsOptional() @IsString() @MaxLength(60) category?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'receivedAt ≥ this' }) @IsOptional() @IsInstant() receivedFrom?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'receivedAt < this' }) @IsOptional() @IsInstant() receivedTo?: string;
  /** Free-text search: every word (up to 8, any order) occurs in the number, subject, caller name or phone. */
  @ApiPropertyOptional({
    maxLength: 100,
    description:
      'Every word (up to 8, whitespace-separated, any order, case-insensitive) occurs in the number, subject, caller name or phone',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class ComplaintTierResponse {
  @ApiProperty() tier!: number;
  @ApiProperty({ enum: SLA_HANDLER_LEVELS }) level!: SlaHandlerLevel;
  @ApiProperty({ format: 'uuid', description: 'The unit whose CS department handles this tier' }) unitId!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When a pre-breach warning is (or was) due' })
  warnAt!: string | null;
  /** The deadline, once it has gone by for a tier no longer responsible (or the breached last tier). */
  @ApiPropertyOptional({ format: 'date-time' }) passedAt?: string;
  @ApiProperty({ description: 'The tier currently responsible' }) current!: boolean;
}

export class AttachmentResponse {
  @ApiProperty() name!: string;
  @ApiPropertyOptional() url?: string;
  @ApiPropertyOptional() size?: number;
  @ApiPropertyOptional() contentType?: string;
}

export class ComplaintResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2611-00042', description: 'YYMM-NNNNN: month of receipt and monthly serial' }) number!: string;
  @ApiProperty({ enum: COMPLAINT_KINDS }) kind!: ComplaintKind;
  @ApiProperty({ enum: COMPLAINT_CHANNELS }) channel!: ComplaintChannel;
  @ApiProperty({ enum: COMPLAINT_SEVERITIES }) severity!: ComplaintSeverity;
  @ApiProperty({ enum: COMPLAINT_STATUSES }) status!: ComplaintStatus;
  @ApiProperty() subject!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true }) category!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) customerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) callerName!: string | null;
  @ApiProperty({ type: String, nullable: true }) callerPhone!: string | null;
  @ApiProperty({ type: [String] }) relatedOrders!: string[];
  @ApiProperty({ type: [AttachmentResponse] }) attachments!: AttachmentResponse[];
  @ApiProperty() multiPlatform!: boolean;
  @ApiProperty({ description: 'Reported to HQ (serious, external channel, multi-platform, or escalated to HQ)' }) hqReported!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) respondentUnitId!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'uuid' }) receivingUnitId!: string;
  @ApiProperty({ format: 'uuid' }) platformUnitId!: string;
  @ApiProperty({ format: 'uuid' }) assignedUnitId!: string;
  @ApiProperty({ format: 'uuid', description: 'First-contact owner (首问负责人) for the whole life of the complaint' }) ownerId!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) handlerId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) policyId!: string | null;
  @ApiProperty() policyName!: string;
  @ApiProperty({ enum: ['calendar', 'business'] }) clock!: 'calendar' | 'business';
  @ApiProperty({ description: 'The tier currently responsible (1-based)' }) tier!: number;
  @ApiProperty() tierCount!: number;
  @ApiProperty({ enum: SLA_HANDLER_LEVELS }) level!: SlaHandlerLevel;
  @ApiProperty({ type: [ComplaintTierResponse], description: 'Every tier with its deadline' }) tiers!: ComplaintTierResponse[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: "The current tier's deadline" }) dueAt!: string | null;
  @ApiProperty({ description: 'True while the SLA clock runs (not answered, closed or invalid, not breached)' }) clockRunning!: boolean;
  @ApiProperty() breached!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) breachedAt!: string | null;
  @ApiProperty() escalationCount!: number;
  @ApiProperty() extensionCount!: number;
  @ApiProperty() reopenCount!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) answeredAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) answeredTier!: number | null;
  @ApiProperty({ type: String, nullable: true }) answer!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Picked for a return visit (null: not decided yet)' })
  returnVisitSampled!: boolean | null;
  @ApiProperty({ type: String, nullable: true, enum: RETURN_VISIT_METHODS }) returnVisitMethod!: ReturnVisitMethod | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) returnVisitAssigneeId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) invalidReason!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class QueueCountsResponse {
  @ApiProperty({ description: 'Open complaints you own, handle, or whose return visit is yours' }) mine!: number;
  @ApiProperty({ description: 'Open complaints assigned to your unit' }) myUnit!: number;
  @ApiProperty({ description: 'Open complaints escalated past tier 1 and now assigned to your unit' }) escalatedToMe!: number;
  @ApiProperty({ description: 'Open breached complaints in your scope' }) breached!: number;
  @ApiProperty({ description: 'Open complaints reported to HQ or at HQ, in your scope' }) hq!: number;
}

export class ComplaintPage extends PageMeta {
  @ApiProperty({ type: [ComplaintResponse] }) items!: ComplaintResponse[];
}

export class ComplaintEventResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: COMPLAINT_EVENT_TYPES }) type!: ComplaintEventType;
  @ApiProperty({ format: 'date-time', description: 'When it happened (for a missed deadline: the deadline)' }) at!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'The deadline this step is about' }) deadlineAt?: string;
  @ApiPropertyOptional() fromTier?: number;
  @ApiPropertyOptional() toTier?: number;
  @ApiPropertyOptional({ description: 'Who did it: a user, an API key, or `system` (the SLA sweep)' }) actor?: string;
  @ApiProperty({ enum: ['user', 'api_key', 'system'] }) actorType!: 'user' | 'api_key' | 'system';
  @ApiPropertyOptional({ format: 'uuid' }) actorId?: string;
  @ApiPropertyOptional({ description: 'The rule that caused it, e.g. `sla_deadline_passed`, `repeat_complaint_same_month`' })
  rule?: string;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) data?: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class ComplaintEventList {
  @ApiProperty({ type: [ComplaintEventResponse] }) items!: ComplaintEventResponse[];
}

export class SamplingRuleResponse {
  @ApiProperty({ example: '10.00', description: 'Share of answered complaints given a return visit, percent (≥ 10)' })
  samplePercent!: string;
  @ApiProperty({ example: '30.00', description: 'Share of sampled visits done on site, percent (≥ 30)' }) onsitePercent!: string;
  @ApiProperty({ description: 'Serious complaints always get a return visit' }) seriousAlways!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class UpdateSamplingRuleDto {
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional({ minimum: 10, maximum: 100 }) @IsOptional() @Type(() => Number) @Min(10) @Max(100) samplePercent?: number;
  @ApiPropertyOptional({ minimum: 30, maximum: 100 }) @IsOptional() @Type(() => Number) @Min(30) @Max(100) onsitePercent?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() seriousAlways?: boolean;
}

export function toSamplingRuleResponse(rule: ReturnVisitSamplingRule): SamplingRuleResponse {
  return {
    samplePercent: Number(rule.samplePercent).toFixed(2),
    onsitePercent: Number(rule.onsitePercent).toFixed(2),
    seriousAlways: rule.seriousAlways,
    version: rule.version,
    updatedAt: rule.updatedAt.toISOString(),
  };
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function unitForLevel(c: Pick<Complaint, 'receivingUnitId' | 'platformUnitId' | 'hqUnitId'>, level: SlaHandlerLevel): string {
  return level === 'hq' ? c.hqUnitId : level === 'platform' ? c.platformUnitId : c.receivingUnitId;
}

/** The columns a complaint's response is made from; lists read only these. */
const VIEW_FIELDS = [
  'id',
  'number',
  'kind',
  'channel',
  'severity',
  'status',
  'subject',
  'description',
  'category',
  'customerId',
  'callerName',
  'callerPhone',
  'relatedOrders',
  'attachments',
  'multiPlatform',
  'hqReported',
  'respondentUnitId',
  'receivedAt',
  'receivingUnitId',
  'platformUnitId',
  'hqUnitId',
  'assignedUnitId',
  'ownerId',
  'handlerId',
  'policyId',
  'tier',
  'tierCount',
  'tierLevels',
  'tierDeadlines',
  'warnTimes',
  'dueAt',
  'breached',
  'breachedAt',
  'escalationCount',
  'extensionCount',
  'reopenCount',
  'answeredAt',
  'answeredTier',
  'answer',
  'returnVisitSampled',
  'returnVisitMethod',
  'returnVisitAssigneeId',
  'closedAt',
  'invalidReason',
  'version',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof Complaint)[];

/** What `toComplaintResponse` reads: a loaded entity, or a row selected with `COMPLAINT_VIEW_COLUMNS`. */
export type ComplaintView = Pick<Complaint, (typeof VIEW_FIELDS)[number]> & { policySnapshot: Pick<PolicySnapshot, 'name' | 'clock'> };

/**
 * `SELECT` items (table alias `c`) giving a `ComplaintView` per row: the policy snapshot is cut to
 * the name and clock in SQL, the entity's other columns are left out (the snapshot was 40 % of a
 * row and was parsed, hydrated and dropped for every complaint of a list page).
 */
export const COMPLAINT_VIEW_COLUMNS = [
  ...VIEW_FIELDS.map((f) => `c.${snakeCase(f)} AS "${f}"`),
  `jsonb_build_object('name', c.policy_snapshot->'name', 'clock', c.policy_snapshot->'clock') AS "policySnapshot"`,
].join(', ');

export function toComplaintResponse(c: ComplaintView): ComplaintResponse {
  const clockRunning = (c.status === 'received' || c.status === 'in_progress') && !c.breached;
  const now = Date.now();
  const tiers: ComplaintTierResponse[] = c.tierDeadlines.map((deadline, index) => {
    const tier = index + 1;
    const level = c.tierLevels[index] ?? 'hq';
    // A tier left early (manual escalation) shows no passedAt until its deadline has actually gone by.
    const passed = (tier < c.tier && deadline.getTime() <= now) || (c.breached && tier === c.tierCount);
    return {
      tier,
      level,
      unitId: unitForLevel(c, level),
      dueAt: deadline.toISOString(),
      warnAt: iso(c.warnTimes[index] ?? null),
      ...(passed ? { passedAt: deadline.toISOString() } : {}),
      current: tier === c.tier,
    };
  });
  return {
    id: c.id,
    number: c.number,
    kind: c.kind,
    channel: c.channel,
    severity: c.severity,
    status: c.status,
    subject: c.subject,
    description: c.description,
    category: c.category,
    customerId: c.customerId,
    callerName: c.callerName,
    callerPhone: c.callerPhone,
    relatedOrders: c.relatedOrders,
    attachments: c.attachments,
    multiPlatform: c.multiPlatform,
    hqReported: c.hqReported,
    respondentUnitId: c.respondentUnitId,
    receivedAt: c.receivedAt.toISOString(),
    receivingUnitId: c.receivingUnitId,
    platformUnitId: c.platformUnitId,
    assignedUnitId: c.assignedUnitId,
    ownerId: c.ownerId,
    handlerId: c.handlerId,
    policyId: c.policyId,
    policyName: c.policySnapshot.name,
    clock: c.policySnapshot.clock,
    tier: c.tier,
    tierCount: c.tierCount,
    level: c.tierLevels[c.tier - 1] ?? 'hq',
    tiers,
    dueAt: iso(c.dueAt),
    clockRunning,
    breached: c.breached,
    breachedAt: iso(c.breachedAt),
    escalationCount: c.escalationCount,
    extensionCount: c.extensionCount,
    reopenCount: c.reopenCount,
    answeredAt: iso(c.answeredAt),
    answeredTier: c.answeredTier,
    answer: c.answer,
    returnVisitSampled: c.returnVisitSampled,
    returnVisitMethod: c.returnVisitMethod,
    returnVisitAssigneeId: c.returnVisitAssigneeId,
    closedAt: iso(c.closedAt),
    invalidReason: c.invalidReason,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function toComplaintEventResponse(e: ComplaintEvent): ComplaintEventResponse {
  return {
    id: e.id,
    type: e.type,
    at: e.at.toISOString(),
    ...(e.deadlineAt ? { deadlineAt: e.deadlineAt.toISOString() } : {}),
    ...(e.fromTier !== null ? { fromTier: e.fromTier } : {}),
    ...(e.toTier !== null ? { toTier: e.toTier } : {}),
    actor: e.actorName,
    actorType: e.actorType,
    ...(e.actorId ? { actorId: e.actorId } : {}),
    ...(e.rule ? { rule: e.rule } : {}),
    ...(e.note ? { note: e.note } : {}),
    ...(e.data ? { data: e.data } : {}),
    recordedAt: e.recordedAt.toISOString(),
  };
}
