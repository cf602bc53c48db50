import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { Idempotent } from '../../common/idempotency';
import { APPRAISAL_MANAGERS, APPRAISAL_READERS } from './appraisal-common';
import { CreateTeamDto, TeamPage, TeamQuery, TeamResponse, UpdateTeamDto } from './team.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@Controller('api/v1/teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @Allow({ roles: APPRAISAL_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'List teams in your scope with their current leader and open vacancy, oldest first' })
  @ApiOkResponse({ type: TeamPage })
  listTeams(@CurrentActor() actor: Actor, @Query() query: TeamQuery): Promise<TeamPage> {
    return this.teams.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: APPRAISAL_READERS, scope: 'appraisal:read' })
  @ApiOperation({ summary: 'Get one team' })
  @ApiOkResponse({ type: TeamResponse })
  getTeam(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<TeamResponse> {
    return this.teams.get(actor, id);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: APPRAISAL_MANAGERS })
  @ApiOperation({ summary: 'Create a team (班组) in a unit of your scope' })
  @ApiCreatedResponse({ type: TeamResponse })
  createTeam(@CurrentActor() actor: Actor, @Body() dto: CreateTeamDto): Promise<TeamResponse> {
    return this.teams.create(actor, dto);
  }

  @Patch(':id')
  @Allow({ roles: APPRAISAL_MANAGERS })
  @ApiOperation({ summary: 'Rename a team or change its post type (send the version you read)' })
  @ApiOkResponse({ type: TeamResponse })
  updateTeam(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateTeamDto): Promise<TeamResponse> {
    return this.teams.update(actor, id, dto);
  }
}
