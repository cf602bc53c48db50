import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { AppraisalCyclesController } from './appraisal-cycles.controller';
import { AppraisalCyclesService } from './appraisal-cycles.service';
import { AppraisalYearEndCycleJob } from './appraisal-year-end-cycle.job';
import { AppointmentsController } from './appointments.controller';
import { AppointmentsService } from './appointments.service';
import { ServiceStaffRankingsController } from './service-staff-rankings.controller';
import { ServiceStaffRankingsService } from './service-staff-rankings.service';
import { TeamLeaderDGradeCheckJob } from './team-leader-d-grade-check.job';
import { TeamLeaderTermExpiryJob } from './team-leader-term-expiry.job';
import { TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';
import { VacanciesController } from './vacancies.controller';
import { VacanciesService } from './vacancies.service';

/** Team leaders: teams, appointments, monthly grades, appraisal schemes and cycles, vacancies, service-staff rankings. */
@Module({
  imports: [OrgModule],
  controllers: [TeamsController, AppointmentsController, AppraisalCyclesController, VacanciesController, ServiceStaffRankingsController],
  providers: [
    TeamsService,
    AppointmentsService,
    AppraisalCyclesService,
    VacanciesService,
    ServiceStaffRankingsService,
    TeamLeaderTermExpiryJob,
    TeamLeaderDGradeCheckJob,
    AppraisalYearEndCycleJob,
  ],
  exports: [AppointmentsService],
})
export class AppraisalModule {}
