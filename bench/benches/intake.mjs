/**
 * Intake: `POST /api/v1/complaints` under load — at a fixed 200 req/s (latency; evenly paced, lib/paced.mjs)
 * and at full speed from autocannon (throughput) — next to a raw `pg` loop inserting the same rows into the
 * complaint table on one connection, measured in the same run. The API's RSS is sampled throughout.
 */
import autocannon from 'autocannon';
import { rssMb } from '../lib/api.mjs';
import { paced } from '../lib/paced.mjs';
import { pg, uuidV7Sql } from '../lib/db.mjs';
import { ensureOrg } from '../lib/org.mjs';

export const name = 'intake';

function load(opts) {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

export async function run(ctx) {
  const org = await ensureOrg(ctx);
  const seconds = ctx.quick ? 8 : 20;
  const body = JSON.stringify({
    kind: 'complaint',
    channel: 'phone',
    severity: 'general',
    subject: 'Bench intake [<id>]',
    description: 'Goods arrived damaged; the customer asks for a replacement. [<id>]',
    callerName: 'Bench caller [<id>]',
    category: 'damage',
  });
  const request = {
    url: `${ctx.api.baseUrl}/api/v1/complaints`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${org.agent.token}` },
    body,
    idReplacement: true,
  };
  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(ctx.api.pid))), 200);
  try {
    // Warm-up to steady state: V8 optimises the request path over the first few thousand intakes
    // (measured: about 1.5× the steady CPU per intake before that); §7 asks for the sustained p99.
    await load({ ...request, connections: 10, amount: 3000 });
    // Latency at a fixed 200 req/s: evenly paced open-loop arrivals (see lib/paced.mjs).
    const fixed = await paced({ url: request.url, method: 'POST', headers: request.headers, body, rate: 200, seconds });
    const full = await load({ ...request, connections: 10, duration: seconds });
    clearInterval(sampler);
    if (fixed.non2xx || fixed.errors || full.non2xx)
      throw new Error(
        `intake answered non-2xx or failed: paced ${JSON.stringify(fixed.problems)}, full speed ${full.non2xx} non-2xx (${JSON.stringify(full.statusCodeStats ?? {})}), ${full.errors} errors`,
      );

    // Baseline: the rows the API just wrote, inserted again by a bare loop on one connection.
    const client = new pg.Client({ connectionString: ctx.db.url });
    await client.connect();
    const { rows: columns } = await client.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'complaint' AND is_generated = 'NEVER' AND column_name NOT IN ('id', 'number') ORDER BY ordinal_position`,
    );
    const names = columns.map((c) => c.column_name);
    const { rows: samples } = await client.query(`SELECT ${names.join(', ')} FROM complaint ORDER BY created_at DESC LIMIT 2000`);
    const sql = `INSERT INTO complaint (id, number, ${names.join(', ')}) VALUES (${uuidV7Sql('clock_timestamp()')}, $1, ${names.map((_, i) => `$${i + 2}`).join(', ')})`;
    const encode = (v) =>
      v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v)
        ? JSON.stringify(v)
        : Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object' && !(x instanceof Date))
          ? JSON.stringify(v)
          : v;
    let inserted = 0;
    const until = Date.now() + seconds * 1000;
    const t0 = Date.now();
    while (Date.now() < until) {
      const row = samples[inserted % samples.length];
      await client.query(sql, [`R${String(inserted).padStart(9, '0')}`, ...names.map((n) => encode(row[n]))]);
      inserted++;
    }
    const rawPerSecond = inserted / ((Date.now() - t0) / 1000);
    await client.query(`DELETE FROM complaint WHERE number LIKE 'R%'`);
    await client.end();

    const apiPerSecond = full.requests.average;
    return [
      {
        figure: 'intake POST /complaints throughput',
        ours: apiPerSecond,
        baseline: rawPerSecond,
        ratio: apiPerSecond / rawPerSecond,
        unit: 'req/s',
        goal: '≥ 50 % of baseline',
        pass: apiPerSecond / rawPerSecond >= 0.5,
        notes: `10 connections, ${seconds} s; p50 ${full.latency.p50} ms, p99 ${full.latency.p99} ms. Baseline: the same rows re-inserted by a sequential single-row INSERT loop on one connection (each intake also writes its event, audit row, outbox event and notifications).`,
      },
      { figure: 'intake p50 at 200 req/s', ours: fixed.p50, unit: 'ms', goal: '—', pass: true },
      {
        figure: 'intake p99 at 200 req/s',
        ours: fixed.p99,
        unit: 'ms',
        goal: '< 50 ms',
        pass: fixed.p99 < 50,
        notes: `${fixed.total} requests evenly paced (open loop, latency from each request's due time), ${fixed.achievedRate.toFixed(1)} req/s achieved; p95 ${fixed.p95.toFixed(1)} ms, max ${fixed.max.toFixed(1)} ms`,
      },
      { figure: 'API RSS under the intake load (peak)', ours: rssPeak, unit: 'MB', goal: '< 300 MB', pass: rssPeak < 300 },
    ];
  } finally {
    clearInterval(sampler);
  }
}
