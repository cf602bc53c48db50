import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { buildOpenApiDocument, serializeOpenApi } from '../openapi';

/**
 * Writes libs/api-contract/openapi.json from the controllers and DTOs (no database needed:
 * the app is built in preview mode). `--check` fails when the committed file differs.
 */
export const CONTRACT_PATH = resolve(__dirname, '../../../../libs/api-contract/openapi.json');

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const config = loadConfig({ ...process.env, DATABASE_URL: 'postgres://contract@localhost/contract', WEB_DIST_DIR: '' });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, config.database.url!), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const text = serializeOpenApi(buildOpenApiDocument(app));
  await app.close();
  if (check) {
    const committed = readFileSync(CONTRACT_PATH, 'utf8');
    if (committed !== text) {
      process.stderr.write(`The API contract changed: run "pnpm contract" and commit ${CONTRACT_PATH}\n`);
      process.exit(1);
    }
    process.stdout.write('The committed API contract matches the code.\n');
    return;
  }
  writeFileSync(CONTRACT_PATH, text);
  process.stdout.write(`Wrote ${CONTRACT_PATH}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
