import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../../common/access.decorator';
import { type Actor, CurrentActor } from '../../../common/actor';
import { Idempotent } from '../../../common/idempotency';
import { PageQuery } from '../../../common/pagination';
import { CalendarsService } from './calendars.service';
import {
  CalendarPage,
  CalendarResponse,
  CreateCalendarDto,
  CreateSlaPolicyDto,
  SlaPolicyPage,
  SlaPolicyQuery,
  SlaPolicyResponse,
  UpdateCalendarDto,
  UpdateSlaPolicyDto,
} from './sla.dto';
import { SlaPoliciesService } from './sla-policies.service';

@ApiTags('sla-policies')
@Controller('api/v1/sla-policies')
export class SlaPoliciesController {
  constructor(private readonly policies: SlaPoliciesService) {}

  @Get()
  @Allow({ scope: 'complaints:read' })
  @ApiOperation({ summary: 'List SLA policies (matched by kind/severity/channel; highest priority, then most specific wins)' })
  @ApiOkResponse({ type: SlaPolicyPage })
  listSlaPolicies(@Query() query: SlaPolicyQuery): Promise<SlaPolicyPage> {
    return this.policies.list(query);
  }

  @Get(':id')
  @Allow({ scope: 'complaints:read' })
  @ApiOperation({ summary: 'Get one SLA policy' })
  @ApiOkResponse({ type: SlaPolicyResponse })
  getSlaPolicy(@Param('id', ParseUUIDPipe) id: string): Promise<SlaPolicyResponse> {
    return this.policies.get(id);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: ['admin', 'cs_manager'] })
  @ApiOperation({ summary: 'Create an SLA policy (tiers with handler level and deadline minutes; calendar or business clock)' })
  @ApiCreatedResponse({ type: SlaPolicyResponse })
  createSlaPolicy(@CurrentActor() actor: Actor, @Body() dto: CreateSlaPolicyDto): Promise<SlaPolicyResponse> {
    return this.policies.create(actor, dto);
  }

  @Patch(':id')
  @Allow({ roles: ['admin', 'cs_manager'] })
  @ApiOperation({ summary: 'Change an SLA policy (send the version you read). Complaints already received keep their policy.' })
  @ApiOkResponse({ type: SlaPolicyResponse })
  updateSlaPolicy(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateSlaPolicyDto,
  ): Promise<SlaPolicyResponse> {
    return this.policies.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow({ roles: ['admin', 'cs_manager'] })
  @ApiOperation({ summary: 'Delete an SLA policy no complaint used (otherwise deactivate it)' })
  @ApiNoContentResponse()
  deleteSlaPolicy(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.policies.remove(actor, id);
  }
}

@ApiTags('calendars')
@Controller('api/v1/calendars')
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Get()
  @Allow({ scope: 'complaints:read' })
  @ApiOperation({ summary: 'List business calendars (working hours per weekday, holidays, adjusted working days)' })
  @ApiOkResponse({ type: CalendarPage })
  listCalendars(@Query() query: PageQuery): Promise<CalendarPage> {
    return this.calendars.list(query);
  }

  @Get(':id')
  @Allow({ scope: 'complaints:read' })
  @ApiOperation({ summary: 'Get one business calendar' })
  @ApiOkResponse({ type: CalendarResponse })
  getCalendar(@Param('id', ParseUUIDPipe) id: string): Promise<CalendarResponse> {
    return this.calendars.get(id);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: ['admin', 'cs_manager'] })
  @ApiOperation({ summary: 'Create a business calendar' })
  @ApiCreatedResponse({ type: CalendarResponse })
  createCalendar(@CurrentActor() actor: Actor, @Body() dto: CreateCalendarDto): Promise<CalendarResponse> {
    return this.calendars.create(actor, dto);
  }

  @Patch(':id')
  @Allow({ roles: ['admin', 'cs_manager'] })
  @ApiOperation({ summary: 'Change a business calendar (send the version you read); applies to complaints received afterwards' })
  @ApiOkResponse({ type: CalendarResponse })
  updateCalendar(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCalendarDto,
  ): Promise<CalendarResponse> {
    return this.calendars.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow({ roles: ['admin', 'cs_manager'] })
  @ApiOperation({ summary: 'Delete a business calendar no policy uses' })
  @ApiNoContentResponse()
  deleteCalendar(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.calendars.remove(actor, id);
  }
}
