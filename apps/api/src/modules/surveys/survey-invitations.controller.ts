import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, Public } from '../../common/access.decorator';
import { type Actor, CurrentActor, type Role } from '../../common/actor';
import { SurveyInvitationsService } from './survey-invitations.service';
import {
  PublicSurveyResponse,
  SubmitSurveyAnswersDto,
  SurveyInvitationPage,
  SurveyInvitationQuery,
  SurveyInvitationResponse,
  SurveyResponseResponse,
  UpdateInvitationStatusDto,
} from './survey.dto';

/** Who calls customers and enters their answers. */
export const SURVEY_CALLERS: Role[] = ['agent', 'team_leader', 'cs_manager', 'quality_evaluator'];

@ApiTags('surveys')
@Controller('api/v1/survey-invitations')
export class SurveyInvitationsController {
  constructor(private readonly invitations: SurveyInvitationsService) {}

  @Get()
  @Allow({ roles: SURVEY_CALLERS, scope: 'surveys:read' })
  @ApiOperation({ summary: 'The survey work list: invitations in your scope, oldest first (filter by campaign, status, channel)' })
  @ApiOkResponse({ type: SurveyInvitationPage })
  listSurveyInvitations(@CurrentActor() actor: Actor, @Query() query: SurveyInvitationQuery): Promise<SurveyInvitationPage> {
    return this.invitations.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: SURVEY_CALLERS, scope: 'surveys:read' })
  @ApiOperation({ summary: 'Get one invitation with its response and follow-up status' })
  @ApiOkResponse({ type: SurveyInvitationResponse })
  getSurveyInvitation(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<SurveyInvitationResponse> {
    return this.invitations.get(actor, id);
  }

  @Post(':id/response')
  @Allow({ roles: SURVEY_CALLERS, scope: 'surveys:write' })
  @ApiOperation({ summary: 'Enter the answers heard on the phone or on site (one response per invitation; a second answers 409)' })
  @ApiCreatedResponse({ type: SurveyResponseResponse })
  enterSurveyResponse(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SubmitSurveyAnswersDto,
  ): Promise<SurveyResponseResponse> {
    return this.invitations.enterResponse(actor, id, dto.answers);
  }

  @Post(':id/status')
  @Allow({ roles: SURVEY_CALLERS, scope: 'surveys:write' })
  @ApiOperation({ summary: 'Record a call outcome: declined or unreachable' })
  @ApiCreatedResponse({ type: SurveyInvitationResponse })
  updateSurveyInvitationStatus(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateInvitationStatusDto,
  ): Promise<SurveyInvitationResponse> {
    return this.invitations.updateStatus(actor, id, dto);
  }
}

@ApiTags('public-surveys')
@Controller('api/v1/public/surveys')
export class PublicSurveysController {
  constructor(private readonly invitations: SurveyInvitationsService) {}

  @Get(':token')
  @Public()
  @ApiOperation({ summary: 'The questionnaire behind a survey link (no login). Unknown or expired → 404; already answered → 409' })
  @ApiOkResponse({ type: PublicSurveyResponse })
  getPublicSurvey(@Param('token') token: string): Promise<PublicSurveyResponse> {
    return this.invitations.publicQuestionnaire(token);
  }

  @Post(':token')
  @Public()
  @ApiOperation({
    summary: 'Answer a survey link once (no login). Second submission → 409; answers that do not fit → 400 naming the question',
  })
  @ApiCreatedResponse({ type: SurveyResponseResponse })
  submitPublicSurvey(@Param('token') token: string, @Body() dto: SubmitSurveyAnswersDto): Promise<SurveyResponseResponse> {
    return this.invitations.publicSubmit(token, dto.answers);
  }
}
