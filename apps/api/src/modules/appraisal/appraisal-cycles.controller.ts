import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { Idempotent } from '../../common/idempotency';
import { PageQuery } from '../../common/pagination';
import { APPRAISAL_MANAGERS, APPRAISAL_READERS, APPRAISAL_RESULT_READERS } from './appraisal-common';
import {
  CreateCycleDto,
  CreateSchemeDto,
  CycleDetailResponse,
  CycleMemberResponse,
  CyclePage,
  CycleQuery,
  FinalizeCycleResponse,
  PutScoresDto,
  RankingPreviewResponse,
  SchemePage,
  SchemeResponse,
} from './appraisal-cycle.dto';
import { AppraisalCyclesService } from './appraisal-cycles.service';

@ApiTags('appraisal')
@Controller('api/v1')
export class AppraisalCyclesController {
  constructor(private readonly cycles: AppraisalCyclesService) {}

  @Get('appraisal-schemes')
  @Allow({ roles: APPRAISAL_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'List appraisal schemes usable in your scope, newest first' })
  @ApiOkResponse({ type: SchemePage })
  listAppraisalSchemes(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<SchemePage> {
    return this.cycles.listSchemes(actor, query);
  }

  @Get('appraisal-schemes/:id')
  @Allow({ roles: APPRAISAL_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'Get one appraisal scheme' })
  @ApiOkResponse({ type: SchemeResponse })
  getAppraisalScheme(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<SchemeResponse> {
    return this.cycles.getScheme(actor, id);
  }

  @Post('appraisal-schemes')
  @Idempotent()
  @Allow({ roles: APPRAISAL_MANAGERS })
  @ApiOperation({ summary: 'Create an appraisal scheme: weighted dimensions (sum 100) with optional minimums, veto items' })
  @ApiCreatedResponse({ type: SchemeResponse })
  createAppraisalScheme(@CurrentActor() actor: Actor, @Body() dto: CreateSchemeDto): Promise<SchemeResponse> {
    return this.cycles.createScheme(actor, dto);
  }

  @Get('appraisal-cycles')
  @Allow({ roles: APPRAISAL_RESULT_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'List appraisal cycles in your scope, newest first' })
  @ApiOkResponse({ type: CyclePage })
  listAppraisalCycles(@CurrentActor() actor: Actor, @Query() query: CycleQuery): Promise<CyclePage> {
    return this.cycles.listCycles(actor, query);
  }

  @Get('appraisal-cycles/:id')
  @Allow({ roles: APPRAISAL_RESULT_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'Get a cycle with its scheme and members (scores, and after finalizing rank, grade, outcome)' })
  @ApiOkResponse({ type: CycleDetailResponse })
  getAppraisalCycle(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CycleDetailResponse> {
    return this.cycles.getCycle(actor, id);
  }

  @Post('appraisal-cycles')
  @Idempotent()
  @Allow({ roles: APPRAISAL_MANAGERS })
  @ApiOperation({ summary: 'Open a year-end appraisal cycle for a set of team-leader appointments' })
  @ApiCreatedResponse({ type: CycleDetailResponse })
  createAppraisalCycle(@CurrentActor() actor: Actor, @Body() dto: CreateCycleDto): Promise<CycleDetailResponse> {
    return this.cycles.createCycle(actor, dto);
  }

  @Put('appraisal-cycles/:id/scores')
  @Allow({ roles: APPRAISAL_MANAGERS })
  @ApiOperation({ summary: "Enter or replace one leader's dimension scores and veto items; returns the weighted final score" })
  @ApiOkResponse({ type: CycleMemberResponse })
  putAppraisalScores(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PutScoresDto,
  ): Promise<CycleMemberResponse> {
    return this.cycles.putScores(actor, id, dto);
  }

  @Get('appraisal-cycles/:id/ranking')
  @Allow({ roles: APPRAISAL_RESULT_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'Ranking preview: 30/40/30 forced distribution of the scored members and the outcomes finalizing would apply' })
  @ApiOkResponse({ type: RankingPreviewResponse })
  getAppraisalRanking(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<RankingPreviewResponse> {
    return this.cycles.ranking(actor, id);
  }

  @Post('appraisal-cycles/:id/finalize')
  @HttpCode(200)
  @Allow({ roles: APPRAISAL_MANAGERS })
  @ApiOperation({
    summary: 'Finalize once: rank, grade and apply outcomes (extend terms, promotion priority, vacancies for fair) [8.2–8.3]',
  })
  @ApiOkResponse({ type: FinalizeCycleResponse })
  finalizeAppraisalCycle(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<FinalizeCycleResponse> {
    return this.cycles.finalize(actor, id);
  }
}
