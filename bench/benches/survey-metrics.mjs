/**
 * Survey metrics at scale: one HQ campaign with N invitations (100,000 in full mode, 20,000 in
 * quick mode) spread over the benchmark's platforms and branches, about 70 % answered. Measures
 * `GET /api/v1/survey-campaigns/:id/metrics` (totals, by sub-unit, by month, score distribution)
 * next to the same aggregate statement run directly.
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
  const pool = new pg.Pool({ connectionString: ctx.db.url, max: 2 });
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
    // The statement the API runs (survey-metrics.service.ts `metricsSql`): four groupings, one scan.
    const direct = () =>
      pool.query(
        `SELECT CASE WHEN GROUPING(k.unit_key) = 0 THEN 'unit' WHEN GROUPING(i.month) = 0 THEN 'month'
                     WHEN GROUPING(r.overall_score) = 0 THEN 'score' ELSE 'total' END AS grouping,
                coalesce(k.unit_key, i.month, r.overall_score::text) AS key,
                (SELECT u.name FROM org_unit u WHERE u.id::text = k.unit_key) AS unit_name,
                ${METRICS_SELECT}
         FROM survey_invitation i
         LEFT JOIN survey_response r ON r.invitation_id = i.id
         CROSS JOIN LATERAL (SELECT coalesce(nullif(split_part(substr(i.unit_path, length($2) + 1), '/', 1), ''), $3) AS unit_key) k
         WHERE i.campaign_id = $1
         GROUP BY GROUPING SETS ((), (k.unit_key), (i.month), (r.overall_score))
         ORDER BY unit_name, key`,
        [campaign.id, root[0].path, org.hqId],
      );
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
        notes: `${check.responses} responses; p50 ${percentile(api, 50).toFixed(1)} ms (SQL ${percentile(sql, 50).toFixed(1)} ms); seeded in ${seedSeconds.toFixed(1)} s. Baseline: the same grouped statement run directly.`,
      },
    ];
  } finally {
    await pool.end();
  }
}
