import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
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
import { CYCLE_OUTCOMES, type CycleOutcome, YEAR_END_GRADES } from './appraisal-common';
import type { YearEndGrade, YearEndGradeBasis } from '@cs/domain';

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

export class SchemeDimensionDto {
  /** Lower-case key used in score entry, e.g. `production`. */
  @ApiProperty({ pattern: KEY.source })
  @IsString()
  @Matches(KEY, { message: 'must be a lower-case key like "team_building"' })
  key!: string;
  @ApiProperty({ maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) name!: string;
  /** Percent; the weights of a scheme sum to exactly 100. */
  @ApiProperty({ minimum: 0.01, maximum: 100 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) weight!: number;
  /** A score below this keeps the leader out of `excellent` (like [003 第五条]). */
  @ApiPropertyOptional({ minimum: 0, maximum: 100 }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) minimum?: number;
}

export class SchemeVetoItemDto {
  @ApiProperty({ pattern: KEY.source })
  @IsString()
  @Matches(KEY, { message: 'must be a lower-case key like "major_complaint"' })
  key!: string;
  @ApiProperty({ maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) name!: string;
}

export class CreateSchemeDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) name!: string;
  /** The unit that owns the scheme (default: yours); it is usable there and in every unit below. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;
  @ApiProperty({ type: [SchemeDimensionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SchemeDimensionDto)
  dimensions!: SchemeDimensionDto[];
  /** 一票否决 items: any one places the leader in `fair` whatever the score. */
  @ApiProperty({ type: [SchemeVetoItemDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SchemeVetoItemDto)
  vetoItems!: SchemeVetoItemDto[];
}

export class SchemeDimension {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty() weight!: number;
  @ApiPropertyOptional() minimum?: number;
}

export class SchemeVetoItem {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
}

export class SchemeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ type: [SchemeDimension] }) dimensions!: SchemeDimension[];
  @ApiProperty({ type: [SchemeVetoItem] }) vetoItems!: SchemeVetoItem[];
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class SchemePage extends PageMeta {
  @ApiProperty({ type: [SchemeResponse] }) items!: SchemeResponse[];
}

export class CreateCycleDto {
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) year!: number;
  @ApiProperty({ format: 'uuid' }) @IsUUID() schemeId!: string;
  /** The unit whose leaders the cycle ranks (default: yours); every appointment must belong to it or a unit below. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;
  /** The team-leader appointments ranked together in this cycle. */
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  appointmentIds!: string[];
}

export class CycleQuery extends PageQuery {
  @ApiPropertyOptional({ example: 2026 }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ enum: ['open', 'finalized'] }) @IsOptional() @IsIn(['open', 'finalized']) status?: 'open' | 'finalized';
}

export class PutScoresDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() appointmentId!: string;
  /** One score per dimension key of the cycle's scheme, 0–100 with at most two decimals. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { production: 88, coaching: 92.5 } })
  @IsObject()
  scores!: Record<string, number>;
  /** Veto item keys that apply to this leader. */
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) vetoes!: string[];
}

export class CycleMemberResponse {
  @ApiProperty({ format: 'uuid' }) appointmentId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() userName!: string;
  @ApiProperty() teamName!: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: { type: 'number' } }) scores!: Record<string, number> | null;
  @ApiProperty({ type: [String] }) vetoes!: string[];
  @ApiProperty({ type: Number, nullable: true, description: 'Weighted sum, two decimals' }) finalScore!: number | null;
  @ApiProperty({ type: [String], description: 'Dimensions scored below their minimum' }) belowMinimum!: string[];
  @ApiProperty({ type: Number, nullable: true }) rank!: number | null;
  @ApiProperty({ type: String, nullable: true, enum: YEAR_END_GRADES }) grade!: YearEndGrade | null;
  @ApiProperty({ type: String, nullable: true, enum: CYCLE_OUTCOMES }) outcome!: CycleOutcome | null;
}

export class CycleResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ format: 'uuid' }) schemeId!: string;
  @ApiProperty() schemeName!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ enum: ['open', 'finalized'] }) status!: 'open' | 'finalized';
  @ApiProperty() memberCount!: number;
  @ApiProperty() scoredCount!: number;
  @ApiProperty() openedBy!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finalizedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) finalizedBy!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CycleDetailResponse extends CycleResponse {
  @ApiProperty({ type: SchemeResponse }) scheme!: SchemeResponse;
  @ApiProperty({ type: [CycleMemberResponse] }) members!: CycleMemberResponse[];
}

export class CyclePage extends PageMeta {
  @ApiProperty({ type: [CycleResponse] }) items!: CycleResponse[];
}

const BASES: YearEndGradeBasis[] = [
  'top_group',
  'top_boundary_tie',
  'middle',
  'excluded_from_top',
  'bottom_boundary_tie',
  'bottom_group',
  'vetoed',
];

export class RankingEntry {
  @ApiProperty({ format: 'uuid' }) appointmentId!: string;
  @ApiProperty() userName!: string;
  @ApiProperty() teamName!: string;
  @ApiProperty() finalScore!: number;
  @ApiProperty() rank!: number;
  @ApiProperty({ enum: YEAR_END_GRADES }) grade!: YearEndGrade;
  @ApiProperty({ enum: BASES, description: 'Why the grade: group, boundary tie, capped by a minimum, veto' }) basis!: YearEndGradeBasis;
  @ApiProperty({ enum: CYCLE_OUTCOMES, description: 'What finalizing applies (or applied) [8.3]' }) outcome!: CycleOutcome;
  @ApiProperty({ type: [String] }) belowMinimum!: string[];
  @ApiProperty({ type: [String] }) vetoes!: string[];
}

export class RankingPreviewResponse {
  @ApiProperty({ format: 'uuid' }) cycleId!: string;
  @ApiProperty({ enum: ['open', 'finalized'] }) status!: 'open' | 'finalized';
  @ApiProperty({ description: 'Members ranked (scored ones; after finalizing, all)' }) rankedCount!: number;
  @ApiProperty({ type: [String], description: 'Members still without scores (finalizing needs none left)' })
  unscoredAppointmentIds!: string[];
  @ApiProperty({ description: 'round-half-up(N × 30 %) over the ranked members' }) topGroupSize!: number;
  @ApiProperty() bottomGroupSize!: number;
  @ApiProperty() excellentCount!: number;
  @ApiProperty() goodCount!: number;
  @ApiProperty() fairCount!: number;
  @ApiProperty({ type: [RankingEntry] }) items!: RankingEntry[];
}

export class CycleResult {
  @ApiProperty({ format: 'uuid' }) appointmentId!: string;
  @ApiProperty() finalScore!: number;
  @ApiProperty() rank!: number;
  @ApiProperty({ enum: YEAR_END_GRADES }) grade!: YearEndGrade;
  @ApiProperty({ enum: CYCLE_OUTCOMES }) outcome!: CycleOutcome;
  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'New end of term when extended' }) newEndsOn!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The vacancy opened for a fair result' }) vacancyId!:
    string | null;
}

export class FinalizeCycleResponse {
  @ApiProperty({ format: 'uuid' }) cycleId!: string;
  @ApiProperty({ type: [CycleResult] }) results!: CycleResult[];
}
