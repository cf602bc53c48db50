/**
 * Benchmark runner. Each file in bench/benches exports `name` and `run(ctx)` returning rows
 * `{figure, ours, baseline?, ratio?, unit, goal, pass, notes?}`. Runs them in the order below on
 * one fresh database, then writes bench/results/latest.json and docs/performance.md.
 *   node bench/run.mjs [--quick] [--only=name,name] [--keep-db]
 */
import { randomBytes } from 'node:crypto';
import { ApiClient, startApi } from './lib/api.mjs';
import { createBenchDatabase, withClient } from './lib/db.mjs';
import { writeReport } from './lib/report.mjs';

const ORDER = ['console-js', 'embedded-start', 'rotation-planner', 'intake', 'complaint-scale', 'breach-latency', 'customers', 'survey-metrics'];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const keepDb = args.includes('--keep-db');
const serverUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const sizes = quick ? { complaints: 100_000, due: 1_000, customers: 20_000, invitations: 20_000 } : { complaints: 1_000_000, due: 10_000, customers: 100_000, invitations: 100_000 };

async function main() {
  const startedAt = new Date().toISOString();
  const log = (msg) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  const db = await createBenchDatabase(serverUrl);
  const serverVersion = await withClient(serverUrl, async (c) => (await c.query('SHOW server_version')).rows[0].server_version);
  log(`${quick ? 'quick' : 'full'} mode on database ${db.name} (PostgreSQL ${serverVersion})`);
  const adminPassword = `bench-${randomBytes(8).toString('hex')}`;
  const apiEnv = { DATABASE_URL: db.url, ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: adminPassword, SCHEDULER_ENABLED: 'false', DATABASE_POOL_SIZE: '10', LOGIN_MAX_FAILURES: '100' };
  let api = null;
  const rows = [];
  const failures = [];
  try {
    api = await startApi(apiEnv);
    const admin = await new ApiClient(api.baseUrl).login('admin', adminPassword);
    const ctx = { quick, sizes, db, serverUrl, api, apiEnv, admin, adminPassword, log, startApi, shared: {} };
    const available = [];
    for (const name of ORDER) {
      try {
        available.push(await import(`./benches/${name}.mjs`));
      } catch (error) {
        if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
      }
    }
    for (const bench of available) {
      if (only && !only.includes(bench.name)) continue;
      log(`running ${bench.name}`);
      try {
        const result = await bench.run(ctx);
        for (const row of result) {
          rows.push(row);
          log(`  ${row.figure}: ${row.ours?.toFixed?.(2) ?? row.ours}${row.unit ? ` ${row.unit}` : ''}${row.ratio != null ? ` (ratio ${(row.ratio * 100).toFixed(0)} %)` : ''} — ${row.pass ? 'pass' : 'FAIL'}`);
        }
      } catch (error) {
        log(`  ${bench.name} failed: ${error.stack ?? error}`);
        failures.push({ bench: bench.name, error: String(error.message ?? error).slice(0, 300) });
      }
    }
  } finally {
    await api?.stop();
    if (!keepDb) await db.drop();
  }
  writeReport({ mode: quick ? 'quick' : 'full', rows, startedAt, serverVersion, failures });
  const failed = rows.filter((r) => !r.pass).length;
  log(`done: ${rows.length} figures, ${failed} below goal, ${failures.length} benchmark(s) could not run — bench/results/latest.json, docs/performance.md`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
