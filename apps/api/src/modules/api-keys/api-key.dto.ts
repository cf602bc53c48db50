import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { API_SCOPES, type ApiScope } from '../../common/actor';
import { PageMeta, PageQuery } from '../../common/pagination';
import type { ApiKey } from './api-key.entity';

export class CreateApiKeyDto {
  @ApiProperty({ maxLength: 120, description: 'Who uses the key, e.g. "Order system"' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Matches(/\S/)
  name!: string;
  @ApiProperty({ enum: API_SCOPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(API_SCOPES, { each: true })
  scopes!: ApiScope[];
  /** The key sees the records of this unit and below, like a user of that unit. */
  @ApiProperty({ format: 'uuid' }) @IsUUID() orgUnitId!: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString({ strict: true }) expiresAt?: string;
}

export class ApiKeyQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['active', 'revoked', 'expired'] }) @IsOptional() @IsIn(['active', 'revoked', 'expired']) status?:
    'active' | 'revoked' | 'expired';
}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The public start of the key, to recognise it' }) prefix!: string;
  @ApiProperty({ enum: API_SCOPES, isArray: true }) scopes!: ApiScope[];
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ enum: ['active', 'revoked', 'expired'] }) status!: 'active' | 'revoked' | 'expired';
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) expiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastUsedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) createdById!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ description: 'The full key. Shown this once only: store it now. Send it as `X-Api-Key`.' }) key!: string;
}

export class ApiKeyPage extends PageMeta {
  @ApiProperty({ type: [ApiKeyResponse] }) items!: ApiKeyResponse[];
}

export function apiKeyStatus(key: Pick<ApiKey, 'revokedAt' | 'expiresAt'>, now = new Date()): 'active' | 'revoked' | 'expired' {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && key.expiresAt <= now) return 'expired';
  return 'active';
}

export function toApiKeyResponse(key: ApiKey): ApiKeyResponse {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: [...key.scopes].sort(),
    orgUnitId: key.orgUnitId,
    status: apiKeyStatus(key),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    createdById: key.createdById,
    version: key.version,
    createdAt: key.createdAt.toISOString(),
  };
}
