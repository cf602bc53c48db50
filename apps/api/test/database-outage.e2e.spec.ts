/**
 * Database outage (issue 9 item 6): the built API runs on a private PostgreSQL cluster (initdb +
 * pg_ctl in a temporary folder; the shared server is never touched) under light load; the cluster
 * is stopped for DB_OUTAGE_SECONDS (default 30) and started again. Requests must answer 503 with
 * Retry-After quickly (no hang, no crash), /health/ready must be red, and everything must recover
 * by itself without restarting the API. Figures: `[figures] database-outage …`.
 */
import { randomBytes } from 'node:crypto';
import { type ApiProcess, call, login, ok, printFigures, requireBuiltApi, sleep, startApiProcess } from './support/api-process';
import { findPostgresBin, type PrivatePostgres, startPrivatePostgres } from './support/private-postgres';

/** How long the database stays down. */
export const OUTAGE_SECONDS = Number(process.env.DB_OUTAGE_SECONDS ?? 30);
/** The slowest acceptable answer while the database is down. */
const MAX_OUTAGE_ANSWER_MS = 3_000;
/** How long the database hangs (SIGSTOP: connections open, nothing answers). */
export const HANG_SECONDS = Number(process.env.DB_HANG_SECONDS ?? 12);
/** The API under the hang test: statement timeout 2 s, so the client gives up after 2 + 5 s. */
const HANG_STATEMENT_TIMEOUT_MS = 2_000;
/** Worst case while hung: the client-side query timeout (statement timeout + 5 s) plus the pool's 5 s wait, plus slack. */
const MAX_HANG_ANSWER_MS = HANG_STATEMENT_TIMEOUT_MS + 5_000 + 5_000 + 2_000;
/** Time the API gets to notice the database is back. */
const RECOVERY_BUDGET_MS = 20_000;

const PG_BIN = findPostgresBin();
const describeWithPg = PG_BIN ? describe : describe.skip;
if (!PG_BIN) process.stdout.write('database-outage.e2e: skipped — no initdb found under /usr/lib/postgresql/*/bin (set PG_BIN)\n');

interface Sample {
  at: number;
  ms: number;
  status: number;
  retryAfter: string | null;
  kind: 'intake' | 'list' | 'ready';
}

describeWithPg('database outage: 503 with Retry-After while PostgreSQL is down, recovery without a restart', () => {
  jest.setTimeout(OUTAGE_SECONDS * 1000 + HANG_SECONDS * 1000 + 140_000);
  let cluster: PrivatePostgres;
  let api: ApiProcess;
  const adminPassword = `pw-${randomBytes(8).toString('hex')}`;

  beforeAll(async () => {
    requireBuiltApi();
    cluster = await startPrivatePostgres(PG_BIN!);
  });

  afterAll(async () => {
    await api?.stop();
    await cluster?.destroy();
  });

  it(`answers 503 + Retry-After within ${MAX_OUTAGE_ANSWER_MS} ms during a ${OUTAGE_SECONDS} s outage, goes not-ready, and recovers by itself`, async () => {
    api = await startApiProcess({
      DATABASE_URL: cluster.url,
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: adminPassword,
      // The scheduler keeps ticking through the outage: its failures must not take the process down.
      SCHEDULER_ENABLED: 'true',
      DATABASE_POOL_SIZE: '5',
    });
    const token = (await login(api.baseUrl, 'admin', adminPassword)).accessToken;
    const me = await ok<{ orgUnit: { id: string } }>(api.baseUrl, 'GET', '/api/v1/auth/me', { token });
    const platform = await ok<{ id: string }>(api.baseUrl, 'POST', '/api/v1/org-units', {
      token,
      body: { kind: 'platform', parentId: me.orgUnit.id, name: 'Platform O' },
    });
    const branch = await ok<{ id: string }>(api.baseUrl, 'POST', '/api/v1/org-units', {
      token,
      body: { kind: 'branch', parentId: platform.id, name: 'Branch O' },
    });

    const samples: Sample[] = [];
    let running = true;
    let n = 0;
    const record = async (kind: Sample['kind'], method: string, path: string, body?: unknown): Promise<void> => {
      const at = Date.now();
      const res = await call(api.baseUrl, method, path, { token, body, timeoutMs: 30_000 });
      samples.push({ at, ms: res.ms, status: res.status, retryAfter: res.headers.get('retry-after'), kind });
    };
    const intakeLoop = async (): Promise<void> => {
      while (running) {
        await record('intake', 'POST', '/api/v1/complaints', {
          kind: 'complaint',
          channel: 'phone',
          severity: 'general',
          subject: `Outage load ${n++}`,
          description: 'Light load during a database outage',
          callerName: 'Caller',
          receivingUnitId: branch.id,
        });
        await sleep(100);
      }
    };
    const listLoop = async (): Promise<void> => {
      while (running) {
        await record('list', 'GET', '/api/v1/complaints?limit=5');
        await sleep(100);
      }
    };
    const readyLoop = async (): Promise<void> => {
      while (running) {
        const at = Date.now();
        const res = await call(api.baseUrl, 'GET', '/health/ready', { timeoutMs: 30_000 });
        samples.push({ at, ms: res.ms, status: res.status, retryAfter: res.headers.get('retry-after'), kind: 'ready' });
        await sleep(250);
      }
    };
    const loops = Promise.all([intakeLoop(), intakeLoop(), listLoop(), readyLoop()]);

    await sleep(3_000);
    const stopAt = Date.now();
    await cluster.stop();
    const downAt = Date.now();
    await sleep(OUTAGE_SECONDS * 1000);
    const restartAt = Date.now();
    await cluster.start();
    const upAt = Date.now();
    // Wait for readiness to come back by itself, then keep the load on a little longer.
    let readyAgainAt: number | null = null;
    while (Date.now() - upAt < RECOVERY_BUDGET_MS) {
      const r = samples.filter((s) => s.kind === 'ready' && s.at >= upAt && s.status === 200);
      if (r.length) {
        readyAgainAt = r[0]!.at;
        break;
      }
      await sleep(100);
    }
    await sleep(3_000);
    running = false;
    await loops;
    const alive = !api.exited();
    const afterIntake = await call<{ id: string }>(api.baseUrl, 'POST', '/api/v1/complaints', {
      token,
      body: {
        kind: 'complaint',
        channel: 'phone',
        severity: 'general',
        subject: 'After',
        description: 'After the outage',
        callerName: 'C',
        receivingUnitId: branch.id,
      },
    });

    const before = samples.filter((s) => s.at + s.ms < stopAt);
    // Requests sent while the database was fully down (after pg_ctl stop returned, answered before the restart began).
    const during = samples.filter((s) => s.at >= downAt && s.at + s.ms < restartAt);
    const duringApi = during.filter((s) => s.kind !== 'ready');
    const duringReady = during.filter((s) => s.kind === 'ready');
    const settled = readyAgainAt ?? upAt;
    const after = samples.filter((s) => s.at > settled + 1_000);
    const statusCounts = (list: Sample[]): Record<string, number> =>
      list.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.status]: (acc[s.status] ?? 0) + 1 }), {});
    const maxMs = (list: Sample[]): number => list.reduce((m, s) => Math.max(m, s.ms), 0);
    printFigures('database-outage', {
      outageSeconds: OUTAGE_SECONDS,
      requestsTried: samples.length,
      before: statusCounts(before),
      during: statusCounts(duringApi),
      duringWithoutRetryAfter: duringApi.filter((s) => s.status === 503 && !s.retryAfter).length,
      duringMaxMs: maxMs(duringApi),
      duringP50Ms: [...duringApi].sort((x, y) => x.ms - y.ms)[Math.floor(duringApi.length / 2)]?.ms ?? null,
      readyDuring: statusCounts(duringReady),
      readyDuringMaxMs: maxMs(duringReady),
      stopMs: downAt - stopAt,
      restartMs: upAt - restartAt,
      recoveredAfterMs: readyAgainAt === null ? null : readyAgainAt - upAt,
      after: statusCounts(after),
      fiveXxOtherThan503: samples.filter((s) => s.status >= 500 && s.status !== 503).length,
      noAnswer: samples.filter((s) => s.status <= 0).length,
      processAlive: alive,
      intakeAfter: afterIntake.status,
    });

    if (samples.some((s) => s.status >= 500 && s.status !== 503)) {
      const errors = api
        .logs()
        .split('\n')
        .filter((l) => l.includes('"level":50'))
        .slice(0, 5);
      process.stdout.write(`database-outage: the API logged\n${errors.map((l) => l.slice(0, 2500)).join('\n')}\n`);
    }
    expect(alive).toBe(true);
    expect(before.length).toBeGreaterThan(5);
    expect(before.every((s) => s.status < 300)).toBe(true);
    expect(duringApi.length).toBeGreaterThan(10);
    expect(statusCounts(duringApi)).toEqual({ 503: duringApi.length });
    expect(duringApi.filter((s) => !s.retryAfter)).toEqual([]);
    expect(maxMs(duringApi)).toBeLessThanOrEqual(MAX_OUTAGE_ANSWER_MS);
    expect(statusCounts(duringReady)).toEqual({ 503: duringReady.length });
    expect(maxMs(duringReady)).toBeLessThanOrEqual(MAX_OUTAGE_ANSWER_MS);
    expect(samples.filter((s) => s.status <= 0)).toEqual([]);
    expect(samples.filter((s) => s.status >= 500 && s.status !== 503)).toEqual([]);
    expect(readyAgainAt).not.toBeNull();
    expect(after.length).toBeGreaterThan(5);
    expect(after.every((s) => s.status < 300)).toBe(true);
    expect(afterIntake.status).toBe(201);
  });
  it(`answers 503 within ${MAX_HANG_ANSWER_MS} ms and goes not-ready within 3 s while the database hangs for ${HANG_SECONDS} s, and recovers`, async () => {
    await api?.stop();
    api = await startApiProcess({
      DATABASE_URL: cluster.url,
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: adminPassword,
      DATABASE_POOL_SIZE: '5',
      DATABASE_STATEMENT_TIMEOUT_MS: String(HANG_STATEMENT_TIMEOUT_MS),
    });
    const token = (await login(api.baseUrl, 'admin', adminPassword)).accessToken;
    const samples: Sample[] = [];
    let running = true;
    const loop = async (kind: Sample['kind'], path: string, pause: number): Promise<void> => {
      while (running) {
        const at = Date.now();
        const res = await call(api.baseUrl, 'GET', path, { token, timeoutMs: 30_000 });
        samples.push({ at, ms: res.ms, status: res.status, retryAfter: res.headers.get('retry-after'), kind });
        await sleep(pause);
      }
    };
    const loops = Promise.all([
      loop('list', '/api/v1/complaints?limit=5', 100),
      loop('list', '/api/v1/org-units', 100),
      loop('list', '/api/v1/auth/me', 100),
      loop('ready', '/health/ready', 250),
    ]);
    await sleep(2_000);
    const frozeAt = Date.now();
    cluster.freeze();
    await sleep(HANG_SECONDS * 1000);
    const thawAt = Date.now();
    cluster.thaw();
    let readyAgainAt: number | null = null;
    while (Date.now() - thawAt < RECOVERY_BUDGET_MS) {
      const r = samples.find((x) => x.kind === 'ready' && x.at >= thawAt && x.status === 200);
      if (r) {
        readyAgainAt = r.at;
        break;
      }
      await sleep(100);
    }
    await sleep(3_000);
    running = false;
    await loops;
    const alive = !api.exited();
    const during = samples.filter((x) => x.at >= frozeAt && x.at + x.ms < thawAt);
    const duringApi = during.filter((x) => x.kind !== 'ready');
    const duringReady = during.filter((x) => x.kind === 'ready');
    const after = samples.filter((x) => x.at > (readyAgainAt ?? thawAt) + 1_000);
    const counts = (list: Sample[]): Record<string, number> =>
      list.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x.status]: (acc[x.status] ?? 0) + 1 }), {});
    const maxMs = (list: Sample[]): number => list.reduce((m, x) => Math.max(m, x.ms), 0);
    printFigures('database-hang', {
      hangSeconds: HANG_SECONDS,
      statementTimeoutMs: HANG_STATEMENT_TIMEOUT_MS,
      requestsTried: samples.length,
      during: counts(duringApi),
      duringMaxMs: maxMs(duringApi),
      duringWithoutRetryAfter: duringApi.filter((x) => x.status === 503 && !x.retryAfter).length,
      readyDuring: counts(duringReady),
      readyDuringMaxMs: maxMs(duringReady),
      recoveredAfterMs: readyAgainAt === null ? null : readyAgainAt - thawAt,
      after: counts(after),
      noAnswer: samples.filter((x) => x.status <= 0).length,
      processAlive: alive,
    });
    expect(alive).toBe(true);
    expect(samples.filter((x) => x.status <= 0)).toEqual([]);
    expect(duringApi.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(counts(duringApi)).filter((status) => status !== '503')).toEqual([]);
    expect(duringApi.filter((x) => !x.retryAfter)).toEqual([]);
    expect(maxMs(duringApi)).toBeLessThanOrEqual(MAX_HANG_ANSWER_MS);
    expect(duringReady.length).toBeGreaterThan(2);
    expect(counts(duringReady)).toEqual({ 503: duringReady.length });
    expect(maxMs(duringReady)).toBeLessThanOrEqual(3_000);
    expect(readyAgainAt).not.toBeNull();
    expect(after.length).toBeGreaterThan(5);
    expect(after.every((x) => x.status < 300)).toBe(true);
  });
});
