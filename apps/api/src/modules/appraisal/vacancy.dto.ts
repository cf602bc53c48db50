import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageMeta, PageQuery } from '../../common/pagination';
import {
  DATE_ONLY,
  MONEY,
  POST_TYPES,
  type PostType,
  VACANCY_REASONS,
  VACANCY_STATUSES,
  type VacancyReason,
  type VacancyStatus,
} from './appraisal-common';

export class VacancyQuery extends PageQuery {
  @ApiPropertyOptional({ enum: VACANCY_STATUSES }) @IsOptional() @IsIn(VACANCY_STATUSES) status?: VacancyStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() teamId?: string;
}

export class VacancyCandidateResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() userName!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) joinedOn!: string | null;
  @ApiProperty({ description: 'The leader whose post this was (a reselection after a fair result is open to them [8.3])' })
  isIncumbent!: boolean;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) addedAt!: string;
}

export class VacancyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) teamId!: string;
  @ApiProperty() teamName!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ enum: POST_TYPES }) postType!: PostType;
  @ApiProperty({ enum: VACANCY_REASONS }) reason!: VacancyReason;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) sourceAppointmentId!: string | null;
  @ApiProperty({ type: String, nullable: true }) incumbentName!: string | null;
  @ApiProperty({ description: 'Whether the previous leader may stand again' }) incumbentMayApply!: boolean;
  @ApiProperty({ enum: VACANCY_STATUSES }) status!: VacancyStatus;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) filledAppointmentId!: string | null;
  @ApiProperty({ type: [VacancyCandidateResponse] }) candidates!: VacancyCandidateResponse[];
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty() version!: number;
}

export class VacancyPage extends PageMeta {
  @ApiProperty({ type: [VacancyResponse] }) items!: VacancyResponse[];
}

export class AddCandidateDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId!: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class EligibleStaffResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() userName!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ format: 'date' }) joinedOn!: string;
}

export class EligibleStaffList {
  @ApiProperty({ type: [EligibleStaffResponse], description: 'Up to 200, longest tenure first' }) items!: EligibleStaffResponse[];
}

export class SelectCandidateDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId!: string;
  @ApiProperty({ format: 'date' }) @Matches(DATE_ONLY) @IsISO8601({ strict: true }) startsOn!: string;
  @ApiProperty({ format: 'date' }) @Matches(DATE_ONLY) @IsISO8601({ strict: true }) endsOn!: string;
  @ApiProperty({ example: '800.00' })
  @IsString()
  @Matches(MONEY, { message: 'must be a decimal string with two places, e.g. "800.00"' })
  monthlyAllowance!: string;
}
