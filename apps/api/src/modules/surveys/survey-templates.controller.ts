import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor, type Role } from '../../common/actor';
import { Idempotent } from '../../common/idempotency';
import { SurveyTemplatesService } from './survey-templates.service';
import {
  CreateSurveyTemplateDto,
  SurveyTemplatePage,
  SurveyTemplateQuery,
  SurveyTemplateResponse,
  UpdateSurveyTemplateDto,
} from './survey.dto';

/** Questionnaires are designed by quality evaluators and customer-service managers. */
export const SURVEY_DESIGNERS: Role[] = ['quality_evaluator', 'cs_manager'];

@ApiTags('surveys')
@Controller('api/v1/survey-templates')
export class SurveyTemplatesController {
  constructor(private readonly templates: SurveyTemplatesService) {}

  @Get()
  @Allow({ scope: 'surveys:read' })
  @ApiOperation({
    summary: 'List questionnaires usable or visible in your scope (current versions; all versions with familyId), newest first',
  })
  @ApiOkResponse({ type: SurveyTemplatePage })
  listSurveyTemplates(@CurrentActor() actor: Actor, @Query() query: SurveyTemplateQuery): Promise<SurveyTemplatePage> {
    return this.templates.list(actor, query);
  }

  @Get(':id')
  @Allow({ scope: 'surveys:read' })
  @ApiOperation({ summary: 'Get one questionnaire version' })
  @ApiOkResponse({ type: SurveyTemplateResponse })
  getSurveyTemplate(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<SurveyTemplateResponse> {
    return this.templates.get(actor, id);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: SURVEY_DESIGNERS, scope: 'surveys:write' })
  @ApiOperation({ summary: 'Create a questionnaire (version 1); exactly one required rating question is the overall question' })
  @ApiCreatedResponse({ type: SurveyTemplateResponse })
  createSurveyTemplate(@CurrentActor() actor: Actor, @Body() dto: CreateSurveyTemplateDto): Promise<SurveyTemplateResponse> {
    return this.templates.create(actor, dto);
  }

  @Patch(':id')
  @Allow({ roles: SURVEY_DESIGNERS, scope: 'surveys:write' })
  @ApiOperation({
    summary:
      'Edit a questionnaire: in place while unanswered; a version with answers is immutable, so the edit returns a new version (new id)',
  })
  @ApiOkResponse({ type: SurveyTemplateResponse })
  updateSurveyTemplate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateSurveyTemplateDto,
  ): Promise<SurveyTemplateResponse> {
    return this.templates.update(actor, id, dto);
  }
}
