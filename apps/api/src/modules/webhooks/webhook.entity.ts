import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('webhook_subscription')
export class WebhookSubscription {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('varchar') name!: string;
  @Column('varchar') url!: string;
  @Column('text', { array: true }) events!: string[];
  @Column('varchar', { select: false }) secret!: string;
  @Column('boolean') active!: boolean;
  @Column('uuid') orgUnitId!: string;
  @Column('uuid', { nullable: true }) createdById!: string | null;
  @Column('integer') version!: number;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz') updatedAt!: Date;
}

@Entity('webhook_delivery')
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') subscriptionId!: string;
  @Column('bigint') eventSeq!: string;
  @Column('uuid') eventId!: string;
  @Column('varchar') eventType!: string;
  @Column('varchar') orderingKey!: string;
  @Column('varchar') status!: 'pending' | 'delivered' | 'dead';
  @Column('integer') attempts!: number;
  @Column('timestamptz') nextAttemptAt!: Date;
  @Column('timestamptz', { nullable: true }) lastAttemptAt!: Date | null;
  @Column('integer', { nullable: true }) lastStatusCode!: number | null;
  @Column('text', { nullable: true }) lastError!: string | null;
  @Column('timestamptz', { nullable: true }) deliveredAt!: Date | null;
  @Column('timestamptz') createdAt!: Date;
}
