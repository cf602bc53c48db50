import { Module } from '@nestjs/common';
import { FirstAdminService } from './first-admin.service';
import { OrgUnitsController } from './org-units.controller';
import { OrgUnitsService } from './org-units.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [OrgUnitsController, UsersController],
  providers: [OrgUnitsService, UsersService, FirstAdminService],
  exports: [OrgUnitsService, UsersService],
})
export class OrgModule {}
