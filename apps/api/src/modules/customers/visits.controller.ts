import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { Idempotent } from '../../common/idempotency';
import { ShipmentChecksService } from './shipment-checks.service';
import {
  CreateShipmentCheckDto,
  CreateVisitPlanDto,
  CreateVisitReportDto,
  PlanTransitionDto,
  ShipmentCheckPage,
  ShipmentCheckQuery,
  ShipmentCheckResponse,
  UpdateVisitPlanDto,
  VisitPlanPage,
  VisitPlanQuery,
  VisitPlanResponse,
  VisitReportPage,
  VisitReportQuery,
  VisitReportResponse,
} from './visit.dto';
import { VisitsService } from './visits.service';

@ApiTags('visit-plans')
@Controller('api/v1/visit-plans')
export class VisitPlansController {
  constructor(private readonly visits: VisitsService) {}

  @Get()
  @Allow({ scope: 'customers:read' })
  @ApiOperation({ summary: 'List visit plans drafted in your scope, newest first' })
  @ApiOkResponse({ type: VisitPlanPage })
  listVisitPlans(@CurrentActor() actor: Actor, @Query() query: VisitPlanQuery): Promise<VisitPlanPage> {
    return this.visits.listPlans(actor, query);
  }

  @Get(':id')
  @Allow({ scope: 'customers:read' })
  @ApiOperation({ summary: 'Get a visit plan with its visits' })
  @ApiOkResponse({ type: VisitPlanResponse })
  getVisitPlan(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<VisitPlanResponse> {
    return this.visits.getPlan(actor, id);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: ['agent', 'cs_manager'] })
  @ApiOperation({ summary: 'Draft a visit plan for your unit (HQ-filed customers are planned by HQ)' })
  @ApiCreatedResponse({ type: VisitPlanResponse })
  createVisitPlan(@CurrentActor() actor: Actor, @Body() dto: CreateVisitPlanDto): Promise<VisitPlanResponse> {
    return this.visits.createPlan(actor, dto);
  }

  @Patch(':id')
  @Allow({ roles: ['agent', 'cs_manager'] })
  @ApiOperation({ summary: 'Edit a draft (or rejected) plan: title and/or the whole list of visits' })
  @ApiOkResponse({ type: VisitPlanResponse })
  updateVisitPlan(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateVisitPlanDto,
  ): Promise<VisitPlanResponse> {
    return this.visits.updatePlan(actor, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Allow({ roles: ['agent', 'cs_manager'] })
  @ApiOperation({ summary: 'Submit a draft plan to the ops manager for approval' })
  @ApiOkResponse({ type: VisitPlanResponse })
  submitVisitPlan(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PlanTransitionDto,
  ): Promise<VisitPlanResponse> {
    return this.visits.submitPlan(actor, id, dto);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Allow({ roles: ['ops_manager'] })
  @ApiOperation({ summary: 'Approve a submitted plan (ops manager): its visits become scheduled' })
  @ApiOkResponse({ type: VisitPlanResponse })
  approveVisitPlan(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PlanTransitionDto,
  ): Promise<VisitPlanResponse> {
    return this.visits.decidePlan(actor, id, 'approved', dto);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Allow({ roles: ['ops_manager'] })
  @ApiOperation({ summary: 'Reject a submitted plan with a note (ops manager); the drafter may edit and resubmit' })
  @ApiOkResponse({ type: VisitPlanResponse })
  rejectVisitPlan(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PlanTransitionDto,
  ): Promise<VisitPlanResponse> {
    return this.visits.decidePlan(actor, id, 'rejected', dto);
  }
}

@ApiTags('visit-reports')
@Controller('api/v1/visit-reports')
export class VisitReportsController {
  constructor(private readonly visits: VisitsService) {}

  @Get()
  @Allow({ scope: 'customers:read' })
  @ApiOperation({ summary: 'List visit reports of customers in your scope, newest first' })
  @ApiOkResponse({ type: VisitReportPage })
  listVisitReports(@CurrentActor() actor: Actor, @Query() query: VisitReportQuery): Promise<VisitReportPage> {
    return this.visits.listReports(actor, query);
  }

  @Get(':id')
  @Allow({ scope: 'customers:read' })
  @ApiOperation({ summary: 'Get a visit report with its follow-up items' })
  @ApiOkResponse({ type: VisitReportResponse })
  getVisitReport(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<VisitReportResponse> {
    return this.visits.getReport(actor, id);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: ['agent', 'cs_manager', 'team_leader'] })
  @ApiOperation({
    summary: "File a visit report (for a scheduled visit or ad hoc): updates the archive's last-visit date and raises follow-up items",
  })
  @ApiCreatedResponse({ type: VisitReportResponse })
  createVisitReport(@CurrentActor() actor: Actor, @Body() dto: CreateVisitReportDto): Promise<VisitReportResponse> {
    return this.visits.createReport(actor, dto);
  }

  @Post(':id/follow-ups/:followUpId/complete')
  @HttpCode(200)
  @Allow({ roles: ['agent', 'cs_manager', 'team_leader'] })
  @ApiOperation({ summary: 'Mark a follow-up item of a report as done' })
  @ApiOkResponse({ type: VisitReportResponse })
  completeVisitFollowUp(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('followUpId', ParseUUIDPipe) followUpId: string,
  ): Promise<VisitReportResponse> {
    return this.visits.completeFollowUp(actor, id, followUpId);
  }
}

@ApiTags('shipment-checks')
@Controller('api/v1/shipment-checks')
export class ShipmentChecksController {
  constructor(private readonly checks: ShipmentChecksService) {}

  @Get()
  @Allow({ scope: 'customers:read' })
  @ApiOperation({ summary: 'List shipment tracking checks in your scope, newest first' })
  @ApiOkResponse({ type: ShipmentCheckPage })
  listShipmentChecks(@CurrentActor() actor: Actor, @Query() query: ShipmentCheckQuery): Promise<ShipmentCheckPage> {
    return this.checks.list(actor, query);
  }

  @Get(':id')
  @Allow({ scope: 'customers:read' })
  @ApiOperation({ summary: 'Get one shipment check' })
  @ApiOkResponse({ type: ShipmentCheckResponse })
  getShipmentCheck(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ShipmentCheckResponse> {
    return this.checks.get(actor, id);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: ['agent', 'cs_manager', 'team_leader'], scope: 'customers:write' })
  @ApiOperation({ summary: "Record a tracking inspection of a customer's shipments or of a problem route" })
  @ApiCreatedResponse({ type: ShipmentCheckResponse })
  createShipmentCheck(@CurrentActor() actor: Actor, @Body() dto: CreateShipmentCheckDto): Promise<ShipmentCheckResponse> {
    return this.checks.create(actor, dto);
  }
}
