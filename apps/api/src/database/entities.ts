import { ApiKey } from '../modules/api-keys/api-key.entity';
import { AuditLogEntry } from '../modules/audit/audit-log.entity';
import { Notification } from '../modules/notifications/notification.entity';
import { OrgUnit } from '../modules/org/org-unit.entity';
import { User } from '../modules/org/user.entity';
import { SchedulerRun } from '../modules/scheduler/scheduler-run.entity';
import { WebhookDelivery, WebhookSubscription } from '../modules/webhooks/webhook.entity';

export const ENTITIES = [OrgUnit, User, ApiKey, AuditLogEntry, Notification, SchedulerRun, WebhookSubscription, WebhookDelivery];
