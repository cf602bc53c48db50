import { Client } from 'pg';
import { insertClosedComplaint, SURVEY_QUESTIONS } from './support/survey-fixtures';
import { bearer, createUnit, createUser, startTestApp, type TestApp } from './support/test-app';

const hour = 3600_000;

interface Invitation {
  id: string;
  token: string | null;
  version: number;
}

describe('survey follow-ups and post-complaint surveys (HTTP against PostgreSQL)', () => {
  let t: TestApp;
  let db: Client;
  let platformA: string;
  let branchA1: string;
  let evaluator: { id: string; token: string };
  let agent: { id: string; token: string };
  let templateId: string;
  let window = 0;

  /** A launched campaign over `count` closed complaints received in branch A1. */
  async function campaign(channel: string, count = 1): Promise<Invitation[]> {
    window += 1;
    const closedAt = new Date(Date.now() - (100 + window * 3) * hour);
    for (let i = 0; i < count; i += 1) await insertClosedComplaint(db, t, branchA1, closedAt);
    const created = await t.http
      .post('/api/v1/survey-campaigns')
      .set(...bearer(evaluator.token))
      .send({
        name: `回访 ${window}`,
        templateId,
        channel,
        population: {
          complaintsClosedFrom: new Date(closedAt.getTime() - hour).toISOString(),
          complaintsClosedTo: new Date(closedAt.getTime() + hour).toISOString(),
        },
        startsAt: new Date(Date.now() - hour).toISOString(),
        endsAt: new Date(Date.now() + 24 * hour).toISOString(),
      });
    expect(created.status).toBe(201);
    await t.http
      .post(`/api/v1/survey-campaigns/${created.body.id}/launch`)
      .set(...bearer(evaluator.token))
      .send({ version: created.body.version })
      .expect(200);
    const list = await t.http.get(`/api/v1/survey-invitations?campaignId=${created.body.id}`).set(...bearer(evaluator.token));
    return list.body.items as Invitation[];
  }

  const complaint = async (id: string) => (await t.http.get(`/api/v1/complaints/${id}`).set(...bearer(t.adminToken))).body;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    platformA = await createUnit(t, 'platform', t.hqId, '华东平台');
    branchA1 = await createUnit(t, 'branch', platformA, '上海分公司');
    evaluator = await createUser(t, { username: 'qe-a', orgUnitId: platformA, roles: ['quality_evaluator'] });
    agent = await createUser(t, { username: 'agent-a', orgUnitId: branchA1, roles: ['agent'] });
    const template = await t.http
      .post('/api/v1/survey-templates')
      .set(...bearer(evaluator.token))
      .send({ name: '回访问卷', questions: SURVEY_QUESTIONS });
    templateId = template.body.id as string;
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('an overall rating ≤ 2 opens a follow-up complaint linked to the response, routed like any complaint; the survey row shows its status', async () => {
    const [inv] = await campaign('phone');
    const res = await t.http
      .post(`/api/v1/survey-invitations/${inv!.id}/response`)
      .set(...bearer(agent.token))
      .send({ answers: { overall: 2, comment: '处理太慢' } });
    expect(res.status).toBe(201);
    expect(res.body.followUpComplaintId).toEqual(expect.any(String));
    const followUp = await complaint(res.body.followUpComplaintId);
    expect(followUp).toMatchObject({ kind: 'complaint', channel: 'phone', status: 'received', callerName: '张三' });
    expect(followUp.receivingUnitId ?? followUp.receivingUnit?.id).toBe(branchA1);
    expect(followUp.ownerId ?? followUp.owner?.id).toBe(agent.id);
    expect(followUp.description).toContain('处理太慢');
    const row = await t.http.get(`/api/v1/survey-invitations/${inv!.id}`).set(...bearer(agent.token));
    expect(row.body).toMatchObject({
      followUpComplaintId: followUp.id,
      followUpComplaintStatus: 'received',
      followUpComplaintNumber: followUp.number,
    });
    const events = await db.query(`SELECT payload FROM outbox_event WHERE event_type = 'survey.response.low_score' AND aggregate_id = $1`, [
      res.body.id,
    ]);
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0].payload).toMatchObject({ overallScore: 2, invitationId: inv!.id });
  });

  it('a low score through the public link opens a follow-up on the web channel, owned by the owner of the complaint the survey followed', async () => {
    const [inv] = await campaign('online');
    const res = await t.http.post(`/api/v1/public/surveys/${inv!.token}`).send({ answers: { overall: 1 } });
    expect(res.status).toBe(201);
    const followUp = await complaint(res.body.followUpComplaintId);
    expect(followUp).toMatchObject({ kind: 'complaint', channel: 'web' });
    const original = await db.query(
      'SELECT c.owner_id FROM survey_invitation i JOIN complaint c ON c.id = i.complaint_id WHERE i.id = $1',
      [inv!.id],
    );
    expect(followUp.ownerId ?? followUp.owner?.id).toBe(original.rows[0].owner_id);
  });

  it('a rating of 3 or more opens no follow-up', async () => {
    const [inv] = await campaign('phone');
    const res = await t.http
      .post(`/api/v1/survey-invitations/${inv!.id}/response`)
      .set(...bearer(agent.token))
      .send({ answers: { overall: 3 } });
    expect(res.status).toBe(201);
    expect(res.body.followUpComplaintId).toBeNull();
    const events = await db.query(`SELECT 1 FROM outbox_event WHERE event_type = 'survey.response.low_score' AND aggregate_id = $1`, [
      res.body.id,
    ]);
    expect(events.rows).toHaveLength(0);
  });

  it('the follow-up job opens a follow-up that is still missing, once', async () => {
    const [inv] = await campaign('phone');
    const res = await t.http
      .post(`/api/v1/survey-invitations/${inv!.id}/response`)
      .set(...bearer(agent.token))
      .send({ answers: { overall: 1 } });
    // As if the process died between the answer and its follow-up.
    await db.query('UPDATE survey_response SET follow_up_complaint_id = NULL, follow_up_claimed_until = NULL WHERE id = $1', [res.body.id]);
    const run = await t.http.post('/api/v1/scheduler/jobs/survey-follow-up/run').set(...bearer(t.adminToken));
    expect(run.status).toBeLessThan(300);
    const after = await db.query('SELECT follow_up_complaint_id FROM survey_response WHERE id = $1', [res.body.id]);
    expect(after.rows[0].follow_up_complaint_id).toEqual(expect.any(String));
    await t.http.post('/api/v1/scheduler/jobs/survey-follow-up/run').set(...bearer(t.adminToken));
    const again = await db.query('SELECT follow_up_complaint_id FROM survey_response WHERE id = $1', [res.body.id]);
    expect(again.rows[0].follow_up_complaint_id).toBe(after.rows[0].follow_up_complaint_id);
  });

  it('closing a phone complaint through the complaints module creates a post-complaint invitation (policy on by default)', async () => {
    const policy = (await t.http.get('/api/v1/survey-policy').set(...bearer(evaluator.token))).body as { version: number };
    await t.http
      .put('/api/v1/survey-policy')
      .set(...bearer(evaluator.token))
      .send({ version: policy.version, templateId })
      .expect(200);
    const created = await t.http
      .post('/api/v1/complaints')
      .set(...bearer(agent.token))
      .send({
        kind: 'complaint',
        channel: 'phone',
        severity: 'general',
        subject: '包裹破损',
        description: '外箱破损',
        callerName: '李四',
        callerPhone: '13700000000',
      });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const step = async (path: string, body: Record<string, unknown>) => {
      const current = await complaint(id);
      const res = await t.http
        .post(`/api/v1/complaints/${id}/${path}`)
        .set(...bearer(t.adminToken))
        .send({ version: current.version, ...body });
      expect([200, 201]).toContain(res.status);
    };
    await step('answer', { answer: '已赔付' });
    await step('return-visits', { method: 'phone', outcome: 'satisfied' });
    if ((await complaint(id)).status !== 'closed') await step('close', {});
    expect((await complaint(id)).status).toBe('closed');
    await t.http
      .post('/api/v1/scheduler/jobs/post-complaint-survey/run')
      .set(...bearer(t.adminToken))
      .expect((r) => expect(r.status).toBeLessThan(300));
    const invitations = await db.query(
      `SELECT i.channel, i.contact_name, c.kind FROM survey_invitation i JOIN survey_campaign c ON c.id = i.campaign_id WHERE i.complaint_id = $1`,
      [id],
    );
    expect(invitations.rows).toEqual([{ channel: 'phone', contact_name: '李四', kind: 'post_complaint' }]);
  });
});
