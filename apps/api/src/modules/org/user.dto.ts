import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '../../common/actor';
import { PageMeta, PageQuery } from '../../common/pagination';
import { VersionedUpdate } from '../../common/version';
import type { User } from './user.entity';

const USERNAME = /^[a-zA-Z0-9._-]{3,64}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export class CreateUserDto {
  /** 3–64 letters, digits, dots, dashes, underscores; unique ignoring case. */
  @ApiProperty({ pattern: USERNAME.source })
  @IsString()
  @Matches(USERNAME, { message: 'must be 3-64 letters, digits, dots, dashes or underscores' })
  username!: string;
  @ApiProperty({ maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) displayName!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() orgUnitId!: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];
  /** Date the user joined the customer service department (YYYY-MM-DD). */
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @Matches(DATE_ONLY) @IsISO8601({ strict: true }) joinedOn?: string;
  @ApiPropertyOptional({ maxLength: 32 }) @IsOptional() @IsString() @Matches(/^[0-9+\-() ]{3,32}$/) phone?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsEmail() @MaxLength(200) email?: string;
  /** At least 10 characters. */
  @ApiProperty({ minLength: 10, maxLength: 200, format: 'password' }) @IsString() @MinLength(10) @MaxLength(200) password!: string;
}

export class UpdateUserDto extends VersionedUpdate {
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) displayName?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;
  @ApiPropertyOptional({ enum: ROLES, isArray: true }) @IsOptional() @IsArray() @ArrayUnique() @IsIn(ROLES, { each: true }) roles?: Role[];
  @ApiPropertyOptional({ format: 'date', nullable: true }) @IsOptional() @Matches(DATE_ONLY) @IsISO8601({ strict: true }) joinedOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[0-9+\-() ]{3,32}$/) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(200) email?: string;
  /** Deactivated users cannot log in and their tokens stop working at once. */
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class ResetPasswordDto {
  @ApiProperty({ minLength: 10, maxLength: 200, format: 'password' }) @IsString() @MinLength(10) @MaxLength(200) password!: string;
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Users of this unit only (not its sub-units)' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) active?: 'true' | 'false';
  /** Username or display name contains. */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: String, nullable: true, format: 'date' }) joinedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Set while login is locked after repeated failures' })
  lockedUntil!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class UserPage extends PageMeta {
  @ApiProperty({ type: [UserResponse] }) items!: UserResponse[];
}

export function toUserResponse(user: User): UserResponse {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    orgUnitId: user.orgUnitId,
    roles: [...user.roles].sort(),
    joinedOn: user.joinedOn,
    phone: user.phone,
    email: user.email,
    active: user.active,
    lockedUntil: user.lockedUntil && user.lockedUntil > new Date() ? user.lockedUntil.toISOString() : null,
    version: user.version,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
