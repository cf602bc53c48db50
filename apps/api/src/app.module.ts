import { type DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { DatabaseModule } from './database/database.module';
import { IdempotencyInterceptor } from './common/idempotency';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { AppraisalModule } from './modules/appraisal/appraisal.module';
import { AuditModule } from './modules/audit/audit.module';
import { ActorCacheModule } from './modules/auth/actor-cache.module';
import { AuthModule } from './modules/auth/auth.module';
import { ComplaintReportsModule } from './modules/complaint-reports/complaint-reports.module';
import { ComplaintResponsibilityModule } from './modules/complaint-responsibility/complaint-responsibility.module';
import { ComplaintsModule } from './modules/complaints/complaints.module';
import { CustomersModule } from './modules/customers/customers.module';
import { HealthModule } from './modules/health/health.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { OrgModule } from './modules/org/org.module';
import { OutboxModule } from './modules/outbox/outbox.module';
import { SchedulerModule } from './modules/scheduler/scheduler.module';
import { SurveysModule } from './modules/surveys/surveys.module';
import { RotationModule } from './modules/rotation/rotation.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';

/** Fields that never reach the logs. */
export const LOG_REDACTIONS = ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'res.headers["set-cookie"]'];

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, IdempotencyInterceptor],
      exports: [APP_CONFIG, IdempotencyInterceptor],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.log.level,
            redact: { paths: LOG_REDACTIONS, censor: '[redacted]' },
            genReqId: (req) => (req as { requestId?: string }).requestId ?? '',
            customProps: () => ({ instance: config.scheduler.instanceId }),
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
            quietReqLogger: true,
          },
        }),
        DatabaseModule.forRoot(config, databaseUrl),
        ActorCacheModule,
        AuditModule,
        NotificationsModule,
        SchedulerModule,
        OutboxModule,
        OrgModule,
        ApiKeysModule,
        AuthModule,
        HealthModule,
        SurveysModule,
        CustomersModule,
        RotationModule,
        ComplaintResponsibilityModule,
        WebhooksModule,
        ComplaintReportsModule,
        ComplaintsModule,
        CustomersModule,
        AppraisalModule,
      ],
    };
  }
}
