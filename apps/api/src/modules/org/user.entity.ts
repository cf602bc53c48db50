import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../common/actor';

@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('varchar') username!: string;
  @Column('varchar') displayName!: string;
  @Column('uuid') orgUnitId!: string;
  @Column('text', { array: true }) roles!: Role[];
  /** Date the user joined the customer service department (appraisal eligibility). */
  @Column('date', { nullable: true }) joinedOn!: string | null;
  @Column('varchar', { nullable: true }) phone!: string | null;
  @Column('varchar', { nullable: true }) email!: string | null;
  @Column('text', { select: false }) passwordHash!: string;
  @Column('boolean') active!: boolean;
  @Column('integer') failedLoginCount!: number;
  @Column('timestamptz', { nullable: true }) lockedUntil!: Date | null;
  /** Bumped on password change or deactivation; access tokens carrying an older value are rejected. */
  @Column('integer') tokenVersion!: number;
  @Column('integer') version!: number;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz') updatedAt!: Date;
}
