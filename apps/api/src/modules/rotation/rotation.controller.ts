import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor, type Role } from '../../common/actor';
import { Idempotent } from '../../common/idempotency';
import { FieldStaffService } from './field-staff.service';
import { HandoverTasksService } from './handover-tasks.service';
import { RegionsService } from './regions.service';
import { ReportingService } from './reporting.service';
import { RotationRoundsService } from './rotation-rounds.service';
import {
  ApproveRoundDto,
  AsOfQuery,
  AssignmentList,
  AssignmentResponse,
  ComplianceQuery,
  CreateAssignmentDto,
  CreateExpenseClaimDto,
  CreateFieldStaffDto,
  CreateMajorErrorDto,
  CreateMonthlyScoreDto,
  CreateRegionDto,
  CreateRotationRoundDto,
  CreateWeeklyReportDto,
  EditPlanDto,
  ExpenseClaimPage,
  ExpenseClaimQuery,
  ExpenseClaimResponse,
  FieldStaffPage,
  FieldStaffQuery,
  FieldStaffResponse,
  GeneratePlanDto,
  HandoverTaskPage,
  HandoverTaskQuery,
  HandoverTaskResponse,
  MajorErrorList,
  MajorErrorResponse,
  MonthlyScoreList,
  MonthlyScoreResponse,
  PlanValidationResponse,
  RegionPage,
  RegionQuery,
  RegionResponse,
  RotationRoundPage,
  RotationRoundResponse,
  RoundQuery,
  UpdateHandoverTaskDto,
  UpdateRegionDto,
  ValidatePlanDto,
  WeeklyComplianceResponse,
  WeeklyReportPage,
  WeeklyReportQuery,
  WeeklyReportResponse,
} from './rotation.dto';

/** Who reads field-staff data (field staff see only their own records). */
const READERS: Role[] = ['channel_engineer', 'channel_manager', 'cs_manager', 'ops_manager', 'hr', 'field_staff'];
/** Who maintains regions, field staff and plans. */
const MAINTAINERS: Role[] = ['channel_engineer', 'channel_manager'];

@ApiTags('rotation')
@Controller('api/v1/regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @Allow({ roles: READERS, scope: 'rotation:read' })
  @ApiOperation({ summary: 'List regions with computed class, staffing rule, neighbours and who covers them (by name)' })
  @ApiOkResponse({ type: RegionPage })
  listRegions(@CurrentActor() actor: Actor, @Query() query: RegionQuery): Promise<RegionPage> {
    return this.regions.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: READERS, scope: 'rotation:read' })
  @ApiOperation({ summary: 'Get one region' })
  @ApiOkResponse({ type: RegionResponse })
  getRegion(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<RegionResponse> {
    return this.regions.get(actor, id);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: MAINTAINERS })
  @ApiOperation({ summary: 'Create a region (class 1: ≥200,000 units or ≥100,000 with high-failure models; 2: ≥100,000; 3: below)' })
  @ApiCreatedResponse({ type: RegionResponse })
  createRegion(@CurrentActor() actor: Actor, @Body() dto: CreateRegionDto): Promise<RegionResponse> {
    return this.regions.create(actor, dto);
  }

  @Patch(':id')
  @Allow({ roles: MAINTAINERS })
  @ApiOperation({ summary: 'Change a region (sales, flags, neighbours); send the version you read' })
  @ApiOkResponse({ type: RegionResponse })
  updateRegion(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateRegionDto,
  ): Promise<RegionResponse> {
    return this.regions.update(actor, id, dto);
  }
}

@ApiTags('rotation')
@Controller('api/v1/field-staff')
export class FieldStaffController {
  constructor(private readonly staff: FieldStaffService) {}

  @Get()
  @Allow({ roles: READERS, scope: 'rotation:read' })
  @ApiOperation({ summary: 'List field staff with tenure, recent scores and must-move / must-stay flags (as of a date)' })
  @ApiOkResponse({ type: FieldStaffPage })
  listFieldStaff(@CurrentActor() actor: Actor, @Query() query: FieldStaffQuery): Promise<FieldStaffPage> {
    return this.staff.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: READERS, scope: 'rotation:read' })
  @ApiOperation({ summary: 'Get one field staff member with rotation flags' })
  @ApiOkResponse({ type: FieldStaffResponse })
  getFieldStaff(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: AsOfQuery,
  ): Promise<FieldStaffResponse> {
    return this.staff.get(actor, id, query.asOf);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: MAINTAINERS })
  @ApiOperation({ summary: 'Register a user (with the field_staff role) as field staff of a category' })
  @ApiCreatedResponse({ type: FieldStaffResponse })
  createFieldStaff(@CurrentActor() actor: Actor, @Body() dto: CreateFieldStaffDto): Promise<FieldStaffResponse> {
    return this.staff.create(actor, dto);
  }

  @Get(':id/assignments')
  @Allow({ roles: READERS, scope: 'rotation:read' })
  @ApiOperation({ summary: 'Assignment history, newest first' })
  @ApiOkResponse({ type: AssignmentList })
  listAssignments(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<AssignmentList> {
    return this.staff.assignments(actor, id);
  }

  @Post(':id/assignments')
  @Idempotent()
  @Allow({ roles: MAINTAINERS })
  @ApiOperation({ summary: 'Place the person in region(s) from a date; the current assignment ends the day before' })
  @ApiCreatedResponse({ type: AssignmentResponse })
  createAssignment(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateAssignmentDto,
  ): Promise<AssignmentResponse> {
    return this.staff.assign(actor, id, dto);
  }

  @Get(':id/monthly-scores')
  @Allow({ roles: READERS, scope: 'rotation:read' })
  @ApiOperation({ summary: 'Monthly performance scores, newest first' })
  @ApiOkResponse({ type: MonthlyScoreList })
  listMonthlyScores(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<MonthlyScoreList> {
    return this.staff.monthlyScores(actor, id);
  }

  @Post(':id/monthly-scores')
  @Idempotent()
  @Allow({ roles: MAINTAINERS })
  @ApiOperation({ summary: 'Record a monthly score (0–100; below 60 means the person must be reassigned)' })
  @ApiCreatedResponse({ type: MonthlyScoreResponse })
  createMonthlyScore(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateMonthlyScoreDto,
  ): Promise<MonthlyScoreResponse> {
    return this.staff.addMonthlyScore(actor, id, dto);
  }

  @Get(':id/major-errors')
  @Allow({ roles: READERS, scope: 'rotation:read' })
  @ApiOperation({ summary: 'Major errors (重大失误), newest first' })
  @ApiOkResponse({ type: MajorErrorList })
  listMajorErrors(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<MajorErrorList> {
    return this.staff.majorErrors(actor, id);
  }

  @Post(':id/major-errors')
  @Idempotent()
  @Allow({ roles: MAINTAINERS })
  @ApiOperation({ summary: 'Record a major error (lifts the under-six-months protection)' })
  @ApiCreatedResponse({ type: MajorErrorResponse })
  createMajorError(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateMajorErrorDto,
  ): Promise<MajorErrorResponse> {
    return this.staff.addMajorError(actor, id, dto);
  }
}

@ApiTags('rotation')
@Controller('api/v1/rotation-rounds')
export class RotationRoundsController {
  constructor(private readonly rounds: RotationRoundsService) {}

  @Get()
  @Allow({ roles: READERS, scope: 'rotation:read' })
  @ApiOperation({ summary: 'List rotation rounds, newest first' })
  @ApiOkResponse({ type: RotationRoundPage })
  listRotationRounds(@CurrentActor() actor: Actor, @Query() query: RoundQuery): Promise<RotationRoundPage> {
    return this.rounds.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: READERS, scope: 'rotation:read' })
  @ApiOperation({ summary: 'Get a rotation round with its plan lines, unstaffed regions and violations' })
  @ApiOkResponse({ type: RotationRoundResponse })
  getRotationRound(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<RotationRoundResponse> {
    return this.rounds.get(actor, id);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: MAINTAINERS })
  @ApiOperation({ summary: 'Create a (half-yearly) rotation round with its effective date' })
  @ApiCreatedResponse({ type: RotationRoundResponse })
  createRotationRound(@CurrentActor() actor: Actor, @Body() dto: CreateRotationRoundDto): Promise<RotationRoundResponse> {
    return this.rounds.create(actor, dto);
  }

  @Post(':id/plan')
  @HttpCode(200)
  @Allow({ roles: MAINTAINERS })
  @ApiOperation({ summary: 'Propose an optimal plan (every region staffed, must-move moved, must-stay kept) and store it' })
  @ApiOkResponse({ type: RotationRoundResponse })
  generateRotationPlan(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: GeneratePlanDto,
  ): Promise<RotationRoundResponse> {
    return this.rounds.generatePlan(actor, id, dto);
  }

  @Put(':id/plan')
  @Allow({ roles: MAINTAINERS })
  @ApiOperation({ summary: 'Edit plan lines (new regions per person); the plan is re-validated and its violations stored' })
  @ApiOkResponse({ type: RotationRoundResponse })
  editRotationPlan(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: EditPlanDto,
  ): Promise<RotationRoundResponse> {
    return this.rounds.editPlan(actor, id, dto);
  }

  @Post(':id/plan/validate')
  @HttpCode(200)
  @Allow({ roles: MAINTAINERS })
  @ApiOperation({ summary: 'Violations the plan would have with these edits (nothing is saved)' })
  @ApiOkResponse({ type: PlanValidationResponse })
  validateRotationPlan(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ValidatePlanDto,
  ): Promise<PlanValidationResponse> {
    return this.rounds.validateEdits(actor, id, dto.lines);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Allow({ roles: ['channel_manager'] })
  @ApiOperation({
    summary: 'Approve the plan (channel manager): 422 listing violations, else handover tasks and assignments change on the effective date',
  })
  @ApiOkResponse({ type: RotationRoundResponse })
  approveRotationRound(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ApproveRoundDto,
  ): Promise<RotationRoundResponse> {
    return this.rounds.approve(actor, id, dto);
  }
}

@ApiTags('rotation')
@Controller('api/v1/handover-tasks')
export class HandoverTasksController {
  constructor(private readonly tasks: HandoverTasksService) {}

  @Get()
  @Allow({ roles: READERS, scope: 'rotation:read' })
  @ApiOperation({ summary: 'Handover tasks (filter by roundId, staffId, done); field staff see their own' })
  @ApiOkResponse({ type: HandoverTaskPage })
  listHandoverTasks(@CurrentActor() actor: Actor, @Query() query: HandoverTaskQuery): Promise<HandoverTaskPage> {
    return this.tasks.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: READERS, scope: 'rotation:read' })
  @ApiOperation({ summary: 'Get one handover task' })
  @ApiOkResponse({ type: HandoverTaskResponse })
  getHandoverTask(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<HandoverTaskResponse> {
    return this.tasks.get(actor, id);
  }

  @Patch(':id')
  @Allow({ roles: READERS })
  @ApiOperation({ summary: 'Tick checklist items / mark done (every item must be ticked); send the version you read' })
  @ApiOkResponse({ type: HandoverTaskResponse })
  updateHandoverTask(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateHandoverTaskDto,
  ): Promise<HandoverTaskResponse> {
    return this.tasks.update(actor, id, dto);
  }
}

@ApiTags('rotation')
@Controller('api/v1')
export class ReportingController {
  constructor(private readonly reporting: ReportingService) {}

  @Get('weekly-reports')
  @Allow({ roles: READERS, scope: 'rotation:read' })
  @ApiOperation({ summary: 'Submitted weekly reports with on-time / late status, newest week first' })
  @ApiOkResponse({ type: WeeklyReportPage })
  listWeeklyReports(@CurrentActor() actor: Actor, @Query() query: WeeklyReportQuery): Promise<WeeklyReportPage> {
    return this.reporting.listWeekly(actor, query);
  }

  @Get('weekly-reports/compliance')
  @Allow({ roles: READERS, scope: 'rotation:read' })
  @ApiOperation({ summary: 'Staff × weeks grid: on time, late, overdue, missing, pending, not required' })
  @ApiOkResponse({ type: WeeklyComplianceResponse })
  getWeeklyReportCompliance(@CurrentActor() actor: Actor, @Query() query: ComplianceQuery): Promise<WeeklyComplianceResponse> {
    return this.reporting.compliance(actor, query);
  }

  @Post('weekly-reports')
  @Idempotent()
  @Allow({ roles: ['field_staff'] })
  @ApiOperation({ summary: 'Submit your weekly report (due Monday 13:00 business time after the week)' })
  @ApiCreatedResponse({ type: WeeklyReportResponse })
  createWeeklyReport(@CurrentActor() actor: Actor, @Body() dto: CreateWeeklyReportDto): Promise<WeeklyReportResponse> {
    return this.reporting.submitWeekly(actor, dto);
  }

  @Get('expense-claims')
  @Allow({ roles: READERS, scope: 'rotation:read' })
  @ApiOperation({ summary: 'Expense claims with on-time / late status, newest month first' })
  @ApiOkResponse({ type: ExpenseClaimPage })
  listExpenseClaims(@CurrentActor() actor: Actor, @Query() query: ExpenseClaimQuery): Promise<ExpenseClaimPage> {
    return this.reporting.listClaims(actor, query);
  }

  @Post('expense-claims')
  @Idempotent()
  @Allow({ roles: ['field_staff'] })
  @ApiOperation({ summary: 'Submit your expense claim for a month (due by the 10th of the next month)' })
  @ApiCreatedResponse({ type: ExpenseClaimResponse })
  createExpenseClaim(@CurrentActor() actor: Actor, @Body() dto: CreateExpenseClaimDto): Promise<ExpenseClaimResponse> {
    return this.reporting.submitClaim(actor, dto);
  }
}
