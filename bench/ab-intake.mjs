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
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { ApiClient, startApi } from './lib/api.mjs';
import { createBenchDatabase } from './lib/db.mjs';
import { ensureOrg } from './lib/org.mjs';

const builds = { A: resolve(process.argv[2] ?? 'apps/api/dist/main.js'), B: resolve(process.argv[3] ?? 'apps/api/dist-b/main.js') };
const perRound = Number(process.argv[4] ?? 3000);
const rounds = Number(process.argv[5] ?? 8);
const envB = Object.fromEntries((process.env.AB_B_ENV ?? '').split(/\s+/).filter(Boolean).map((kv) => kv.split('=')));

/** CPU ticks (1/100 s) of one process, and of the whole machine (user, nice, system, irq, softirq). */
const processTicks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
const machineTicks = () => {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return f[0] + f[1] + f[2] + f[5] + f[6];
};
const load = (opts) => new Promise((res, rej) => autocannon(opts, (err, result) => (err ? rej(err) : res(result))));
const median = (xs) => xs.slice().sort((p, q) => p - q)[Math.floor(xs.length / 2)];

const db = await createBenchDatabase(process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
const adminPassword = `bench-${randomBytes(8).toString('hex')}`;
const env = { DATABASE_URL: db.url, ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: adminPassword, SCHEDULER_ENABLED: 'false', DATABASE_POOL_SIZE: '10', LOGIN_MAX_FAILURES: '100' };
const started = [];
try {
  const a = await startApi(env, builds.A);
  started.push(a);
  const admin = await new ApiClient(a.baseUrl).login('admin', adminPassword);
  const org = await ensureOrg({ admin, api: a, shared: {} });
  const b = await startApi({ ...env, ...envB }, builds.B);
  started.push(b);
  const agentB = await new ApiClient(b.baseUrl).login('bench.agent', 'bench-user-password-1');
  const apis = { A: { ...a, token: org.agent.token }, B: { ...b, token: agentB.token } };
  const body = JSON.stringify({ kind: 'complaint', channel: 'phone', severity: 'general', subject: 'Bench intake [<id>]', description: 'Goods arrived damaged; the customer asks for a replacement. [<id>]', callerName: 'Bench caller [<id>]', category: 'damage' });
  const request = (x) => ({ url: `${x.baseUrl}/api/v1/complaints`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${x.token}` }, body, idReplacement: true });
  for (const k of ['A', 'B']) await load({ ...request(apis[k]), connections: 10, amount: 3000 }); // warm-up
  const samples = { A: [], B: [] };
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 ? ['B', 'A'] : ['A', 'B']) {
      const x = apis[k];
      const api0 = processTicks(x.pid);
      const machine0 = machineTicks();
      const loadgen0 = process.cpuUsage();
      const result = await load({ ...request(x), connections: 10, amount: perRound });
      const apiUs = ((processTicks(x.pid) - api0) * 1e4) / perRound;
      const machineUs = ((machineTicks() - machine0) * 1e4) / perRound;
      const loadgen = process.cpuUsage(loadgen0);
      samples[k].push([apiUs, machineUs]);
      console.log(`${k}: CPU per intake: API ${apiUs.toFixed(0)} µs, machine ${machineUs.toFixed(0)} µs, load generator ${((loadgen.user + loadgen.system) / perRound).toFixed(0)} µs; non-2xx ${result.non2xx}`);
    }
  }
  for (const k of ['A', 'B']) console.log(`${k} median: API ${median(samples[k].map((s) => s[0])).toFixed(0)} µs, machine ${median(samples[k].map((s) => s[1])).toFixed(0)} µs per intake`);
} finally {
  for (const api of started) await api.stop();
  await db.drop();
}
