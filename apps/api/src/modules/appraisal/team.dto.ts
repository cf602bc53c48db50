import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageMeta, PageQuery } from '../../common/pagination';
import { VersionedUpdate } from '../../common/version';
import { POST_TYPES, type PostType } from './appraisal-common';

export class CreateTeamDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) name!: string;
  /** The unit whose customer service department the team belongs to. */
  @ApiProperty({ format: 'uuid' }) @IsUUID() orgUnitId!: string;
  /** Inbound (呼入) or outbound (呼出) team; an appointment's post type normally matches it. */
  @ApiProperty({ enum: POST_TYPES }) @IsIn(POST_TYPES) postType!: PostType;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) description?: string;
}

export class UpdateTeamDto extends VersionedUpdate {
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) name?: string;
  @ApiPropertyOptional({ enum: POST_TYPES }) @IsOptional() @IsIn(POST_TYPES) postType?: PostType;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) description?: string;
}

export class TeamQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Teams of this unit only' }) @IsOptional() @IsUUID() orgUnitId?: string;
  @ApiPropertyOptional({ enum: POST_TYPES }) @IsOptional() @IsIn(POST_TYPES) postType?: PostType;
}

export class TeamLeaderSummary {
  @ApiProperty({ format: 'uuid' }) appointmentId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() userName!: string;
  @ApiProperty({ format: 'date' }) endsOn!: string;
}

export class TeamResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() orgUnitName!: string;
  @ApiProperty({ enum: POST_TYPES }) postType!: PostType;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: TeamLeaderSummary, nullable: true, description: 'The active appointment, if any' })
  currentLeader!: TeamLeaderSummary | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The open vacancy of this post, if any' })
  openVacancyId!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TeamPage extends PageMeta {
  @ApiProperty({ type: [TeamResponse] }) items!: TeamResponse[];
}
