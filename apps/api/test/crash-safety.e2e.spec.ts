/**
 * Crash safety (issue 9 item 5): the built API (`node apps/api/dist/main.js`) is killed with
 * SIGKILL during sustained intake and in the middle of an SLA sweep, then restarted on the same
 * database. Every acknowledged (2xx) complaint must be there with its `created` event and audit
 * row, nothing half-written, and the next sweep must finish the work exactly once. The same intake
 * check runs in embedded mode (PGlite in a temporary DATA_DIR). Figures: `[figures] crash-safety …`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type ApiProcess, call, login, ok, printFigures, requireBuiltApi, sleep, startApiProcess } from './support/api-process';
import { complaintColumnNames } from './support/complaint-fixtures';
import { createTestDatabase, REAL_POSTGRES } from './support/test-app';

const itReal = REAL_POSTGRES ? it : it.skip;
if (!REAL_POSTGRES) {
  process.stdout.write('crash-safety.e2e: PostgreSQL cases skipped (set TEST_DATABASE_URL); the embedded-mode case runs\n');
}

/** How long intake runs before the kill, and how many requests are in flight at once. */
const INTAKE_MS = Number(process.env.CRASH_INTAKE_MS ?? 3_000);
const INTAKE_CONCURRENCY = 8;
/** PGlite serialises every transaction: fewer requests in flight, or they queue past the pool's 5 s wait (503). */
const EMBEDDED_CONCURRENCY = 3;
/** Intake goes on past INTAKE_MS until this many complaints were acknowledged. */
const MIN_ACKNOWLEDGED = 30;
const SWEEP_DUE = Number(process.env.CRASH_SWEEP_DUE ?? 10_000);

const complaintBody = (branchId: string, i: number): Record<string, unknown> => ({
  kind: 'complaint',
  channel: 'phone',
  severity: 'general',
  subject: `Crash intake ${i}`,
  description: 'Sustained intake while the process is killed',
  callerName: 'Caller',
  receivingUnitId: branchId,
});

interface IntakeFigures {
  tried: number;
  acknowledged: string[];
  refused: number;
  /** Status → count of the refused requests. */
  refusedStatuses: Record<string, number>;
  cutOff: number;
}

/**
 * Concurrent POST loops against `api`; after `killAfterMs` the process gets SIGKILL while requests
 * are in flight. Returns the ids of acknowledged (201) complaints.
 */
async function intakeUntilKilled(
  api: ApiProcess,
  token: string,
  branchId: string,
  killAfterMs: number,
  concurrency: number,
): Promise<IntakeFigures> {
  const figures: IntakeFigures = { tried: 0, acknowledged: [], refused: 0, refusedStatuses: {}, cutOff: 0 };
  let stop = false;
  let n = 0;
  const loop = async (): Promise<void> => {
    while (!stop) {
      const i = n++;
      figures.tried++;
      const res = await call<{ id: string }>(api.baseUrl, 'POST', '/api/v1/complaints', {
        token,
        body: complaintBody(branchId, i),
        timeoutMs: 15_000,
      });
      if (res.status === 201) figures.acknowledged.push(res.body.id);
      else if (res.status <= 0) {
        figures.cutOff++;
        stop = true; // the process is gone
      } else {
        figures.refused++;
        figures.refusedStatuses[res.status] = (figures.refusedStatuses[res.status] ?? 0) + 1;
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  // Kill once intake has run a while and enough was acknowledged (bounded: a slow machine gets 30 s).
  const started = Date.now();
  while (Date.now() - started < killAfterMs || (figures.acknowledged.length < MIN_ACKNOWLEDGED && Date.now() - started < 30_000)) {
    await sleep(50);
  }
  await api.kill9();
  await Promise.all(loops);
  if (figures.refused > 0) {
    // Say why: the killed process's warnings and errors.
    const problems = api
      .logs()
      .split('\n')
      .filter((l) => /"level":(40|50|60)/.test(l))
      .slice(0, 3);
    process.stdout.write(
      `crash-safety: ${figures.refused} refused; the API logged:\n${problems.map((l) => l.slice(0, 1500)).join('\n')}\n`,
    );
  }
  return figures;
}

/** Orphan and completeness checks on the complaint tables; all must be zero. */
async function halfWritten(pg: Client, acknowledged: string[]): Promise<Record<string, number>> {
  const q = async (sql: string, params: unknown[] = []): Promise<number> => Number((await pg.query<{ n: number }>(sql, params)).rows[0]!.n);
  return {
    lost: await q(
      `SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM complaint c WHERE c.id = a.id)`,
      [acknowledged],
    ),
    withoutCreatedEvent: await q(
      `SELECT count(*)::int AS n FROM complaint c WHERE NOT EXISTS (SELECT 1 FROM complaint_event e WHERE e.complaint_id = c.id AND e.type = 'created')`,
    ),
    withoutAudit: await q(
      `SELECT count(*)::int AS n FROM complaint c WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_type = 'complaint' AND a.entity_id = c.id::text AND a.action = 'complaint.created')`,
    ),
    withoutOutbox: await q(
      `SELECT count(*)::int AS n FROM complaint c WHERE NOT EXISTS (SELECT 1 FROM outbox_event o WHERE o.aggregate_type = 'complaint' AND o.aggregate_id::text = c.id::text AND o.event_type = 'complaint.created')`,
    ),
    orphanEvents: await q(
      `SELECT count(*)::int AS n FROM complaint_event e WHERE NOT EXISTS (SELECT 1 FROM complaint c WHERE c.id = e.complaint_id)`,
    ),
    orphanAudit: await q(
      `SELECT count(*)::int AS n FROM audit_log a WHERE a.entity_type = 'complaint' AND NOT EXISTS (SELECT 1 FROM complaint c WHERE c.id::text = a.entity_id)`,
    ),
    orphanOutbox: await q(
      `SELECT count(*)::int AS n FROM outbox_event o WHERE o.aggregate_type = 'complaint' AND NOT EXISTS (SELECT 1 FROM complaint c WHERE c.id::text = o.aggregate_id::text)`,
    ),
  };
}

async function setUpBranch(api: ApiProcess, token: string): Promise<string> {
  const me = await ok<{ orgUnit: { id: string } }>(api.baseUrl, 'GET', '/api/v1/auth/me', { token });
  const platform = await ok<{ id: string }>(api.baseUrl, 'POST', '/api/v1/org-units', {
    token,
    body: { kind: 'platform', parentId: me.orgUnit.id, name: 'Platform C' },
  });
  return (
    await ok<{ id: string }>(api.baseUrl, 'POST', '/api/v1/org-units', {
      token,
      body: { kind: 'branch', parentId: platform.id, name: 'Branch C' },
    })
  ).id;
}

describe('crash safety: kill -9 and restart', () => {
  jest.setTimeout(170_000);
  beforeAll(() => requireBuiltApi());

  describe('on PostgreSQL', () => {
    let db: { url: string; drop(): Promise<void> };
    let pg: Client;
    let api: ApiProcess | undefined;
    let env: Record<string, string>;
    const adminPassword = `pw-${randomBytes(8).toString('hex')}`;

    beforeAll(async () => {
      if (!REAL_POSTGRES) return;
      db = await createTestDatabase();
      env = {
        DATABASE_URL: db.url,
        ADMIN_USERNAME: 'admin',
        ADMIN_PASSWORD: adminPassword,
        INSTANCE_ID: 'crash-api',
        DATABASE_POOL_SIZE: '10',
      };
      pg = new Client({ connectionString: db.url });
      await pg.connect();
    });

    afterAll(async () => {
      await api?.stop();
      await pg?.end();
      await db?.drop();
    });

    itReal(
      'keeps every acknowledged complaint with its created event and audit row after kill -9 during intake; nothing half-written',
      async () => {
        api = await startApiProcess(env);
        let token = (await login(api.baseUrl, 'admin', adminPassword)).accessToken;
        const branchId = await setUpBranch(api, token);
        const intake = await intakeUntilKilled(api, token, branchId, INTAKE_MS, INTAKE_CONCURRENCY);
        const restartStarted = Date.now();
        api = await startApiProcess(env);
        const restartMs = Date.now() - restartStarted;
        const stored = Number((await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM complaint`)).rows[0]!.n);
        const checks = await halfWritten(pg, intake.acknowledged);
        token = (await login(api.baseUrl, 'admin', adminPassword)).accessToken;
        const after = await call(api.baseUrl, 'POST', '/api/v1/complaints', { token, body: complaintBody(branchId, -1) });
        printFigures('crash-safety intake (PostgreSQL)', {
          tried: intake.tried,
          acknowledged: intake.acknowledged.length,
          refused: intake.refused,
          refusedStatuses: intake.refusedStatuses,
          cutOffByKill: intake.cutOff,
          stored,
          committedNotAcknowledged: stored - intake.acknowledged.length,
          restartMs,
          ...checks,
        });
        expect(intake.acknowledged.length).toBeGreaterThanOrEqual(MIN_ACKNOWLEDGED);
        // A refusal may only be "busy, retry" (503 with Retry-After); nothing else.
        expect(Object.keys(intake.refusedStatuses).filter((status) => status !== '503')).toEqual([]);
        // What committed without an answer can only be among the requests the kill cut off.
        expect(stored - intake.acknowledged.length).toBeGreaterThanOrEqual(0);
        expect(stored - intake.acknowledged.length).toBeLessThanOrEqual(intake.cutOff);
        expect(checks).toEqual({
          lost: 0,
          withoutCreatedEvent: 0,
          withoutAudit: 0,
          withoutOutbox: 0,
          orphanEvents: 0,
          orphanAudit: 0,
          orphanOutbox: 0,
        });
        expect(stored).toBeGreaterThanOrEqual(intake.acknowledged.length);
        expect(after.status).toBe(201);
      },
    );

    itReal('finishes an SLA sweep killed mid-run exactly once with the next sweep', async () => {
      api ??= await startApiProcess(env);
      const token = (await login(api.baseUrl, 'admin', adminPassword)).accessToken;
      // A large due backlog: clones of one complaint, received 25–45 hours ago (two tiers passed).
      const { rows } = await pg.query<{ id: string }>(`SELECT id FROM complaint ORDER BY created_at LIMIT 1`);
      const template = rows[0]!.id;
      const cols = await complaintColumnNames(pg);
      const clone: Record<string, string> = {
        id: 'gen_random_uuid()',
        number: `'K' || lpad(g::text, 9, '0')`,
        subject: `'Sweep crash ' || g`,
        received_at: 'ra',
        received_month: `to_char(ra AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`,
        clock_start: 'ra',
        tier: '1',
        tier_deadlines: `ARRAY[ra + interval '4 hours', ra + interval '24 hours', ra + interval '48 hours']::timestamptz(3)[]`,
        warn_times: `ARRAY[ra + interval '3 hours', ra + interval '23 hours', ra + interval '47 hours']::timestamptz(3)[]`,
        due_at: `ra + interval '4 hours'`,
        warn_at: `ra + interval '3 hours'`,
        sla_next_at: `ra + interval '4 hours'`,
        status: `'received'`,
        escalation_count: '0',
        version: '1',
      };
      await pg.query(
        `INSERT INTO complaint (${cols.join(', ')})
         SELECT ${cols.map((c) => clone[c] ?? `t.${c}`).join(', ')}
         FROM generate_series(1, $1::int) AS g
         CROSS JOIN LATERAL (SELECT date_trunc('milliseconds', now() - interval '25 hours' - (g % 1200) * interval '1 minute') AS ra) r
         CROSS JOIN (SELECT * FROM complaint WHERE id = $2) t`,
        [SWEEP_DUE, template],
      );
      // Other complaints (from the intake case) are not due yet: only the clones are swept.
      const due = Number((await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM complaint WHERE sla_next_at <= now()`)).rows[0]!.n);
      expect(due).toBe(SWEEP_DUE);

      // Trigger the sweep and kill the process as soon as its statement is running.
      const trigger = call(api.baseUrl, 'POST', '/api/v1/scheduler/jobs/sla-sweep/run', { token, timeoutMs: 120_000 });
      let seenRunning = false;
      const waitStarted = Date.now();
      while (Date.now() - waitStarted < 30_000) {
        const { rows: active } = await pg.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'crash-api'
             AND state = 'active' AND query LIKE '%WITH due AS%'`,
        );
        if (Number(active[0]!.n) > 0) {
          seenRunning = true;
          break;
        }
        await sleep(5);
      }
      await api.kill9();
      const answer = await trigger;
      const committedBeforeKill = Number(
        (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM complaint_event WHERE type = 'escalated'`)).rows[0]!.n,
      );

      api = await startApiProcess(env);
      const token2 = (await login(api.baseUrl, 'admin', adminPassword)).accessToken;
      // The killed run's transaction is rolled back; its row locks go with its backend. Sweep until nothing is due.
      let runs = 0;
      let escalatedByNextSweeps = 0;
      const sweepStarted = Date.now();
      for (;;) {
        const r = await ok<{ escalated?: number }>(api.baseUrl, 'POST', '/api/v1/scheduler/jobs/sla-sweep/run', {
          token: token2,
          timeoutMs: 120_000,
        });
        runs++;
        escalatedByNextSweeps += r.escalated ?? 0;
        const left = Number(
          (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM complaint WHERE sla_next_at <= now()`)).rows[0]!.n,
        );
        if (left === 0) break;
        if (Date.now() - sweepStarted > 60_000) throw new Error(`still ${left} due after ${runs} sweeps`);
        if ((r.escalated ?? 0) === 0) await sleep(200);
      }
      const q = async (sql: string): Promise<number> => Number((await pg.query<{ n: number }>(sql)).rows[0]!.n);
      const events = await q(`SELECT count(*)::int AS n FROM complaint_event WHERE type = 'escalated'`);
      const duplicates = await q(
        `SELECT count(*)::int AS n FROM (SELECT complaint_id, from_tier FROM complaint_event WHERE type = 'escalated' GROUP BY 1, 2 HAVING count(*) > 1) d`,
      );
      const missing = await q(
        `SELECT count(*)::int AS n FROM complaint c CROSS JOIN generate_series(1, 2) AS k
         WHERE c.subject LIKE 'Sweep crash %' AND NOT EXISTS (SELECT 1 FROM complaint_event e WHERE e.complaint_id = c.id AND e.type = 'escalated' AND e.from_tier = k)`,
      );
      const wrongState = await q(
        `SELECT count(*)::int AS n FROM complaint WHERE subject LIKE 'Sweep crash %' AND (tier <> 3 OR escalation_count <> 2)`,
      );
      const audit = await q(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'complaint.escalated'`);
      const outbox = await q(`SELECT count(*)::int AS n FROM outbox_event WHERE event_type = 'complaint.escalated'`);
      const stuckRuns = await q(`SELECT count(*)::int AS n FROM scheduler_run WHERE status = 'running'`);
      printFigures('crash-safety sweep (PostgreSQL)', {
        due: SWEEP_DUE,
        killedWhileStatementRunning: seenRunning,
        killedTriggerStatus: answer.status,
        committedBeforeKill,
        nextSweepRuns: runs,
        escalatedByNextSweeps,
        escalatedEvents: events,
        expected: SWEEP_DUE * 2,
        duplicates,
        missing,
        wrongState,
        auditRows: audit,
        outboxRows: outbox,
        stuckRunRecords: stuckRuns,
      });
      expect(seenRunning).toBe(true);
      expect(answer.status).toBe(0); // the connection died with the process: no answer
      expect(duplicates).toBe(0);
      expect(missing).toBe(0);
      expect(events).toBe(SWEEP_DUE * 2);
      expect(committedBeforeKill + escalatedByNextSweeps).toBe(SWEEP_DUE * 2);
      expect(wrongState).toBe(0);
      expect(audit).toBe(SWEEP_DUE * 2);
      expect(outbox).toBe(SWEEP_DUE * 2);
      expect(stuckRuns).toBe(0);
    });
  });

  describe('in embedded mode (PGlite in DATA_DIR)', () => {
    let dataDir: string;
    let api: ApiProcess | undefined;

    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'cs-crash-'));
    });

    afterAll(async () => {
      await api?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('keeps every acknowledged complaint after kill -9 during intake and restart on the same data folder', async () => {
      const adminPassword = `pw-${randomBytes(8).toString('hex')}`;
      const env = { DATA_DIR: dataDir, ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: adminPassword, DATABASE_POOL_SIZE: '4' };
      api = await startApiProcess(env, { readyTimeoutMs: 120_000 });
      let token = (await login(api.baseUrl, 'admin', adminPassword)).accessToken;
      const branchId = await setUpBranch(api, token);
      const intake = await intakeUntilKilled(api, token, branchId, INTAKE_MS, EMBEDDED_CONCURRENCY);
      const restartStarted = Date.now();
      api = await startApiProcess(env, { readyTimeoutMs: 120_000 });
      const restartMs = Date.now() - restartStarted;
      const url = /Embedded PostgreSQL \(PGlite\) on (\S+),/.exec(api.logs())?.[1];
      expect(url).toBeDefined();
      const pg = new Client({ connectionString: url });
      await pg.connect();
      let checks: Record<string, number>;
      let stored: number;
      try {
        stored = Number((await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM complaint`)).rows[0]!.n);
        checks = await halfWritten(pg, intake.acknowledged);
      } finally {
        await pg.end();
      }
      token = (await login(api.baseUrl, 'admin', adminPassword)).accessToken;
      const after = await call(api.baseUrl, 'POST', '/api/v1/complaints', { token, body: complaintBody(branchId, -1) });
      printFigures('crash-safety intake (embedded)', {
        tried: intake.tried,
        acknowledged: intake.acknowledged.length,
        refused: intake.refused,
        refusedStatuses: intake.refusedStatuses,
        cutOffByKill: intake.cutOff,
        stored,
        committedNotAcknowledged: stored - intake.acknowledged.length,
        restartMs,
        ...checks,
      });
      expect(intake.acknowledged.length).toBeGreaterThanOrEqual(MIN_ACKNOWLEDGED);
      // A refusal may only be "busy, retry" (503 with Retry-After); nothing else.
      expect(Object.keys(intake.refusedStatuses).filter((status) => status !== '503')).toEqual([]);
      // What committed without an answer can only be among the requests the kill cut off.
      expect(stored - intake.acknowledged.length).toBeGreaterThanOrEqual(0);
      expect(stored - intake.acknowledged.length).toBeLessThanOrEqual(intake.cutOff);
      expect(checks).toEqual({
        lost: 0,
        withoutCreatedEvent: 0,
        withoutAudit: 0,
        withoutOutbox: 0,
        orphanEvents: 0,
        orphanAudit: 0,
        orphanOutbox: 0,
      });
      expect(after.status).toBe(201);
    });
  });
});
