import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageMeta, PageQuery } from '../../common/pagination';
import { VersionedUpdate } from '../../common/version';
import { ORG_UNIT_KINDS, type OrgUnit, type OrgUnitKind } from './org-unit.entity';

export class CreateOrgUnitDto {
  @ApiProperty({ minLength: 1, maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) name!: string;
  /** Short unique code, e.g. `PF-EAST`. */
  @ApiPropertyOptional({ maxLength: 40 }) @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,40}$/) code?: string;
  @ApiProperty({ enum: ORG_UNIT_KINDS }) @IsIn(ORG_UNIT_KINDS) kind!: OrgUnitKind;
  /** Required for every kind but `hq` (the single root). */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() parentId?: string;
}

export class UpdateOrgUnitDto extends VersionedUpdate {
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) name?: string;
  @ApiPropertyOptional({ maxLength: 40, nullable: true }) @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,40}$/) code?: string;
  /** Moving a unit moves its whole subtree. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() parentId?: string;
}

export class OrgUnitQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORG_UNIT_KINDS }) @IsOptional() @IsIn(ORG_UNIT_KINDS) kind?: OrgUnitKind;
  /** Only the direct children of this unit. */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() parentId?: string;
  /** Name or code contains. */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class OrgUnitResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) code!: string | null;
  @ApiProperty({ enum: ORG_UNIT_KINDS }) kind!: OrgUnitKind;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) parentId!: string | null;
  @ApiProperty({ description: 'Depth in the tree; HQ is 0' }) depth!: number;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class OrgUnitPage extends PageMeta {
  @ApiProperty({ type: [OrgUnitResponse] }) items!: OrgUnitResponse[];
}

export class OrgTreeNode extends OrgUnitResponse {
  @ApiProperty({ type: () => [OrgTreeNode] }) children!: OrgTreeNode[];
}

export function toOrgUnitResponse(unit: OrgUnit): OrgUnitResponse {
  return {
    id: unit.id,
    name: unit.name,
    code: unit.code,
    kind: unit.kind,
    parentId: unit.parentId,
    depth: unit.depth,
    version: unit.version,
    createdAt: unit.createdAt.toISOString(),
    updatedAt: unit.updatedAt.toISOString(),
  };
}
