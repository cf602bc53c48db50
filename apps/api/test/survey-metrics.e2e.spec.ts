import { Client } from 'pg';
import { insertClosedComplaint, SURVEY_QUESTIONS } from './support/survey-fixtures';
import { bearer, createUnit, createUser, startTestApp, type TestApp } from './support/test-app';

/**
 * Survey metrics come from `survey_tally`, kept by triggers on `survey_invitation`. These tests pin
 * the figures of a small data set against values computed by hand, and check that the tally stays
 * exactly the count of invitations × responses under concurrent answers, bulk inserts, updates
 * that move nothing, deletions and a deleted campaign.
 */
describe('survey metrics from the maintained tally (HTTP against PostgreSQL)', () => {
  let t: TestApp;
  let db: Client;
  let platformA: string;
  let branchA1: string;
  let officeA1: string;
  let branchA2: string;
  let agent: { id: string; token: string };
  let templateId: string;

  const hour = 3600_000;

  /** A launched campaign of `platformA` whose population is one closed complaint received in `unitId`. */
  async function launchedCampaign(unitId: string): Promise<{ id: string; invitationId: string }> {
    const closed = new Date(Date.now() - 500 * hour - Math.floor(Math.random() * 1e9));
    await insertClosedComplaint(db, t, unitId, closed);
    const created = await t.http
      .post('/api/v1/survey-campaigns')
      .set(...bearer(t.adminToken))
      .send({
        name: '满意度回访',
        templateId,
        channel: 'phone',
        orgUnitId: platformA,
        population: {
          complaintsClosedFrom: new Date(closed.getTime() - 1000).toISOString(),
          complaintsClosedTo: new Date(closed.getTime() + 1000).toISOString(),
        },
        startsAt: new Date(Date.now() - hour).toISOString(),
        endsAt: new Date(Date.now() + 24 * hour).toISOString(),
      });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const launched = await t.http
      .post(`/api/v1/survey-campaigns/${id}/launch`)
      .set(...bearer(t.adminToken))
      .send({ version: 1 });
    expect(launched.status).toBe(200);
    const rows = (await db.query('SELECT id FROM survey_invitation WHERE campaign_id = $1', [id])).rows as { id: string }[];
    expect(rows).toHaveLength(1);
    return { id, invitationId: rows[0]!.id };
  }

  /** `count` invitations of `campaignId` on `unitId` in `month`, inserted in one statement as the launch does. */
  async function addInvitations(campaignId: string, unitId: string, month: string, count: number, conn: Client = db): Promise<string[]> {
    const res = await conn.query(
      `INSERT INTO survey_invitation (campaign_id, channel, contact_name, contact_phone, unit_id, unit_path, month)
       SELECT $1, 'phone', '客户' || g, '1380000' || lpad(g::text, 4, '0'), u.id, u.path, $3
       FROM generate_series(1, $4::int) g, org_unit u WHERE u.id = $2 RETURNING id`,
      [campaignId, unitId, month, count],
    );
    return (res.rows as { id: string }[]).map((r) => r.id);
  }

  const answer = (invitationId: string, answers: Record<string, unknown>) =>
    t.http
      .post(`/api/v1/survey-invitations/${invitationId}/response`)
      .set(...bearer(agent.token))
      .send({ answers });

  /** The tally equals the count of invitations LEFT JOIN responses per cell (the definition it replaces). */
  async function expectTallyExact(): Promise<void> {
    const cell = 'campaign_id, unit_path, month, overall_score, nps_score';
    const recomputed = await db.query(
      `SELECT i.campaign_id, i.unit_path, i.month, r.overall_score, r.nps_score, count(*)::int AS n
       FROM survey_invitation i LEFT JOIN survey_response r ON r.invitation_id = i.id
       GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    );
    const tally = await db.query(`SELECT ${cell}, n FROM survey_tally WHERE n <> 0 ORDER BY ${cell}`);
    expect(tally.rows).toEqual(recomputed.rows);
    const copies = await db.query(
      `SELECT count(*)::int AS n FROM survey_invitation i LEFT JOIN survey_response r ON r.invitation_id = i.id
       WHERE i.overall_score IS DISTINCT FROM r.overall_score OR i.nps_score IS DISTINCT FROM r.nps_score`,
    );
    expect(copies.rows[0].n).toBe(0);
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    platformA = await createUnit(t, 'platform', t.hqId, '华东平台');
    branchA1 = await createUnit(t, 'branch', platformA, '上海分公司');
    officeA1 = await createUnit(t, 'sales_office', branchA1, '浦东营业部');
    branchA2 = await createUnit(t, 'branch', platformA, '杭州分公司');
    agent = await createUser(t, { username: 'agent-metrics', orgUnitId: platformA, roles: ['agent'] });
    const template = await t.http
      .post('/api/v1/survey-templates')
      .set(...bearer(t.adminToken))
      .send({ name: '回访问卷', questions: SURVEY_QUESTIONS, orgUnitId: platformA });
    expect(template.status).toBe(201);
    templateId = (template.body as { id: string }).id;
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('pins totals, roll-up to direct sub-units, months, score distribution and NPS of a known data set', async () => {
    const { id, invitationId: launchedInA2 } = await launchedCampaign(branchA2);
    const currentMonth = (
      (await db.query('SELECT month FROM survey_invitation WHERE id = $1', [launchedInA2])).rows[0] as { month: string }
    ).month;
    // (unit, month, answers or null for unanswered)
    const plan: [string, string, Record<string, number> | null][] = [
      [platformA, '2025-11', { overall: 5, recommend: 10 }],
      [platformA, '2025-11', null],
      [branchA1, '2025-11', { overall: 4, recommend: 9 }],
      [branchA1, '2025-11', { overall: 2, recommend: 3 }],
      [branchA1, '2025-11', { overall: 1 }],
      [officeA1, '2025-12', { overall: 3, recommend: 10 }],
      [officeA1, '2025-12', null],
      [branchA2, '2025-12', { overall: 5, recommend: 8 }],
    ];
    for (const [unit, month, answers] of plan) {
      const [invitation] = await addInvitations(id, unit, month, 1);
      if (answers) expect((await answer(invitation!, answers)).status).toBe(201);
    }
    await expectTallyExact();

    const res = await t.http.get(`/api/v1/survey-campaigns/${id}/metrics`).set(...bearer(t.adminToken));
    expect(res.status).toBe(200);
    // 9 invitations, 6 responses (scores 5 4 2 1 3 5 → mean 20/6), NPS over the 5 that answered it:
    // promoters 10 9 10, detractor 3, passive 8 → (3 − 1) / 5.
    expect(res.body).toMatchObject({
      invitations: 9,
      responses: 6,
      coverage: 66.67,
      satisfactionRate: 50,
      dissatisfactionRate: 33.33,
      meanScore: 3.33,
      nps: 40,
      coverageMet: false,
      satisfactionMet: false,
    });
    expect(res.body.scoreDistribution).toEqual([
      { score: 1, count: 1 },
      { score: 2, count: 1 },
      { score: 3, count: 1 },
      { score: 4, count: 1 },
      { score: 5, count: 2 },
    ]);
    // Ordered by unit name: 上海 (with its sales office), 华东 (the campaign unit's own), 杭州.
    const unit = (unitId: string, unitName: string, m: Record<string, unknown>) => ({ unitId, unitName, ...m });
    expect(res.body.byUnit).toEqual([
      unit(branchA1, '上海分公司', {
        invitations: 5,
        responses: 4,
        coverage: 80,
        satisfactionRate: 25,
        dissatisfactionRate: 50,
        meanScore: 2.5,
        nps: 33.33,
        coverageMet: false,
        satisfactionMet: false,
      }),
      unit(platformA, '华东平台', {
        invitations: 2,
        responses: 1,
        coverage: 50,
        satisfactionRate: 100,
        dissatisfactionRate: 0,
        meanScore: 5,
        nps: 100,
        coverageMet: false,
        satisfactionMet: true,
      }),
      unit(branchA2, '杭州分公司', {
        invitations: 2,
        responses: 1,
        coverage: 50,
        satisfactionRate: 100,
        dissatisfactionRate: 0,
        meanScore: 5,
        nps: 0,
        coverageMet: false,
        satisfactionMet: true,
      }),
    ]);
    expect(res.body.byMonth).toEqual([
      {
        month: '2025-11',
        invitations: 5,
        responses: 4,
        coverage: 80,
        satisfactionRate: 50,
        dissatisfactionRate: 50,
        meanScore: 3,
        nps: 33.33,
        coverageMet: false,
        satisfactionMet: false,
      },
      {
        month: '2025-12',
        invitations: 3,
        responses: 2,
        coverage: 66.67,
        satisfactionRate: 50,
        dissatisfactionRate: 0,
        meanScore: 4,
        nps: 50,
        coverageMet: false,
        satisfactionMet: false,
      },
      // Nothing answered: coverage 0, every ratio over responses null.
      {
        month: currentMonth,
        invitations: 1,
        responses: 0,
        coverage: 0,
        satisfactionRate: null,
        dissatisfactionRate: null,
        meanScore: null,
        nps: null,
        coverageMet: false,
        satisfactionMet: null,
      },
    ]);

    // The report reads the same tally across campaigns, filtered by unit subtree and month.
    const report = await t.http.get(`/api/v1/reports/satisfaction?period=2025&unitId=${platformA}`).set(...bearer(t.adminToken));
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ invitations: 8, responses: 6, coverage: 75, satisfactionRate: 50, meanScore: 3.33, nps: 40 });
    expect((report.body.byUnit as { unitId: string; invitations: number }[]).map((u) => [u.unitId, u.invitations])).toEqual([
      [branchA1, 5],
      [platformA, 2],
      [branchA2, 1],
    ]);
    const branchReport = await t.http.get(`/api/v1/reports/satisfaction?period=2025-12&unitId=${branchA1}`).set(...bearer(t.adminToken));
    expect(branchReport.body).toMatchObject({ invitations: 2, responses: 1, meanScore: 3 });
    expect(branchReport.body.byUnit).toEqual([expect.objectContaining({ unitId: officeA1, invitations: 2, responses: 1 })]);
  });

  it('stays exact under concurrent answers in the same cells while invitations are added in bulk', async () => {
    const { id } = await launchedCampaign(branchA1);
    const invitations = await addInvitations(id, branchA1, '2026-01', 40);
    const other = new Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      // 40 answers at once (overall 1..5 in turn, NPS 9 on even ones) against a bulk insert of 200
      // more invitations into the same campaign, unit and month, held open while the answers run.
      await other.query('BEGIN');
      await addInvitations(id, branchA1, '2026-01', 200, other);
      const answers = invitations.map((inv, k) =>
        answer(inv, k % 2 === 0 ? { overall: (k % 5) + 1, recommend: 9 } : { overall: (k % 5) + 1 }),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await other.query('COMMIT');
      const statuses = (await Promise.all(answers)).map((r) => r.status);
      expect(statuses).toEqual(invitations.map(() => 201));
    } finally {
      await other.end();
    }
    await expectTallyExact();
    const res = await t.http.get(`/api/v1/survey-campaigns/${id}/metrics`).set(...bearer(t.adminToken));
    expect(res.body).toMatchObject({ invitations: 241, responses: 40, nps: 100 });
    expect(res.body.scoreDistribution).toEqual([1, 2, 3, 4, 5].map((score) => ({ score, count: 8 })));
  });

  it('two transactions answering into the same cell both count: the second waits for the first', async () => {
    const { id } = await launchedCampaign(branchA2);
    const [x, y] = await addInvitations(id, branchA2, '2026-02', 2);
    const a = new Client({ connectionString: t.databaseUrl });
    const b = new Client({ connectionString: t.databaseUrl });
    await a.connect();
    await b.connect();
    // The answer's two writes, as SurveyInvitationsService.submit makes them.
    const answerIn = async (conn: Client, invitationId: string): Promise<void> => {
      const response = await conn.query(
        `INSERT INTO survey_response (invitation_id, campaign_id, template_id, answers, overall_score, nps_score, source)
         VALUES ($1, $2, $3, '{"overall": 4}', 4, NULL, 'agent') RETURNING id`,
        [invitationId, id, templateId],
      );
      await conn.query(
        `UPDATE survey_invitation SET status = 'answered', response_id = $2, overall_score = 4, nps_score = NULL,
           attempts = attempts + 1, version = version + 1, updated_at = now() WHERE id = $1`,
        [invitationId, (response.rows[0] as { id: string }).id],
      );
    };
    const cell = () =>
      db.query(`SELECT overall_score, n FROM survey_tally WHERE campaign_id = $1 AND month = '2026-02' ORDER BY overall_score`, [id]);
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await answerIn(a, x!);
      let secondDone = false;
      const second = answerIn(b, y!).then(() => {
        secondDone = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(secondDone).toBe(false);
      expect((await cell()).rows).toEqual([{ overall_score: null, n: 2 }]);
      await a.query('COMMIT');
      await second;
      expect((await cell()).rows).toEqual([
        { overall_score: 4, n: 1 },
        { overall_score: null, n: 1 },
      ]);
      await b.query('COMMIT');
    } finally {
      await a.end();
      await b.end();
    }
    expect((await cell()).rows).toEqual([
      { overall_score: 4, n: 2 },
      { overall_score: null, n: 0 },
    ]);
    await expectTallyExact();
  });

  it('status changes move nothing; deleted invitations and a deleted campaign leave the tally exact', async () => {
    const { id, invitationId } = await launchedCampaign(branchA2);
    const more = await addInvitations(id, officeA1, '2026-03', 3);
    expect((await answer(more[0]!, { overall: 2, recommend: 0 })).status).toBe(201);
    const before = await db.query('SELECT * FROM survey_tally WHERE campaign_id = $1 ORDER BY unit_path, month, overall_score', [id]);
    await db.query(`UPDATE survey_invitation SET status = 'unreachable', attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [
      [invitationId, more[1]],
    ]);
    expect(
      (await db.query('SELECT * FROM survey_tally WHERE campaign_id = $1 ORDER BY unit_path, month, overall_score', [id])).rows,
    ).toEqual(before.rows);
    await db.query('DELETE FROM survey_invitation WHERE id = $1', [more[2]]);
    await expectTallyExact();
    const res = await t.http.get(`/api/v1/survey-campaigns/${id}/metrics`).set(...bearer(t.adminToken));
    expect(res.body).toMatchObject({ invitations: 3, responses: 1, dissatisfactionRate: 100, nps: -100 });

    await db.query('DELETE FROM survey_campaign WHERE id = $1', [id]);
    expect((await db.query('SELECT count(*)::int AS n FROM survey_tally WHERE campaign_id = $1', [id])).rows[0].n).toBe(0);
    await expectTallyExact();
  });
});
