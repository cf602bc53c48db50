import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../../common/actor';
import { ORG_UNIT_KINDS, type OrgUnitKind } from '../org/org-unit.entity';

export class LoginDto {
  @ApiProperty({ maxLength: 64 }) @IsString() @MinLength(1) @MaxLength(64) username!: string;
  @ApiProperty({ maxLength: 200, format: 'password' }) @IsString() @MinLength(1) @MaxLength(200) password!: string;
}

export class RefreshDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 200, format: 'password' }) @IsString() @MinLength(1) @MaxLength(200) currentPassword!: string;
  @ApiProperty({ minLength: 10, maxLength: 200, format: 'password' }) @IsString() @MinLength(10) @MaxLength(200) newPassword!: string;
}

export class TokenResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`' }) accessToken!: string;
  @ApiProperty({ description: 'Single use: exchange at /auth/refresh for a new pair' }) refreshToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
}

export class MeUnit {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORG_UNIT_KINDS }) kind!: OrgUnitKind;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: MeUnit }) orgUnit!: MeUnit;
  @ApiProperty({ description: 'Business time zone of this deployment (IANA)' }) timeZone!: string;
}
