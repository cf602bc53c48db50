import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('scheduler_run')
export class SchedulerRun {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('varchar') jobName!: string;
  @Column('varchar') trigger!: 'schedule' | 'manual';
  @Column('varchar') instanceId!: string;
  @Column('timestamptz') startedAt!: Date;
  @Column('timestamptz', { nullable: true }) finishedAt!: Date | null;
  @Column('varchar') status!: 'running' | 'ok' | 'error' | 'skipped';
  @Column('integer', { nullable: true }) rowsAffected!: number | null;
  @Column('jsonb', { nullable: true }) result!: Record<string, unknown> | null;
  @Column('text', { nullable: true }) error!: string | null;
}
