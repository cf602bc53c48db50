import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './database/embedded-postgres';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  let embedded: EmbeddedPostgres | null = null;
  let databaseUrl = config.database.url;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.database.dataDir, config.database.poolSize + 4);
    databaseUrl = embedded.url;
    process.stdout.write(`Embedded PostgreSQL (PGlite) on ${embedded.url}, data in ${config.database.dataDir}\n`);
  }
  const app = await createApp(config, databaseUrl);
  if (embedded) {
    const stopEmbedded = embedded.stop.bind(embedded);
    app.getHttpServer().on('close', () => void stopEmbedded());
  }
  await app.listen(config.http.port, config.http.host);
  process.stdout.write(`API and console on http://localhost:${config.http.port} (Swagger UI at /docs)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
