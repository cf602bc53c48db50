// Complaint reports at scale: seeds N complaints (default 200,000) spread over 12 months and
// 4 platforms × 5 offices into a fresh database on TEST_DATABASE_URL's server, boots the built API
// (`pnpm --filter @cs/api run build` first) and times the monthly, quarterly and dashboard endpoints.
// Usage: TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/complaint-reports.bench.mjs [rows]
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';


const require = createRequire(new URL('../apps/api/package.json', import.meta.url));
const { createApp } = require('./dist/bootstrap.js');
const { loadConfig } = require('./dist/config/app-config.js');
const pg = require('pg');

const rows = Number(process.argv[2] ?? 200_000);
const server = process.env.TEST_DATABASE_URL;
if (!server) throw new Error('Set TEST_DATABASE_URL to a PostgreSQL server');
const name = `cs_bench_reports_${randomBytes(3).toString('hex')}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;

const password = `pw-${randomBytes(6).toString('hex')}`;
const config = loadConfig({
  DATABASE_URL: url.toString(),
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: password,
  SCHEDULER_ENABLED: 'false',
  LOG_LEVEL: 'silent',
  WEB_DIST_DIR: '',
});
const app = await createApp(config, url.toString());
await app.listen(0, '127.0.0.1');
const base = await app.getUrl();
const db = new pg.Client({ connectionString: url.toString() });
await db.connect();
try {
  const token = (await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })).json()).accessToken;
  const t0 = Date.now();
  await db.query(`
    WITH hq AS (SELECT id, path FROM org_unit WHERE parent_id IS NULL),
    p AS (
      INSERT INTO org_unit (id, name, kind, parent_id, path, depth)
      SELECT g.id, 'Platform ' || g.n, 'platform', hq.id, hq.path || g.id || '/', 1
      FROM hq, (SELECT gen_random_uuid() AS id, n FROM generate_series(1, 4) n) g RETURNING id, path
    )
    INSERT INTO org_unit (id, name, kind, parent_id, path, depth)
    SELECT g.id, 'Office ' || g.n, 'sales_office', p.id, p.path || g.id || '/', 2
    FROM p, LATERAL (SELECT gen_random_uuid() AS id, n, p.id AS parent FROM generate_series(1, 5) n) g`);
  await db.query(`
    WITH offices AS (SELECT id, path, row_number() OVER (ORDER BY id) - 1 AS i FROM org_unit WHERE kind = 'sales_office'),
    owner AS (SELECT id FROM app_user LIMIT 1),
    src AS (
      SELECT n, now() - make_interval(secs => random() * 365 * 86400) AS received_at, (n % 20) AS office, random() AS r
      FROM generate_series(1, $1::int) n
    )
    INSERT INTO complaint (number, kind, channel, severity, status, subject, description, category, caller_phone, customer_key,
      received_at, received_month, receiving_unit_id, receiving_unit_path, platform_unit_id, hq_unit_id, assigned_unit_id, owner_id,
      policy_snapshot, tier, tier_count, tier_levels, clock_start, tier_deadlines, warn_times, due_at, breached, escalation_count,
      answered_at, closed_at)
    SELECT 'B' || lpad(n::text, 9, '0'),
      (ARRAY['inquiry','complaint','suggestion','internal'])[1 + n % 4],
      (ARRAY['phone','web','app','email','letter','fax','visit','suggestion_box','external'])[1 + n % 9],
      (ARRAY['general','general','general','batch','serious'])[1 + n % 5],
      CASE WHEN r < 0.05 THEN 'in_progress' WHEN r < 0.08 THEN 'invalid' WHEN r < 0.12 THEN 'answered' ELSE 'closed' END,
      'Subject', 'Description', 'cat-' || (n % 30), '138' || lpad((n % 50000)::text, 8, '0'), 'cust-' || (n % 50000),
      s.received_at, to_char(s.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), o.id, o.path,
      split_part(o.path, '/', 3)::uuid, split_part(o.path, '/', 2)::uuid, o.id, owner.id,
      '{}'::jsonb, 1, 3, ARRAY['receiving','platform','hq'], s.received_at,
      ARRAY[s.received_at + interval '4 hours', s.received_at + interval '24 hours', s.received_at + interval '48 hours']::timestamptz[],
      ARRAY[s.received_at + interval '3 hours', s.received_at + interval '23 hours', s.received_at + interval '47 hours']::timestamptz[],
      CASE WHEN r < 0.05 THEN s.received_at + interval '4 hours' END,
      r < 0.01, CASE WHEN r < 0.02 THEN 2 WHEN r < 0.1 THEN 1 ELSE 0 END,
      CASE WHEN r >= 0.08 THEN s.received_at + make_interval(secs => random() * 30 * 3600) END,
      CASE WHEN r >= 0.12 OR (r >= 0.05 AND r < 0.08) THEN s.received_at + interval '40 hours' END
    FROM src s JOIN offices o ON o.i = s.office CROSS JOIN owner`, [rows]);
  await db.query('ANALYZE');
  console.log(`seeded ${rows} complaints in ${Date.now() - t0} ms`);
  const month = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 7);
  const d = new Date(Date.now() - 100 * 86_400_000);
  const quarter = `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
  const targets = [
    ['dashboard', '/api/v1/reports/complaints/dashboard'],
    [`monthly ${month}`, `/api/v1/reports/complaints/monthly?month=${month}`],
    [`monthly ${month} xlsx`, `/api/v1/reports/complaints/monthly?month=${month}&format=xlsx`],
    [`quarterly ${quarter}`, `/api/v1/reports/complaints/quarterly?quarter=${quarter}`],
  ];
  for (const [label, path] of targets) {
    const times = [];
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${label}: ${res.status}`);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(`${label.padEnd(28)} median ${times[3].toFixed(1)} ms  min ${times[0].toFixed(1)} ms  max ${times[6].toFixed(1)} ms`);
  }
} finally {
  await db.end();
  await app.close();
  if (process.env.KEEP_DB) console.log(`kept database ${name}`);
  else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
