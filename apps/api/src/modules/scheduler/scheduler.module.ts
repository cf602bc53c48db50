import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { IdempotencyExpiryJob } from './idempotency-expiry.job';
import { SchedulerController } from './scheduler.controller';
import { SchedulerRunsService } from './scheduler-runs.service';
import { SchedulerService } from './scheduler.service';

@Global()
@Module({
  imports: [ScheduleModule.forRoot()],
  controllers: [SchedulerController],
  providers: [SchedulerService, SchedulerRunsService, IdempotencyExpiryJob],
  exports: [SchedulerService],
})
export class SchedulerModule {}
