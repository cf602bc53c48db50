import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { AccessRequestsController } from './access-requests.controller';
import { AccessRequestsService } from './access-requests.service';
import { CustomerImportService } from './customer-import.service';
import { CustomerVisitCadenceJob } from './customer-visit-cadence.job';
import { CustomersController } from './customers.controller';
import { CustomersService } from './customers.service';
import { ShipmentChecksService } from './shipment-checks.service';
import { ShipmentChecksController, VisitPlansController, VisitReportsController } from './visits.controller';
import { VisitsService } from './visits.service';

@Module({
  imports: [OrgModule],
  controllers: [CustomersController, AccessRequestsController, VisitPlansController, VisitReportsController, ShipmentChecksController],
  providers: [
    CustomersService,
    CustomerImportService,
    AccessRequestsService,
    VisitsService,
    ShipmentChecksService,
    CustomerVisitCadenceJob,
  ],
  exports: [CustomersService],
})
export class CustomersModule {}
