import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { Idempotent } from '../../common/idempotency';
import { PageQuery } from '../../common/pagination';
import {
  CreatedWebhookResponse,
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookDeliveryResponse,
  WebhookPage,
  WebhookResponse,
} from './webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Idempotent()
  @Allow({ roles: ['admin'] })
  @ApiCreatedResponse({ type: CreatedWebhookResponse })
  @ApiOperation({ summary: 'Subscribe a URL to domain events (the signing secret is shown once)' })
  createWebhook(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto): Promise<CreatedWebhookResponse> {
    return this.webhooks.create(actor, dto);
  }

  @Get()
  @Allow({ roles: ['admin'] })
  @ApiOkResponse({ type: WebhookPage })
  @ApiOperation({ summary: 'List webhook subscriptions in your scope' })
  listWebhooks(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<WebhookPage> {
    return this.webhooks.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: ['admin'] })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiOperation({ summary: 'Get one webhook subscription (without its secret)' })
  getWebhook(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookResponse> {
    return this.webhooks.get(actor, id);
  }

  @Patch(':id')
  @Allow({ roles: ['admin'] })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiOperation({ summary: 'Change the URL, events or active flag (send the version you read)' })
  updateWebhook(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateWebhookDto,
  ): Promise<WebhookResponse> {
    return this.webhooks.update(actor, id, dto);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @Allow({ roles: ['admin'] })
  @ApiOkResponse({ type: CreatedWebhookResponse })
  @ApiOperation({ summary: 'Replace the signing secret (the new one is shown once)' })
  rotateWebhookSecret(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CreatedWebhookResponse> {
    return this.webhooks.rotateSecret(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow({ roles: ['admin'] })
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete a subscription and its delivery history' })
  deleteWebhook(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.webhooks.remove(actor, id);
  }

  @Get(':id/deliveries')
  @Allow({ roles: ['admin'] })
  @ApiOkResponse({ type: WebhookDeliveryPage })
  @ApiOperation({ summary: 'Deliveries of a subscription, newest first, with status and last error' })
  listWebhookDeliveries(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: WebhookDeliveryQuery,
  ): Promise<WebhookDeliveryPage> {
    return this.webhooks.deliveries(actor, id, query);
  }

  @Post(':id/deliveries/:deliveryId/resend')
  @HttpCode(200)
  @Allow({ roles: ['admin'] })
  @ApiOkResponse({ type: WebhookDeliveryResponse })
  @ApiOperation({ summary: 'Queue a dead or failing delivery again, now' })
  resendWebhookDelivery(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
  ): Promise<WebhookDeliveryResponse> {
    return this.webhooks.resend(actor, id, deliveryId);
  }
}
