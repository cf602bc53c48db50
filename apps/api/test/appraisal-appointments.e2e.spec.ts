import { addMonthsToMonth } from '@cs/domain';
import { appointLeader, createTeam, localToday, monthsAgo, thisYear } from './support/appraisal-fixtures';
import { bearer, createUnit, createUser, startTestApp, type TestApp } from './support/test-app';

interface Notification {
  kind: string;
  title: string;
  entityId: string | null;
}

describe('team-leader appointments (HTTP against PostgreSQL)', () => {
  let t: TestApp;
  let platform: string;
  let otherPlatform: string;
  let hr: { id: string; token: string };
  let manager: { id: string; token: string };
  let outsider: { id: string; token: string };
  const year = thisYear();

  beforeAll(async () => {
    t = await startTestApp();
    platform = await createUnit(t, 'platform', t.hqId, 'Platform North');
    otherPlatform = await createUnit(t, 'platform', t.hqId, 'Platform South');
    hr = await createUser(t, { username: 'hr.north', orgUnitId: platform, roles: ['hr'] });
    manager = await createUser(t, { username: 'csm.north', orgUnitId: platform, roles: ['cs_manager'] });
    outsider = await createUser(t, { username: 'csm.south', orgUnitId: otherPlatform, roles: ['cs_manager'] });
  });
  afterAll(() => t.close());

  const countAppointments = async (): Promise<number> => {
    const res = await t.http.get('/api/v1/team-leader-appointments?limit=200').set(...bearer(t.adminToken));
    return (res.body as { items: unknown[] }).items.length;
  };

  const notificationsOf = async (token: string): Promise<Notification[]> =>
    ((await t.http.get('/api/v1/notifications?limit=200').set(...bearer(token))).body as { items: Notification[] }).items;

  describe('appointment [6.2.1, 8.1, 7.1.3]', () => {
    it('appoints an eligible leader for at most one year with the allowance as a decimal string', async () => {
      const { appointmentId } = await appointLeader(t, manager.token, platform, { monthlyAllowance: '850.50' });
      const res = await t.http.get(`/api/v1/team-leader-appointments/${appointmentId}`).set(...bearer(hr.token));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'active',
        postType: 'inbound',
        startsOn: `${year}-01-01`,
        endsOn: `${year}-12-31`,
        monthlyAllowance: '850.50',
        allowanceDueThisMonth: '850.50',
        termExtensions: 0,
        promotionPriority: false,
      });
      const team = await t.http.get(`/api/v1/teams/${(res.body as { teamId: string }).teamId}`).set(...bearer(hr.token));
      expect(team.body.currentLeader).toMatchObject({ appointmentId });
    });

    it('a term longer than one year answers 422 naming the rule and creates nothing', async () => {
      const user = await createUser(t, { username: 'long.term', orgUnitId: platform, roles: ['agent'], joinedOn: `${year - 3}-01-01` });
      const teamId = await createTeam(t, manager.token, platform);
      const before = await countAppointments();
      const res = await t.http
        .post('/api/v1/team-leader-appointments')
        .set(...bearer(manager.token))
        .send({
          userId: user.id,
          teamId,
          postType: 'inbound',
          startsOn: `${year}-01-01`,
          endsOn: `${year + 1}-01-01`,
          monthlyAllowance: '800.00',
        });
      expect(res.status).toBe(422);
      expect(res.body.rule).toBe('term_at_most_one_year');
      expect(res.body.message).toContain(`${year}-12-31`);
      expect(await countAppointments()).toBe(before);
    });

    it('a candidate with less than one year in the CS department answers 422 naming [6.2.1]', async () => {
      const user = await createUser(t, { username: 'newcomer', orgUnitId: platform, roles: ['agent'], joinedOn: `${year - 1}-06-01` });
      const teamId = await createTeam(t, manager.token, platform);
      const res = await t.http
        .post('/api/v1/team-leader-appointments')
        .set(...bearer(manager.token))
        .send({
          userId: user.id,
          teamId,
          postType: 'outbound',
          startsOn: `${year}-01-01`,
          endsOn: `${year}-12-31`,
          monthlyAllowance: '800.00',
        });
      expect(res.status).toBe(422);
      expect(res.body.rule).toBe('cs_tenure_one_year');
      expect(res.body.message).toContain('[6.2.1]');
      expect(res.body.message).toContain(`${year}-06-01`);
    });

    it('a candidate without a recorded join date is not eligible [6.2.1]', async () => {
      const user = await createUser(t, { username: 'no.joined', orgUnitId: platform, roles: ['agent'] });
      const teamId = await createTeam(t, manager.token, platform);
      const res = await t.http
        .post('/api/v1/team-leader-appointments')
        .set(...bearer(manager.token))
        .send({
          userId: user.id,
          teamId,
          postType: 'inbound',
          startsOn: `${year}-01-01`,
          endsOn: `${year}-12-31`,
          monthlyAllowance: '800.00',
        });
      expect(res.status).toBe(422);
      expect(res.body.rule).toBe('cs_tenure_one_year');
    });

    it('bad input answers 400 and creates nothing', async () => {
      const user = await createUser(t, { username: 'bad.input', orgUnitId: platform, roles: ['agent'], joinedOn: `${year - 3}-01-01` });
      const teamId = await createTeam(t, manager.token, platform);
      const base = {
        userId: user.id,
        teamId,
        postType: 'inbound',
        startsOn: `${year}-01-01`,
        endsOn: `${year}-12-31`,
        monthlyAllowance: '800.00',
      };
      const before = await countAppointments();
      for (const body of [
        { ...base, monthlyAllowance: 800 },
        { ...base, monthlyAllowance: '800.5' },
        { ...base, postType: 'sideways' },
        { ...base, startsOn: `${year}-02-30` },
        { ...base, endsOn: `${year - 1}-12-31` },
        { ...base, colour: 'red' },
      ]) {
        const res = await t.http
          .post('/api/v1/team-leader-appointments')
          .set(...bearer(manager.token))
          .send(body);
        expect(res.status).toBe(400);
      }
      expect(await countAppointments()).toBe(before);
    });

    it('a team has one active leader at a time (409)', async () => {
      const first = await appointLeader(t, manager.token, platform);
      const user = await createUser(t, { username: 'second.leader', orgUnitId: platform, roles: ['agent'], joinedOn: `${year - 3}-01-01` });
      const res = await t.http
        .post('/api/v1/team-leader-appointments')
        .set(...bearer(manager.token))
        .send({
          userId: user.id,
          teamId: first.teamId,
          postType: 'inbound',
          startsOn: `${year}-01-01`,
          endsOn: `${year}-12-31`,
          monthlyAllowance: '800.00',
        });
      expect(res.status).toBe(409);
    });

    it('an appointment outside the caller’s scope answers 404', async () => {
      const { appointmentId } = await appointLeader(t, manager.token, platform);
      expect((await t.http.get(`/api/v1/team-leader-appointments/${appointmentId}`).set(...bearer(outsider.token))).status).toBe(404);
      const grade = await t.http
        .post(`/api/v1/team-leader-appointments/${appointmentId}/monthly-grades`)
        .set(...bearer(outsider.token))
        .send({ month: monthsAgo(1), grade: 'D' });
      expect(grade.status).toBe(404);
    });

    it('agents cannot appoint team leaders (403)', async () => {
      const agent = await createUser(t, { username: 'plain.agent', orgUnitId: platform, roles: ['agent'], joinedOn: `${year - 3}-01-01` });
      const res = await t.http.get('/api/v1/team-leader-appointments').set(...bearer(agent.token));
      expect(res.status).toBe(403);
    });
  });

  describe('monthly grades and automatic termination [9.2]', () => {
    it('one D in the term does not end the appointment', async () => {
      const { appointmentId } = await appointLeader(t, manager.token, platform, { startsOn: `${year}-01-01` });
      const res = await t.http
        .post(`/api/v1/team-leader-appointments/${appointmentId}/monthly-grades`)
        .set(...bearer(manager.token))
        .send({ month: `${year}-01`, grade: 'D', note: 'missed targets' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ terminated: false, appointment: { status: 'active', dGradesInCurrentTerm: 1 } });
    });

    it('a second D within the current term terminates the appointment, opens a vacancy and notifies HR and the CS manager', async () => {
      const { appointmentId, teamId, userToken } = await appointLeader(t, manager.token, platform, { startsOn: `${year}-01-01` });
      for (const [month, grade] of [
        [`${year}-01`, 'D'],
        [`${year}-02`, 'B'],
      ] as const) {
        await t.http
          .post(`/api/v1/team-leader-appointments/${appointmentId}/monthly-grades`)
          .set(...bearer(manager.token))
          .send({ month, grade })
          .expect(200);
      }
      const res = await t.http
        .post(`/api/v1/team-leader-appointments/${appointmentId}/monthly-grades`)
        .set(...bearer(manager.token))
        .send({ month: `${year}-03`, grade: 'D' });
      expect(res.status).toBe(200);
      expect(res.body.terminated).toBe(true);
      expect(res.body.appointment).toMatchObject({
        status: 'terminated',
        endReason: 'second_d_grade',
        endedOn: localToday(),
        allowanceDueThisMonth: '800.00',
      });
      const vacancy = await t.http.get(`/api/v1/team-leader-vacancies/${res.body.vacancyId as string}`).set(...bearer(hr.token));
      expect(vacancy.body).toMatchObject({ teamId, reason: 'second_d_grade', status: 'open', incumbentMayApply: false, candidates: [] });
      for (const token of [hr.token, manager.token, userToken]) {
        expect(await notificationsOf(token)).toEqual(
          expect.arrayContaining([expect.objectContaining({ kind: 'appraisal.appointment_terminated', entityId: appointmentId })]),
        );
      }
      // A terminated appointment takes no more grades.
      const after = await t.http
        .post(`/api/v1/team-leader-appointments/${appointmentId}/monthly-grades`)
        .set(...bearer(manager.token))
        .send({ month: `${year}-04`, grade: 'A' });
      expect(after.status).toBe(409);
    });

    it('correcting a month replaces its grade rather than adding one', async () => {
      const { appointmentId } = await appointLeader(t, manager.token, platform, { startsOn: `${year}-01-01` });
      const post = (grade: string): Promise<{ status: number; body: { terminated: boolean } }> =>
        t.http
          .post(`/api/v1/team-leader-appointments/${appointmentId}/monthly-grades`)
          .set(...bearer(manager.token))
          .send({ month: `${year}-02`, grade });
      expect((await post('D')).body.terminated).toBe(false);
      expect((await post('D')).body.terminated).toBe(false);
      const list = await t.http.get(`/api/v1/team-leader-appointments/${appointmentId}/monthly-grades`).set(...bearer(hr.token));
      expect(list.body.items).toHaveLength(1);
    });

    it('a grade for a month outside the term or in the future answers 422 and records nothing', async () => {
      const { appointmentId } = await appointLeader(t, manager.token, platform, { startsOn: `${year}-01-01` });
      const outside = await t.http
        .post(`/api/v1/team-leader-appointments/${appointmentId}/monthly-grades`)
        .set(...bearer(manager.token))
        .send({ month: `${year - 1}-12`, grade: 'D' });
      expect(outside.status).toBe(422);
      expect(outside.body.rule).toBe('grade_month_within_term');
      const nextMonth = addMonthsToMonth(localToday().slice(0, 7), 1);
      if (nextMonth.startsWith(String(year))) {
        const future = await t.http
          .post(`/api/v1/team-leader-appointments/${appointmentId}/monthly-grades`)
          .set(...bearer(manager.token))
          .send({ month: nextMonth, grade: 'A' });
        expect(future.status).toBe(422);
        expect(future.body.rule).toBe('grade_month_not_future');
      }
      const bad = await t.http
        .post(`/api/v1/team-leader-appointments/${appointmentId}/monthly-grades`)
        .set(...bearer(manager.token))
        .send({ month: `${year}-13`, grade: 'E' });
      expect(bad.status).toBe(400);
      const list = await t.http.get(`/api/v1/team-leader-appointments/${appointmentId}/monthly-grades`).set(...bearer(hr.token));
      expect(list.body.items).toEqual([]);
    });

    it('a recorded major loss terminates the appointment and opens a vacancy [9.2.1]', async () => {
      const { appointmentId } = await appointLeader(t, manager.token, platform, { startsOn: `${year}-01-01` });
      const res = await t.http
        .post(`/api/v1/team-leader-appointments/${appointmentId}/major-losses`)
        .set(...bearer(hr.token))
        .send({ occurredOn: `${year}-02-10`, description: 'Lost a key account through a compliance breach', lossAmount: '120000.00' });
      expect(res.status).toBe(200);
      expect(res.body.appointment).toMatchObject({ status: 'terminated', endReason: 'major_loss' });
      expect(res.body.vacancyId).toEqual(expect.any(String));
      expect(await notificationsOf(hr.token)).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'appraisal.appointment_terminated', entityId: appointmentId })]),
      );
    });

    it('the monthly grade grid lists the year’s grades of every appointment in scope', async () => {
      const res = await t.http.get(`/api/v1/team-leader-monthly-grades?year=${year}`).set(...bearer(hr.token));
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      const outside = await t.http.get(`/api/v1/team-leader-monthly-grades?year=${year}`).set(...bearer(outsider.token));
      expect(outside.body.items).toEqual([]);
    });
  });

  describe('mid-term adjustment and dismissal [9.1, 9.3] and the allowance [7.1.3]', () => {
    it('an adjustment needs a reason from the list [9.1] (400 otherwise) and records the transfer as lateral or lower [9.3]', async () => {
      const { appointmentId } = await appointLeader(t, manager.token, platform);
      const current = await t.http.get(`/api/v1/team-leader-appointments/${appointmentId}`).set(...bearer(hr.token));
      const version = (current.body as { version: number }).version;
      for (const body of [
        { action: 'adjust', transfer: 'lateral', version },
        { action: 'adjust', reason: 'bored', transfer: 'lateral', version },
        { action: 'adjust', reason: 'business_need', version },
        { action: 'adjust', reason: 'business_need', transfer: 'upward', version },
      ]) {
        const res = await t.http
          .post(`/api/v1/team-leader-appointments/${appointmentId}/adjustment`)
          .set(...bearer(manager.token))
          .send(body);
        expect(res.status).toBe(400);
      }
      const stale = await t.http
        .post(`/api/v1/team-leader-appointments/${appointmentId}/adjustment`)
        .set(...bearer(manager.token))
        .send({ action: 'adjust', reason: 'reorganisation', transfer: 'lateral', version: version + 5 });
      expect(stale.status).toBe(409);
      const res = await t.http
        .post(`/api/v1/team-leader-appointments/${appointmentId}/adjustment`)
        .set(...bearer(manager.token))
        .send({ action: 'adjust', reason: 'reorganisation', transfer: 'lateral', transferNote: 'Quality team', version });
      expect(res.status).toBe(200);
      expect(res.body.appointment).toMatchObject({
        status: 'ended',
        endReason: 'adjustment',
        adjustmentReason: 'reorganisation',
        transfer: 'lateral',
        transferNote: 'Quality team',
        endedOn: localToday(),
      });
      expect(res.body.vacancyId).toEqual(expect.any(String));
    });

    it('a dismissal terminates the appointment and records a lower transfer', async () => {
      const { appointmentId } = await appointLeader(t, manager.token, platform);
      const res = await t.http
        .post(`/api/v1/team-leader-appointments/${appointmentId}/adjustment`)
        .set(...bearer(manager.token))
        .send({ action: 'dismiss', reason: 'unsuitable', transfer: 'lower', version: 1 });
      expect(res.status).toBe(200);
      expect(res.body.appointment).toMatchObject({
        status: 'terminated',
        endReason: 'dismissal',
        adjustmentReason: 'unsuitable',
        transfer: 'lower',
      });
    });

    it('the allowance runs while the appointment is active and stops from the month after it ends', async () => {
      const { appointmentId } = await appointLeader(t, manager.token, platform, { startsOn: `${year}-01-01`, monthlyAllowance: '600.00' });
      const thisMonth = localToday().slice(0, 7);
      const nextMonth = addMonthsToMonth(thisMonth, 1);
      const active = await t.http
        .get(`/api/v1/team-leader-appointments/${appointmentId}/allowance?from=${year}-01&to=${nextMonth}`)
        .set(...bearer(hr.token));
      expect(active.status).toBe(200);
      expect(active.body.months.every((m: { amount: string }) => m.amount === '600.00')).toBe(true);
      await t.http
        .post(`/api/v1/team-leader-appointments/${appointmentId}/adjustment`)
        .set(...bearer(manager.token))
        .send({ action: 'adjust', reason: 'business_need', transfer: 'lateral', version: 1 })
        .expect(200);
      const ended = await t.http
        .get(`/api/v1/team-leader-appointments/${appointmentId}/allowance?from=${thisMonth}&to=${nextMonth}`)
        .set(...bearer(hr.token));
      expect(ended.body.months).toEqual([
        { month: thisMonth, payable: true, amount: '600.00' },
        { month: nextMonth, payable: false, amount: '0.00' },
      ]);
      expect(ended.body.total).toBe('600.00');
      const months = Number(thisMonth.slice(5));
      const whole = await t.http
        .get(`/api/v1/team-leader-appointments/${appointmentId}/allowance?from=${year}-01&to=${year}-12`)
        .set(...bearer(hr.token));
      expect(whole.body.total).toBe(`${600 * months}.00`);
    });

    it('an allowance range that is reversed answers 400', async () => {
      const { appointmentId } = await appointLeader(t, manager.token, platform);
      const res = await t.http
        .get(`/api/v1/team-leader-appointments/${appointmentId}/allowance?from=${year}-05&to=${year}-01`)
        .set(...bearer(hr.token));
      expect(res.status).toBe(400);
    });
  });

  describe('vacancies and reselection', () => {
    it('candidates need one year in the department; a terminated incumbent may not stand; selecting creates the new appointment', async () => {
      const { appointmentId, userId: incumbentId } = await appointLeader(t, manager.token, platform, { startsOn: `${year}-01-01` });
      const major = await t.http
        .post(`/api/v1/team-leader-appointments/${appointmentId}/major-losses`)
        .set(...bearer(hr.token))
        .send({ occurredOn: `${year}-01-15`, description: 'Serious error' });
      const vacancyId = major.body.vacancyId as string;

      const incumbent = await t.http
        .post(`/api/v1/team-leader-vacancies/${vacancyId}/candidates`)
        .set(...bearer(hr.token))
        .send({ userId: incumbentId });
      expect(incumbent.status).toBe(422);
      expect(incumbent.body.rule).toBe('incumbent_excluded');

      const junior = await createUser(t, { username: 'junior.agent', orgUnitId: platform, roles: ['agent'], joinedOn: localToday() });
      const tooNew = await t.http
        .post(`/api/v1/team-leader-vacancies/${vacancyId}/candidates`)
        .set(...bearer(hr.token))
        .send({ userId: junior.id });
      expect(tooNew.status).toBe(422);
      expect(tooNew.body.rule).toBe('cs_tenure_one_year');

      const senior = await createUser(t, {
        username: 'senior.agent',
        orgUnitId: platform,
        roles: ['agent'],
        joinedOn: `${year - 4}-03-01`,
      });
      const eligible = await t.http.get(`/api/v1/team-leader-vacancies/${vacancyId}/eligible-staff`).set(...bearer(hr.token));
      expect(eligible.body.items.map((s: { userId: string }) => s.userId)).toContain(senior.id);
      expect(eligible.body.items.map((s: { userId: string }) => s.userId)).not.toContain(junior.id);

      const notCandidate = await t.http
        .post(`/api/v1/team-leader-vacancies/${vacancyId}/selection`)
        .set(...bearer(hr.token))
        .send({ userId: senior.id, startsOn: localToday(), endsOn: `${year}-12-31`, monthlyAllowance: '700.00' });
      expect(notCandidate.status).toBe(422);

      await t.http
        .post(`/api/v1/team-leader-vacancies/${vacancyId}/candidates`)
        .set(...bearer(hr.token))
        .send({ userId: senior.id, note: 'strong coach' })
        .expect(200);
      const duplicate = await t.http
        .post(`/api/v1/team-leader-vacancies/${vacancyId}/candidates`)
        .set(...bearer(hr.token))
        .send({ userId: senior.id });
      expect(duplicate.status).toBe(409);

      const selected = await t.http
        .post(`/api/v1/team-leader-vacancies/${vacancyId}/selection`)
        .set(...bearer(hr.token))
        .send({ userId: senior.id, startsOn: localToday(), endsOn: `${year}-12-31`, monthlyAllowance: '700.00' });
      expect(selected.status).toBe(200);
      expect(selected.body).toMatchObject({ status: 'filled', filledAppointmentId: expect.any(String) });
      const appointment = await t.http
        .get(`/api/v1/team-leader-appointments/${selected.body.filledAppointmentId as string}`)
        .set(...bearer(hr.token));
      expect(appointment.body).toMatchObject({ userId: senior.id, status: 'active', monthlyAllowance: '700.00' });
      const again = await t.http
        .post(`/api/v1/team-leader-vacancies/${vacancyId}/candidates`)
        .set(...bearer(hr.token))
        .send({ userId: junior.id });
      expect(again.status).toBe(409);
    });
  });
});
