/**
 * Multi-instance exactly-once (issue 9 item 4): two API processes (`node apps/api/dist/main.js`)
 * on one fresh PostgreSQL database; every scheduler job triggered 20 times at once, spread over
 * both instances. Each job must do its work exactly once: one escalation per tier per complaint,
 * one sampling decision per complaint, each expired idempotency key deleted once, each webhook
 * event delivered once. Figures are printed as `[figures] multi-instance …` lines.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { type ApiProcess, call, login, ok, printFigures, requireBuiltApi, sleep, startApiProcess } from './support/api-process';
import { complaintColumnNames } from './support/complaint-fixtures';
import { createTestDatabase, REAL_POSTGRES } from './support/test-app';
import { SLA_SWEEP_BATCH, SLA_SWEEP_MIN_SHARE } from '../src/modules/complaints/sla/sla-sweep.job';

/** One more than a sweep's batch: the first run leaves one complaint due and says so (`backlog`). */
const DUE = Number(process.env.MULTI_INSTANCE_DUE ?? SLA_SWEEP_BATCH + 1);
const TRIGGERS = 20;

/** Columns overridden when cloning template complaints made through the API. */
const CLONE: Record<string, string> = {
  id: 'gen_random_uuid()',
  number: `'M' || lpad(g::text, 9, '0')`,
  subject: `'Clone ' || g`,
  received_at: 'ra',
  received_month: `to_char(ra AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`,
  clock_start: 'ra',
  tier: '1',
  tier_deadlines: `ARRAY[ra + interval '4 hours', ra + interval '24 hours', ra + interval '48 hours']::timestamptz(3)[]`,
  warn_times: `ARRAY[ra + interval '3 hours', ra + interval '23 hours', ra + interval '47 hours']::timestamptz(3)[]`,
  due_at: `ra + interval '4 hours'`,
  warn_at: `ra + interval '3 hours'`,
  sla_next_at: `ra + interval '4 hours'`,
  breached: 'false',
  breached_at: 'NULL',
  status: `'received'`,
  escalation_count: '0',
  created_at: 'ra',
  updated_at: 'ra',
  version: '1',
};

const describeReal = REAL_POSTGRES ? describe : describe.skip;
if (!REAL_POSTGRES) {
  process.stdout.write('multi-instance.e2e: skipped — two API processes racing need a real PostgreSQL server (set TEST_DATABASE_URL)\n');
}

interface RunAnswer {
  status: string;
  error?: string | null;
  escalated?: number;
  breached?: number;
  warned?: number;
  workers?: number;
  backlog?: boolean;
  considered?: number;
  sampled?: number;
  deleted?: number;
  delivered?: number;
  claimed?: number;
  queued?: number;
  events?: number;
}

describeReal('multi-instance: two API processes on one database run each job exactly once', () => {
  jest.setTimeout(170_000);
  let db: { url: string; drop(): Promise<void> };
  let pg: Client;
  let a: ApiProcess;
  let b: ApiProcess;
  let token: string;
  let branchId: string;
  const adminPassword = `pw-${randomBytes(8).toString('hex')}`;

  beforeAll(async () => {
    requireBuiltApi();
    db = await createTestDatabase();
    const env = {
      DATABASE_URL: db.url,
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: adminPassword,
      DATABASE_POOL_SIZE: '12',
      WEBHOOK_RETRY_BASE_SECONDS: '0',
    };
    a = await startApiProcess({ ...env, INSTANCE_ID: 'api-a' });
    b = await startApiProcess({ ...env, INSTANCE_ID: 'api-b' });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    token = (await login(a.baseUrl, 'admin', adminPassword)).accessToken;
    const me = await ok<{ orgUnit: { id: string } }>(a.baseUrl, 'GET', '/api/v1/auth/me', { token });
    const platform = await ok<{ id: string }>(a.baseUrl, 'POST', '/api/v1/org-units', {
      token,
      body: { kind: 'platform', parentId: me.orgUnit.id, name: 'Platform M' },
    });
    branchId = (
      await ok<{ id: string }>(a.baseUrl, 'POST', '/api/v1/org-units', {
        token,
        body: { kind: 'branch', parentId: platform.id, name: 'Branch M' },
      })
    ).id;
  });

  afterAll(async () => {
    await pg?.end();
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  /** Fires `TRIGGERS` manual runs of a job at once, alternating the two instances. */
  async function storm(
    job: string,
  ): Promise<{ ok: number; busy: number; errors: number; fiveXx: number; answers: RunAnswer[]; ms: number }> {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: TRIGGERS }, (_, i) =>
        call<RunAnswer>(i % 2 ? b.baseUrl : a.baseUrl, 'POST', `/api/v1/scheduler/jobs/${job}/run`, { token, timeoutMs: 120_000 }),
      ),
    );
    return {
      ok: answers.filter((r) => r.status === 200 && r.body.status === 'ok').length,
      busy: answers.filter((r) => r.status === 409).length,
      errors: answers.filter((r) => r.status === 200 && r.body.status !== 'ok').length,
      fiveXx: answers.filter((r) => r.status >= 500 || r.status <= 0).length,
      answers: answers.filter((r) => r.status === 200).map((r) => r.body),
      ms: Date.now() - started,
    };
  }

  /** Runs a job on alternating instances until a run reports nothing left (bounded). */
  async function drain(job: string, done: (r: RunAnswer) => boolean): Promise<RunAnswer[]> {
    const answers: RunAnswer[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await ok<RunAnswer>(i % 2 ? b.baseUrl : a.baseUrl, 'POST', `/api/v1/scheduler/jobs/${job}/run`, {
        token,
        timeoutMs: 120_000,
      });
      answers.push(r);
      if (done(r)) return answers;
    }
    throw new Error(`${job} did not finish in 50 runs`);
  }

  async function scalar(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await pg.query<{ n: number }>(sql, params);
    return Number(rows[0]!.n);
  }

  it(`escalates ${DUE} due complaints exactly once per tier under ${TRIGGERS} overlapping sweeps on both instances`, async () => {
    // Templates through the API (so every column is as intake writes it), then cloned by SQL.
    const templates: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await ok<{ id: string }>(a.baseUrl, 'POST', '/api/v1/complaints', {
        token,
        body: {
          kind: 'complaint',
          channel: 'phone',
          severity: 'general',
          subject: `Template ${i}`,
          description: 'Template for cloning',
          callerName: 'Caller',
          receivingUnitId: branchId,
        },
      });
      templates.push(c.id);
    }
    const columns = await complaintColumnNames(pg);
    // Received 25–46 hours ago: tiers 1 and 2 have passed, tier 3 (48 h) and its warning (47 h) not yet.
    await pg.query(
      `INSERT INTO complaint (${columns.join(', ')})
       SELECT ${columns.map((c) => CLONE[c] ?? `t.${c}`).join(', ')}
       FROM generate_series(1, $1::int) AS g
       CROSS JOIN LATERAL (SELECT date_trunc('milliseconds', now() - interval '25 hours' - (g % 1200) * interval '1 minute') AS ra) r
       JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS k, * FROM complaint WHERE id = ANY ($2::uuid[])) t ON t.k = g % 3`,
      [DUE, templates],
    );
    // The templates themselves are not due; only the clones count.
    await pg.query('DELETE FROM complaint WHERE id = ANY ($1::uuid[])', [templates]);
    await pg.query('ANALYZE complaint');
    expect(await scalar(`SELECT count(*)::int AS n FROM complaint WHERE sla_next_at <= now()`)).toBe(DUE);

    const s = await storm('sla-sweep');
    const rest = await drain('sla-sweep', (r) => (r.escalated ?? 0) + (r.breached ?? 0) + (r.warned ?? 0) === 0);
    const stormEscalated = s.answers.reduce((sum, r) => sum + (r.escalated ?? 0), 0);
    const drainEscalated = rest.reduce((sum, r) => sum + (r.escalated ?? 0), 0);

    const events = await scalar(`SELECT count(*)::int AS n FROM complaint_event WHERE type = 'escalated'`);
    const duplicates = await scalar(
      `SELECT count(*)::int AS n FROM (SELECT complaint_id, from_tier FROM complaint_event WHERE type = 'escalated' GROUP BY 1, 2 HAVING count(*) > 1) d`,
    );
    const missing = await scalar(
      `SELECT count(*)::int AS n FROM complaint c CROSS JOIN generate_series(1, 2) AS k
       WHERE NOT EXISTS (SELECT 1 FROM complaint_event e WHERE e.complaint_id = c.id AND e.type = 'escalated' AND e.from_tier = k)`,
    );
    const wrongState = await scalar(`SELECT count(*)::int AS n FROM complaint WHERE tier <> 3 OR escalation_count <> 2 OR breached`);
    const audit = await scalar(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'complaint.escalated'`);
    const outbox = await scalar(`SELECT count(*)::int AS n FROM outbox_event WHERE event_type = 'complaint.escalated'`);
    const instances = await pg.query<{ instance_id: string; n: number }>(
      `SELECT instance_id, count(*)::int AS n FROM scheduler_run WHERE job_name = 'sla-sweep' AND status = 'ok' AND rows_affected > 0 GROUP BY 1 ORDER BY 1`,
    );
    // A backlog this size is split over the sweep's concurrent transactions (SLA_SWEEP_WORKERS, 2 by default).
    const workersUsed = Math.max(...[...s.answers, ...rest].map((r) => r.workers ?? 1));
    printFigures('multi-instance sla-sweep', {
      due: DUE,
      workersUsed,
      triggers: TRIGGERS,
      ok: s.ok,
      busy409: s.busy,
      errorRuns: s.errors,
      fiveXx: s.fiveXx,
      stormMs: s.ms,
      runErrors: [...new Set([...s.answers, ...rest].filter((r) => r.status !== 'ok').map((r) => r.error))],
      stormEscalated,
      drainRuns: rest.length,
      drainEscalated,
      escalatedEvents: events,
      expected: DUE * 2,
      duplicates,
      missing,
      auditRows: audit,
      outboxRows: outbox,
      workingRunsByInstance: Object.fromEntries(instances.rows.map((r) => [r.instance_id, r.n])),
    });
    expect(s.fiveXx).toBe(0);
    expect(s.errors).toBe(0);
    expect(s.ok + s.busy).toBe(TRIGGERS);
    expect(duplicates).toBe(0);
    expect(missing).toBe(0);
    expect(events).toBe(DUE * 2);
    expect(stormEscalated + drainEscalated).toBe(DUE * 2);
    expect(wrongState).toBe(0);
    expect(audit).toBe(DUE * 2);
    expect(outbox).toBe(DUE * 2);
    expect(workersUsed).toBe(DUE >= 2 * SLA_SWEEP_MIN_SHARE ? 2 : 1);
    // A run that took a whole batch of a larger backlog says due complaints remain; the run that
    // finds nothing left says none do.
    const swept = [...s.answers, ...rest].filter((r) => r.status === 'ok');
    expect(swept.some((r) => r.backlog === true)).toBe(DUE > SLA_SWEEP_BATCH);
    expect(rest.at(-1)?.backlog).toBe(false);
  });

  it('samples each answered complaint for a return visit exactly once under overlapping runs', async () => {
    // The escalated clones, answered (by SQL: the sampling job is what is under test).
    await pg.query(
      `UPDATE complaint SET status = 'answered', answered_at = now() - (random() * interval '1 hour'), answered_tier = tier,
         answer = 'Answered', sla_next_at = NULL, warn_at = NULL`,
    );
    const s = await storm('return-visit-sampling');
    const rest = await drain('return-visit-sampling', (r) => (r.considered ?? 0) === 0);
    const considered = [...s.answers, ...rest].reduce((sum, r) => sum + (r.considered ?? 0), 0);
    const sampledReported = [...s.answers, ...rest].reduce((sum, r) => sum + (r.sampled ?? 0), 0);
    const undecided = await scalar(`SELECT count(*)::int AS n FROM complaint WHERE return_visit_sampled IS NULL`);
    const sampled = await scalar(`SELECT count(*)::int AS n FROM complaint WHERE return_visit_sampled`);
    const events = await scalar(`SELECT count(*)::int AS n FROM complaint_event WHERE type = 'return_visit_assigned'`);
    const duplicates = await scalar(
      `SELECT count(*)::int AS n FROM (SELECT complaint_id FROM complaint_event WHERE type = 'return_visit_assigned' GROUP BY 1 HAVING count(*) > 1) d`,
    );
    const audit = await scalar(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'complaint.return_visit_assigned'`);
    printFigures('multi-instance return-visit-sampling', {
      answered: DUE,
      triggers: TRIGGERS,
      ok: s.ok,
      busy409: s.busy,
      fiveXx: s.fiveXx,
      stormMs: s.ms,
      considered,
      sampled,
      sampledReported,
      events,
      duplicates,
      undecided,
      auditRows: audit,
    });
    expect(s.fiveXx).toBe(0);
    expect(s.errors).toBe(0);
    expect(considered).toBe(DUE);
    expect(undecided).toBe(0);
    expect(duplicates).toBe(0);
    expect(events).toBe(sampled);
    expect(sampledReported).toBe(sampled);
    expect(audit).toBe(sampled);
    expect(sampled).toBeGreaterThanOrEqual(Math.ceil(DUE * 0.1));
  });

  it('deletes each expired idempotency key exactly once under overlapping runs and keeps live ones', async () => {
    const expired = 5_000;
    const live = 500;
    await pg.query(
      `INSERT INTO idempotency_key (actor_key, key, method, path, request_hash, state, status_code, response_body, expires_at)
       SELECT 'user:test', 'k' || g, 'POST', '/api/v1/complaints', repeat('0', 64), 'done', 201, '{}'::jsonb,
              CASE WHEN g <= $1 THEN now() - interval '1 hour' ELSE now() + interval '1 day' END
       FROM generate_series(1, $2::int) AS g`,
      [expired, expired + live],
    );
    const s = await storm('idempotency-expiry');
    const deletedReported = s.answers.reduce((sum, r) => sum + (r.deleted ?? 0), 0);
    const left = await scalar(`SELECT count(*)::int AS n FROM idempotency_key WHERE actor_key = 'user:test'`);
    printFigures('multi-instance idempotency-expiry', {
      expired,
      live,
      triggers: TRIGGERS,
      ok: s.ok,
      busy409: s.busy,
      fiveXx: s.fiveXx,
      deletedReported,
      left,
    });
    expect(s.fiveXx).toBe(0);
    expect(s.errors).toBe(0);
    expect(deletedReported).toBe(expired);
    expect(left).toBe(live);
  });

  it('delivers each webhook event once to a loopback receiver while both instances run deliveries', async () => {
    // A receiver on loopback counting deliveries per event id.
    const received = new Map<string, number>();
    const server: Server = createServer((req: IncomingMessage, res) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['x-event-id']);
        received.set(id, (received.get(id) ?? 0) + 1);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      // Earlier events (sweeps, sampling) are not part of this check: mark them dispatched.
      await pg.query('UPDATE outbox_event SET dispatched_at = now() WHERE dispatched_at IS NULL');
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      await ok(a.baseUrl, 'POST', '/api/v1/webhooks', { token, body: { name: 'Loopback', url, events: ['complaint.created'] } });
      const intake = 400;
      // Intake on both instances, 8 requests in flight at a time.
      const created: { status: number }[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let i = next++; i < intake; i = next++) {
            created.push(
              await call<{ id: string }>(i % 2 ? b.baseUrl : a.baseUrl, 'POST', '/api/v1/complaints', {
                token,
                body: {
                  kind: 'complaint',
                  channel: 'web',
                  severity: 'general',
                  subject: `Webhook ${i}`,
                  description: 'Delivered once',
                  callerName: 'Caller',
                  receivingUnitId: branchId,
                },
              }),
            );
          }
        }),
      );
      expect(created.filter((r) => r.status !== 201).map((r) => r.status)).toEqual([]);
      const outboxEvents = await scalar(
        `SELECT count(*)::int AS n FROM outbox_event WHERE dispatched_at IS NULL AND event_type = 'complaint.created'`,
      );
      // Both instances trigger deliveries in parallel loops until everything is delivered.
      const started = Date.now();
      let triggers = 0;
      let fiveXx = 0;
      const loop = async (api: ApiProcess): Promise<void> => {
        while (Date.now() - started < 90_000) {
          const pending = await scalar(
            `SELECT (SELECT count(*) FROM outbox_event WHERE dispatched_at IS NULL) + (SELECT count(*) FROM webhook_delivery WHERE status = 'pending') AS n`,
          );
          if (pending === 0) return;
          const r = await call(api.baseUrl, 'POST', '/api/v1/scheduler/jobs/webhook-delivery/run', { token, timeoutMs: 60_000 });
          triggers++;
          if (r.status >= 500 || r.status <= 0) fiveXx++;
          if (r.status === 409) await sleep(50);
        }
      };
      await Promise.all([loop(a), loop(b), loop(a), loop(b)]);
      const deliveryMs = Date.now() - started;
      const delivered = await scalar(`SELECT count(*)::int AS n FROM webhook_delivery WHERE status = 'delivered'`);
      const duplicates = [...received.values()].filter((n) => n > 1).length;
      const eventIds = (
        await pg.query<{ id: string }>(
          `SELECT id FROM outbox_event WHERE event_type = 'complaint.created' AND aggregate_id::text IN (SELECT id::text FROM complaint WHERE subject LIKE 'Webhook %')`,
        )
      ).rows.map((r) => r.id);
      const lost = eventIds.filter((id) => !received.has(id)).length;
      const instances = await pg.query<{ instance_id: string; n: number }>(
        `SELECT instance_id, count(*)::int AS n FROM scheduler_run WHERE job_name = 'webhook-delivery' AND status = 'ok' AND rows_affected > 0 GROUP BY 1 ORDER BY 1`,
      );
      printFigures('multi-instance webhook-delivery', {
        events: outboxEvents,
        triggers,
        fiveXx,
        deliveryMs,
        deliveredRows: delivered,
        receivedDistinct: received.size,
        receivedTotal: [...received.values()].reduce((x, y) => x + y, 0),
        duplicates,
        lost,
        workingRunsByInstance: Object.fromEntries(instances.rows.map((r) => [r.instance_id, r.n])),
      });
      expect(outboxEvents).toBe(intake);
      expect(fiveXx).toBe(0);
      expect(eventIds).toHaveLength(intake);
      expect(lost).toBe(0);
      expect(duplicates).toBe(0);
      expect(received.size).toBe(intake);
      expect(delivered).toBe(intake);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
