import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../common/access.decorator';
import { JobListResponse, TriggeredRunResponse } from './scheduler.dto';
import { SchedulerRunsService } from './scheduler-runs.service';

@ApiTags('scheduler')
@Controller('api/v1/scheduler/jobs')
export class SchedulerController {
  constructor(private readonly runs: SchedulerRunsService) {}

  @Get()
  @Allow({ roles: ['admin', 'cs_manager', 'ops_manager'] })
  @ApiOperation({ summary: 'Scheduled jobs with their interval and recent runs (start, end, rows, error)' })
  @ApiOkResponse({ type: JobListResponse })
  listJobs(): Promise<JobListResponse> {
    return this.runs.listJobs();
  }

  @Post(':name/run')
  @HttpCode(200)
  @Allow({ roles: ['admin'] })
  @ApiOperation({ summary: 'Run a job now and return what it did' })
  @ApiOkResponse({ type: TriggeredRunResponse })
  runJob(@Param('name') name: string): Promise<TriggeredRunResponse> {
    return this.runs.trigger(name);
  }
}
