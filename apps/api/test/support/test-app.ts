import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/bootstrap';
import { type AppConfig, loadConfig } from '../../src/config/app-config';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/** True when the tests run on a real PostgreSQL server (several truly concurrent connections). */
export const REAL_POSTGRES = Boolean(process.env.TEST_DATABASE_URL);

/** `it` for tests that race several connections: PGlite serialises everything, so they need a real server. */
export const itOnRealPostgres: jest.It = REAL_POSTGRES ? it : it.skip;

interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const embedded: EmbeddedPostgres = await startEmbeddedPostgres(null, 30);
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  const name = `cs_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  databaseUrl: string;
  http: TestAgent;
  adminUsername: string;
  adminPassword: string;
  /** Access token of the first admin (HQ). */
  adminToken: string;
  hqId: string;
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const adminPassword = `pw-${randomBytes(8).toString('hex')}`;
  const config = loadConfig({
    DATABASE_URL: db.url,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: adminPassword,
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'silent',
    WEB_DIST_DIR: '',
    DATABASE_POOL_SIZE: '10',
    ...env,
  });
  const app = await createApp(config, db.url);
  await app.init();
  const http = request(app.getHttpServer());
  const login = await http.post('/api/v1/auth/login').send({ username: 'admin', password: adminPassword });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
  const adminToken = (login.body as { accessToken: string }).accessToken;
  const me = await http.get('/api/v1/auth/me').set('authorization', `Bearer ${adminToken}`);
  return {
    app,
    config,
    databaseUrl: db.url,
    http,
    adminUsername: 'admin',
    adminPassword,
    adminToken,
    hqId: (me.body as { orgUnit: { id: string } }).orgUnit.id,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

export const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/** Creates an org unit as the HQ admin and returns its id. */
export async function createUnit(t: TestApp, kind: string, parentId: string, name: string): Promise<string> {
  const res = await t.http
    .post('/api/v1/org-units')
    .set(...bearer(t.adminToken))
    .send({ kind, parentId, name });
  if (res.status !== 201) throw new Error(`createUnit ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { id: string }).id;
}

/** Creates a user as the HQ admin, logs them in and returns their id and token. */
export async function createUser(
  t: TestApp,
  input: { username: string; orgUnitId: string; roles: string[]; joinedOn?: string },
): Promise<{ id: string; token: string; password: string }> {
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const res = await t.http
    .post('/api/v1/users')
    .set(...bearer(t.adminToken))
    .send({ displayName: input.username, password, ...input });
  if (res.status !== 201) throw new Error(`createUser ${input.username}: ${res.status} ${JSON.stringify(res.body)}`);
  const login = await t.http.post('/api/v1/auth/login').send({ username: input.username, password });
  return { id: (res.body as { id: string }).id, token: (login.body as { accessToken: string }).accessToken, password };
}
