import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { Idempotent } from '../../common/idempotency';
import { APPRAISAL_MANAGERS, APPRAISAL_READERS } from './appraisal-common';
import { CreateStaffRankingDto, StaffRankingPage, StaffRankingQuery, StaffRankingResponse } from './service-staff-ranking.dto';
import { ServiceStaffRankingsService } from './service-staff-rankings.service';

@ApiTags('service-staff-rankings')
@Controller('api/v1/service-staff-rankings')
export class ServiceStaffRankingsController {
  constructor(private readonly rankings: ServiceStaffRankingsService) {}

  @Get()
  @Allow({ roles: APPRAISAL_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'List quarterly service-staff rankings in your scope, newest first' })
  @ApiOkResponse({ type: StaffRankingPage })
  listStaffRankings(@CurrentActor() actor: Actor, @Query() query: StaffRankingQuery): Promise<StaffRankingPage> {
    return this.rankings.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: APPRAISAL_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'Get one ranking with ranks and reward tiers' })
  @ApiOkResponse({ type: StaffRankingResponse })
  getStaffRanking(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<StaffRankingResponse> {
    return this.rankings.get(actor, id);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: APPRAISAL_MANAGERS })
  @ApiOperation({
    summary: 'Rank service staff for a quarter with reward tiers (default ranks 1–3 and 4–8 [001 篇十三]); ties share a rank and a tier',
  })
  @ApiCreatedResponse({ type: StaffRankingResponse })
  createStaffRanking(@CurrentActor() actor: Actor, @Body() dto: CreateStaffRankingDto): Promise<StaffRankingResponse> {
    return this.rankings.create(actor, dto);
  }
}
