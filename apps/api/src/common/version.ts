import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { staleVersion } from './errors';

/** Updates send back the `version` they read; a stale one answers 409 so no update is lost. */
export class VersionedUpdate {
  @ApiProperty({ minimum: 1, description: 'The version you read; a stale one answers 409' })
  @IsInt()
  @Min(1)
  version!: number;
}

export function assertVersion(what: string, current: number, sent: number): void {
  if (current !== sent) throw staleVersion(what, current);
}
