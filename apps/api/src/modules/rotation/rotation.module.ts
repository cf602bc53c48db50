import { Module } from '@nestjs/common';
import { FieldStaffService } from './field-staff.service';
import { HandoverTasksService } from './handover-tasks.service';
import { RegionsService } from './regions.service';
import { ReportingDutiesJob } from './reporting-duties.job';
import { ReportingService } from './reporting.service';
import { RotationApplyJob } from './rotation-apply.job';
import { RotationRoundsService } from './rotation-rounds.service';
import {
  FieldStaffController,
  HandoverTasksController,
  RegionsController,
  ReportingController,
  RotationRoundsController,
} from './rotation.controller';

@Module({
  controllers: [RegionsController, FieldStaffController, RotationRoundsController, HandoverTasksController, ReportingController],
  providers: [
    RegionsService,
    FieldStaffService,
    RotationRoundsService,
    HandoverTasksService,
    ReportingService,
    RotationApplyJob,
    ReportingDutiesJob,
  ],
  exports: [RotationRoundsService],
})
export class RotationModule {}
