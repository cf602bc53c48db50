import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** How much longer than statement_timeout the client waits for an answer before giving up. */
export const QUERY_TIMEOUT_MARGIN_MS = 5_000;

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
      // statement_timeout is enforced by the server; a server that hangs (network partition, stopped
      // process) never enforces it. The client gives up a little later on its own (0 = no limit).
      query_timeout: options.statementTimeoutMs ? options.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS : 0,
      idle_in_transaction_session_timeout: 60000,
    },
  };
}

export function createDataSource(options: DatabaseConnectionOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}
