import { ApiKey } from '../modules/api-keys/api-key.entity';
import { Complaint, ComplaintEvent, ComplaintReturnVisit, ReturnVisitSamplingRule } from '../modules/complaints/complaint.entity';
import { BusinessCalendarRecord, SlaPolicyRecord } from '../modules/complaints/sla/sla.entities';
import { AuditLogEntry } from '../modules/audit/audit-log.entity';
import { Notification } from '../modules/notifications/notification.entity';
import { OrgUnit } from '../modules/org/org-unit.entity';
import { User } from '../modules/org/user.entity';
import { SchedulerRun } from '../modules/scheduler/scheduler-run.entity';
import { SURVEY_ENTITIES } from '../modules/surveys/survey.entities';
import { WebhookDelivery, WebhookSubscription } from '../modules/webhooks/webhook.entity';

export const ENTITIES = [
  OrgUnit,
  User,
  ApiKey,
  AuditLogEntry,
  Notification,
  SchedulerRun,
  ...SURVEY_ENTITIES,
  Complaint,
  ComplaintEvent,
  ComplaintReturnVisit,
  ReturnVisitSamplingRule,
  SlaPolicyRecord,
  BusinessCalendarRecord,
  WebhookSubscription,
  WebhookDelivery,
];
