import { Module } from '@nestjs/common';
import { ComplaintResponsibilityController } from './complaint-responsibility.controller';
import { ComplaintResponsibilityService } from './complaint-responsibility.service';

/** Responsibility and compensation of answered complaints (SPEC §1.4), on the complaints domain's own tables. */
@Module({
  controllers: [ComplaintResponsibilityController],
  providers: [ComplaintResponsibilityService],
  exports: [ComplaintResponsibilityService],
})
export class ComplaintResponsibilityModule {}
