import type { SlaClock, SlaTierRule, WorkingHours } from '@cs/domain';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('business_calendar')
export class BusinessCalendarRecord {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('varchar', { nullable: true }) code!: string | null;
  @Column('varchar') name!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('varchar') timeZone!: string;
  /** ISO weekday ("1" = Monday) → working periods. */
  @Column('jsonb') weekHours!: Record<string, WorkingHours[]>;
  @Column('date', { array: true }) holidays!: string[];
  @Column('date', { array: true }) adjustedWorkdays!: string[];
  @Column('jsonb', { nullable: true }) adjustedWorkdayHours!: WorkingHours[] | null;
  @Column('integer') version!: number;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz') updatedAt!: Date;
}

@Entity('sla_policy')
export class SlaPolicyRecord {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('varchar', { nullable: true }) code!: string | null;
  @Column('varchar') name!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('varchar', { nullable: true }) source!: string | null;
  @Column('varchar') clock!: SlaClock;
  @Column('uuid', { nullable: true }) calendarId!: string | null;
  @Column('jsonb') tiers!: SlaTierRule[];
  @Column('integer') warnBeforeMinutes!: number;
  @Column('text', { array: true, nullable: true }) matchKinds!: string[] | null;
  @Column('text', { array: true, nullable: true }) matchSeverities!: string[] | null;
  @Column('text', { array: true, nullable: true }) matchChannels!: string[] | null;
  @Column('integer') priority!: number;
  @Column('boolean') active!: boolean;
  @Column('integer') version!: number;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz') updatedAt!: Date;
}
