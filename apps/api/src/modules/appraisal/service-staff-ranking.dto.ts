import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
import { QUARTER } from './appraisal-common';

export class RewardTierDto {
  @ApiProperty({ maxLength: 60, example: '一等奖' }) @IsString() @MinLength(1) @MaxLength(60) name!: string;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(10000) fromRank!: number;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(10000) toRank!: number;
}

export class StaffScoreDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId!: string;
  /** The quarter's average performance score, at most two decimals. */
  @ApiProperty({ minimum: 0, maximum: 100000 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100000) score!: number;
}

export class CreateStaffRankingDto {
  @ApiProperty({ example: '2026-Q3', pattern: QUARTER.source })
  @Matches(QUARTER, { message: 'must be a quarter like 2026-Q3' })
  quarter!: string;
  @ApiPropertyOptional({ maxLength: 120, description: 'Default: "Service staff"' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  title?: string;
  /** Default: the unit of the caller. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;
  /** Default tiers [001 篇十三]: ranks 1–3 and 4–8. */
  @ApiPropertyOptional({ type: [RewardTierDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RewardTierDto)
  tiers?: RewardTierDto[];
  @ApiProperty({ type: [StaffScoreDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => StaffScoreDto)
  entries!: StaffScoreDto[];
}

export class RewardTier {
  @ApiProperty() name!: string;
  @ApiProperty() fromRank!: number;
  @ApiProperty() toRank!: number;
}

export class StaffRankingEntry {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() userName!: string;
  @ApiProperty() score!: number;
  @ApiProperty() rank!: number;
  @ApiProperty({ type: String, nullable: true }) tier!: string | null;
}

export class StaffRankingResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() quarter!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ type: [RewardTier] }) tiers!: RewardTier[];
  @ApiProperty({ type: [StaffRankingEntry] }) entries!: StaffRankingEntry[];
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class StaffRankingQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2026-Q3' }) @IsOptional() @Matches(QUARTER) quarter?: string;
}

export class StaffRankingPage extends PageMeta {
  @ApiProperty({ type: [StaffRankingResponse] }) items!: StaffRankingResponse[];
}
