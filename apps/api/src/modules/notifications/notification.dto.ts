import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageMeta, PageQuery } from '../../common/pagination';
import type { Notification } from './notification.entity';

export class NotificationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only unread ones' }) @IsOptional() @IsIn(['true', 'false']) unread?:
    'true' | 'false';
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'What happened, e.g. complaint.escalated' }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) body!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The record it is about, e.g. complaint' }) entityType!: string | null;
  @ApiProperty({ type: String, nullable: true }) entityId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) readAt!: string | null;
}

export class NotificationPage extends PageMeta {
  @ApiProperty({ type: [NotificationResponse] }) items!: NotificationResponse[];
}

export class UnreadCountResponse {
  @ApiProperty() unread!: number;
}

export class MarkedReadResponse {
  @ApiProperty({ description: 'How many notifications were marked read' }) marked!: number;
}

export function toNotificationResponse(n: Notification): NotificationResponse {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    entityType: n.entityType,
    entityId: n.entityId,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}
