import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { AccessRequestsService } from './access-requests.service';
import { AccessRequestPage, AccessRequestQuery, AccessRequestResponse, DecideAccessRequestDto } from './customer.dto';

@ApiTags('customers')
@Controller('api/v1/access-requests')
export class AccessRequestsController {
  constructor(private readonly requests: AccessRequestsService) {}

  @Get()
  @Allow({ roles: [] })
  @ApiOperation({ summary: 'List access requests for customers in your scope, newest first (filter by status, customer, mine)' })
  @ApiOkResponse({ type: AccessRequestPage })
  listAccessRequests(@CurrentActor() actor: Actor, @Query() query: AccessRequestQuery): Promise<AccessRequestPage> {
    return this.requests.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: [] })
  @ApiOperation({ summary: 'Get one access request' })
  @ApiOkResponse({ type: AccessRequestResponse })
  getAccessRequest(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<AccessRequestResponse> {
    return this.requests.get(actor, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Allow({ roles: ['cs_manager'] })
  @ApiOperation({
    summary: 'Approve an access request (CS manager of the owning unit or above; HQ for top secret): grants access for its duration',
  })
  @ApiOkResponse({ type: AccessRequestResponse })
  approveAccessRequest(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DecideAccessRequestDto,
  ): Promise<AccessRequestResponse> {
    return this.requests.decide(actor, id, 'approved', dto);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Allow({ roles: ['cs_manager'] })
  @ApiOperation({ summary: 'Reject an access request' })
  @ApiOkResponse({ type: AccessRequestResponse })
  rejectAccessRequest(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DecideAccessRequestDto,
  ): Promise<AccessRequestResponse> {
    return this.requests.decide(actor, id, 'rejected', dto);
  }
}
