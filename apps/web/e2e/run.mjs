#!/usr/bin/env node
/**
 * Browser journeys: the built API (serving the built console) on a fresh database, driven by
 * headless Debian Chromium through playwright-core.
 *
 *   node apps/web/e2e/run.mjs [filter…]     (filters match journey file or journey names)
 *
 * Database: a new database on the server of TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test), dropped at the end; when no server answers, the API's
 * embedded PostgreSQL (PGlite) in a temporary data folder. Every journey file in ./journeys
 * exports `journeys = [{ name, run: async ({ page, baseUrl, admin, api }) => {} }]`; each journey
 * gets a fresh browser context (1366×768), plus `api` (HTTP calls as the admin, for setup) and
 * `sql(text, params)` (direct queries on the API's database, for setup that has no endpoint). A failure saves a screenshot in ./artifacts. The last
 * line is `N passed, N failed`; the exit code is non-zero when anything failed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const apiMain = join(root, 'apps/api/dist/main.js');
const webDist = join(root, 'apps/web/dist');
const artifacts = join(here, 'artifacts');
const journeysDir = join(here, 'journeys');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ADMIN = { username: 'e2e-admin', password: `E2e-${randomBytes(9).toString('base64url')}` };
const filters = process.argv.slice(2);

const log = (line) => process.stdout.write(`${line}\n`);

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** A fresh database on the test server, or null when no server answers (→ embedded mode). */
async function createDatabase() {
  const baseUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const name = `e2e_web_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    log(`No PostgreSQL at ${baseUrl.replace(/\/\/[^@]*@/, '//…@')} (${error.message}); using the embedded database.`);
    return null;
  }
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    const admin = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000 });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
  return { url: url.toString(), drop };
}

async function waitReady(baseUrl, api, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`The API exited with code ${api.exitCode} before it was ready`);
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The API was not ready within ${timeoutMs / 1000} s`);
}

/** Setup calls over HTTP as the admin (journeys may use them; the UI steps themselves are clicks). */
async function makeApi(baseUrl) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!login.ok) throw new Error(`Admin login over HTTP failed: ${login.status} ${await login.text()}`);
  const { accessToken } = await login.json();
  const call = async (method, path, body, headers = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return data;
  };
  return {
    token: accessToken,
    get: (path) => call('GET', path),
    post: (path, body, headers) => call('POST', path, body, headers),
    patch: (path, body) => call('PATCH', path, body),
    delete: (path) => call('DELETE', path),
    /** The HQ root unit (first node of the tree). */
    root: async () => (await call('GET', '/api/v1/org-units/tree'))[0],
  };
}

async function loadJourneys() {
  if (!existsSync(journeysDir)) return [];
  const files = readdirSync(journeysDir)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  const all = [];
  for (const file of files) {
    const mod = await import(pathToFileURL(join(journeysDir, file)).href);
    if (!Array.isArray(mod.journeys)) throw new Error(`${file} does not export a \`journeys\` array`);
    for (const journey of mod.journeys) {
      const name = `${file.replace(/\.mjs$/, '')} › ${journey.name}`;
      if (filters.length === 0 || filters.some((f) => name.includes(f))) all.push({ ...journey, name });
    }
  }
  return all;
}

async function main() {
  for (const [path, hint] of [
    [apiMain, 'pnpm --filter @cs/api run build'],
    [join(webDist, 'index.html'), 'pnpm --filter @cs/web run build'],
    [CHROMIUM, 'apt-get install -y chromium'],
  ]) {
    if (!existsSync(path)) {
      log(`Missing ${path} (run: ${hint})`);
      log('0 passed, 1 failed');
      process.exitCode = 1;
      return;
    }
  }
  mkdirSync(artifacts, { recursive: true });
  const journeys = await loadJourneys();

  let database = null;
  let dataDir = null;
  let api = null;
  let browser = null;
  let sqlPool = null;
  let embeddedUrl = null;
  let passed = 0;
  let failed = 0;
  let flaky = 0;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await sqlPool?.end().catch(() => {});
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((r) => {
        const timer = setTimeout(() => {
          api.kill('SIGKILL');
          r();
        }, 10_000);
        api.once('exit', () => {
          clearTimeout(timer);
          r();
        });
      });
    }
    await database?.drop().catch((e) => log(`Could not drop the test database: ${e.message}`));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const onSignal = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    database = await createDatabase();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: randomBytes(32).toString('hex'),
      WEB_DIST_DIR: webDist,
      LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    };
    if (database) env.DATABASE_URL = database.url;
    else {
      delete env.DATABASE_URL;
      dataDir = mkdtempSync(join(tmpdir(), 'cs-e2e-'));
      env.DATA_DIR = dataDir;
    }
    const apiLog = createWriteStream(join(artifacts, 'api.log'));
    api = spawn(process.execPath, [apiMain], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    api.stdout.pipe(apiLog);
    api.stdout.on('data', (chunk) => {
      embeddedUrl ??= /Embedded PostgreSQL \(PGlite\) on (\S+?),/.exec(String(chunk))?.[1] ?? null;
    });
    api.stderr.pipe(apiLog);
    await waitReady(baseUrl, api);
    const apiHelper = await makeApi(baseUrl);
    const sql = async (text, params = []) => {
      const url = database?.url ?? embeddedUrl;
      if (!url) throw new Error('The database URL of the API is not known');
      sqlPool ??= new pg.Pool({ connectionString: url, max: 1 });
      return (await sqlPool.query(text, params)).rows;
    };

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    // A journey that fails is tried once more in a fresh context; a pass on the retry is counted as
    // a pass but reported as flaky (with the first failure), so load-sensitive flakes stay visible.
    const attempt = async (journey) => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'UTC' });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const pageErrors = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      try {
        await journey.run({ page, baseUrl, admin: { ...ADMIN }, api: apiHelper, sql });
        if (pageErrors.length) throw new Error(`Uncaught error in the page: ${pageErrors[0]}`);
        return null;
      } catch (error) {
        const shot = join(artifacts, `${journey.name.replace(/[^a-zA-Z0-9_-]+/g, '_')}.png`);
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        const detail = String(error?.stack || error)
          .split('\n')
          .slice(0, 6)
          .join('\n    ');
        return `${detail}\n    page: ${page.url()}\n    screenshot: ${shot}`;
      } finally {
        await context.close().catch(() => {});
      }
    };
    for (const journey of journeys) {
      const started = Date.now();
      const firstFailure = await attempt(journey);
      const secondFailure = firstFailure ? await attempt(journey) : null;
      if (!secondFailure) {
        passed += 1;
        if (firstFailure) {
          flaky += 1;
          log(`  ✓ ${journey.name} (${Date.now() - started} ms) — FLAKY: passed on the retry; first failure:\n    ${firstFailure}`);
        } else {
          log(`  ✓ ${journey.name} (${Date.now() - started} ms)`);
        }
      } else {
        failed += 1;
        log(`  ✗ ${journey.name} (${Date.now() - started} ms)`);
        log(`    ${secondFailure}`);
      }
    }
  } catch (error) {
    failed += 1;
    log(`Setup failed: ${error?.stack || error}`);
    log(`API log: ${join(artifacts, 'api.log')}`);
  } finally {
    await cleanup();
  }
  if (journeys.length === 0 && failed === 0) log('No journeys matched.');
  if (flaky > 0) log(`${flaky} journey(s) passed only on the retry (see FLAKY above)`);
  log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
