/**
 * Survey metrics at scale: one HQ campaign with N invitations (100,000 in full mode, 20,000 in
 * quick mode) spread over the benchmark's platforms and branches, about 70 % answered. Measures
 * `GET /api/v1/survey-campaigns/:id/metrics` (totals, by sub-unit, by month, score distribution)
 * next to the same four aggregate statements run directly, in parallel on four connections as the
 * API runs them.
 */
import { pg } from '../lib/db.mjs';
import { ensureOrg } from '../lib/org.mjs';
import { percentile, timeMany } from '../lib/stats.mjs';

export const name = 'survey-metrics';

const QUESTIONS = [
  { key: 'overall', type: 'rating', text: '您对本次服务的总体满意度', required: true, overall: true },
  { key: 'recommend', type: 'nps', text: '您向朋友推荐我们的可能性', required: false },
];

const METRICS_SELECT = `
  count(*)::int AS invitations,
  count(r.id)::int AS responses,
  round(100.0 * count(r.id) / NULLIF(count(*), 0), 2)::float8 AS coverage,
  round(100.0 * count(*) FILTER (WHERE r.overall_score >= 4) / NULLIF(count(r.id), 0), 2)::float8 AS satisfaction_rate,
  round(100.0 * count(*) FILTER (WHERE r.overall_score <= 2) / NULLIF(count(r.id), 0), 2)::float8 AS dissatisfaction_rate,
  round(avg(r.overall_score), 2)::float8 AS mean_score,
  round(100.0 * (count(*) FILTER (WHERE r.nps_score >= 9) - count(*) FILTER (WHERE r.nps_score <= 6)) / NULLIF(count(r.nps_score), 0), 2)::float8 AS nps`;

const sorted = (xs) => [...xs].sort((a, b) => a - b);

export async function run(ctx) {
  const org = await ensureOrg(ctx);
  const total = ctx.sizes.invitations;
  const pool = new pg.Pool({ connectionString: ctx.db.url, max: 4 });
  try {
    const template = await ctx.admin.call('POST', '/api/v1/survey-templates', {
      name: 'Bench survey',
      questions: QUESTIONS,
      orgUnitId: org.hqId,
    });
    const campaign = await ctx.admin.call('POST', '/api/v1/survey-campaigns', {
      name: 'Bench campaign',
      templateId: template.id,
      channel: 'phone',
      orgUnitId: org.hqId,
      population: { complaintsClosedFrom: '2020-01-01T00:00:00.000Z', complaintsClosedTo: '2020-01-02T00:00:00.000Z' },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    const units = [...org.branches, ...org.platforms];
    const t0 = Date.now();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO survey_invitation (campaign_id, channel, status, contact_name, contact_phone, unit_id, unit_path, month, created_at)
         SELECT $1, 'phone', 'pending', 'Bench contact ' || g, '139' || lpad(g::text, 8, '0'), u.id, u.path,
                to_char(now() - (g % 3) * interval '1 month', 'YYYY-MM'), now()
         FROM generate_series(1, $2::int) AS g
         JOIN (SELECT id, path, row_number() OVER (ORDER BY id) - 1 AS k FROM org_unit WHERE id = ANY ($3::uuid[])) u ON u.k = g % $4`,
        [campaign.id, total, units, units.length],
      );
      await client.query(
        `INSERT INTO survey_response (invitation_id, campaign_id, template_id, answers, overall_score, nps_score, source, answered_at)
         SELECT i.id, i.campaign_id, $2, jsonb_build_object('overall', s.score), s.score, floor(random() * 11)::int, 'agent', now()
         FROM survey_invitation i CROSS JOIN LATERAL (SELECT 1 + floor(random() * 5)::int AS score) s
         WHERE i.campaign_id = $1 AND random() < 0.7`,
        [campaign.id, template.id],
      );
      await client.query(
        `UPDATE survey_invitation i SET status = 'answered', response_id = r.id FROM survey_response r WHERE r.invitation_id = i.id AND i.campaign_id = $1`,
        [campaign.id],
      );
      await client.query('COMMIT');
      await client.query('ANALYZE survey_invitation');
      await client.query('ANALYZE survey_response');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    const seedSeconds = (Date.now() - t0) / 1000;
    ctx.log(`  seeded ${total} invitations in ${seedSeconds.toFixed(1)} s`);

    const check = await ctx.admin.call('GET', `/api/v1/survey-campaigns/${campaign.id}/metrics`);
    if (check.invitations !== total) throw new Error(`metrics counted ${check.invitations} invitations, seeded ${total}`);

    const { rows: root } = await pool.query('SELECT path FROM org_unit WHERE id = $1', [org.hqId]);
    const from = 'FROM survey_invitation i LEFT JOIN survey_response r ON r.invitation_id = i.id WHERE i.campaign_id = $1';
    const unitKey = `coalesce(nullif(split_part(substr(i.unit_path, length($2) + 1), '/', 1), ''), $3)`;
    const direct = () =>
      Promise.all([
        pool.query(`SELECT NULL AS key, ${METRICS_SELECT} ${from}`, [campaign.id]),
        pool.query(
          `SELECT g.key, u.name AS unit_name, g.* FROM (SELECT ${unitKey} AS key, ${METRICS_SELECT} ${from} GROUP BY 1) g
           JOIN org_unit u ON u.id::text = g.key ORDER BY u.name`,
          [campaign.id, root[0].path, org.hqId],
        ),
        pool.query(`SELECT i.month AS key, ${METRICS_SELECT} ${from} GROUP BY i.month ORDER BY i.month`, [campaign.id]),
        pool.query(
          `SELECT s.score, count(r.id)::int AS n FROM generate_series(1, 5) s(score)
           LEFT JOIN (SELECT r.id, r.overall_score ${from}) r ON r.overall_score = s.score GROUP BY s.score ORDER BY s.score`,
          [campaign.id],
        ),
      ]);
    const n = ctx.quick ? 30 : 60;
    const api = sorted(await timeMany(() => ctx.admin.call('GET', `/api/v1/survey-campaigns/${campaign.id}/metrics`), n, 3));
    const sql = sorted(await timeMany(direct, n, 3));
    const apiP95 = percentile(api, 95);
    const sqlP95 = percentile(sql, 95);
    return [
      {
        figure: `survey metrics, campaign of ${total.toLocaleString('en')} invitations (p95)`,
        ours: apiP95,
        baseline: sqlP95,
        ratio: sqlP95 / apiP95,
        unit: 'ms',
        goal: '< 200 ms',
        pass: apiP95 < 200,
        notes: `${check.responses} responses; p50 ${percentile(api, 50).toFixed(1)} ms (SQL ${percentile(sql, 50).toFixed(1)} ms); seeded in ${seedSeconds.toFixed(1)} s. Baseline: the four aggregate statements in parallel on four connections.`,
      },
    ];
  } finally {
    await pool.end();
  }
}
