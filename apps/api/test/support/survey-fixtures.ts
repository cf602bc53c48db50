import { Client } from 'pg';
import { bearer, type TestApp } from './test-app';

export const SURVEY_QUESTIONS = [
  { key: 'overall', type: 'rating', text: '您对本次服务的总体满意度', required: true, overall: true },
  { key: 'channel', type: 'single_choice', text: '您通过哪种方式联系我们', required: false, options: ['电话', '网站'] },
  { key: 'topics', type: 'multi_choice', text: '涉及哪些方面', required: false, options: ['资费', '时效', '服务'] },
  { key: 'recommend', type: 'nps', text: '您向朋友推荐我们的可能性', required: false },
  { key: 'comment', type: 'text', text: '意见建议', required: false },
];

let serial = 0;

/**
 * A closed complaint received in `unitId`, written directly as the complaints module would have
 * left it (the survey tests only need it as a survey target).
 */
export async function insertClosedComplaint(db: Client, t: TestApp, unitId: string, closedAt: Date, channel = 'phone'): Promise<string> {
  serial += 1;
  const unit = (await db.query('SELECT path FROM org_unit WHERE id = $1', [unitId])).rows[0] as { path: string };
  const owner = (await db.query(`SELECT id FROM app_user WHERE username = $1`, [t.adminUsername])).rows[0] as { id: string };
  const res = await db.query(
    `INSERT INTO complaint (number, kind, channel, severity, status, subject, description, caller_name, caller_phone,
       received_at, received_month, receiving_unit_id, receiving_unit_path, platform_unit_id, hq_unit_id, assigned_unit_id,
       owner_id, policy_snapshot, tier, tier_count, tier_levels, clock_start, tier_deadlines, warn_times, closed_at)
     VALUES ($1, 'complaint', $2, 'general', 'closed', '快件延误', '描述', '张三', '13800000000',
       $3, to_char($3::timestamptz, 'YYYY-MM'), $4, $5, $4, $6, $4, $7, '{}'::jsonb, 1, 1, '{platform}', $3, '{}', '{}', $3)
     RETURNING id`,
    [`S${process.pid % 1000}${String(serial).padStart(6, '0')}`, channel, closedAt, unitId, unit.path, t.hqId, owner.id],
  );
  return (res.rows[0] as { id: string }).id;
}

/** A template, a launched phone campaign targeting one closed complaint in `unitId`, and its invitation id (all as the HQ admin). */
export async function createSurveyInvitation(
  t: TestApp,
  unitId: string,
): Promise<{ templateId: string; campaignId: string; invitationId: string }> {
  const db = new Client({ connectionString: t.databaseUrl });
  await db.connect();
  try {
    const closedAt = new Date(Date.now() - 1000 * 60 * 60 * 24 * 400 - Math.floor(Math.random() * 1e9));
    await insertClosedComplaint(db, t, unitId, closedAt);
    const template = await t.http
      .post('/api/v1/survey-templates')
      .set(...bearer(t.adminToken))
      .send({ name: 'fixture', questions: SURVEY_QUESTIONS, orgUnitId: unitId });
    const campaign = await t.http
      .post('/api/v1/survey-campaigns')
      .set(...bearer(t.adminToken))
      .send({
        name: 'fixture',
        templateId: (template.body as { id: string }).id,
        channel: 'phone',
        orgUnitId: unitId,
        population: {
          complaintsClosedFrom: new Date(closedAt.getTime() - 1000).toISOString(),
          complaintsClosedTo: new Date(closedAt.getTime() + 1000).toISOString(),
        },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    const campaignId = (campaign.body as { id: string }).id;
    await t.http
      .post(`/api/v1/survey-campaigns/${campaignId}/launch`)
      .set(...bearer(t.adminToken))
      .send({ version: 1 });
    const rows = (await db.query('SELECT id FROM survey_invitation WHERE campaign_id = $1', [campaignId])).rows as { id: string }[];
    if (rows.length !== 1) throw new Error(`fixture campaign has ${rows.length} invitations`);
    return { templateId: (template.body as { id: string }).id, campaignId, invitationId: rows[0]!.id };
  } finally {
    await db.end();
  }
}
