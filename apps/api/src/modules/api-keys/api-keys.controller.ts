import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { Idempotent } from '../../common/idempotency';
import { ApiKeyPage, ApiKeyQuery, ApiKeyResponse, CreateApiKeyDto, CreatedApiKeyResponse } from './api-key.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Idempotent()
  @Allow({ roles: ['admin'] })
  @ApiOperation({ summary: 'Create an API key for a third-party system (the key is shown once)' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  createApiKey(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    return this.keys.create(actor, dto);
  }

  @Get()
  @Allow({ roles: ['admin'] })
  @ApiOperation({ summary: 'List API keys in your scope' })
  @ApiOkResponse({ type: ApiKeyPage })
  listApiKeys(@CurrentActor() actor: Actor, @Query() query: ApiKeyQuery): Promise<ApiKeyPage> {
    return this.keys.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: ['admin'] })
  @ApiOperation({ summary: 'Get one API key (without its secret)' })
  @ApiOkResponse({ type: ApiKeyResponse })
  getApiKey(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ApiKeyResponse> {
    return this.keys.get(actor, id);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Allow({ roles: ['admin'] })
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  @ApiOkResponse({ type: ApiKeyResponse })
  revokeApiKey(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ApiKeyResponse> {
    return this.keys.revoke(actor, id);
  }
}
