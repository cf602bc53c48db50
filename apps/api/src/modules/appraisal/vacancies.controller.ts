import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { APPRAISAL_MANAGERS, APPRAISAL_READERS } from './appraisal-common';
import { VacanciesService } from './vacancies.service';
import { AddCandidateDto, EligibleStaffList, SelectCandidateDto, VacancyPage, VacancyQuery, VacancyResponse } from './vacancy.dto';

@ApiTags('team-leader-vacancies')
@Controller('api/v1/team-leader-vacancies')
export class VacanciesController {
  constructor(private readonly vacancies: VacanciesService) {}

  @Get()
  @Allow({ roles: APPRAISAL_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'List team-leader vacancies (opened by termination, adjustment or a fair result), newest first' })
  @ApiOkResponse({ type: VacancyPage })
  listVacancies(@CurrentActor() actor: Actor, @Query() query: VacancyQuery): Promise<VacancyPage> {
    return this.vacancies.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: APPRAISAL_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'Get one vacancy with its candidates' })
  @ApiOkResponse({ type: VacancyResponse })
  getVacancy(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<VacancyResponse> {
    return this.vacancies.get(actor, id);
  }

  @Get(':id/eligible-staff')
  @Allow({ roles: APPRAISAL_MANAGERS })
  @ApiOperation({ summary: 'Staff who may stand for the post: active, ≥ 1 year in the CS department [6.2.1], leading no team' })
  @ApiOkResponse({ type: EligibleStaffList })
  listEligibleStaff(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<EligibleStaffList> {
    return this.vacancies.eligibleStaff(actor, id);
  }

  @Post(':id/candidates')
  @HttpCode(200)
  @Allow({ roles: APPRAISAL_MANAGERS })
  @ApiOperation({ summary: 'Add a candidate (needs ≥ 1 year in the CS department [6.2.1])' })
  @ApiOkResponse({ type: VacancyResponse })
  addVacancyCandidate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddCandidateDto,
  ): Promise<VacancyResponse> {
    return this.vacancies.addCandidate(actor, id, dto);
  }

  @Post(':id/selection')
  @HttpCode(200)
  @Allow({ roles: APPRAISAL_MANAGERS })
  @ApiOperation({ summary: 'Select a candidate: creates the new appointment and fills the vacancy' })
  @ApiOkResponse({ type: VacancyResponse })
  selectVacancyCandidate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SelectCandidateDto,
  ): Promise<VacancyResponse> {
    return this.vacancies.select(actor, id, dto);
  }
}
