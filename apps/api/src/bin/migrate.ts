import 'reflect-metadata';
import { loadConfig } from '../config/app-config';
import { createDataSource } from '../database/data-source';
import { migrateWithLock } from '../database/migrate';

/**
 * Applies pending migrations to DATABASE_URL and exits (for deployments that migrate before
 * rolling out replicas; the API also migrates on start, under the same advisory lock).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.database.url) {
    process.stderr.write('DATABASE_URL is not set: the embedded database is migrated when the API starts.\n');
    process.exit(78);
  }
  const dataSource = createDataSource({ url: config.database.url, poolSize: 2, statementTimeoutMs: 0, applicationName: 'cs-migrate' });
  await dataSource.initialize();
  try {
    const applied = await migrateWithLock(dataSource);
    process.stdout.write(`Applied ${applied} migration(s).\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
