import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { SlaHandlerLevel, SlaPolicyRule } from '@cs/domain';

export const COMPLAINT_KINDS = ['inquiry', 'complaint', 'suggestion', 'internal'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];
export const COMPLAINT_CHANNELS = ['phone', 'web', 'app', 'email', 'letter', 'fax', 'visit', 'suggestion_box', 'external'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
export const COMPLAINT_SEVERITIES = ['general', 'batch', 'serious'] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];
export const COMPLAINT_STATUSES = ['received', 'in_progress', 'answered', 'return_visit', 'closed', 'invalid'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
/** Statuses in which the SLA clock runs. */
export const OPEN_STATUSES: readonly ComplaintStatus[] = ['received', 'in_progress'];
export const RETURN_VISIT_METHODS = ['phone', 'onsite', 'sms', 'online'] as const;
export type ReturnVisitMethod = (typeof RETURN_VISIT_METHODS)[number];
export const RETURN_VISIT_OUTCOMES = ['satisfied', 'unsatisfied'] as const;
export type ReturnVisitOutcome = (typeof RETURN_VISIT_OUTCOMES)[number];

export const COMPLAINT_EVENT_TYPES = [
  'created',
  'severity_raised',
  'reported_to_hq',
  'updated',
  'note',
  'escalated',
  'warned',
  'breached',
  'extended',
  'answered',
  'return_visit_assigned',
  'return_visit',
  'reopened',
  'closed',
  'invalidated',
  'responsibility_recorded',
  'responsibility_approved',
] as const;
export type ComplaintEventType = (typeof COMPLAINT_EVENT_TYPES)[number];

/** The policy as it was when the complaint was received (policies are edited; complaints keep theirs). */
export interface PolicySnapshot extends SlaPolicyRule {
  id: string | null;
  name: string;
  calendarId: string | null;
}

@Entity('complaint')
export class Complaint {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('varchar') number!: string;
  @Column('varchar') kind!: ComplaintKind;
  @Column('varchar') channel!: ComplaintChannel;
  @Column('varchar') severity!: ComplaintSeverity;
  @Column('varchar') status!: ComplaintStatus;
  @Column('varchar') subject!: string;
  @Column('text') description!: string;
  @Column('varchar', { nullable: true }) category!: string | null;
  @Column('uuid', { nullable: true }) customerId!: string | null;
  @Column('varchar', { nullable: true }) callerName!: string | null;
  @Column('varchar', { nullable: true }) callerPhone!: string | null;
  @Column('varchar', { nullable: true }) customerKey!: string | null;
  @Column('text', { array: true }) relatedOrders!: string[];
  @Column('jsonb') attachments!: { name: string; url?: string; size?: number; contentType?: string }[];
  @Column('boolean') multiPlatform!: boolean;
  @Column('boolean') hqReported!: boolean;
  @Column('uuid', { nullable: true }) respondentUnitId!: string | null;
  @Column('timestamptz') receivedAt!: Date;
  @Column('char') receivedMonth!: string;
  @Column('uuid') receivingUnitId!: string;
  @Column('text') receivingUnitPath!: string;
  @Column('uuid') platformUnitId!: string;
  @Column('uuid') hqUnitId!: string;
  @Column('uuid') assignedUnitId!: string;
  @Column('uuid') ownerId!: string;
  @Column('uuid', { nullable: true }) handlerId!: string | null;
  @Column('uuid', { nullable: true }) policyId!: string | null;
  @Column('jsonb') policySnapshot!: PolicySnapshot;
  @Column('smallint') tier!: number;
  @Column('smallint') tierCount!: number;
  @Column('text', { array: true }) tierLevels!: SlaHandlerLevel[];
  @Column('timestamptz') clockStart!: Date;
  @Column('timestamptz', { array: true }) tierDeadlines!: Date[];
  @Column('timestamptz', { array: true }) warnTimes!: Date[];
  @Column('timestamptz', { nullable: true }) dueAt!: Date | null;
  @Column('timestamptz', { nullable: true }) warnAt!: Date | null;
  @Column('timestamptz', { nullable: true }) slaNextAt!: Date | null;
  @Column('boolean') breached!: boolean;
  @Column('timestamptz', { nullable: true }) breachedAt!: Date | null;
  @Column('smallint') escalationCount!: number;
  @Column('timestamptz', { nullable: true }) answeredAt!: Date | null;
  @Column('smallint', { nullable: true }) answeredTier!: number | null;
  @Column('text', { nullable: true }) answer!: string | null;
  @Column('uuid', { nullable: true }) answeredById!: string | null;
  @Column('boolean', { nullable: true }) returnVisitSampled!: boolean | null;
  @Column('varchar', { nullable: true }) returnVisitMethod!: ReturnVisitMethod | null;
  @Column('uuid', { nullable: true }) returnVisitAssigneeId!: string | null;
  @Column('timestamptz', { nullable: true }) returnVisitAssignedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) closedAt!: Date | null;
  @Column('text', { nullable: true }) invalidReason!: string | null;
  @Column('smallint') reopenCount!: number;
  @Column('smallint') extensionCount!: number;
  @Column('varchar') createdByType!: 'user' | 'api_key';
  @Column('uuid', { nullable: true }) createdById!: string | null;
  @Column('integer') version!: number;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz') updatedAt!: Date;
}

@Entity('complaint_event')
export class ComplaintEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('uuid') complaintId!: string;
  @Column('varchar') type!: ComplaintEventType;
  @Column('timestamptz') at!: Date;
  @Column('varchar') actorType!: 'user' | 'api_key' | 'system';
  @Column('uuid', { nullable: true }) actorId!: string | null;
  @Column('varchar') actorName!: string;
  @Column('smallint', { nullable: true }) fromTier!: number | null;
  @Column('smallint', { nullable: true }) toTier!: number | null;
  @Column('timestamptz', { nullable: true }) deadlineAt!: Date | null;
  @Column('varchar', { nullable: true }) rule!: string | null;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('jsonb', { nullable: true }) data!: Record<string, unknown> | null;
  @Column('timestamptz') recordedAt!: Date;
}

@Entity('complaint_return_visit')
export class ComplaintReturnVisit {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') complaintId!: string;
  @Column('varchar') method!: ReturnVisitMethod;
  @Column('varchar') outcome!: ReturnVisitOutcome;
  @Column('text', { nullable: true }) notes!: string | null;
  @Column('varchar', { nullable: true }) signedBy!: string | null;
  @Column('timestamptz') visitedAt!: Date;
  @Column('uuid', { nullable: true }) visitedById!: string | null;
  @Column('timestamptz') createdAt!: Date;
}

@Entity('return_visit_sampling_rule')
export class ReturnVisitSamplingRule {
  @PrimaryColumn('smallint') id!: number;
  @Column('numeric') samplePercent!: string;
  @Column('numeric') onsitePercent!: string;
  @Column('boolean') seriousAlways!: boolean;
  @Column('integer') version!: number;
  @Column('timestamptz') updatedAt!: Date;
}
