/**
 * Survey metrics at scale: one HQ campaign with N invitations (100,000 in full mode, 20,000 in
 * quick mode) spread over the benchmark's platforms and branches, about 70 % answered. Measures
 * `GET /api/v1/survey-campaigns/:id/metrics` (totals, by sub-unit, by month, score distribution)
 * next to the same aggregate statement run directly.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { ROOT } from '../lib/api.mjs';
import { pg } from '../lib/db.mjs';
import { ensureOrg } from '../lib/org.mjs';
import { percentile, timeMany } from '../lib/stats.mjs';

export const name = 'survey-metrics';

// The statement the API runs, from the built API (`survey-metrics.sql.ts`), so the baseline cannot drift from it.
const { metricsSql } = createRequire(import.meta.url)(resolve(ROOT, 'apps/api/dist/modules/surveys/survey-metrics.sql.js'));

const QUESTIONS = [
  { key: 'overall', type: 'rating', text: '您对本次服务的总体满意度', required: true, overall: true },
  { key: 'recommend', type: 'nps', text: '您向朋友推荐我们的可能性', required: false },
];

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
        // A score per row: the sub-select's volatile target list keeps it from being flattened (an
        // uncorrelated LATERAL was evaluated once, giving every response the same score).
        `INSERT INTO survey_response (invitation_id, campaign_id, template_id, answers, overall_score, nps_score, source, answered_at)
         SELECT s.id, s.campaign_id, $2, jsonb_build_object('overall', s.score, 'recommend', s.nps), s.score, s.nps, 'agent', now()
         FROM (SELECT i.id, i.campaign_id, 1 + floor(random() * 5)::int AS score, floor(random() * 11)::int AS nps
               FROM survey_invitation i WHERE i.campaign_id = $1 AND random() < 0.7) s`,
        [campaign.id, template.id],
      );
      await client.query(
        // As the API's answer does: status, response and its scores on the invitation.
        `UPDATE survey_invitation i SET status = 'answered', response_id = r.id, overall_score = r.overall_score, nps_score = r.nps_score
         FROM survey_response r WHERE r.invitation_id = i.id AND i.campaign_id = $1`,
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
    const { rows: answered } = await pool.query('SELECT count(*)::int AS n FROM survey_response WHERE campaign_id = $1', [campaign.id]);
    if (check.responses !== answered[0].n) throw new Error(`metrics counted ${check.responses} responses, seeded ${answered[0].n}`);

    const { rows: root } = await pool.query('SELECT path FROM org_unit WHERE id = $1', [org.hqId]);
    const { rows: tally } = await pool.query('SELECT count(*)::int AS cells FROM survey_tally WHERE campaign_id = $1', [campaign.id]);
    // The statement the API runs (`metricsSql`, with the campaign filter of `campaignMetrics`).
    const direct = () => pool.query(metricsSql('t.campaign_id = $1', 2), [campaign.id, root[0].path, org.hqId]);
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
        notes: `${check.responses} responses; ${tally[0].cells} tally cells; p50 ${percentile(api, 50).toFixed(1)} ms (SQL ${percentile(sql, 50).toFixed(1)} ms); seeded in ${seedSeconds.toFixed(1)} s. Baseline: the same statement over the tally run directly.`,
      },
    ];
  } finally {
    await pool.end();
  }
}
