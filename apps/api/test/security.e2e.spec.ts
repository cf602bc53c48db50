/**
 * Security basics (issue 9 item 7) against the built API as a real process (LOG_LEVEL=debug, its
 * output captured): login throttling and account lockout, access-token expiry and refresh,
 * revocation on password change, API-key revocation, security headers — and at the end the whole
 * captured log is searched for every password, token, key and secret the run used.
 * Figures: `[figures] security …`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiProcess, call, login, ok, printFigures, requireBuiltApi, sleep, startApiProcess } from './support/api-process';
import { createTestDatabase, REAL_POSTGRES } from './support/test-app';

/** The shortest access-token life the configuration allows. */
const ACCESS_TTL_SECONDS = 30;
const MAX_FAILURES = 5;
const LOCK_MINUTES = 1;

describe('security: throttling, token life, revocation, headers, and no secrets in the logs', () => {
  jest.setTimeout(150_000);
  let api: ApiProcess;
  let drop: () => Promise<void>;
  let hqId: string;
  let adminToken: string;
  const adminPassword = `admin-pw-${randomBytes(10).toString('hex')}`;
  /** Every secret the run handles; none may appear in the logs. */
  const secrets = new Map<string, string>();
  const keep = (label: string, value: string): string => {
    secrets.set(label, value);
    return value;
  };
  /** Signed in at the start so its access token has expired by the time the expiry test runs. */
  let early: { accessToken: string; refreshToken: string; at: number };

  async function newUser(username: string): Promise<{ id: string; password: string }> {
    const password = keep(`password of ${username}`, `pw-${randomBytes(10).toString('hex')}`);
    const user = await ok<{ id: string }>(api.baseUrl, 'POST', '/api/v1/users', {
      token: adminToken,
      body: { username, displayName: username, orgUnitId: hqId, roles: ['agent'], password },
    });
    return { id: user.id, password };
  }

  async function signIn(username: string, password: string): Promise<{ accessToken: string; refreshToken: string }> {
    const tokens = await login(api.baseUrl, username, password);
    keep(`access token of ${username} ${secrets.size}`, tokens.accessToken);
    keep(`refresh token of ${username} ${secrets.size}`, tokens.refreshToken);
    return tokens;
  }

  beforeAll(async () => {
    requireBuiltApi();
    keep('admin password', adminPassword);
    const env: Record<string, string> = {
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: adminPassword,
      LOG_LEVEL: 'debug',
      ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TTL_SECONDS),
      LOGIN_MAX_FAILURES: String(MAX_FAILURES),
      LOGIN_LOCK_MINUTES: String(LOCK_MINUTES),
      JWT_SECRET: keep('JWT secret', `jwt-${randomBytes(24).toString('hex')}`),
    };
    if (REAL_POSTGRES) {
      const db = await createTestDatabase();
      env.DATABASE_URL = db.url;
      drop = () => db.drop();
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'cs-security-'));
      env.DATA_DIR = dir;
      drop = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
    }
    api = await startApiProcess(env, { readyTimeoutMs: 120_000 });
    adminToken = (await signIn('admin', adminPassword)).accessToken;
    hqId = (await ok<{ orgUnit: { id: string } }>(api.baseUrl, 'GET', '/api/v1/auth/me', { token: adminToken })).orgUnit.id;
    const u = await newUser('early.user');
    early = { ...(await signIn('early.user', u.password)), at: Date.now() };
  });

  afterAll(async () => {
    await api?.stop();
    await drop?.();
  });

  it('sends security headers (CSP, nosniff, frame options, HSTS, referrer policy) and no X-Powered-By', async () => {
    const answers = await Promise.all([
      call(api.baseUrl, 'GET', '/health'),
      call(api.baseUrl, 'GET', '/api/v1/auth/me'),
      call(api.baseUrl, 'GET', '/api/v1/complaints', { token: adminToken }),
      call(api.baseUrl, 'GET', '/docs'),
    ]);
    for (const res of answers) {
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      expect(res.headers.get('content-security-policy')).toContain("object-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
    printFigures('security headers', {
      checkedResponses: answers.length,
      csp: answers[0]!.headers.get('content-security-policy'),
      frameOptions: answers[0]!.headers.get('x-frame-options'),
    });
  });

  it(`locks an account after ${MAX_FAILURES} failed logins (429 + Retry-After), refusing even the right password until the lock ends`, async () => {
    const user = await newUser('lock.target');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < MAX_FAILURES + 3; i++) {
      const res = await call(api.baseUrl, 'POST', '/api/v1/auth/login', {
        body: { username: 'lock.target', password: keep(`wrong password ${i}`, `wrong-${randomBytes(6).toString('hex')}`) },
        headers: { 'x-forwarded-for': '198.51.100.10' },
      });
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        break;
      }
    }
    const right = await call(api.baseUrl, 'POST', '/api/v1/auth/login', {
      body: { username: 'lock.target', password: user.password },
      headers: { 'x-forwarded-for': '198.51.100.11' },
    });
    const audit = await ok<{ items: { action: string; entityId: string }[] }>(
      api.baseUrl,
      'GET',
      `/api/v1/audit-log?entityType=user&entityId=${user.id}&limit=50`,
      { token: adminToken },
    );
    printFigures('security lockout', {
      maxFailures: MAX_FAILURES,
      attemptsUntil429: statuses.length,
      statuses,
      retryAfterSeconds: retryAfter,
      rightPasswordWhileLocked: right.status,
      lockAudited: audit.items.some((a) => a.action === 'user.login_locked'),
    });
    expect(statuses).toEqual([...Array<number>(MAX_FAILURES).fill(401), 429]);
    expect(Number(retryAfter)).toBeGreaterThan(LOCK_MINUTES * 60 - 10);
    expect(Number(retryAfter)).toBeLessThanOrEqual(LOCK_MINUTES * 60);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).not.toBeNull();
    expect(audit.items.some((a) => a.action === 'user.login_locked')).toBe(true);
  });

  it('throttles one client address spraying passwords over many accounts (429 + Retry-After)', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 40; i++) {
      const res = await call(api.baseUrl, 'POST', '/api/v1/auth/login', {
        body: { username: `nobody.${i}`, password: keep(`sprayed password ${i}`, `spray-${randomBytes(6).toString('hex')}`) },
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        break;
      }
    }
    // Another address is not affected.
    const other = await call(api.baseUrl, 'POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: adminPassword },
      headers: { 'x-forwarded-for': '203.0.113.8' },
    });
    if (other.status === 200) {
      const body = other.body as { accessToken: string; refreshToken: string };
      keep('admin access token (other address)', body.accessToken);
      keep('admin refresh token (other address)', body.refreshToken);
    }
    printFigures('security address throttle', {
      attemptsUntil429: statuses.length,
      first401s: statuses.filter((s) => s === 401).length,
      retryAfterSeconds: retryAfter,
      otherAddress: other.status,
    });
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.length).toBe(31);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(other.status).toBe(200);
  });

  it('revokes the other sessions of a user who changes their password: access and refresh tokens stop working at once', async () => {
    const user = await newUser('changer');
    const sessionA = await signIn('changer', user.password);
    const sessionB = await signIn('changer', user.password);
    expect((await call(api.baseUrl, 'GET', '/api/v1/auth/me', { token: sessionB.accessToken })).status).toBe(200);
    const newPassword = keep('new password of changer', `new-pw-${randomBytes(10).toString('hex')}`);
    const change = await call(api.baseUrl, 'POST', '/api/v1/auth/password', {
      token: sessionA.accessToken,
      body: { currentPassword: user.password, newPassword },
    });
    expect(change.status).toBe(204);
    const bAccess = await call(api.baseUrl, 'GET', '/api/v1/auth/me', { token: sessionB.accessToken });
    const bRefresh = await call(api.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: sessionB.refreshToken } });
    const oldPassword = await call(api.baseUrl, 'POST', '/api/v1/auth/login', { body: { username: 'changer', password: user.password } });
    const fresh = await signIn('changer', newPassword);
    const freshMe = await call(api.baseUrl, 'GET', '/api/v1/auth/me', { token: fresh.accessToken });
    printFigures('security password change', {
      otherSessionAccess: bAccess.status,
      otherSessionRefresh: bRefresh.status,
      oldPasswordLogin: oldPassword.status,
      newPasswordMe: freshMe.status,
    });
    expect(bAccess.status).toBe(401);
    expect(bRefresh.status).toBe(401);
    expect(oldPassword.status).toBe(401);
    expect(freshMe.status).toBe(200);
  });

  it('stops an API key at once when it is revoked', async () => {
    const created = await ok<{ id: string; key: string }>(api.baseUrl, 'POST', '/api/v1/api-keys', {
      token: adminToken,
      body: { name: 'Order system', scopes: ['complaints:read'], orgUnitId: hqId },
    });
    keep('API key', created.key);
    const before = await call(api.baseUrl, 'GET', '/api/v1/complaints?limit=1', { apiKey: created.key });
    await ok(api.baseUrl, 'POST', `/api/v1/api-keys/${created.id}/revoke`, { token: adminToken });
    // The very next request, and a burst right after, are refused.
    const after = await Promise.all(
      Array.from({ length: 10 }, () => call(api.baseUrl, 'GET', '/api/v1/complaints?limit=1', { apiKey: created.key })),
    );
    printFigures('security api key revocation', { before: before.status, afterRevocation: after.map((r) => r.status) });
    expect(before.status).toBe(200);
    expect(after.every((r) => r.status === 401)).toBe(true);
  });

  it(`expires access tokens after ACCESS_TOKEN_TTL_SECONDS (${ACCESS_TTL_SECONDS} s); a refresh token gets a new pair once and is then spent`, async () => {
    const wait = early.at + (ACCESS_TTL_SECONDS + 2) * 1000 - Date.now();
    if (wait > 0) await sleep(wait);
    const expired = await call(api.baseUrl, 'GET', '/api/v1/auth/me', { token: early.accessToken });
    const refreshed = await call<{ accessToken: string; refreshToken: string; expiresIn: number }>(
      api.baseUrl,
      'POST',
      '/api/v1/auth/refresh',
      {
        body: { refreshToken: early.refreshToken },
      },
    );
    expect(refreshed.status).toBe(200);
    keep('refreshed access token', refreshed.body.accessToken);
    keep('refreshed refresh token', refreshed.body.refreshToken);
    const renewed = await call(api.baseUrl, 'GET', '/api/v1/auth/me', { token: refreshed.body.accessToken });
    const reused = await call(api.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: early.refreshToken } });
    // Reuse of a spent refresh token is taken as theft: the pair issued from it is revoked too.
    const afterTheft = await call(api.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: refreshed.body.refreshToken } });
    printFigures('security token life', {
      ttlSeconds: ACCESS_TTL_SECONDS,
      expiresIn: refreshed.body.expiresIn,
      expiredAccess: expired.status,
      refresh: refreshed.status,
      renewedAccess: renewed.status,
      reusedRefresh: reused.status,
      refreshAfterReuse: afterTheft.status,
    });
    expect(expired.status).toBe(401);
    expect(renewed.status).toBe(200);
    expect(refreshed.body.expiresIn).toBe(ACCESS_TTL_SECONDS);
    expect(reused.status).toBe(401);
    expect(afterTheft.status).toBe(401);
  });

  it('writes no password, token, API key or secret to the logs of the whole run (LOG_LEVEL=debug)', async () => {
    // A webhook secret and a few more requests carrying credentials, then search everything logged.
    adminToken = (await signIn('admin', adminPassword)).accessToken; // the first one has expired by now
    const hook = await ok<{ secret: string }>(api.baseUrl, 'POST', '/api/v1/webhooks', {
      token: adminToken,
      body: { name: 'Log check', url: 'http://127.0.0.1:9/hook', events: ['complaint.created'] },
    });
    keep('webhook secret', hook.secret);
    await call(api.baseUrl, 'POST', '/api/v1/auth/login', { body: { username: adminPassword, password: adminPassword } });
    await sleep(500); // let the last log lines flush
    const logs = api.logs();
    const lines = logs.split('\n').filter(Boolean);
    const leaks: string[] = [];
    for (const [label, value] of secrets) {
      // The whole value, and for composite tokens each long part on its own.
      const parts = [value, ...value.split(/[.]/).filter((p) => p.length >= 16)];
      if (parts.some((p) => logs.includes(p))) leaks.push(label);
    }
    printFigures('security logs', {
      logLines: lines.length,
      logBytes: logs.length,
      requestLogLines: lines.filter((l) => l.includes('"req"')).length,
      secretsSearched: secrets.size,
      leaks: leaks.length,
      leaked: leaks,
    });
    expect(lines.filter((l) => l.includes('"req"')).length).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
  });
});
