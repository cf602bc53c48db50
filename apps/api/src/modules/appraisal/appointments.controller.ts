import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { Idempotent } from '../../common/idempotency';
import {
  AdjustAppointmentDto,
  AllowanceQuery,
  AllowanceScheduleResponse,
  AppointmentChanged,
  AppointmentPage,
  AppointmentQuery,
  AppointmentResponse,
  CreateAppointmentDto,
  MonthlyGradeGridQuery,
  MonthlyGradeList,
  MonthlyGradeRecorded,
  RecordMajorLossDto,
  RecordMonthlyGradeDto,
} from './appointment.dto';
import { APPRAISAL_MANAGERS, APPRAISAL_READERS, APPRAISAL_RESULT_READERS } from './appraisal-common';
import { AppointmentsService } from './appointments.service';

@ApiTags('team-leader-appointments')
@Controller('api/v1')
export class AppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  @Get('team-leader-appointments')
  @Allow({ roles: APPRAISAL_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'List team-leader appointments in your scope with term status and allowance, newest first' })
  @ApiOkResponse({ type: AppointmentPage })
  listAppointments(@CurrentActor() actor: Actor, @Query() query: AppointmentQuery): Promise<AppointmentPage> {
    return this.appointments.list(actor, query);
  }

  @Get('team-leader-appointments/:id')
  @Allow({ roles: APPRAISAL_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'Get one team-leader appointment' })
  @ApiOkResponse({ type: AppointmentResponse })
  getAppointment(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<AppointmentResponse> {
    return this.appointments.get(actor, id);
  }

  @Post('team-leader-appointments')
  @Idempotent()
  @Allow({ roles: APPRAISAL_MANAGERS })
  @ApiOperation({ summary: 'Appoint a team leader: term at most one year [8.1], at least one year in the CS department [6.2.1]' })
  @ApiCreatedResponse({ type: AppointmentResponse })
  createAppointment(@CurrentActor() actor: Actor, @Body() dto: CreateAppointmentDto): Promise<AppointmentResponse> {
    return this.appointments.create(actor, dto);
  }

  @Get('team-leader-appointments/:id/allowance')
  @Allow({ roles: APPRAISAL_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'Allowance due per month: paid while active, stops from the month after the appointment ends [7.1.3]' })
  @ApiOkResponse({ type: AllowanceScheduleResponse })
  getAllowanceSchedule(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: AllowanceQuery,
  ): Promise<AllowanceScheduleResponse> {
    return this.appointments.allowance(actor, id, query);
  }

  @Get('team-leader-appointments/:id/monthly-grades')
  @Allow({ roles: APPRAISAL_RESULT_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'Monthly grades of one appointment, oldest month first' })
  @ApiOkResponse({ type: MonthlyGradeList })
  listMonthlyGrades(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<MonthlyGradeList> {
    return this.appointments.listGrades(actor, id);
  }

  @Post('team-leader-appointments/:id/monthly-grades')
  @HttpCode(200)
  @Allow({ roles: APPRAISAL_MANAGERS })
  @ApiOperation({
    summary: 'Record (or correct) the A/B/C/D grade of a month; a second D within the term terminates the appointment [9.2.2]',
  })
  @ApiOkResponse({ type: MonthlyGradeRecorded })
  recordMonthlyGrade(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecordMonthlyGradeDto,
  ): Promise<MonthlyGradeRecorded> {
    return this.appointments.recordGrade(actor, id, dto);
  }

  @Get('team-leader-monthly-grades')
  @Allow({ roles: APPRAISAL_RESULT_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'Monthly grades of every appointment in your scope for a year (the grade entry grid)' })
  @ApiOkResponse({ type: MonthlyGradeList })
  getMonthlyGradeGrid(@CurrentActor() actor: Actor, @Query() query: MonthlyGradeGridQuery): Promise<MonthlyGradeList> {
    return this.appointments.gradeGrid(actor, query);
  }

  @Post('team-leader-appointments/:id/major-losses')
  @HttpCode(200)
  @Allow({ roles: APPRAISAL_MANAGERS })
  @ApiOperation({ summary: 'Record a major loss through misconduct or error: the appointment terminates [9.2.1]' })
  @ApiOkResponse({ type: AppointmentChanged })
  recordMajorLoss(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecordMajorLossDto,
  ): Promise<AppointmentChanged> {
    return this.appointments.recordMajorLoss(actor, id, dto);
  }

  @Post('team-leader-appointments/:id/adjustment')
  @HttpCode(200)
  @Allow({ roles: APPRAISAL_MANAGERS })
  @ApiOperation({ summary: 'Mid-term adjustment or dismissal with a reason [9.1] and the lateral/lower transfer that follows [9.3]' })
  @ApiOkResponse({ type: AppointmentChanged })
  adjustAppointment(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AdjustAppointmentDto,
  ): Promise<AppointmentChanged> {
    return this.appointments.adjust(actor, id, dto);
  }
}
