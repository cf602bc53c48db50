import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ApiScope } from '../../common/actor';

@Entity('api_key')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('varchar') name!: string;
  /** Public part of the key (`csk_<prefix>_<secret>`), used to find the row. */
  @Column('varchar') prefix!: string;
  @Column('text', { select: false }) secretHash!: string;
  @Column('text', { array: true }) scopes!: ApiScope[];
  @Column('uuid') orgUnitId!: string;
  @Column('uuid', { nullable: true }) createdById!: string | null;
  @Column('timestamptz', { nullable: true }) expiresAt!: Date | null;
  @Column('timestamptz', { nullable: true }) revokedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) lastUsedAt!: Date | null;
  @Column('integer') version!: number;
  @Column('timestamptz') createdAt!: Date;
}
