/**
 * Breach detection latency: complaints whose tier-1 deadline falls a few seconds ahead are taken
 * in by an API instance running its scheduler; latency = when the `escalated` event was recorded
 * minus the deadline it passed.
 */
import { ApiClient } from '../lib/api.mjs';
import { pg } from '../lib/db.mjs';
import { ensureOrg } from '../lib/org.mjs';
import { percentile } from '../lib/stats.mjs';

export const name = 'breach-latency';

export async function run(ctx) {
  const org = await ensureOrg(ctx);
  const instance = await ctx.startApi({ ...ctx.apiEnv, SCHEDULER_ENABLED: 'true' });
  const client = new pg.Client({ connectionString: ctx.db.url });
  await client.connect();
  try {
    const admin = await new ApiClient(instance.baseUrl).login('admin', ctx.adminPassword);
    const count = ctx.quick ? 20 : 50;
    const ids = [];
    const fourHours = 4 * 3600 * 1000;
    for (let i = 0; i < count; i++) {
      // Tier-1 deadline (received + 4 h) between 3 and 13 seconds from now.
      const receivedAt = new Date(Date.now() - fourHours + 3000 + (i * 10_000) / count).toISOString();
      const c = await admin.call('POST', '/api/v1/complaints', {
        kind: 'complaint',
        channel: 'phone',
        severity: 'general',
        subject: `Latency probe ${i}`,
        description: 'Breach detection latency probe',
        callerName: 'Latency probe',
        receivingUnitId: org.branches[i % org.branches.length],
        receivedAt,
      });
      ids.push(c.id);
    }
    const deadline = Date.now() + 45_000;
    let rows = [];
    while (Date.now() < deadline) {
      ({ rows } = await client.query(
        `SELECT extract(epoch FROM (recorded_at - deadline_at)) * 1000 AS ms FROM complaint_event WHERE type = 'escalated' AND complaint_id = ANY ($1::uuid[])`,
        [ids],
      ));
      if (rows.length >= count) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const latencies = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
    const p99 = latencies.length === count ? percentile(latencies, 99) / 1000 : null;
    return [
      {
        figure: 'breach detection latency (deadline → escalated event), p99',
        ours: p99,
        unit: 's',
        goal: '≤ 5 s',
        pass: p99 !== null && p99 <= 5,
        notes: `${latencies.length}/${count} escalated within 45 s; p50 ${(percentile(latencies, 50) / 1000).toFixed(2)} s, max ${((latencies.at(-1) ?? 0) / 1000).toFixed(2)} s`,
      },
    ];
  } finally {
    await client.end();
    await instance.stop();
  }
}
