import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../common/password';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { OrgUnit } from './org-unit.entity';
import { createUnit } from './org-units.service';
import { insertUser } from './users.service';

export const HQ_DEFAULT_NAME = '总公司';

/**
 * On the first start (no users yet) creates the first admin from ADMIN_USERNAME/ADMIN_PASSWORD,
 * in the HQ root unit (created when the tree is empty). There are no built-in credentials.
 */
@Injectable()
export class FirstAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminUsername, adminPassword } = this.config.auth;
    const passwordHash = adminPassword ? await hashPassword(adminPassword) : null;
    await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('first-admin'))`);
      const [{ n }] = (await m.query('SELECT count(*)::int AS n FROM app_user')) as [{ n: number }];
      if (n > 0) return;
      if (!adminUsername || !passwordHash) {
        this.logger.warn('No users exist yet. Set ADMIN_USERNAME and ADMIN_PASSWORD and restart to create the first admin.');
        return;
      }
      let root = await m.findOne(OrgUnit, { where: { kind: 'hq' } });
      if (!root) {
        root = await createUnit(m, { name: HQ_DEFAULT_NAME, code: 'HQ', kind: 'hq', parent: null });
        await this.audit.record(m, 'system', {
          action: 'org_unit.created',
          entityType: 'org_unit',
          entityId: root.id,
          orgUnitId: root.id,
          after: { name: root.name, kind: 'hq' },
        });
      }
      const admin = await insertUser(m, {
        username: adminUsername,
        displayName: adminUsername,
        orgUnitId: root.id,
        roles: ['admin'],
        joinedOn: null,
        phone: null,
        email: null,
        passwordHash,
      });
      await this.audit.record(m, 'system', {
        action: 'user.created',
        entityType: 'user',
        entityId: admin.id,
        orgUnitId: root.id,
        after: { username: adminUsername, roles: ['admin'] },
      });
      this.logger.log(`Created the first admin "${adminUsername}" in ${root.name}`);
    });
  }
}
