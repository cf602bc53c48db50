import { DataSource } from 'typeorm';
import { AppraisalYearEndCycleJob } from '../src/modules/appraisal/appraisal-year-end-cycle.job';
import { TeamLeaderTermExpiryJob } from '../src/modules/appraisal/team-leader-term-expiry.job';
import { appointLeader, thisYear } from './support/appraisal-fixtures';
import { bearer, createUnit, createUser, itOnRealPostgres, startTestApp, type TestApp } from './support/test-app';

interface RankingItem {
  appointmentId: string;
  finalScore: number;
  rank: number;
  grade: 'excellent' | 'good' | 'fair';
  basis: string;
  outcome: string;
}

const SCHEME = {
  dimensions: [
    { key: 'production', name: 'Production management 3.1', weight: 40, minimum: 60 },
    { key: 'coaching', name: 'Coaching and communication 3.2', weight: 30 },
    { key: 'team_building', name: 'Team building 3.3', weight: 30 },
  ],
  vetoItems: [{ key: 'major_complaint', name: 'Major customer complaint caused' }],
};

describe('appraisal schemes, cycles and rankings (HTTP against PostgreSQL)', () => {
  let t: TestApp;
  let platform: string;
  let hr: { id: string; token: string };
  let manager: { id: string; token: string };
  let schemeId: string;
  const year = thisYear();

  beforeAll(async () => {
    t = await startTestApp();
    platform = await createUnit(t, 'platform', t.hqId, 'Platform East');
    hr = await createUser(t, { username: 'hr.east', orgUnitId: platform, roles: ['hr'] });
    manager = await createUser(t, { username: 'csm.east', orgUnitId: platform, roles: ['cs_manager'] });
    const scheme = await t.http
      .post('/api/v1/appraisal-schemes')
      .set(...bearer(manager.token))
      .send({ name: 'Team leader year-end', ...SCHEME });
    expect(scheme.status).toBe(201);
    schemeId = (scheme.body as { id: string }).id;
  });
  afterAll(() => t.close());

  /** N leaders in one cycle; `scores[i]` is given to every dimension of leader i (so it is the final score). */
  async function cycleWith(count: number): Promise<{ cycleId: string; appointmentIds: string[] }> {
    const appointmentIds: string[] = [];
    for (let i = 0; i < count; i += 1) appointmentIds.push((await appointLeader(t, manager.token, platform)).appointmentId);
    const res = await t.http
      .post('/api/v1/appraisal-cycles')
      .set(...bearer(manager.token))
      .send({ year, schemeId, appointmentIds });
    expect(res.status).toBe(201);
    return { cycleId: (res.body as { id: string }).id, appointmentIds };
  }

  async function score(
    cycleId: string,
    appointmentId: string,
    value: number | Record<string, number>,
    vetoes: string[] = [],
  ): Promise<number> {
    const scores = typeof value === 'number' ? { production: value, coaching: value, team_building: value } : value;
    const res = await t.http
      .put(`/api/v1/appraisal-cycles/${cycleId}/scores`)
      .set(...bearer(manager.token))
      .send({ appointmentId, scores, vetoes });
    expect(res.status).toBe(200);
    return (res.body as { finalScore: number }).finalScore;
  }

  const ranking = async (
    cycleId: string,
  ): Promise<{ items: RankingItem[]; excellentCount: number; goodCount: number; fairCount: number }> =>
    (await t.http.get(`/api/v1/appraisal-cycles/${cycleId}/ranking`).set(...bearer(hr.token))).body as {
      items: RankingItem[];
      excellentCount: number;
      goodCount: number;
      fairCount: number;
    };

  describe('confidentiality', () => {
    it('team leaders cannot read appraisal cycles, rankings or monthly grades (403)', async () => {
      const { cycleId, appointmentIds } = await cycleWith(1);
      const leader = await createUser(t, { username: 'tl.reader', orgUnitId: platform, roles: ['team_leader'] });
      expect((await t.http.get(`/api/v1/appraisal-cycles/${cycleId}`).set(...bearer(leader.token))).status).toBe(403);
      expect((await t.http.get(`/api/v1/appraisal-cycles/${cycleId}/ranking`).set(...bearer(leader.token))).status).toBe(403);
      expect((await t.http.get(`/api/v1/team-leader-monthly-grades?year=${year}`).set(...bearer(leader.token))).status).toBe(403);
      expect((await t.http.get(`/api/v1/team-leader-appointments/${appointmentIds[0]!}`).set(...bearer(leader.token))).status).toBe(200);
    });
  });

  describe('schemes', () => {
    it('dimension weights must sum to 100 (422 naming the rule)', async () => {
      const res = await t.http
        .post('/api/v1/appraisal-schemes')
        .set(...bearer(manager.token))
        .send({
          name: 'Broken',
          dimensions: [
            { key: 'a', name: 'A', weight: 60 },
            { key: 'b', name: 'B', weight: 30 },
          ],
          vetoItems: [],
        });
      expect(res.status).toBe(422);
      expect(res.body.rule).toBe('scheme_weights_sum_to_100');
      const list = await t.http.get('/api/v1/appraisal-schemes').set(...bearer(hr.token));
      expect(list.body.items.map((s: { name: string }) => s.name)).not.toContain('Broken');
    });

    it('dimension and veto keys must be unique and well formed', async () => {
      const dup = await t.http
        .post('/api/v1/appraisal-schemes')
        .set(...bearer(manager.token))
        .send({ name: 'Dup', dimensions: [{ key: 'a', name: 'A', weight: 100 }], vetoItems: [{ key: 'a', name: 'A again' }] });
      expect(dup.status).toBe(422);
      const badKey = await t.http
        .post('/api/v1/appraisal-schemes')
        .set(...bearer(manager.token))
        .send({ name: 'Bad key', dimensions: [{ key: 'Not A Key', name: 'A', weight: 100 }], vetoItems: [] });
      expect(badKey.status).toBe(400);
    });
  });

  describe('final score = weighted sum; minimums and veto items cap the result [003 第五条]', () => {
    it('computes the weighted final score to two decimals', async () => {
      const { cycleId, appointmentIds } = await cycleWith(1);
      expect(await score(cycleId, appointmentIds[0]!, { production: 90, coaching: 80, team_building: 70.5 })).toBe(81.15);
    });

    it('scores for an unknown dimension, out of range or missing answer 400 and change nothing', async () => {
      const { cycleId, appointmentIds } = await cycleWith(1);
      for (const scores of [
        { production: 90, coaching: 80 },
        { production: 90, coaching: 80, team_building: 101 },
        { production: 90, coaching: 80, team_building: 70, charm: 5 },
        { production: 90.123, coaching: 80, team_building: 70 },
      ]) {
        const res = await t.http
          .put(`/api/v1/appraisal-cycles/${cycleId}/scores`)
          .set(...bearer(manager.token))
          .send({ appointmentId: appointmentIds[0], scores, vetoes: [] });
        expect(res.status).toBe(400);
      }
      const veto = await t.http
        .put(`/api/v1/appraisal-cycles/${cycleId}/scores`)
        .set(...bearer(manager.token))
        .send({ appointmentId: appointmentIds[0], scores: { production: 1, coaching: 1, team_building: 1 }, vetoes: ['nope'] });
      expect(veto.status).toBe(400);
      const cycle = await t.http.get(`/api/v1/appraisal-cycles/${cycleId}`).set(...bearer(hr.token));
      expect(cycle.body.members[0]).toMatchObject({ scores: null, finalScore: null });
    });

    it('a dimension below its minimum keeps the top scorer out of excellent; a veto item places a leader in fair', async () => {
      const { cycleId, appointmentIds } = await cycleWith(10);
      // Leader 0 has the best weighted score but production 50 < minimum 60.
      await score(cycleId, appointmentIds[0]!, { production: 50, coaching: 100, team_building: 100 });
      // Leader 1 is vetoed despite a high score.
      await score(cycleId, appointmentIds[1]!, 95, ['major_complaint']);
      for (let i = 2; i < 10; i += 1) await score(cycleId, appointmentIds[i]!, 80 - i);
      const result = await ranking(cycleId);
      const by = new Map(result.items.map((item) => [item.appointmentId, item]));
      expect(by.get(appointmentIds[0]!)).toMatchObject({ grade: 'good', basis: 'excluded_from_top' });
      expect(by.get(appointmentIds[1]!)).toMatchObject({ grade: 'fair', basis: 'vetoed' });
      expect([result.excellentCount, result.goodCount, result.fairCount]).toEqual([3, 4, 3]);
      expect(['excellent', 'excellent', 'excellent']).toEqual([2, 3, 4].map((i) => by.get(appointmentIds[i]!)?.grade));
    });
  });

  describe('year-end ranking and outcomes [8.2, 8.3]', () => {
    it('10 leaders with distinct scores → 3 excellent, 4 good, 3 fair', async () => {
      const { cycleId, appointmentIds } = await cycleWith(10);
      for (let i = 0; i < 10; i += 1) await score(cycleId, appointmentIds[i]!, 95 - i * 3);
      const preview = await ranking(cycleId);
      expect([preview.excellentCount, preview.goodCount, preview.fairCount]).toEqual([3, 4, 3]);
      expect(preview.items.map((item) => item.grade)).toEqual([
        'excellent',
        'excellent',
        'excellent',
        'good',
        'good',
        'good',
        'good',
        'fair',
        'fair',
        'fair',
      ]);
      expect(preview.items.map((item) => item.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('leaders tied at a boundary get the better grade', async () => {
      const { cycleId, appointmentIds } = await cycleWith(10);
      const scores = [95, 90, 85, 85, 80, 75, 65, 65, 62, 60];
      for (let i = 0; i < 10; i += 1) await score(cycleId, appointmentIds[i]!, scores[i]!);
      const preview = await ranking(cycleId);
      // Ranks 3 and 4 tie on the top boundary: both excellent. The two 65s tie across the bottom cut: both good.
      expect(preview.items.map((item) => item.grade)).toEqual([
        'excellent',
        'excellent',
        'excellent',
        'excellent',
        'good',
        'good',
        'good',
        'good',
        'fair',
        'fair',
      ]);
    });

    it('finalizing applies the outcomes: excellent and good extend the term one year, excellent flags promotion priority, fair opens a vacancy open to the incumbent', async () => {
      const { cycleId, appointmentIds } = await cycleWith(10);
      for (let i = 0; i < 10; i += 1) await score(cycleId, appointmentIds[i]!, 95 - i * 3);
      const res = await t.http.post(`/api/v1/appraisal-cycles/${cycleId}/finalize`).set(...bearer(manager.token));
      expect(res.status).toBe(200);
      const results = res.body.results as {
        appointmentId: string;
        finalScore: number;
        rank: number;
        grade: string;
        outcome: string;
        vacancyId: string | null;
      }[];
      expect(results.map((r) => r.grade)).toEqual([
        'excellent',
        'excellent',
        'excellent',
        'good',
        'good',
        'good',
        'good',
        'fair',
        'fair',
        'fair',
      ]);
      expect(results[0]).toMatchObject({
        appointmentId: appointmentIds[0],
        finalScore: 95,
        rank: 1,
        outcome: 'term_extended_with_promotion_priority',
      });
      expect(results[5]).toMatchObject({ outcome: 'term_extended' });
      expect(results[9]).toMatchObject({ outcome: 'post_vacated', vacancyId: expect.any(String) });

      const excellent = await t.http.get(`/api/v1/team-leader-appointments/${appointmentIds[0]!}`).set(...bearer(hr.token));
      expect(excellent.body).toMatchObject({ endsOn: `${year + 1}-12-31`, termExtensions: 1, promotionPriority: true, status: 'active' });
      const good = await t.http.get(`/api/v1/team-leader-appointments/${appointmentIds[5]!}`).set(...bearer(hr.token));
      expect(good.body).toMatchObject({ endsOn: `${year + 1}-12-31`, promotionPriority: false });
      const fair = await t.http.get(`/api/v1/team-leader-appointments/${appointmentIds[9]!}`).set(...bearer(hr.token));
      expect(fair.body).toMatchObject({ endsOn: `${year}-12-31`, termExtensions: 0, status: 'active' });
      const vacancy = await t.http.get(`/api/v1/team-leader-vacancies/${results[9]!.vacancyId!}`).set(...bearer(hr.token));
      expect(vacancy.body).toMatchObject({ reason: 'fair_result', incumbentMayApply: true, status: 'open' });
      expect(vacancy.body.candidates).toEqual([expect.objectContaining({ userId: fair.body.userId, isIncumbent: true })]);

      // The reselection can pick the incumbent again for the next year.
      const reselected = await t.http
        .post(`/api/v1/team-leader-vacancies/${results[9]!.vacancyId!}/selection`)
        .set(...bearer(hr.token))
        .send({ userId: fair.body.userId, startsOn: `${year + 1}-01-01`, endsOn: `${year + 1}-12-31`, monthlyAllowance: '800.00' });
      expect(reselected.status).toBe(200);
      const old = await t.http.get(`/api/v1/team-leader-appointments/${appointmentIds[9]!}`).set(...bearer(hr.token));
      expect(old.body).toMatchObject({ status: 'ended', endReason: 'reselection', endedOn: `${year}-12-31` });

      const cycle = await t.http.get(`/api/v1/appraisal-cycles/${cycleId}`).set(...bearer(hr.token));
      expect(cycle.body.status).toBe('finalized');
      expect(cycle.body.members.find((m: { appointmentId: string }) => m.appointmentId === appointmentIds[0])).toMatchObject({
        rank: 1,
        grade: 'excellent',
      });
    });

    it('finalize happens once: a second finalize and later score changes answer 409', async () => {
      const { cycleId, appointmentIds } = await cycleWith(3);
      for (let i = 0; i < 3; i += 1) await score(cycleId, appointmentIds[i]!, 80 + i);
      await t.http
        .post(`/api/v1/appraisal-cycles/${cycleId}/finalize`)
        .set(...bearer(manager.token))
        .expect(200);
      const again = await t.http.post(`/api/v1/appraisal-cycles/${cycleId}/finalize`).set(...bearer(manager.token));
      expect(again.status).toBe(409);
      const rescore = await t.http
        .put(`/api/v1/appraisal-cycles/${cycleId}/scores`)
        .set(...bearer(manager.token))
        .send({ appointmentId: appointmentIds[0], scores: { production: 1, coaching: 1, team_building: 1 }, vetoes: [] });
      expect(rescore.status).toBe(409);
      const extended = await t.http.get(`/api/v1/team-leader-appointments/${appointmentIds[2]!}`).set(...bearer(hr.token));
      expect(extended.body.termExtensions).toBe(1);
    });

    itOnRealPostgres('two finalize requests at the same time apply the outcomes once', async () => {
      const { cycleId, appointmentIds } = await cycleWith(3);
      for (let i = 0; i < 3; i += 1) await score(cycleId, appointmentIds[i]!, 70 + i);
      const [a, b] = await Promise.all([
        t.http.post(`/api/v1/appraisal-cycles/${cycleId}/finalize`).set(...bearer(manager.token)),
        t.http.post(`/api/v1/appraisal-cycles/${cycleId}/finalize`).set(...bearer(hr.token)),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const top = await t.http.get(`/api/v1/team-leader-appointments/${appointmentIds[2]!}`).set(...bearer(hr.token));
      expect(top.body).toMatchObject({ termExtensions: 1, endsOn: `${year + 1}-12-31` });
    });

    it('finalizing with unscored members answers 422 and changes nothing', async () => {
      const { cycleId, appointmentIds } = await cycleWith(3);
      await score(cycleId, appointmentIds[0]!, 90);
      const res = await t.http.post(`/api/v1/appraisal-cycles/${cycleId}/finalize`).set(...bearer(manager.token));
      expect(res.status).toBe(422);
      expect(res.body.rule).toBe('all_members_scored');
      const cycle = await t.http.get(`/api/v1/appraisal-cycles/${cycleId}`).set(...bearer(hr.token));
      expect(cycle.body.status).toBe('open');
      const appointment = await t.http.get(`/api/v1/team-leader-appointments/${appointmentIds[0]!}`).set(...bearer(hr.token));
      expect(appointment.body.termExtensions).toBe(0);
    });

    it('an appointment is in at most one cycle a year (409), and terminated leaders are not appraised (422)', async () => {
      const { appointmentIds } = await cycleWith(1);
      const dup = await t.http
        .post('/api/v1/appraisal-cycles')
        .set(...bearer(manager.token))
        .send({ year, schemeId, appointmentIds });
      expect(dup.status).toBe(409);
      const leader = await appointLeader(t, manager.token, platform);
      await t.http
        .post(`/api/v1/team-leader-appointments/${leader.appointmentId}/major-losses`)
        .set(...bearer(hr.token))
        .send({ occurredOn: `${year}-01-05`, description: 'Loss' })
        .expect(200);
      const terminated = await t.http
        .post('/api/v1/appraisal-cycles')
        .set(...bearer(manager.token))
        .send({ year, schemeId, appointmentIds: [leader.appointmentId] });
      expect(terminated.status).toBe(422);
    });
  });

  describe('quarterly service-staff ranking with reward tiers [001 篇十三]', () => {
    it('ranks service staff for the quarter with tiers 1–3 and 4–8; ties share a rank and a tier', async () => {
      const staff: string[] = [];
      for (let i = 0; i < 10; i += 1)
        staff.push((await createUser(t, { username: `staff${i}`, orgUnitId: platform, roles: ['agent'] })).id);
      const scores = [98, 97, 96, 96, 90, 89, 88, 87, 80, 70];
      const res = await t.http
        .post('/api/v1/service-staff-rankings')
        .set(...bearer(manager.token))
        .send({ quarter: `${year}-Q3`, entries: staff.map((userId, i) => ({ userId, score: scores[i] })) });
      expect(res.status).toBe(201);
      const entries = res.body.entries as { userId: string; rank: number; tier: string | null }[];
      expect(entries.map((e) => e.rank)).toEqual([1, 2, 3, 3, 5, 6, 7, 8, 9, 10]);
      expect(entries.map((e) => e.tier)).toEqual(['1-3', '1-3', '1-3', '1-3', '4-8', '4-8', '4-8', '4-8', null, null]);
      const overlapping = await t.http
        .post('/api/v1/service-staff-rankings')
        .set(...bearer(manager.token))
        .send({
          quarter: `${year}-Q4`,
          tiers: [
            { name: 'a', fromRank: 1, toRank: 3 },
            { name: 'b', fromRank: 3, toRank: 5 },
          ],
          entries: [{ userId: staff[0], score: 1 }],
        });
      expect(overlapping.status).toBe(422);
      const badQuarter = await t.http
        .post('/api/v1/service-staff-rankings')
        .set(...bearer(manager.token))
        .send({ quarter: `${year}-Q5`, entries: [{ userId: staff[0], score: 1 }] });
      expect(badQuarter.status).toBe(400);
    });
  });

  describe('scheduler jobs', () => {
    it('term-expiry reminders go out 30 days ahead, once per term end', async () => {
      const leader = await appointLeader(t, manager.token, platform);
      const job = t.app.get(TeamLeaderTermExpiryJob);
      const dataSource = t.app.get(DataSource);
      const at = (date: string): Date => new Date(`${date}T10:00:00+08:00`);
      const early = await dataSource.transaction((m) => job.run(m, at(`${year}-11-30`)));
      expect(early.summary.reminded).toBe(0);
      const first = await dataSource.transaction((m) => job.run(m, at(`${year}-12-01`)));
      expect(first.summary.reminded).toBeGreaterThanOrEqual(1);
      const second = await dataSource.transaction((m) => job.run(m, at(`${year}-12-02`)));
      expect(second.summary.reminded).toBe(0);
      // Read from the table: logging in many users quickly trips the login rate limiter.
      const notes = (await dataSource.query(`SELECT kind FROM notification WHERE user_id = $1 AND kind = 'appraisal.term_expiring'`, [
        leader.userId,
      ])) as unknown[];
      expect(notes).toHaveLength(1);
    });

    it('the year-end job opens one cycle for all leaders not yet in a cycle of the year, from 1 December', async () => {
      const rootScheme = await t.http
        .post('/api/v1/appraisal-schemes')
        .set(...bearer(t.adminToken))
        .send({ name: 'HQ default', ...SCHEME });
      expect(rootScheme.status).toBe(201);
      const job = t.app.get(AppraisalYearEndCycleJob);
      const dataSource = t.app.get(DataSource);
      const at = (date: string): Date => new Date(`${date}T10:00:00+08:00`);
      const november = await dataSource.transaction((m) => job.run(m, at(`${year}-11-30`)));
      expect(november.summary.opened).toBe(false);
      const december = await dataSource.transaction((m) => job.run(m, at(`${year}-12-01`)));
      expect(december.summary.opened).toBe(true);
      expect(december.summary.added).toEqual(expect.any(Number));
      const again = await dataSource.transaction((m) => job.run(m, at(`${year}-12-02`)));
      expect(again.summary).toMatchObject({ opened: false, added: 0 });
      const cycles = await t.http.get(`/api/v1/appraisal-cycles?year=${year}`).set(...bearer(t.adminToken));
      expect(cycles.body.items.filter((c: { openedBy: string }) => c.openedBy === 'system')).toHaveLength(1);
    });

    it('the D-grade check terminates an appointment holding two D grades in one term (manual trigger)', async () => {
      const leader = await appointLeader(t, manager.token, platform);
      const dataSource = t.app.get(DataSource);
      // Grades that arrived without the API's check (e.g. an import).
      await dataSource.query(
        `INSERT INTO team_leader_monthly_grade (appointment_id, month, grade, recorded_by) VALUES ($1, $2, 'D', 'import'), ($1, $3, 'D', 'import')`,
        [leader.appointmentId, `${year}-01`, `${year}-02`],
      );
      const run = await t.http.post('/api/v1/scheduler/jobs/team-leader-d-grade-check/run').set(...bearer(t.adminToken));
      expect(run.status).toBe(200);
      expect(run.body.result).toMatchObject({ terminated: 1 });
      const appointment = await t.http.get(`/api/v1/team-leader-appointments/${leader.appointmentId}`).set(...bearer(hr.token));
      expect(appointment.body).toMatchObject({ status: 'terminated', endReason: 'second_d_grade' });
      const rerun = await t.http.post('/api/v1/scheduler/jobs/team-leader-d-grade-check/run').set(...bearer(t.adminToken));
      expect(rerun.body.result).toMatchObject({ terminated: 0 });
    });
  });
});
