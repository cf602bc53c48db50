import { Module } from '@nestjs/common';
import { WebhookDeliveryJob } from './webhook-delivery.job';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({ controllers: [WebhooksController], providers: [WebhooksService, WebhookDeliveryJob] })
export class WebhooksModule {}
