/**
 * A/B of two API builds under the intake load, for changes worth a few per cent, which throughput on
 * this noisy two-core machine cannot show: both builds run at once on one fresh database, their load
 * rounds alternate (A B, B A, …), and each round's CPU per intake is read from /proc (the API process,
 * the whole machine, the load generator). Medians at the end.
 *   cp -r apps/api/dist apps/api/dist-b   # the build before the change (inside apps/api, for its node_modules)
 *   pnpm run build                        # the build with it
 *   node bench/ab-intake.mjs apps/api/dist/main.js apps/api/dist-b/main.js [intakes per round] [rounds]
 * Or one build under two settings: AB_B_ENV='DATABASE_POOL_SIZE=4' node bench/ab-intake.mjs apps/api/dist/main.js apps/api/dist/main.js
 */
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { ApiClient, freePort, waitReady } from './lib/api.mjs';
import { createBenchDatabase } from './lib/db.mjs';
import { ensureOrg } from './lib/org.mjs';
const N = +(process.argv[4] ?? 3000), ROUNDS = +(process.argv[5] ?? 8);
const builds = { A: resolve(process.argv[2] ?? 'apps/api/dist/main.js'), B: resolve(process.argv[3] ?? 'apps/api/dist-b/main.js') };
const ticks = (pid) => { try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return +f[11] + +f[12]; } catch { return 0; } };
const sysTicks = () => { const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number); return f[0] + f[1] + f[2] + f[5] + f[6]; };
const load = (o) => new Promise((res, rej) => autocannon(o, (e, r) => (e ? rej(e) : res(r))));
const db = await createBenchDatabase('postgres://postgres@127.0.0.1:5432/test');
const pw = `bench-${randomBytes(8).toString('hex')}`;
const env = { DATABASE_URL: db.url, ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: pw, SCHEDULER_ENABLED: 'false', DATABASE_POOL_SIZE: '10', LOGIN_MAX_FAILURES: '100', JWT_SECRET: 'lab-secret-lab-secret-lab-secret-1234' };
const procs = [];
async function start(main, extra = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--max-old-space-size=192', '--max-semi-space-size=32', main], { env: { ...process.env, LOG_LEVEL: 'warn', WEB_DIST_DIR: '', PORT: String(port), HOST: '127.0.0.1', ...env, ...extra }, stdio: ['ignore', 'ignore', 'inherit'] });
  procs.push(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitReady(baseUrl);
  return { baseUrl, pid: child.pid };
}
try {
  const a = await start(builds.A);
  const admin = await new ApiClient(a.baseUrl).login('admin', pw);
  const org = await ensureOrg({ admin, api: a, shared: {} });
  const b = await start(builds.B, Object.fromEntries((process.env.AB_B_ENV ?? '').split(/\s+/).filter(Boolean).map((kv) => kv.split('='))));
  const tokB = (await new ApiClient(b.baseUrl).login('bench.agent', 'bench-user-password-1')).token;
  const apis = { A: { ...a, token: org.agent.token }, B: { ...b, token: tokB } };
  const body = JSON.stringify({ kind: 'complaint', channel: 'phone', severity: 'general', subject: 'Bench intake [<id>]', description: 'Goods arrived damaged; the customer asks for a replacement. [<id>]', callerName: 'Bench caller [<id>]', category: 'damage' });
  const req = (x) => ({ url: `${x.baseUrl}/api/v1/complaints`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${x.token}` }, body, idReplacement: true });
  for (const k of ['A', 'B']) await load({ ...req(apis[k]), connections: 10, amount: 3000 });
  const sums = { A: [], B: [] };
  for (let r = 0; r < ROUNDS; r++) for (const k of r % 2 ? ['B', 'A'] : ['A', 'B']) {
    const x = apis[k]; const a0 = ticks(x.pid), p0 = sysTicks(), t0 = Date.now(), c0 = process.cpuUsage();
    const res = await load({ ...req(x), connections: 10, amount: N });
    const api = (ticks(x.pid) - a0) * 1e4 / N, pg = (sysTicks() - p0) * 1e4 / N, s = (Date.now() - t0) / 1000, c = process.cpuUsage(c0);
    sums[k].push([api, pg, N / s]);
    console.log(`${k}: ${(N / s).toFixed(0)} req/s, API ${api.toFixed(0)} µs, system ${pg.toFixed(0)} µs, loadgen ${((c.user + c.system) / N).toFixed(0)} µs, non2xx ${res.non2xx}`);
  }
  const med = (xs) => xs.slice().sort((p, q) => p - q)[Math.floor(xs.length / 2)];
  for (const k of ['A', 'B']) console.log(`${k} median: API ${med(sums[k].map((x) => x[0])).toFixed(0)} µs, system ${med(sums[k].map((x) => x[1])).toFixed(0)} µs, ${med(sums[k].map((x) => x[2])).toFixed(0)} req/s`);
} finally { for (const p of procs) p.kill('SIGTERM'); await new Promise((r) => setTimeout(r, 1500)); await db.drop(); }
