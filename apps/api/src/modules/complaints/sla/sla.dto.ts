import { SLA_CLOCKS, SLA_HANDLER_LEVELS, type SlaClock, type SlaHandlerLevel, type WorkingHours } from '@cs/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageMeta, PageQuery } from '../../../common/pagination';
import { COMPLAINT_CHANNELS, COMPLAINT_KINDS, COMPLAINT_SEVERITIES } from '../complaint.entity';
import type { BusinessCalendarRecord, SlaPolicyRecord } from './sla.entities';

const TEXT = /\S/;
const CODE = /^[a-z0-9][a-z0-9-]{0,59}$/;

export class SlaTierDto {
  @ApiProperty({ minimum: 1, description: '1-based position; tiers are numbered 1..n in order' }) @IsInt() @Min(1) @Max(20) tier!: number;
  @ApiProperty({ enum: SLA_HANDLER_LEVELS }) @IsIn(SLA_HANDLER_LEVELS) handlerLevel!: SlaHandlerLevel;
  /** Minutes from receipt (business minutes for a business clock) by which this tier must answer. */
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(10_000_000) deadlineMinutes!: number;
}

export class SlaMatchDto {
  @ApiPropertyOptional({ enum: COMPLAINT_KINDS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(COMPLAINT_KINDS, { each: true })
  kinds?: string[];
  @ApiPropertyOptional({ enum: COMPLAINT_SEVERITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(COMPLAINT_SEVERITIES, { each: true })
  severities?: string[];
  @ApiPropertyOptional({ enum: COMPLAINT_CHANNELS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(COMPLAINT_CHANNELS, { each: true })
  channels?: string[];
}

export class CreateSlaPolicyDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @MaxLength(120) @Matches(TEXT, { message: 'must not be blank' }) name!: string;
  /** Stable identifier, lower-case letters, digits and dashes. */
  @ApiPropertyOptional({ maxLength: 60 }) @IsOptional() @Matches(CODE) code?: string;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @MaxLength(4000) description?: string;
  /** Where the rule comes from, e.g. `[000 §16]`. */
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) source?: string;
  @ApiProperty({ enum: SLA_CLOCKS }) @IsIn(SLA_CLOCKS) clock!: SlaClock;
  /** Required for the business clock. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() calendarId?: string;
  @ApiProperty({ type: [SlaTierDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SlaTierDto)
  tiers!: SlaTierDto[];
  /** Calendar clock: minutes before each deadline to warn. Business clock: warned one working day before. */
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) @Max(1_000_000) warnBeforeMinutes!: number;
  @ApiPropertyOptional({ type: SlaMatchDto, description: 'Absent dimensions match any value' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SlaMatchDto)
  match?: SlaMatchDto;
  /** Higher wins when several policies match; then the most specific. */
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @IsInt() @Min(-1000) @Max(1000) priority?: number;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdateSlaPolicyDto {
  @ApiProperty({ minimum: 1, description: 'The version you read; a stale one answers 409' }) @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MaxLength(120) @Matches(TEXT) name?: string;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @MaxLength(4000) description?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) source?: string;
  @ApiPropertyOptional({ enum: SLA_CLOCKS }) @IsOptional() @IsIn(SLA_CLOCKS) clock?: SlaClock;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) @IsOptional() @IsUUID() calendarId?: string;
  @ApiPropertyOptional({ type: [SlaTierDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SlaTierDto)
  tiers?: SlaTierDto[];
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000) warnBeforeMinutes?: number;
  @ApiPropertyOptional({ type: SlaMatchDto }) @IsOptional() @ValidateNested() @Type(() => SlaMatchDto) match?: SlaMatchDto;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(-1000) @Max(1000) priority?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class SlaPolicyQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) active?: 'true' | 'false';
}

export class SlaMatchResponse {
  @ApiPropertyOptional({ type: [String] }) kinds?: string[];
  @ApiPropertyOptional({ type: [String] }) severities?: string[];
  @ApiPropertyOptional({ type: [String] }) channels?: string[];
}

export class SlaTierResponse {
  @ApiProperty() tier!: number;
  @ApiProperty({ enum: SLA_HANDLER_LEVELS }) handlerLevel!: SlaHandlerLevel;
  @ApiProperty() deadlineMinutes!: number;
}

export class SlaPolicyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) code!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ enum: SLA_CLOCKS }) clock!: SlaClock;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) calendarId!: string | null;
  @ApiProperty({ type: [SlaTierResponse] }) tiers!: SlaTierResponse[];
  @ApiProperty() warnBeforeMinutes!: number;
  @ApiProperty({ type: SlaMatchResponse }) match!: SlaMatchResponse;
  @ApiProperty() priority!: number;
  @ApiProperty() active!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SlaPolicyPage extends PageMeta {
  @ApiProperty({ type: [SlaPolicyResponse] }) items!: SlaPolicyResponse[];
}

export function toSlaPolicyResponse(p: SlaPolicyRecord): SlaPolicyResponse {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    description: p.description,
    source: p.source,
    clock: p.clock,
    calendarId: p.calendarId,
    tiers: p.tiers.map((t) => ({ tier: t.tier, handlerLevel: t.handlerLevel, deadlineMinutes: t.deadlineMinutes })),
    warnBeforeMinutes: p.warnBeforeMinutes,
    match: {
      ...(p.matchKinds ? { kinds: p.matchKinds } : {}),
      ...(p.matchSeverities ? { severities: p.matchSeverities } : {}),
      ...(p.matchChannels ? { channels: p.matchChannels } : {}),
    },
    priority: p.priority,
    active: p.active,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

// ---- calendars ----

export class WorkingHoursDto {
  @ApiProperty({ example: '09:00' }) @IsString() @MaxLength(5) start!: string;
  @ApiProperty({ example: '18:00', description: 'May be 24:00' }) @IsString() @MaxLength(5) end!: string;
}

const WEEK_HOURS_DOC = {
  type: 'object',
  description: 'ISO weekday ("1" = Monday … "7" = Sunday) → working periods in local time; [] = day off. All seven days required.',
  additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/WorkingHoursDto' } },
  example: { '1': [{ start: '09:00', end: '18:00' }], '6': [], '7': [] },
} as const;

export class CreateCalendarDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @MaxLength(120) @Matches(TEXT, { message: 'must not be blank' }) name!: string;
  @ApiPropertyOptional({ maxLength: 60 }) @IsOptional() @Matches(CODE) code?: string;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @MaxLength(4000) description?: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) @IsString() @MaxLength(64) timeZone!: string;
  @ApiProperty(WEEK_HOURS_DOC) @IsObject() weekHours!: Record<string, WorkingHours[]>;
  /** Public holidays, `YYYY-MM-DD`. */
  @ApiPropertyOptional({ type: [String], format: 'date' }) @IsOptional() @IsArray() @ArrayMaxSize(2000) holidays?: string[];
  /** 调休: weekend dates worked like a normal working day. */
  @ApiPropertyOptional({ type: [String], format: 'date' }) @IsOptional() @IsArray() @ArrayMaxSize(2000) adjustedWorkdays?: string[];
  /** Hours of an adjusted working day; defaults to Monday's. */
  @ApiPropertyOptional({ type: [WorkingHoursDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WorkingHoursDto)
  adjustedWorkdayHours?: WorkingHoursDto[];
}

export class UpdateCalendarDto {
  @ApiProperty({ minimum: 1, description: 'The version you read; a stale one answers 409' }) @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MaxLength(120) @Matches(TEXT) name?: string;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @MaxLength(4000) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) timeZone?: string;
  @ApiPropertyOptional(WEEK_HOURS_DOC) @IsOptional() @IsObject() weekHours?: Record<string, WorkingHours[]>;
  @ApiPropertyOptional({ type: [String], format: 'date' }) @IsOptional() @IsArray() @ArrayMaxSize(2000) holidays?: string[];
  @ApiPropertyOptional({ type: [String], format: 'date' }) @IsOptional() @IsArray() @ArrayMaxSize(2000) adjustedWorkdays?: string[];
  @ApiPropertyOptional({ type: [WorkingHoursDto], nullable: true })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WorkingHoursDto)
  adjustedWorkdayHours?: WorkingHoursDto[];
}

export class CalendarResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) code!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty() timeZone!: string;
  @ApiProperty(WEEK_HOURS_DOC) weekHours!: Record<string, WorkingHours[]>;
  @ApiProperty({ type: [String], format: 'date' }) holidays!: string[];
  @ApiProperty({ type: [String], format: 'date' }) adjustedWorkdays!: string[];
  @ApiProperty({ type: [WorkingHoursDto], nullable: true }) adjustedWorkdayHours!: WorkingHours[] | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CalendarPage extends PageMeta {
  @ApiProperty({ type: [CalendarResponse] }) items!: CalendarResponse[];
}

/** `date[]` comes back from pg as Dates at local midnight (or strings); either way a `YYYY-MM-DD`. */
export function localDateString(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

export function toCalendarResponse(c: BusinessCalendarRecord): CalendarResponse {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    description: c.description,
    timeZone: c.timeZone,
    weekHours: c.weekHours,
    holidays: c.holidays.map(localDateString),
    adjustedWorkdays: c.adjustedWorkdays.map(localDateString),
    adjustedWorkdayHours: c.adjustedWorkdayHours,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
