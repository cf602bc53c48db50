import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { Idempotent } from '../../common/idempotency';
import { CreateOrgUnitDto, OrgTreeNode, OrgUnitPage, OrgUnitQuery, OrgUnitResponse, UpdateOrgUnitDto } from './org-unit.dto';
import { OrgUnitsService } from './org-units.service';

@ApiTags('org-units')
@Controller('api/v1/org-units')
export class OrgUnitsController {
  constructor(private readonly units: OrgUnitsService) {}

  @Get()
  @Allow({ scope: 'org:read' })
  @ApiOperation({ summary: 'List org units in your scope (your unit and below), oldest first' })
  @ApiOkResponse({ type: OrgUnitPage })
  listOrgUnits(@CurrentActor() actor: Actor, @Query() query: OrgUnitQuery): Promise<OrgUnitPage> {
    return this.units.list(actor, query);
  }

  @Get('tree')
  @Allow({ scope: 'org:read' })
  @ApiOperation({ summary: 'Your part of the org tree as nested nodes' })
  @ApiOkResponse({ type: [OrgTreeNode] })
  getOrgTree(@CurrentActor() actor: Actor): Promise<OrgTreeNode[]> {
    return this.units.tree(actor);
  }

  @Get(':id')
  @Allow({ scope: 'org:read' })
  @ApiOperation({ summary: 'Get one org unit' })
  @ApiOkResponse({ type: OrgUnitResponse })
  getOrgUnit(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<OrgUnitResponse> {
    return this.units.get(actor, id);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: ['admin'] })
  @ApiOperation({ summary: 'Create an org unit (platform under HQ, branch under a platform, sales office under a branch or platform)' })
  @ApiCreatedResponse({ type: OrgUnitResponse })
  createOrgUnit(@CurrentActor() actor: Actor, @Body() dto: CreateOrgUnitDto): Promise<OrgUnitResponse> {
    return this.units.create(actor, dto);
  }

  @Patch(':id')
  @Allow({ roles: ['admin'] })
  @ApiOperation({ summary: 'Rename or move an org unit (send the version you read)' })
  @ApiOkResponse({ type: OrgUnitResponse })
  updateOrgUnit(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateOrgUnitDto,
  ): Promise<OrgUnitResponse> {
    return this.units.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow({ roles: ['admin'] })
  @ApiOperation({ summary: 'Delete an empty org unit (no sub-units, users or API keys)' })
  @ApiNoContentResponse({ description: 'Done' })
  deleteOrgUnit(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.units.remove(actor, id);
  }
}
