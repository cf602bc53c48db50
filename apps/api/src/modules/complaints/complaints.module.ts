import { Module } from '@nestjs/common';
import { ComplaintActionsService } from './complaint-actions.service';
import { ComplaintTimelineService } from './complaint-timeline.service';
import { ComplaintsController, SamplingRuleController } from './complaints.controller';
import { ComplaintsService } from './complaints.service';
import { ReturnVisitSamplingJob } from './return-visit-sampling.job';
import { SamplingRuleService } from './sampling-rule.service';
import { CalendarsService } from './sla/calendars.service';
import { CalendarsController, SlaPoliciesController } from './sla/sla-policies.controller';
import { SlaPoliciesService } from './sla/sla-policies.service';
import { SlaSweepJob } from './sla/sla-sweep.job';

@Module({
  controllers: [ComplaintsController, SamplingRuleController, SlaPoliciesController, CalendarsController],
  providers: [
    ComplaintsService,
    ComplaintActionsService,
    ComplaintTimelineService,
    SamplingRuleService,
    SlaPoliciesService,
    CalendarsService,
    SlaSweepJob,
    ReturnVisitSamplingJob,
  ],
  exports: [ComplaintsService, ComplaintTimelineService, SlaPoliciesService, CalendarsService],
})
export class ComplaintsModule {}
