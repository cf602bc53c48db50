import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ComplaintsModule } from '../complaints/complaints.module';
import { OrgModule } from '../org/org.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { PostComplaintSurveyJob } from './post-complaint-survey.job';
import { SurveyCampaignsController, SurveyPolicyController } from './survey-campaigns.controller';
import { SurveyCampaignsService } from './survey-campaigns.service';
import { SurveyExpiryJob } from './survey-expiry.job';
import { SurveyFollowUpJob } from './survey-follow-up.job';
import { SurveyFollowUpService } from './survey-follow-up.service';
import { PublicSurveysController, SurveyInvitationsController } from './survey-invitations.controller';
import { SurveyInvitationsService } from './survey-invitations.service';
import { SurveyLinksService } from './survey-links.service';
import { SurveyMetricsService } from './survey-metrics.service';
import { SurveyPolicyService } from './survey-policy.service';
import { SurveyReportsController } from './survey-reports.controller';
import { SurveyTemplatesController } from './survey-templates.controller';
import { SurveyTemplatesService } from './survey-templates.service';

@Module({
  imports: [AuditModule, OrgModule, SchedulerModule, ComplaintsModule],
  controllers: [
    SurveyTemplatesController,
    SurveyCampaignsController,
    SurveyPolicyController,
    SurveyInvitationsController,
    PublicSurveysController,
    SurveyReportsController,
  ],
  providers: [
    SurveyTemplatesService,
    SurveyCampaignsService,
    SurveyInvitationsService,
    SurveyLinksService,
    SurveyMetricsService,
    SurveyPolicyService,
    SurveyExpiryJob,
    PostComplaintSurveyJob,
    SurveyFollowUpService,
    SurveyFollowUpJob,
  ],
  exports: [SurveyInvitationsService, SurveyPolicyService],
})
export class SurveysModule {}
