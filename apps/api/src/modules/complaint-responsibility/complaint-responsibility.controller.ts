import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import {
  ApproveResponsibilityDto,
  RecordResponsibilityDto,
  ResponsibilityOverviewResponse,
  ResponsibilityResponse,
} from './complaint-responsibility.dto';
import { ComplaintResponsibilityService } from './complaint-responsibility.service';

@ApiTags('complaints')
@Controller('api/v1/complaints/:id/responsibility')
export class ComplaintResponsibilityController {
  constructor(private readonly responsibility: ComplaintResponsibilityService) {}

  @Get()
  @Allow({ roles: ['agent', 'cs_manager', 'ops_manager', 'quality_evaluator'], scope: 'complaints:read' })
  @ApiOperation({ summary: 'Responsibility split of a complaint: the current revision, the approved one in force, and every revision' })
  @ApiOkResponse({ type: ResponsibilityOverviewResponse })
  getComplaintResponsibility(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ResponsibilityOverviewResponse> {
    return this.responsibility.overview(actor, id);
  }

  @Put()
  @Allow({ roles: ['cs_manager', 'ops_manager'] })
  @ApiOperation({
    summary:
      'Record the responsible units (percents adding up to exactly 100) and the compensation, after the complaint is answered; ' +
      'amounts are split in fen by largest remainder. Each recording is a new revision awaiting approval.',
  })
  @ApiOkResponse({ type: ResponsibilityResponse })
  recordComplaintResponsibility(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecordResponsibilityDto,
  ): Promise<ResponsibilityResponse> {
    return this.responsibility.record(actor, id, dto);
  }

  @Post('approve')
  @HttpCode(200)
  @Allow({ roles: ['ops_manager'] })
  @ApiOperation({
    summary:
      "Approve the latest recorded split: inside one platform by that platform's ops manager, across platforms by HQ's ops manager. " +
      'Approved splits never change.',
  })
  @ApiOkResponse({ type: ResponsibilityResponse })
  approveComplaintResponsibility(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ApproveResponsibilityDto,
  ): Promise<ResponsibilityResponse> {
    return this.responsibility.approve(actor, id, dto);
  }
}
