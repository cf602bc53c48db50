import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { enablePreparedStatements } from '../common/sql';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';
import { migrateWithLock } from './migrate';

@Module({})
export class DatabaseModule {
  /** `url` is the resolved database (external or embedded); migrations run before anything else. */
  static forRoot(config: AppConfig, url: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            dataSourceOptions({
              url,
              poolSize: config.database.poolSize,
              statementTimeoutMs: config.database.statementTimeoutMs,
              applicationName: config.scheduler.instanceId,
            }),
          dataSourceFactory: async (options) => {
            const dataSource = new DataSource(options!);
            await dataSource.initialize();
            await migrateWithLock(dataSource);
            await enablePreparedStatements(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}
