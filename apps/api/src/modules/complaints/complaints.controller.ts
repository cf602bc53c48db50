import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { Idempotent } from '../../common/idempotency';
import { ComplaintActionsService } from './complaint-actions.service';
import {
  AnswerComplaintDto,
  CloseComplaintDto,
  ComplaintEventList,
  ComplaintPage,
  ComplaintQuery,
  ComplaintResponse,
  CreateComplaintDto,
  EscalateComplaintDto,
  ExtendComplaintDto,
  InvalidateComplaintDto,
  NoteComplaintDto,
  QueueCountsResponse,
  ReturnVisitDto,
  SamplingRuleResponse,
  UpdateComplaintDto,
  UpdateSamplingRuleDto,
} from './complaint.dto';
import { ComplaintsService } from './complaints.service';
import { SamplingRuleService } from './sampling-rule.service';

@ApiTags('complaints')
@Controller('api/v1/complaints')
export class ComplaintsController {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly actions: ComplaintActionsService,
  ) {}

  @Post()
  @Idempotent()
  @Allow({ scope: 'complaints:write' })
  @ApiOperation({
    summary:
      'Take a complaint or inquiry: numbered YYMM-NNNNN, matched to an SLA policy, tier 1 at the receiving unit, you as first-contact owner',
  })
  @ApiCreatedResponse({ type: ComplaintResponse })
  createComplaint(@CurrentActor() actor: Actor, @Body() dto: CreateComplaintDto): Promise<ComplaintResponse> {
    return this.complaints.create(actor, dto);
  }

  @Get()
  @Allow({ scope: 'complaints:read' })
  @ApiOperation({ summary: 'List complaints in your scope, newest received first (filters, queue shortcuts, callerPhone lookup)' })
  @ApiOkResponse({ type: ComplaintPage })
  listComplaints(@CurrentActor() actor: Actor, @Query() query: ComplaintQuery): Promise<ComplaintPage> {
    return this.complaints.list(actor, query);
  }

  @Get('queues')
  @Allow({ scope: 'complaints:read' })
  @ApiOperation({ summary: 'How many open complaints each work queue holds for you (mine, my unit, escalated to me, breached, HQ)' })
  @ApiOkResponse({ type: QueueCountsResponse })
  getComplaintQueueCounts(@CurrentActor() actor: Actor): Promise<QueueCountsResponse> {
    return this.complaints.queueCounts(actor);
  }

  @Get(':id')
  @Allow({ scope: 'complaints:read' })
  @ApiOperation({ summary: 'Get one complaint with its per-tier deadlines' })
  @ApiOkResponse({ type: ComplaintResponse })
  getComplaint(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ComplaintResponse> {
    return this.complaints.get(actor, id);
  }

  @Get(':id/events')
  @Allow({ scope: 'complaints:read' })
  @ApiOperation({ summary: "The complaint's timeline, oldest first (missed deadlines are recorded at the deadline)" })
  @ApiOkResponse({ type: ComplaintEventList })
  listComplaintEvents(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ComplaintEventList> {
    return this.complaints.events(actor, id);
  }

  @Patch(':id')
  @Allow({ scope: 'complaints:write' })
  @ApiOperation({ summary: 'Edit descriptive fields, the handler or the return-visit assignee (send the version you read)' })
  @ApiOkResponse({ type: ComplaintResponse })
  updateComplaint(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateComplaintDto,
  ): Promise<ComplaintResponse> {
    return this.complaints.update(actor, id, dto);
  }

  @Post(':id/escalate')
  @HttpCode(200)
  @Allow({ scope: 'complaints:write' })
  @ApiOperation({ summary: 'Escalate one tier up now ("cannot solve it — report up"); the owner stays the owner' })
  @ApiOkResponse({ type: ComplaintResponse })
  escalateComplaint(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: EscalateComplaintDto,
  ): Promise<ComplaintResponse> {
    return this.actions.escalate(actor, id, dto);
  }

  @Post(':id/extensions')
  @HttpCode(200)
  @Allow({ scope: 'complaints:write' })
  @ApiOperation({
    summary: "Move the current deadline later — only before it passes and only with the customer's recorded consent (else 422)",
  })
  @ApiOkResponse({ type: ComplaintResponse })
  extendComplaint(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ExtendComplaintDto,
  ): Promise<ComplaintResponse> {
    return this.actions.extend(actor, id, dto);
  }

  @Post(':id/notes')
  @HttpCode(200)
  @Allow({ scope: 'complaints:write' })
  @ApiOperation({ summary: 'Add a handling note to the timeline (a received complaint becomes in_progress)' })
  @ApiOkResponse({ type: ComplaintResponse })
  noteComplaint(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: NoteComplaintDto,
  ): Promise<ComplaintResponse> {
    return this.actions.note(actor, id, dto);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @Allow({ scope: 'complaints:write' })
  @ApiOperation({ summary: 'Record the clear answer given to the customer; stops the SLA clock' })
  @ApiOkResponse({ type: ComplaintResponse })
  answerComplaint(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AnswerComplaintDto,
  ): Promise<ComplaintResponse> {
    return this.actions.answer(actor, id, dto);
  }

  @Post(':id/return-visits')
  @HttpCode(200)
  @Allow({ scope: 'complaints:write' })
  @ApiOperation({ summary: 'Record a return visit; unsatisfied reopens the complaint one tier up with a fresh deadline' })
  @ApiOkResponse({ type: ComplaintResponse })
  recordReturnVisit(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReturnVisitDto,
  ): Promise<ComplaintResponse> {
    return this.actions.returnVisit(actor, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Allow({ scope: 'complaints:write' })
  @ApiOperation({ summary: 'Close after a satisfied return visit, or when sampling did not pick it' })
  @ApiOkResponse({ type: ComplaintResponse })
  closeComplaint(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CloseComplaintDto,
  ): Promise<ComplaintResponse> {
    return this.actions.close(actor, id, dto);
  }

  @Post(':id/invalidate')
  @HttpCode(200)
  @Allow({ scope: 'complaints:write' })
  @ApiOperation({ summary: 'Judge the complaint invalid (无效投诉) with a reason: closed without SLA, kept and reported' })
  @ApiOkResponse({ type: ComplaintResponse })
  invalidateComplaint(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: InvalidateComplaintDto,
  ): Promise<ComplaintResponse> {
    return this.actions.invalidate(actor, id, dto);
  }
}

@ApiTags('complaints')
@Controller('api/v1/return-visit-sampling')
export class SamplingRuleController {
  constructor(private readonly rules: SamplingRuleService) {}

  @Get()
  @Allow({ scope: 'complaints:read' })
  @ApiOperation({ summary: 'The return-visit sampling rule (≥10 % of answered, ≥30 % of those on site, serious always)' })
  @ApiOkResponse({ type: SamplingRuleResponse })
  getSamplingRule(): Promise<SamplingRuleResponse> {
    return this.rules.get();
  }

  @Put()
  @Allow({ roles: ['admin', 'cs_manager'] })
  @ApiOperation({ summary: 'Change the return-visit sampling rule (send the version you read; never below 10 % / 30 %)' })
  @ApiOkResponse({ type: SamplingRuleResponse })
  updateSamplingRule(@CurrentActor() actor: Actor, @Body() dto: UpdateSamplingRuleDto): Promise<SamplingRuleResponse> {
    return this.rules.update(actor, dto);
  }
}
