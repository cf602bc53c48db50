import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
export class AuditLogEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('timestamptz') at!: Date;
  @Column('varchar') actorType!: 'user' | 'api_key' | 'system';
  @Column('uuid', { nullable: true }) actorId!: string | null;
  @Column('varchar') actorName!: string;
  @Column('varchar') action!: string;
  @Column('varchar') entityType!: string;
  @Column('varchar', { nullable: true }) entityId!: string | null;
  @Column('uuid', { nullable: true }) orgUnitId!: string | null;
  @Column('jsonb', { nullable: true }) before!: Record<string, unknown> | null;
  @Column('jsonb', { nullable: true }) after!: Record<string, unknown> | null;
  @Column('varchar', { nullable: true }) requestId!: string | null;
}
