import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageMeta, PageQuery } from '../../common/pagination';
import type { AuditLogEntry } from './audit-log.entity';

export class AuditLogQuery extends PageQuery {
  /** e.g. `user`, `org_unit`, `complaint`. */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) entityType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(80) entityId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  /** e.g. `user.created`. */
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[a-z_.]{1,80}$/) action?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString({ strict: true }) to?: string;
}

export class AuditLogResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['user', 'api_key', 'system'] }) actorType!: 'user' | 'api_key' | 'system';
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorId!: string | null;
  @ApiProperty() actorName!: string;
  @ApiProperty() action!: string;
  @ApiProperty() entityType!: string;
  @ApiProperty({ type: String, nullable: true }) entityId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) orgUnitId!: string | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) before!: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) after!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
}

export class AuditLogPage extends PageMeta {
  @ApiProperty({ type: [AuditLogResponse] }) items!: AuditLogResponse[];
}

export function toAuditLogResponse(row: AuditLogEntry): AuditLogResponse {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    orgUnitId: row.orgUnitId,
    before: row.before,
    after: row.after,
    requestId: row.requestId,
  };
}
