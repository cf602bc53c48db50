import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { AuditLogPage, AuditLogQuery, AuditLogResponse } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('api/v1/audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Allow({ roles: ['admin'] })
  @ApiOperation({ summary: 'List audit entries, newest first (admins; HQ sees all, others their subtree)' })
  @ApiOkResponse({ type: AuditLogPage })
  listAuditLog(@CurrentActor() actor: Actor, @Query() query: AuditLogQuery): Promise<AuditLogPage> {
    return this.audit.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: ['admin'] })
  @ApiOperation({ summary: 'Get one audit entry' })
  @ApiOkResponse({ type: AuditLogResponse })
  getAuditEntry(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AuditLogResponse> {
    return this.audit.get(actor, id);
  }
}
