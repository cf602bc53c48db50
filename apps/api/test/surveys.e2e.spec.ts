import { Client } from 'pg';
import { insertClosedComplaint, SURVEY_QUESTIONS } from './support/survey-fixtures';
import { bearer, createUnit, createUser, startTestApp, type TestApp } from './support/test-app';

const QUESTIONS = SURVEY_QUESTIONS;

interface Invitation {
  id: string;
  status: string;
  token: string | null;
  channel: string;
  version: number;
  responseId: string | null;
}

describe('surveys (HTTP against PostgreSQL)', () => {
  let t: TestApp;
  let db: Client;
  let platformA: string;
  let branchA1: string;
  let branchA2: string;
  let platformB: string;
  let evaluator: { id: string; token: string };
  let agentA: { id: string; token: string };
  let agentB: { id: string; token: string };

  const unitPath = async (id: string): Promise<string> =>
    ((await db.query('SELECT path FROM org_unit WHERE id = $1', [id])).rows[0] as { path: string }).path;

  const closedComplaint = (unitId: string, closedAt: Date, channel = 'phone'): Promise<string> =>
    insertClosedComplaint(db, t, unitId, closedAt, channel);

  async function createTemplate(
    token = evaluator.token,
    questions: unknown[] = QUESTIONS,
  ): Promise<{ id: string; familyId: string; version: number }> {
    const res = await t.http
      .post('/api/v1/survey-templates')
      .set(...bearer(token))
      .send({ name: '投诉回访满意度', questions });
    expect(res.status).toBe(201);
    return res.body as { id: string; familyId: string; version: number };
  }

  const hour = 3600_000;

  async function launchedCampaign(
    templateId: string,
    channel: string,
    population: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string; invitations: Invitation[] }> {
    const created = await t.http
      .post('/api/v1/survey-campaigns')
      .set(...bearer(evaluator.token))
      .send({
        name: `回访 ${channel}`,
        templateId,
        channel,
        population,
        startsAt: new Date(Date.now() - hour).toISOString(),
        endsAt: new Date(Date.now() + 24 * hour).toISOString(),
        ...extra,
      });
    expect(created.status).toBe(201);
    const campaign = created.body as { id: string; version: number };
    const launched = await t.http
      .post(`/api/v1/survey-campaigns/${campaign.id}/launch`)
      .set(...bearer(evaluator.token))
      .send({ version: campaign.version });
    expect(launched.status).toBe(200);
    const list = await t.http.get(`/api/v1/survey-invitations?campaignId=${campaign.id}`).set(...bearer(evaluator.token));
    expect(list.status).toBe(200);
    return { id: campaign.id, invitations: (list.body as { items: Invitation[] }).items };
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    platformA = await createUnit(t, 'platform', t.hqId, '华东平台');
    branchA1 = await createUnit(t, 'branch', platformA, '上海分公司');
    branchA2 = await createUnit(t, 'branch', platformA, '杭州分公司');
    platformB = await createUnit(t, 'platform', t.hqId, '华南平台');
    evaluator = await createUser(t, { username: 'qe-a', orgUnitId: platformA, roles: ['quality_evaluator'] });
    agentA = await createUser(t, { username: 'agent-a', orgUnitId: platformA, roles: ['agent'] });
    agentB = await createUser(t, { username: 'agent-b', orgUnitId: platformB, roles: ['agent'] });
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  describe('templates', () => {
    it('requires exactly one overall rating question and names the problem', async () => {
      const res = await t.http
        .post('/api/v1/survey-templates')
        .set(...bearer(evaluator.token))
        .send({ name: 'x', questions: QUESTIONS.map((q) => ({ ...q, overall: false })) });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('exactly one rating question must be marked overall');
    });

    it('lets only designers create templates', async () => {
      const res = await t.http
        .post('/api/v1/survey-templates')
        .set(...bearer(agentA.token))
        .send({ name: 'x', questions: QUESTIONS });
      expect(res.status).toBe(403);
    });

    it('edits an unanswered version in place', async () => {
      const template = await createTemplate();
      const res = await t.http
        .patch(`/api/v1/survey-templates/${template.id}`)
        .set(...bearer(evaluator.token))
        .send({ version: template.version, name: '改名' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: template.id, versionNo: 1, name: '改名', version: 2 });
      const stale = await t.http
        .patch(`/api/v1/survey-templates/${template.id}`)
        .set(...bearer(evaluator.token))
        .send({ version: 1, name: 'y' });
      expect(stale.status).toBe(409);
    });

    it('changing a template with answers creates a new version; old responses keep pointing at the version they answered', async () => {
      const template = await createTemplate();
      await closedComplaint(branchA1, new Date(Date.now() - 2 * hour));
      const { invitations } = await launchedCampaign(template.id, 'phone', {
        complaintsClosedFrom: new Date(Date.now() - 3 * hour).toISOString(),
        complaintsClosedTo: new Date(Date.now() - hour).toISOString(),
      });
      expect(invitations).toHaveLength(1);
      const answered = await t.http
        .post(`/api/v1/survey-invitations/${invitations[0]!.id}/response`)
        .set(...bearer(agentA.token))
        .send({ answers: { overall: 4 } });
      expect(answered.status).toBe(201);
      expect(answered.body.templateId).toBe(template.id);

      const edited = await t.http
        .patch(`/api/v1/survey-templates/${template.id}`)
        .set(...bearer(evaluator.token))
        .send({
          version: template.version,
          questions: [...QUESTIONS, { key: 'speed', type: 'rating', text: '处理速度', required: false }],
        });
      expect(edited.status).toBe(200);
      expect(edited.body.id).not.toBe(template.id);
      expect(edited.body).toMatchObject({ familyId: template.familyId, versionNo: 2, isCurrent: true, responseCount: 0 });

      const old = await t.http.get(`/api/v1/survey-templates/${template.id}`).set(...bearer(evaluator.token));
      expect(old.body).toMatchObject({ versionNo: 1, isCurrent: false, responseCount: 1 });
      expect(old.body.questions).toHaveLength(QUESTIONS.length);
      const response = await db.query('SELECT template_id FROM survey_response WHERE id = $1', [answered.body.id]);
      expect(response.rows[0].template_id).toBe(template.id);

      const versions = await t.http.get(`/api/v1/survey-templates?familyId=${template.familyId}`).set(...bearer(evaluator.token));
      expect((versions.body.items as { versionNo: number }[]).map((v) => v.versionNo)).toEqual([2, 1]);
      const current = await t.http.get('/api/v1/survey-templates').set(...bearer(evaluator.token));
      const ids = (current.body.items as { id: string }[]).map((i) => i.id);
      expect(ids).toContain(edited.body.id);
      expect(ids).not.toContain(template.id);
    });
  });

  describe('campaigns and invitations', () => {
    it('launch creates one invitation per target (complaints closed in the period, in the chosen units)', async () => {
      const template = await createTemplate();
      const from = new Date(Date.now() - 30 * hour);
      const to = new Date(Date.now() - 20 * hour);
      await closedComplaint(branchA1, new Date(Date.now() - 25 * hour));
      await closedComplaint(branchA2, new Date(Date.now() - 25 * hour));
      await closedComplaint(branchA2, new Date(Date.now() - 21 * hour));
      await closedComplaint(branchA2, new Date(Date.now() - 40 * hour)); // before the period
      await closedComplaint(platformB, new Date(Date.now() - 25 * hour)); // outside the campaign unit

      const preview = await t.http
        .post('/api/v1/survey-campaigns/population-preview')
        .set(...bearer(evaluator.token))
        .send({ population: { complaintsClosedFrom: from.toISOString(), complaintsClosedTo: to.toISOString() } });
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ source: 'complaints', total: 3 });
      expect(preview.body.byUnit).toEqual(
        expect.arrayContaining([
          { unitId: branchA1, unitName: '上海分公司', count: 1 },
          { unitId: branchA2, unitName: '杭州分公司', count: 2 },
        ]),
      );
      const onlyA2 = await t.http
        .post('/api/v1/survey-campaigns/population-preview')
        .set(...bearer(evaluator.token))
        .send({ population: { unitIds: [branchA2], complaintsClosedFrom: from.toISOString(), complaintsClosedTo: to.toISOString() } });
      expect(onlyA2.body.total).toBe(2);

      const { id, invitations } = await launchedCampaign(template.id, 'phone', {
        complaintsClosedFrom: from.toISOString(),
        complaintsClosedTo: to.toISOString(),
      });
      expect(invitations).toHaveLength(3);
      expect(invitations.every((i) => i.status === 'pending' && i.channel === 'phone' && i.token === null)).toBe(true);
      const campaign = await t.http.get(`/api/v1/survey-campaigns/${id}`).set(...bearer(evaluator.token));
      expect(campaign.body).toMatchObject({ status: 'launched', invitationCount: 3 });

      const again = await t.http
        .post(`/api/v1/survey-campaigns/${id}/launch`)
        .set(...bearer(evaluator.token))
        .send({ version: campaign.body.version });
      expect(again.status).toBe(409);
      const audit = await db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'survey_campaign.launched'`,
        [id],
      );
      expect(audit.rows[0].n).toBe(1);
    });

    it('rejects a population unit outside the campaign unit', async () => {
      const template = await createTemplate();
      const res = await t.http
        .post('/api/v1/survey-campaigns')
        .set(...bearer(t.adminToken))
        .send({
          name: 'x',
          templateId: template.id,
          channel: 'phone',
          orgUnitId: branchA1,
          population: { unitIds: [branchA2] },
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + hour).toISOString(),
        });
      expect(res.status).toBe(422);
      expect(res.body.message).toContain('not under the campaign');
    });

    it('shows phone invitations on the work list of agents in scope only (another platform gets 404)', async () => {
      const template = await createTemplate();
      await closedComplaint(branchA1, new Date(Date.now() - 50 * hour));
      const { invitations } = await launchedCampaign(template.id, 'phone', {
        complaintsClosedFrom: new Date(Date.now() - 51 * hour).toISOString(),
        complaintsClosedTo: new Date(Date.now() - 49 * hour).toISOString(),
      });
      const mine = await t.http.get('/api/v1/survey-invitations?status=pending&channel=phone').set(...bearer(agentA.token));
      expect((mine.body.items as Invitation[]).map((i) => i.id)).toContain(invitations[0]!.id);
      const theirs = await t.http.get('/api/v1/survey-invitations').set(...bearer(agentB.token));
      expect((theirs.body.items as Invitation[]).map((i) => i.id)).not.toContain(invitations[0]!.id);
      expect((await t.http.get(`/api/v1/survey-invitations/${invitations[0]!.id}`).set(...bearer(agentB.token))).status).toBe(404);
      expect(
        (
          await t.http
            .post(`/api/v1/survey-invitations/${invitations[0]!.id}/response`)
            .set(...bearer(agentB.token))
            .send({ answers: { overall: 5 } })
        ).status,
      ).toBe(404);
    });

    it('records unreachable and declined outcomes, and an unreachable invitation can still be answered', async () => {
      const template = await createTemplate();
      await closedComplaint(branchA1, new Date(Date.now() - 60 * hour));
      const { invitations } = await launchedCampaign(template.id, 'phone', {
        complaintsClosedFrom: new Date(Date.now() - 61 * hour).toISOString(),
        complaintsClosedTo: new Date(Date.now() - 59 * hour).toISOString(),
      });
      const inv = invitations[0]!;
      const unreachable = await t.http
        .post(`/api/v1/survey-invitations/${inv.id}/status`)
        .set(...bearer(agentA.token))
        .send({ version: inv.version, status: 'unreachable', note: '无人接听' });
      expect(unreachable.status).toBe(201);
      expect(unreachable.body).toMatchObject({ status: 'unreachable', attempts: 1, statusNote: '无人接听' });
      const answered = await t.http
        .post(`/api/v1/survey-invitations/${inv.id}/response`)
        .set(...bearer(agentA.token))
        .send({ answers: { overall: 5 } });
      expect(answered.status).toBe(201);
      const after = await t.http
        .post(`/api/v1/survey-invitations/${inv.id}/status`)
        .set(...bearer(agentA.token))
        .send({ version: unreachable.body.version + 1, status: 'declined' });
      expect(after.status).toBe(409);
    });
  });

  describe('answers', () => {
    let template: { id: string };
    let online: Invitation[];
    let phone: Invitation[];

    beforeAll(async () => {
      template = await createTemplate();
      for (let i = 0; i < 4; i += 1) await closedComplaint(branchA1, new Date(Date.now() - 80 * hour));
      const period = {
        complaintsClosedFrom: new Date(Date.now() - 81 * hour).toISOString(),
        complaintsClosedTo: new Date(Date.now() - 79 * hour).toISOString(),
      };
      online = (await launchedCampaign(template.id, 'online', period)).invitations;
      phone = (await launchedCampaign(template.id, 'phone', period)).invitations;
    });

    it('gives online invitations unguessable tokens of at least 128 bits', () => {
      const tokens = online.map((i) => i.token!);
      expect(new Set(tokens).size).toBe(4);
      for (const token of tokens) {
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
      }
    });

    it('serves the questionnaire at the public link without login', async () => {
      const res = await t.http.get(`/api/v1/public/surveys/${online[0]!.token}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ title: '投诉回访满意度' });
      expect(res.body.questions).toHaveLength(QUESTIONS.length);
      expect(JSON.stringify(res.body)).not.toContain('13800000000');
    });

    it('a token answers once; a second submission → 409', async () => {
      const token = online[0]!.token!;
      const first = await t.http.post(`/api/v1/public/surveys/${token}`).send({ answers: { overall: 5, recommend: 9, topics: ['服务'] } });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ source: 'public', overallScore: 5, npsScore: 9 });
      const second = await t.http.post(`/api/v1/public/surveys/${token}`).send({ answers: { overall: 1 } });
      expect(second.status).toBe(409);
      expect((await t.http.get(`/api/v1/public/surveys/${token}`)).status).toBe(409);
      const rows = await db.query('SELECT overall_score FROM survey_response WHERE invitation_id = $1', [online[0]!.id]);
      expect(rows.rows).toEqual([{ overall_score: 5 }]);
    });

    it('an unknown or tampered token → 404', async () => {
      const token = online[1]!.token!;
      const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
      expect((await t.http.get(`/api/v1/public/surveys/${tampered}`)).status).toBe(404);
      expect((await t.http.post(`/api/v1/public/surveys/${tampered}`).send({ answers: { overall: 5 } })).status).toBe(404);
      expect((await t.http.get('/api/v1/public/surveys/not-a-token')).status).toBe(404);
      // A phone invitation has no link: even a correctly signed id is refused.
      expect((await t.http.get(`/api/v1/public/surveys/${'A'.repeat(43)}`)).status).toBe(404);
    });

    it('an expired token → 404 (links expire with the campaign)', async () => {
      await closedComplaint(branchA1, new Date(Date.now() - 90 * hour));
      const ending = await launchedCampaign(template.id, 'online', {
        complaintsClosedFrom: new Date(Date.now() - 91 * hour).toISOString(),
        complaintsClosedTo: new Date(Date.now() - 89 * hour).toISOString(),
      });
      const inv = ending.invitations[0]!;
      await db.query(
        `UPDATE survey_campaign SET starts_at = now() - interval '2 days', ends_at = now() - interval '1 second' WHERE id = (SELECT campaign_id FROM survey_invitation WHERE id = $1)`,
        [inv.id],
      );
      expect((await t.http.get(`/api/v1/public/surveys/${inv.token}`)).status).toBe(404);
      expect((await t.http.post(`/api/v1/public/surveys/${inv.token}`).send({ answers: { overall: 5 } })).status).toBe(404);
      // The expiry job then marks it expired for the work lists.
      const run = await t.http.post('/api/v1/scheduler/jobs/survey-invitation-expiry/run').set(...bearer(t.adminToken));
      expect(run.status).toBeLessThan(300);
      const status = await db.query('SELECT status FROM survey_invitation WHERE id = $1', [inv.id]);
      expect(status.rows[0].status).toBe('expired');
    });

    it('answers that do not fit the questions → 400 naming the question, and nothing is recorded', async () => {
      const inv = phone[0]!;
      const url = `/api/v1/survey-invitations/${inv.id}/response`;
      const missing = await t.http
        .post(url)
        .set(...bearer(agentA.token))
        .send({ answers: { comment: '好' } });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toContain('overall');
      expect(missing.body.details).toEqual([{ field: 'answers.overall', problem: 'is required' }]);
      const range = await t.http
        .post(url)
        .set(...bearer(agentA.token))
        .send({ answers: { overall: 7 } });
      expect(range.status).toBe(400);
      expect(range.body.details[0].field).toBe('answers.overall');
      const nps = await t.http
        .post(url)
        .set(...bearer(agentA.token))
        .send({ answers: { overall: 3, recommend: 11 } });
      expect(nps.body.details[0].field).toBe('answers.recommend');
      const option = await t.http
        .post(url)
        .set(...bearer(agentA.token))
        .send({ answers: { overall: 3, channel: '传真' } });
      expect(option.status).toBe(400);
      expect(option.body.details[0]).toEqual({ field: 'answers.channel', problem: 'must be one of the options: 电话, 网站' });
      const unknown = await t.http
        .post(url)
        .set(...bearer(agentA.token))
        .send({ answers: { overall: 3, colour: 'red' } });
      expect(unknown.body.details[0].field).toBe('answers.colour');
      const publicBad = await t.http.post(`/api/v1/public/surveys/${online[3]!.token}`).send({ answers: { overall: 0 } });
      expect(publicBad.status).toBe(400);
      expect(publicBad.body.message).toContain('overall');
      const count = await db.query('SELECT count(*)::int AS n FROM survey_response WHERE invitation_id = ANY($1::uuid[])', [
        [inv.id, online[3]!.id],
      ]);
      expect(count.rows[0].n).toBe(0);
    });

    it('an agent enters a phone answer once; a second entry → 409', async () => {
      const inv = phone[1]!;
      const first = await t.http
        .post(`/api/v1/survey-invitations/${inv.id}/response`)
        .set(...bearer(agentA.token))
        .send({ answers: { overall: 4, channel: '电话' } });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ source: 'agent', overallScore: 4 });
      const second = await t.http
        .post(`/api/v1/survey-invitations/${inv.id}/response`)
        .set(...bearer(agentA.token))
        .send({ answers: { overall: 4 } });
      expect(second.status).toBe(409);
      const listed = await t.http.get(`/api/v1/survey-invitations/${inv.id}`).set(...bearer(agentA.token));
      expect(listed.body).toMatchObject({ status: 'answered', responseId: first.body.id, overallScore: 4 });
    });
  });

  describe('metrics', () => {
    it('coverage and satisfaction are null with zero responses (no division errors), against default targets of 95 %', async () => {
      const template = await createTemplate();
      await closedComplaint(branchA2, new Date(Date.now() - 100 * hour));
      const { id } = await launchedCampaign(template.id, 'phone', {
        complaintsClosedFrom: new Date(Date.now() - 101 * hour).toISOString(),
        complaintsClosedTo: new Date(Date.now() - 99 * hour).toISOString(),
      });
      const res = await t.http.get(`/api/v1/survey-campaigns/${id}/metrics`).set(...bearer(evaluator.token));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        invitations: 1,
        responses: 0,
        coverage: 0,
        satisfactionRate: null,
        meanScore: null,
        nps: null,
        targets: { coverage: 95, satisfaction: 95 },
        coverageMet: false,
        satisfactionMet: null,
      });
    });

    it('coverage = invitations with a response ÷ invitations; satisfaction rate = overall ≥ 4 ÷ responses; mean and NPS; by unit and month', async () => {
      const template = await createTemplate();
      const closed = new Date(Date.now() - 120 * hour);
      for (const unit of [branchA1, branchA1, branchA1, branchA2]) await closedComplaint(unit, closed);
      const { id, invitations } = await launchedCampaign(
        template.id,
        'phone',
        {
          complaintsClosedFrom: new Date(closed.getTime() - hour).toISOString(),
          complaintsClosedTo: new Date(closed.getTime() + hour).toISOString(),
        },
        { targets: { coverage: 70, satisfaction: 60 } },
      );
      const units = new Map<string, string>(
        (await db.query('SELECT id, unit_id FROM survey_invitation WHERE campaign_id = $1', [id])).rows.map(
          (r: { id: string; unit_id: string }) => [r.id, r.unit_id],
        ),
      );
      const inA1 = invitations.filter((i) => units.get(i.id) === branchA1);
      const inA2 = invitations.filter((i) => units.get(i.id) === branchA2);
      const answer = (inv: Invitation, answers: Record<string, unknown>) =>
        t.http
          .post(`/api/v1/survey-invitations/${inv.id}/response`)
          .set(...bearer(agentA.token))
          .send({ answers });
      expect((await answer(inA1[0]!, { overall: 5, recommend: 10 })).status).toBe(201);
      expect((await answer(inA1[1]!, { overall: 4, recommend: 3 })).status).toBe(201);
      expect((await answer(inA2[0]!, { overall: 3 })).status).toBe(201);

      const res = await t.http.get(`/api/v1/survey-campaigns/${id}/metrics`).set(...bearer(evaluator.token));
      expect(res.body).toMatchObject({
        invitations: 4,
        responses: 3,
        coverage: 75,
        satisfactionRate: 66.67,
        dissatisfactionRate: 0,
        meanScore: 4,
        nps: 0,
        targets: { coverage: 70, satisfaction: 60 },
        coverageMet: true,
        satisfactionMet: true,
      });
      expect(res.body.scoreDistribution).toEqual([
        { score: 1, count: 0 },
        { score: 2, count: 0 },
        { score: 3, count: 1 },
        { score: 4, count: 1 },
        { score: 5, count: 1 },
      ]);
      const byUnit = new Map((res.body.byUnit as { unitId: string }[]).map((u) => [u.unitId, u]));
      expect(byUnit.get(branchA1)).toMatchObject({ invitations: 3, responses: 2, coverage: 66.67, satisfactionRate: 100 });
      expect(byUnit.get(branchA2)).toMatchObject({ invitations: 1, responses: 1, coverage: 100, satisfactionRate: 0 });
      expect(res.body.byMonth).toHaveLength(1);
      expect(res.body.byMonth[0]).toMatchObject({ invitations: 4, responses: 3 });
    });
  });

  describe('reports', () => {
    it('platform satisfaction report for a quarter, rolled up by branch, against 95 % targets', async () => {
      const quarter = `${new Date().getUTCFullYear()}-Q${Math.ceil((new Date().getUTCMonth() + 1) / 3)}`;
      const res = await t.http.get(`/api/v1/reports/satisfaction?period=${quarter}&unitId=${platformA}`).set(...bearer(evaluator.token));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ period: quarter, unitId: platformA, targets: { coverage: 95, satisfaction: 95 } });
      const total = await db.query(
        `SELECT count(*)::int AS invitations, count(r.id)::int AS responses FROM survey_invitation i LEFT JOIN survey_response r ON r.invitation_id = i.id
         WHERE i.unit_path LIKE $1`,
        [`${await unitPath(platformA)}%`],
      );
      expect(res.body.invitations).toBe(total.rows[0].invitations);
      expect(res.body.responses).toBe(total.rows[0].responses);
      expect((res.body.byUnit as { unitId: string }[]).map((u) => u.unitId).sort()).toEqual([branchA1, branchA2].sort());
    });

    it('HQ roll-up per quarter groups by platform', async () => {
      const quarter = `${new Date().getUTCFullYear()}-Q${Math.ceil((new Date().getUTCMonth() + 1) / 3)}`;
      const res = await t.http.get(`/api/v1/reports/satisfaction?period=${quarter}`).set(...bearer(t.adminToken));
      expect(res.status).toBe(200);
      expect(res.body.unitId).toBe(t.hqId);
      expect((res.body.byUnit as { unitId: string }[]).map((u) => u.unitId)).toEqual([platformA]);
    });

    it('a period with no surveys reports null rates, not 0 or NaN', async () => {
      const res = await t.http.get(`/api/v1/reports/satisfaction?period=2020-Q1`).set(...bearer(t.adminToken));
      expect(res.body).toMatchObject({
        invitations: 0,
        responses: 0,
        coverage: null,
        satisfactionRate: null,
        meanScore: null,
        byUnit: [],
        byMonth: [],
      });
    });

    it('downloads the report as CSV and XLSX', async () => {
      const csv = await t.http
        .get(`/api/v1/reports/satisfaction?period=2020&unitId=${platformA}&format=csv`)
        .set(...bearer(evaluator.token));
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.text).toContain('华东平台');
      const xlsx = await t.http
        .get(`/api/v1/reports/satisfaction?period=2020-05&format=xlsx`)
        .set(...bearer(evaluator.token))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(xlsx.status).toBe(200);
      expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    });

    it('rejects a malformed period with 400 and an out-of-scope unit with 404', async () => {
      expect((await t.http.get('/api/v1/reports/satisfaction?period=2026-13').set(...bearer(evaluator.token))).status).toBe(400);
      expect(
        (await t.http.get(`/api/v1/reports/satisfaction?period=2026&unitId=${platformB}`).set(...bearer(evaluator.token))).status,
      ).toBe(404);
    });
  });

  describe('post-complaint surveys', () => {
    /** What the complaints module publishes when a complaint is closed. */
    const publishClosed = (complaintId: string, unitId: string) =>
      db.query(
        `INSERT INTO outbox_event (event_type, aggregate_type, aggregate_id, org_unit_id, payload) VALUES ('complaint.closed', 'complaint', $1, $2, '{}')`,
        [complaintId, unitId],
      );
    const runJob = async () => {
      const res = await t.http.post('/api/v1/scheduler/jobs/post-complaint-survey/run').set(...bearer(t.adminToken));
      expect(res.status).toBeLessThan(300);
    };
    const invitationsFor = async (complaintId: string) =>
      (
        await db.query(
          'SELECT i.channel, c.kind FROM survey_invitation i JOIN survey_campaign c ON c.id = i.campaign_id WHERE i.complaint_id = $1',
          [complaintId],
        )
      ).rows;

    it('post-complaint surveys are on by default for phone complaints', async () => {
      const res = await t.http.get('/api/v1/survey-policy').set(...bearer(evaluator.token));
      expect(res.body).toMatchObject({
        postComplaintEnabled: true,
        postComplaintChannels: ['phone'],
        postComplaintKinds: ['complaint'],
        surveyChannel: 'phone',
      });
    });

    it('closing a complaint creates a post-complaint invitation per policy (phone yes, web no, once only)', async () => {
      const template = await createTemplate();
      const policy = (await t.http.get('/api/v1/survey-policy').set(...bearer(evaluator.token))).body as { version: number };
      const set = await t.http
        .put('/api/v1/survey-policy')
        .set(...bearer(evaluator.token))
        .send({ version: policy.version, templateId: template.id });
      expect(set.status).toBe(200);
      const phoneComplaint = await closedComplaint(branchA1, new Date(), 'phone');
      const webComplaint = await closedComplaint(branchA1, new Date(), 'web');
      await publishClosed(phoneComplaint, branchA1);
      await publishClosed(webComplaint, branchA1);
      await runJob();
      expect(await invitationsFor(phoneComplaint)).toEqual([{ channel: 'phone', kind: 'post_complaint' }]);
      expect(await invitationsFor(webComplaint)).toEqual([]);
      await publishClosed(phoneComplaint, branchA1); // a redelivered event
      await runJob();
      expect(await invitationsFor(phoneComplaint)).toHaveLength(1);
      const work = await t.http.get('/api/v1/survey-invitations?status=pending&channel=phone').set(...bearer(agentA.token));
      expect((work.body.items as { complaintId: string | null }[]).map((i) => i.complaintId)).toContain(phoneComplaint);
    });

    it('does not create post-complaint invitations when the policy is off', async () => {
      const policy = (await t.http.get('/api/v1/survey-policy').set(...bearer(evaluator.token))).body as { version: number };
      await t.http
        .put('/api/v1/survey-policy')
        .set(...bearer(evaluator.token))
        .send({ version: policy.version, postComplaintEnabled: false })
        .expect(200);
      const complaint = await closedComplaint(branchA1, new Date(), 'phone');
      await publishClosed(complaint, branchA1);
      await runJob();
      expect(await invitationsFor(complaint)).toEqual([]);
      const again = (await t.http.get('/api/v1/survey-policy').set(...bearer(evaluator.token))).body as { version: number };
      await t.http
        .put('/api/v1/survey-policy')
        .set(...bearer(evaluator.token))
        .send({ version: again.version, postComplaintEnabled: true })
        .expect(200);
    });
  });
});
