import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor, type Role } from '../../common/actor';
import { Idempotent } from '../../common/idempotency';
import { SurveyCampaignsService } from './survey-campaigns.service';
import { SurveyMetricsService } from './survey-metrics.service';
import { SurveyPolicyService } from './survey-policy.service';
import { SURVEY_DESIGNERS } from './survey-templates.controller';
import {
  CreateSurveyCampaignDto,
  LaunchSurveyCampaignDto,
  PopulationPreviewDto,
  PopulationPreviewResponse,
  SurveyCampaignPage,
  SurveyCampaignQuery,
  SurveyCampaignResponse,
  SurveyMetricsResponse,
  SurveyPolicyResponse,
  UpdateSurveyCampaignDto,
  UpdateSurveyPolicyDto,
} from './survey.dto';

/** Who reads survey results. */
export const SURVEY_READERS: Role[] = ['quality_evaluator', 'cs_manager', 'ops_manager', 'team_leader'];

@ApiTags('surveys')
@Controller('api/v1/survey-campaigns')
export class SurveyCampaignsController {
  constructor(
    private readonly campaigns: SurveyCampaignsService,
    private readonly metrics: SurveyMetricsService,
  ) {}

  @Get()
  @Allow({ roles: SURVEY_READERS, scope: 'surveys:read' })
  @ApiOperation({ summary: 'List campaigns run by your unit or below, newest first' })
  @ApiOkResponse({ type: SurveyCampaignPage })
  listSurveyCampaigns(@CurrentActor() actor: Actor, @Query() query: SurveyCampaignQuery): Promise<SurveyCampaignPage> {
    return this.campaigns.list(actor, query);
  }

  @Post('population-preview')
  @HttpCode(200)
  @Allow({ roles: SURVEY_DESIGNERS, scope: 'surveys:read' })
  @ApiOperation({ summary: 'Count the targets a population selects, per unit (what a launch would invite)' })
  @ApiOkResponse({ type: PopulationPreviewResponse })
  previewSurveyPopulation(@CurrentActor() actor: Actor, @Body() dto: PopulationPreviewDto): Promise<PopulationPreviewResponse> {
    return this.campaigns.previewPopulation(actor, dto.population, dto.orgUnitId);
  }

  @Get(':id')
  @Allow({ roles: SURVEY_READERS, scope: 'surveys:read' })
  @ApiOperation({ summary: 'Get one campaign' })
  @ApiOkResponse({ type: SurveyCampaignResponse })
  getSurveyCampaign(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<SurveyCampaignResponse> {
    return this.campaigns.get(actor, id);
  }

  @Get(':id/metrics')
  @Allow({ roles: SURVEY_READERS, scope: 'reports:read' })
  @ApiOperation({ summary: 'Coverage, satisfaction rate, mean score and NPS against the campaign targets, by unit and month' })
  @ApiOkResponse({ type: SurveyMetricsResponse })
  getSurveyCampaignMetrics(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<SurveyMetricsResponse> {
    return this.metrics.campaignMetrics(actor, id);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: SURVEY_DESIGNERS, scope: 'surveys:write' })
  @ApiOperation({ summary: 'Create a draft campaign: a questionnaire version, a population, a channel and a period' })
  @ApiCreatedResponse({ type: SurveyCampaignResponse })
  createSurveyCampaign(@CurrentActor() actor: Actor, @Body() dto: CreateSurveyCampaignDto): Promise<SurveyCampaignResponse> {
    return this.campaigns.create(actor, dto);
  }

  @Patch(':id')
  @Allow({ roles: SURVEY_DESIGNERS, scope: 'surveys:write' })
  @ApiOperation({ summary: 'Change a campaign (after launch only its name, end and targets)' })
  @ApiOkResponse({ type: SurveyCampaignResponse })
  updateSurveyCampaign(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateSurveyCampaignDto,
  ): Promise<SurveyCampaignResponse> {
    return this.campaigns.update(actor, id, dto);
  }

  @Post(':id/launch')
  @HttpCode(200)
  @Allow({ roles: SURVEY_DESIGNERS, scope: 'surveys:write' })
  @ApiOperation({ summary: 'Launch: create one invitation per target (phone ones join the work list, online ones get a link)' })
  @ApiOkResponse({ type: SurveyCampaignResponse })
  launchSurveyCampaign(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: LaunchSurveyCampaignDto,
  ): Promise<SurveyCampaignResponse> {
    return this.campaigns.launch(actor, id, dto.version);
  }
}

@ApiTags('surveys')
@Controller('api/v1/survey-policy')
export class SurveyPolicyController {
  constructor(private readonly policy: SurveyPolicyService) {}

  @Get()
  @Allow({ roles: SURVEY_READERS, scope: 'surveys:read' })
  @ApiOperation({ summary: 'The post-complaint survey policy (on by default for phone complaints)' })
  @ApiOkResponse({ type: SurveyPolicyResponse })
  getSurveyPolicy(): Promise<SurveyPolicyResponse> {
    return this.policy.get();
  }

  @Put()
  @Allow({ roles: ['cs_manager', 'quality_evaluator'] })
  @ApiOperation({ summary: 'Change the post-complaint survey policy (send the version you read)' })
  @ApiOkResponse({ type: SurveyPolicyResponse })
  updateSurveyPolicy(@CurrentActor() actor: Actor, @Body() dto: UpdateSurveyPolicyDto): Promise<SurveyPolicyResponse> {
    return this.policy.update(actor, dto);
  }
}
