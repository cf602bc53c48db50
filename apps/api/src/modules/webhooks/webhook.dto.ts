import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageMeta, PageQuery } from '../../common/pagination';
import { VersionedUpdate } from '../../common/version';
import type { WebhookDelivery, WebhookSubscription } from './webhook.entity';

/** Event types a subscription may ask for (the modules append them to the outbox). */
export const WEBHOOK_EVENTS = [
  'complaint.created',
  'complaint.escalated',
  'complaint.breached',
  'complaint.warned',
  'complaint.answered',
  'complaint.extended',
  'complaint.return_visit',
  'complaint.reopened',
  'complaint.closed',
  'complaint.invalidated',
  'complaint.severity_raised',
  'complaint.responsibility_recorded',
  'complaint.responsibility_approved',
  'survey.response.low_score',
  'rotation.plan.approved',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const URL_OPTIONS: NonNullable<Parameters<typeof IsUrl>[0]> = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class CreateWebhookDto {
  @ApiProperty({ maxLength: 120, description: 'Who receives it, e.g. "CRM"' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Matches(/\S/)
  name!: string;
  @ApiProperty({ maxLength: 2000, example: 'https://crm.example.com/hooks/cs' })
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_OPTIONS)
  url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events!: WebhookEvent[];
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdateWebhookDto extends VersionedUpdate {
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/) name?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) @IsUrl(URL_OPTIONS) url?: string;
  @ApiPropertyOptional({ enum: WEBHOOK_EVENTS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events?: WebhookEvent[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class WebhookResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'uuid', description: 'Events of this unit and the units below it are delivered' }) orgUnitId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({
    description:
      'Signing secret, shown this once. Each delivery carries `X-Signature: sha256=<hex HMAC-SHA256 of the raw body with this secret>`.',
  })
  secret!: string;
}

export class WebhookPage extends PageMeta {
  @ApiProperty({ type: [WebhookResponse] }) items!: WebhookResponse[];
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;

export class WebhookDeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: (typeof DELIVERY_STATUSES)[number];
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ format: 'uuid', description: 'Unique event id, also sent as `X-Event-Id` (use it to de-duplicate)' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: (typeof DELIVERY_STATUSES)[number];
  @ApiProperty() attempts!: number;
  @ApiProperty({ format: 'date-time' }) nextAttemptAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastAttemptAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) lastStatusCode!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) deliveredAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class WebhookDeliveryPage extends PageMeta {
  @ApiProperty({ type: [WebhookDeliveryResponse] }) items!: WebhookDeliveryResponse[];
}

export function toWebhookResponse(s: WebhookSubscription): WebhookResponse {
  return {
    id: s.id,
    name: s.name,
    url: s.url,
    events: [...s.events].sort(),
    active: s.active,
    orgUnitId: s.orgUnitId,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function toDeliveryResponse(d: WebhookDelivery): WebhookDeliveryResponse {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt.toISOString(),
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  };
}
