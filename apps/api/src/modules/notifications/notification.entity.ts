import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('notification')
export class Notification {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') userId!: string;
  @Column('varchar') kind!: string;
  @Column('varchar') title!: string;
  @Column('text', { nullable: true }) body!: string | null;
  @Column('varchar', { nullable: true }) entityType!: string | null;
  @Column('varchar', { nullable: true }) entityId!: string | null;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz', { nullable: true }) readAt!: Date | null;
}
