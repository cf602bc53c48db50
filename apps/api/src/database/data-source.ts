import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DatabaseConnectionOptions {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  applicationName?: string;
}

export function dataSourceOptions(options: DatabaseConnectionOptions): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'all',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    applicationName: options.applicationName ?? 'cs-api',
    extra: {
      max: options.poolSize,
      connectionTimeoutMillis: 5000,
      statement_timeout: options.statementTimeoutMs,
      idle_in_transaction_session_timeout: 60000,
    },
  };
}

export function createDataSource(options: DatabaseConnectionOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}
