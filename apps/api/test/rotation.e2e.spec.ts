import { addDaysToLocalDate, addMonthsToMonthKey, formatLocalDate, weeklyReportDeadlines, weekStartOf } from '@cs/domain';
import { DataSource } from 'typeorm';
import { RotationRoundsService } from '../src/modules/rotation/rotation-rounds.service';
import { ReportingService } from '../src/modules/rotation/reporting.service';
import { bearer, createUnit, createUser, startTestApp, type TestApp } from './support/test-app';

interface Region {
  id: string;
  name: string;
  class: number;
  staffedAsClass: number;
  staffingRule: { channelAssistant: boolean; mayCoverAdjacent: boolean };
  adjacentRegionIds: string[];
  coveredBy: { staffId: string }[];
}
interface Line {
  staffId: string;
  staffName: string;
  status: string;
  kind: string;
  fromRegionIds: string[];
  toRegionIds: string[];
  reason: string;
  rulesApplied: string[];
}
interface Round {
  id: string;
  status: string;
  version: number;
  lines: Line[];
  unstaffedRegions: { regionId: string; regionName: string; why: string }[];
  violations: { code: string; message: string }[];
}

const TZ = 'Asia/Shanghai';
const today = (): string => formatLocalDate(new Date(), TZ);
const monthsBefore = (date: string, months: number): string => `${addMonthsToMonthKey(date.slice(0, 7), -months)}-01`;

describe('rotation (HTTP against PostgreSQL)', () => {
  let t: TestApp;
  let platform: string;
  let otherPlatform: string;
  let engineer: { id: string; token: string };
  let manager: { id: string; token: string };
  let outsider: { id: string; token: string };
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp();
    platform = await createUnit(t, 'platform', t.hqId, 'Platform East');
    otherPlatform = await createUnit(t, 'platform', t.hqId, 'Platform West');
    engineer = await createUser(t, { username: 'eng', orgUnitId: platform, roles: ['channel_engineer'] });
    manager = await createUser(t, { username: 'mgr', orgUnitId: platform, roles: ['channel_manager'] });
    outsider = await createUser(t, { username: 'west-eng', orgUnitId: otherPlatform, roles: ['channel_engineer', 'channel_manager'] });
  });
  afterAll(() => t.close());

  /**
   * Like createUser, but each login comes from its own (forwarded) address: this file logs in far
   * more users than the per-address login limit allows from one address.
   */
  async function login(input: { username: string; orgUnitId: string; roles: string[] }): Promise<{ id: string; token: string }> {
    const password = `pw-${input.username}-secret`;
    const res = await t.http
      .post('/api/v1/users')
      .set(...bearer(t.adminToken))
      .send({ displayName: input.username, password, ...input });
    if (res.status !== 201) throw new Error(`create ${input.username}: ${res.status} ${JSON.stringify(res.body)}`);
    const session = await t.http
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', forwardedAddress())
      .send({ username: input.username, password });
    if (session.status !== 200) throw new Error(`login ${input.username}: ${session.status} ${JSON.stringify(session.body)}`);
    return { id: (res.body as { id: string }).id, token: (session.body as { accessToken: string }).accessToken };
  }
  let users = 0;
  const forwardedAddress = (): string => {
    users += 1;
    return `10.7.${Math.floor(users / 250)}.${users % 250}`;
  };

  /** A fresh branch per scenario, so rounds only see their own regions and staff. */
  async function branch(): Promise<string> {
    seq += 1;
    return createUnit(t, 'branch', platform, `Branch ${seq}`);
  }

  async function region(unit: string, name: string, salesUnits: number, extra: Record<string, unknown> = {}): Promise<Region> {
    const res = await t.http
      .post('/api/v1/regions')
      .set(...bearer(engineer.token))
      .send({ name, salesUnits, orgUnitId: unit, ...extra });
    expect(res.status).toBe(201);
    return res.body as Region;
  }

  async function staff(
    unit: string,
    name: string,
    regionIds: string[],
    since: string,
    scores: [string, number][] = [],
    channelEngineerId = engineer.id,
  ): Promise<{ id: string; userId: string; token: string }> {
    const user = await login({ username: `${name}-${seq}`, orgUnitId: unit, roles: ['field_staff'] });
    const res = await t.http
      .post('/api/v1/field-staff')
      .set(...bearer(engineer.token))
      .send({ userId: user.id, category: 'customer_manager', channelEngineerId });
    expect(res.status).toBe(201);
    const id = (res.body as { id: string }).id;
    if (regionIds.length > 0) {
      await t.http
        .post(`/api/v1/field-staff/${id}/assignments`)
        .set(...bearer(engineer.token))
        .send({ regionIds, since })
        .expect(201);
    }
    for (const [month, score] of scores) {
      await t.http
        .post(`/api/v1/field-staff/${id}/monthly-scores`)
        .set(...bearer(engineer.token))
        .send({ month, score })
        .expect(201);
    }
    return { id, userId: user.id, token: user.token };
  }

  async function round(unit: string, effectiveOn: string): Promise<Round> {
    const res = await t.http
      .post('/api/v1/rotation-rounds')
      .set(...bearer(engineer.token))
      .send({ name: `Round ${seq}`, effectiveOn, orgUnitId: unit });
    expect(res.status).toBe(201);
    return res.body as Round;
  }

  async function plan(r: Round): Promise<Round> {
    const res = await t.http
      .post(`/api/v1/rotation-rounds/${r.id}/plan`)
      .set(...bearer(engineer.token))
      .send({ version: r.version });
    expect(res.status).toBe(200);
    return res.body as Round;
  }

  const lineOf = (r: Round, staffId: string): Line => {
    const line = r.lines.find((l) => l.staffId === staffId);
    if (!line) throw new Error(`no line for ${staffId}`);
    return line;
  };

  /** Four regions, four people: A ≥12 months (must move), B scored 55 (must move), C 3 months (must stay), D may move. */
  async function scenario(effectiveOn: string) {
    const unit = await branch();
    const r1 = await region(unit, 'Hangzhou', 250_000);
    const r2 = await region(unit, 'Ningbo', 150_000);
    const r3 = await region(unit, 'Wenzhou', 120_000);
    const r4 = await region(unit, 'Zhoushan', 50_000);
    const r5 = await region(unit, 'Lishui', 40_000, { adjacentRegionIds: [r4.id] });
    const lastMonth = addMonthsToMonthKey(effectiveOn.slice(0, 7), -1);
    const a = await staff(unit, 'alice', [r1.id], monthsBefore(effectiveOn, 13), [[lastMonth, 92]]);
    const b = await staff(unit, 'bob', [r2.id], monthsBefore(effectiveOn, 8), [[lastMonth, 55]]);
    const c = await staff(unit, 'carol', [r3.id], monthsBefore(effectiveOn, 3), [[lastMonth, 80]]);
    const d = await staff(unit, 'dave', [r4.id, r5.id], monthsBefore(effectiveOn, 7), [[lastMonth, 75]]);
    return { unit, r1, r2, r3, r4, r5, a, b, c, d };
  }

  describe('regions', () => {
    it('region class: ≥200,000 units → 1; ≥100,000 with mainly high-failure models → 1; 100,000–199,999 → 2; under 100,000 → 3', async () => {
      const unit = await branch();
      expect((await region(unit, 'Big', 200_000)).class).toBe(1);
      expect((await region(unit, 'Faulty', 100_000, { highFailureModels: true })).class).toBe(1);
      expect((await region(unit, 'Mid', 199_999)).class).toBe(2);
      expect((await region(unit, 'Mid-low', 100_000)).class).toBe(2);
      expect((await region(unit, 'Small', 99_999, { highFailureModels: true })).class).toBe(3);
    });

    it('one-stop-service regions are staffed as class 3', async () => {
      const unit = await branch();
      const r = await region(unit, 'OneStop', 300_000, { oneStopService: true });
      expect(r).toMatchObject({ class: 1, staffedAsClass: 3, staffingRule: { channelAssistant: false, mayCoverAdjacent: true } });
    });

    it('staffing: class 1 → one field staff + a channel assistant; class 2 → one field staff; class 3 → one may cover adjacent class-3 regions', async () => {
      const unit = await branch();
      expect((await region(unit, 'C1', 250_000)).staffingRule).toMatchObject({
        fieldStaff: 1,
        channelAssistant: true,
        mayCoverAdjacent: false,
      });
      expect((await region(unit, 'C2', 150_000)).staffingRule).toMatchObject({
        fieldStaff: 1,
        channelAssistant: false,
        mayCoverAdjacent: false,
      });
      expect((await region(unit, 'C3', 50_000)).staffingRule).toMatchObject({
        fieldStaff: 1,
        channelAssistant: false,
        mayCoverAdjacent: true,
      });
    });

    it('adjacency is recorded symmetrically and the list shows who covers each region', async () => {
      const unit = await branch();
      const x = await region(unit, 'X', 10_000);
      const y = await region(unit, 'Y', 10_000, { adjacentRegionIds: [x.id] });
      const s = await staff(unit, 'xavier', [x.id, y.id], '2026-01-05');
      const list = await t.http
        .get(`/api/v1/regions?orgUnitId=${unit}`)
        .set(...bearer(engineer.token))
        .expect(200);
      const byName = new Map((list.body.items as Region[]).map((r) => [r.name, r]));
      expect(byName.get('X')?.adjacentRegionIds).toEqual([y.id]);
      expect(byName.get('Y')?.adjacentRegionIds).toEqual([x.id]);
      expect(byName.get('X')?.coveredBy.map((c) => c.staffId)).toEqual([s.id]);
    });

    it('bad input gets a clear 4xx and changes nothing', async () => {
      const unit = await branch();
      const before = await t.http
        .get(`/api/v1/regions?orgUnitId=${unit}`)
        .set(...bearer(engineer.token))
        .expect(200);
      await t.http
        .post('/api/v1/regions')
        .set(...bearer(engineer.token))
        .send({ name: 'Neg', salesUnits: -1, orgUnitId: unit })
        .expect(400);
      await t.http
        .post('/api/v1/regions')
        .set(...bearer(engineer.token))
        .send({ name: 'Frac', salesUnits: 1.5, orgUnitId: unit })
        .expect(400);
      const unknown = await t.http
        .post('/api/v1/regions')
        .set(...bearer(engineer.token))
        .send({ name: 'Lonely', salesUnits: 10, orgUnitId: unit, adjacentRegionIds: ['00000000-0000-4000-8000-000000000000'] });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toContain('unknown regions');
      await t.http
        .post('/api/v1/regions')
        .set(...bearer(engineer.token))
        .send({ name: 'Extra', salesUnits: 10, orgUnitId: unit, colour: 'red' })
        .expect(400);
      await t.http
        .post('/api/v1/regions')
        .set(...bearer(outsider.token))
        .send({ name: 'Elsewhere', salesUnits: 10, orgUnitId: unit })
        .expect(404);
      const after = await t.http
        .get(`/api/v1/regions?orgUnitId=${unit}`)
        .set(...bearer(engineer.token))
        .expect(200);
      expect(after.body.items).toEqual(before.body.items);
    });

    it('a region outside the caller’s scope answers 404', async () => {
      const unit = await branch();
      const r = await region(unit, 'Hidden', 10_000);
      await t.http
        .get(`/api/v1/regions/${r.id}`)
        .set(...bearer(outsider.token))
        .expect(404);
    });
  });

  describe('field staff eligibility (evaluated at a date)', () => {
    it('a monthly score below 60 → must move; ≥12 months → must move; under 6 months without major error → must stay; others may move', async () => {
      const s = await scenario(today());
      const list = await t.http
        .get(`/api/v1/field-staff?orgUnitId=${s.unit}&asOf=${today()}`)
        .set(...bearer(engineer.token))
        .expect(200);
      const status = new Map(
        (list.body.items as { id: string; rotation: { status: string; reasons: { code: string }[] } }[]).map((p) => [p.id, p.rotation]),
      );
      expect(status.get(s.a.id)).toMatchObject({ status: 'must_move', reasons: [{ code: 'ROT_TENURE_LIMIT' }] });
      expect(status.get(s.b.id)).toMatchObject({ status: 'must_move', reasons: [{ code: 'ROT_LOW_SCORE' }] });
      expect(status.get(s.c.id)).toMatchObject({ status: 'must_stay', reasons: [{ code: 'ROT_SETTLING_IN' }] });
      expect(status.get(s.d.id)).toMatchObject({ status: 'may_move' });
    });

    it('a major error lifts the under-six-months protection (may move)', async () => {
      const s = await scenario(today());
      await t.http
        .post(`/api/v1/field-staff/${s.c.id}/major-errors`)
        .set(...bearer(engineer.token))
        .send({ occurredOn: today(), description: 'Lost a batch of spare parts' })
        .expect(201);
      const res = await t.http
        .get(`/api/v1/field-staff/${s.c.id}`)
        .set(...bearer(engineer.token))
        .expect(200);
      expect(res.body.rotation).toMatchObject({ status: 'may_move', reasons: [{ code: 'ROT_MAJOR_ERROR' }] });
      expect(res.body.majorErrorCount).toBe(1);
    });

    it('scores are 0–100, one per month: bad input is 400, a second score for a month 409', async () => {
      const s = await scenario(today());
      await t.http
        .get(`/api/v1/field-staff?asOf=2026-02-30`)
        .set(...bearer(engineer.token))
        .expect(400);
      await t.http
        .get(`/api/v1/field-staff/${s.a.id}?asOf=2026-13-01`)
        .set(...bearer(engineer.token))
        .expect(400);
      const month = addMonthsToMonthKey(today().slice(0, 7), -2);
      await t.http
        .post(`/api/v1/field-staff/${s.a.id}/monthly-scores`)
        .set(...bearer(engineer.token))
        .send({ month, score: 101 })
        .expect(400);
      await t.http
        .post(`/api/v1/field-staff/${s.a.id}/monthly-scores`)
        .set(...bearer(engineer.token))
        .send({ month: '2026-13', score: 70 })
        .expect(400);
      await t.http
        .post(`/api/v1/field-staff/${s.a.id}/monthly-scores`)
        .set(...bearer(engineer.token))
        .send({ month, score: 70 })
        .expect(201);
      await t.http
        .post(`/api/v1/field-staff/${s.a.id}/monthly-scores`)
        .set(...bearer(engineer.token))
        .send({ month, score: 71 })
        .expect(409);
      const scores = await t.http
        .get(`/api/v1/field-staff/${s.a.id}/monthly-scores`)
        .set(...bearer(engineer.token))
        .expect(200);
      expect((scores.body.items as { month: string; score: number }[]).find((e) => e.month === month)?.score).toBe(70);
    });

    it('a new assignment must start after the current one', async () => {
      const s = await scenario(today());
      const res = await t.http
        .post(`/api/v1/field-staff/${s.a.id}/assignments`)
        .set(...bearer(engineer.token))
        .send({ regionIds: [s.r2.id], since: '2000-01-01' });
      expect(res.status).toBe(422);
      expect(res.body.rule).toBe('assignment_after_current');
    });

    it('only a user with the field_staff role can be registered, once', async () => {
      const unit = await branch();
      const plain = await login({ username: `plain-${seq}`, orgUnitId: unit, roles: ['agent'] });
      const res = await t.http
        .post('/api/v1/field-staff')
        .set(...bearer(engineer.token))
        .send({ userId: plain.id, category: 'technician' });
      expect(res.status).toBe(422);
      const fs = await login({ username: `fs-${seq}`, orgUnitId: unit, roles: ['field_staff'] });
      await t.http
        .post('/api/v1/field-staff')
        .set(...bearer(engineer.token))
        .send({ userId: fs.id, category: 'technician' })
        .expect(201);
      await t.http
        .post('/api/v1/field-staff')
        .set(...bearer(engineer.token))
        .send({ userId: fs.id, category: 'technician' })
        .expect(409);
      await t.http
        .post('/api/v1/field-staff')
        .set(...bearer(engineer.token))
        .send({ userId: fs.id, category: 'driver' })
        .expect(400);
    });
  });

  describe('the planner', () => {
    it('moves every must-move person, keeps every must-stay person, staffs every region and explains each line', async () => {
      const s = await scenario(today());
      const planned = await plan(await round(s.unit, today()));
      expect(planned.status).toBe('planned');
      expect(planned.violations).toEqual([]);
      expect(planned.unstaffedRegions).toEqual([]);
      expect(lineOf(planned, s.a.id)).toMatchObject({ status: 'must_move', kind: 'move', fromRegionIds: [s.r1.id] });
      expect(lineOf(planned, s.b.id)).toMatchObject({ status: 'must_move', kind: 'move', fromRegionIds: [s.r2.id] });
      expect(lineOf(planned, s.c.id)).toMatchObject({ status: 'must_stay', kind: 'stay', toRegionIds: [s.r3.id] });
      // Fewest moves: the two must-movers swap, the may-move person stays.
      expect(lineOf(planned, s.a.id).toRegionIds).toEqual([s.r2.id]);
      expect(lineOf(planned, s.b.id).toRegionIds).toEqual([s.r1.id]);
      expect(lineOf(planned, s.d.id)).toMatchObject({ kind: 'stay', rulesApplied: expect.arrayContaining(['ROT_FEWEST_MOVES']) });
      // Each line explains itself, with names rather than ids.
      expect(lineOf(planned, s.a.id).reason).toContain('months in region Hangzhou (rule: ≥12 months)');
      expect(lineOf(planned, s.a.id).rulesApplied).toContain('ROT_TENURE_LIMIT');
      expect(lineOf(planned, s.b.id).reason).toContain('monthly score 55');
      for (const line of planned.lines) expect(line.reason).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    });

    it('the same input gives the same plan (deterministic)', async () => {
      const s = await scenario(today());
      const first = await plan(await round(s.unit, today()));
      const again = await plan(first);
      expect(again.lines).toEqual(first.lines);
    });

    it('a region nobody may staff is reported precisely: which region and which rule', async () => {
      const unit = await branch();
      const only = await region(unit, 'Solo', 150_000);
      const lastMonth = addMonthsToMonthKey(today().slice(0, 7), -1);
      const p = await staff(unit, 'pat', [only.id], monthsBefore(today(), 14), [[lastMonth, 80]]);
      const planned = await plan(await round(unit, today()));
      expect(lineOf(planned, p.id).kind).toBe('reserve');
      expect(planned.unstaffedRegions).toEqual([
        expect.objectContaining({
          regionId: only.id,
          regionName: 'Solo',
          why: expect.stringContaining('must move out of region Solo (rule: ROT_TENURE_LIMIT)'),
        }),
      ]);
      expect(planned.violations.map((v) => v.code)).toEqual(['ROT_REGION_UNSTAFFED']);
      const approve = await t.http
        .post(`/api/v1/rotation-rounds/${planned.id}/approve`)
        .set(...bearer(manager.token))
        .send({ version: planned.version });
      expect(approve.status).toBe(422);
    });
  });

  describe('editing and approval', () => {
    it('a plan edited into a rule violation shows it live and cannot be approved (422 listing the violations)', async () => {
      const s = await scenario(today());
      const planned = await plan(await round(s.unit, today()));
      // Keep the must-mover Alice in Hangzhou and Bob in Ningbo: both breaks of ROT_MUST_MOVE.
      const edits = [
        { staffId: s.a.id, toRegionIds: [s.r1.id] },
        { staffId: s.b.id, toRegionIds: [s.r2.id] },
      ];
      const live = await t.http
        .post(`/api/v1/rotation-rounds/${planned.id}/plan/validate`)
        .set(...bearer(engineer.token))
        .send({ lines: edits })
        .expect(200);
      expect((live.body.violations as { code: string }[]).map((v) => v.code)).toEqual([
        'ROT_MUST_MOVE_NOT_MOVED',
        'ROT_MUST_MOVE_NOT_MOVED',
      ]);
      const unchanged = await t.http
        .get(`/api/v1/rotation-rounds/${planned.id}`)
        .set(...bearer(engineer.token))
        .expect(200);
      expect(unchanged.body.version).toBe(planned.version);

      const edited = await t.http
        .put(`/api/v1/rotation-rounds/${planned.id}/plan`)
        .set(...bearer(engineer.token))
        .send({ version: planned.version, lines: edits });
      expect(edited.status).toBe(200);
      const body = edited.body as Round;
      expect(body.violations.map((v) => v.code)).toEqual(['ROT_MUST_MOVE_NOT_MOVED', 'ROT_MUST_MOVE_NOT_MOVED']);
      expect(body.violations[0]?.message).toMatch(/(alice|bob).* must move but stays in region (Hangzhou|Ningbo)/);
      expect(lineOf(body, s.a.id)).toMatchObject({ kind: 'stay', rulesApplied: expect.arrayContaining(['ROT_MANUAL_EDIT']) });

      const refused = await t.http
        .post(`/api/v1/rotation-rounds/${planned.id}/approve`)
        .set(...bearer(manager.token))
        .send({ version: body.version });
      expect(refused.status).toBe(422);
      expect(refused.body.rule).toBe('rotation_plan_valid');
      expect(refused.body.details).toHaveLength(2);
      expect(refused.body.details[0].problem).toContain('ROT_MUST_MOVE_NOT_MOVED');
      const still = await t.http
        .get(`/api/v1/rotation-rounds/${planned.id}`)
        .set(...bearer(engineer.token))
        .expect(200);
      expect(still.body.status).toBe('planned');
      const tasks = await t.http
        .get(`/api/v1/handover-tasks?roundId=${planned.id}`)
        .set(...bearer(engineer.token))
        .expect(200);
      expect(tasks.body.items).toEqual([]);
    });

    it('an edit with a stale version answers 409; an edit naming someone not in the plan 400', async () => {
      const s = await scenario(today());
      const planned = await plan(await round(s.unit, today()));
      await t.http
        .put(`/api/v1/rotation-rounds/${planned.id}/plan`)
        .set(...bearer(engineer.token))
        .send({ version: planned.version - 1, lines: [] })
        .expect(409);
      await t.http
        .put(`/api/v1/rotation-rounds/${planned.id}/plan`)
        .set(...bearer(engineer.token))
        .send({ version: planned.version, lines: [{ staffId: '00000000-0000-4000-8000-000000000000', toRegionIds: [] }] })
        .expect(400);
    });

    it('only a channel manager approves', async () => {
      const s = await scenario(today());
      const planned = await plan(await round(s.unit, today()));
      await t.http
        .post(`/api/v1/rotation-rounds/${planned.id}/approve`)
        .set(...bearer(engineer.token))
        .send({ version: planned.version })
        .expect(403);
    });

    it('approval on the effective date changes the assignments at once and creates handover tasks for outgoing and incoming staff', async () => {
      const s = await scenario(today());
      const planned = await plan(await round(s.unit, today()));
      const approved = await t.http
        .post(`/api/v1/rotation-rounds/${planned.id}/approve`)
        .set(...bearer(manager.token))
        .send({ version: planned.version });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'applied', approvedBy: manager.id });

      const alice = await t.http
        .get(`/api/v1/field-staff/${s.a.id}`)
        .set(...bearer(engineer.token))
        .expect(200);
      expect(alice.body.currentAssignment).toMatchObject({ regionIds: [s.r2.id], since: today(), roundId: planned.id });
      const carol = await t.http
        .get(`/api/v1/field-staff/${s.c.id}`)
        .set(...bearer(engineer.token))
        .expect(200);
      expect(carol.body.currentAssignment.since).toBe(monthsBefore(today(), 3));

      const tasks = await t.http
        .get(`/api/v1/handover-tasks?roundId=${planned.id}`)
        .set(...bearer(engineer.token))
        .expect(200);
      const summary = (tasks.body.items as { staffId: string; regionName: string; direction: string; counterpartName: string | null }[])
        .map(
          (task) =>
            `${task.staffId === s.a.id ? 'alice' : 'bob'} ${task.direction} ${task.regionName} ↔ ${task.counterpartName?.split('-')[0] ?? '-'}`,
        )
        .sort();
      expect(summary).toEqual([
        'alice incoming Ningbo ↔ bob',
        'alice outgoing Hangzhou ↔ bob',
        'bob incoming Hangzhou ↔ alice',
        'bob outgoing Ningbo ↔ alice',
      ]);

      // The movers are told, and a rotation.plan.approved event waits in the outbox.
      const notes = await t.http
        .get('/api/v1/notifications')
        .set(...bearer(s.a.token))
        .expect(200);
      expect((notes.body.items as { kind: string }[]).map((n) => n.kind)).toContain('rotation.plan.approved');
      const ds = t.app.get(DataSource);
      const events = (await ds.query(`SELECT event_type FROM outbox_event WHERE aggregate_id = $1`, [planned.id])) as {
        event_type: string;
      }[];
      expect(events).toEqual([{ event_type: 'rotation.plan.approved' }]);

      // An approved round cannot be re-planned or edited.
      await t.http
        .post(`/api/v1/rotation-rounds/${planned.id}/plan`)
        .set(...bearer(engineer.token))
        .send({ version: approved.body.version })
        .expect(409);
    });

    it('approval before the effective date: assignments change only when the scheduler reaches that date', async () => {
      const effectiveOn = addDaysToLocalDate(today(), 20);
      const s = await scenario(effectiveOn);
      const planned = await plan(await round(s.unit, effectiveOn));
      expect(planned.violations).toEqual([]);
      const approved = await t.http
        .post(`/api/v1/rotation-rounds/${planned.id}/approve`)
        .set(...bearer(manager.token))
        .send({ version: planned.version });
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('approved');
      const before = await t.http
        .get(`/api/v1/field-staff/${s.a.id}`)
        .set(...bearer(engineer.token))
        .expect(200);
      expect(before.body.currentAssignment.regionIds).toEqual([s.r1.id]);

      const rounds = t.app.get(RotationRoundsService);
      const ds = t.app.get(DataSource);
      expect(await ds.transaction((m) => rounds.applyDue(m, new Date()))).toBe(0);
      const dayAfter = new Date(Date.parse(`${effectiveOn}T00:00:00+08:00`) + 3_600_000);
      expect(await ds.transaction((m) => rounds.applyDue(m, dayAfter))).toBeGreaterThanOrEqual(1);
      expect(await ds.transaction((m) => rounds.applyDue(m, dayAfter))).toBe(0);

      const after = await t.http
        .get(`/api/v1/field-staff/${s.a.id}`)
        .set(...bearer(engineer.token))
        .expect(200);
      expect(after.body.currentAssignment).toMatchObject({ regionIds: [s.r2.id], since: effectiveOn });
      const history = await t.http
        .get(`/api/v1/field-staff/${s.a.id}/assignments`)
        .set(...bearer(engineer.token))
        .expect(200);
      expect(history.body.items[1]).toMatchObject({ regionIds: [s.r1.id], until: addDaysToLocalDate(effectiveOn, -1) });
      const got = await t.http
        .get(`/api/v1/rotation-rounds/${planned.id}`)
        .set(...bearer(engineer.token))
        .expect(200);
      expect(got.body.status).toBe('applied');
    });

    it('nobody is sent back to the region they just left', async () => {
      const s = await scenario(today());
      const planned = await plan(await round(s.unit, today()));
      await t.http
        .post(`/api/v1/rotation-rounds/${planned.id}/approve`)
        .set(...bearer(manager.token))
        .send({ version: planned.version })
        .expect(200);
      const next = await plan(await round(s.unit, addDaysToLocalDate(today(), 400)));
      for (const person of [s.a, s.b]) {
        const line = lineOf(next, person.id);
        const left = person === s.a ? s.r1.id : s.r2.id;
        expect(line.toRegionIds).not.toContain(left);
      }
    });
  });

  describe('handover tasks', () => {
    it('a handover task is done only when every checklist item is ticked; the field staff ticks their own', async () => {
      const s = await scenario(today());
      const planned = await plan(await round(s.unit, today()));
      await t.http
        .post(`/api/v1/rotation-rounds/${planned.id}/approve`)
        .set(...bearer(manager.token))
        .send({ version: planned.version })
        .expect(200);
      const mine = await t.http
        .get('/api/v1/handover-tasks')
        .set(...bearer(s.a.token))
        .expect(200);
      expect((mine.body.items as { staffId: string }[]).every((task) => task.staffId === s.a.id)).toBe(true);
      const task = mine.body.items[0] as { id: string; version: number; checklist: { key: string }[] };
      const early = await t.http
        .patch(`/api/v1/handover-tasks/${task.id}`)
        .set(...bearer(s.a.token))
        .send({ version: task.version, done: true });
      expect(early.status).toBe(422);
      const ticked = await t.http
        .patch(`/api/v1/handover-tasks/${task.id}`)
        .set(...bearer(s.a.token))
        .send({ version: task.version, checklist: task.checklist.map((item) => ({ key: item.key, done: true })) })
        .expect(200);
      expect(ticked.body.done).toBe(true);
      const others = await t.http
        .get(`/api/v1/handover-tasks?roundId=${planned.id}`)
        .set(...bearer(engineer.token))
        .expect(200);
      const bobs = (others.body.items as { id: string; staffId: string }[]).find((x) => x.staffId === s.b.id);
      // Another platform does not see the round's tasks at all.
      await t.http
        .get(`/api/v1/handover-tasks/${task.id}`)
        .set(...bearer(outsider.token))
        .expect(404);
      const foreign = await t.http
        .get(`/api/v1/handover-tasks?roundId=${planned.id}`)
        .set(...bearer(outsider.token))
        .expect(200);
      expect(foreign.body.items).toEqual([]);
      await t.http
        .patch(`/api/v1/handover-tasks/${bobs?.id ?? ''}`)
        .set(...bearer(s.a.token))
        .send({ version: 1, done: false })
        .expect(404);
    });
  });

  describe('reporting duties', () => {
    it('the weekly report is due Monday 13:00 business time: on time before, late after', async () => {
      const s = await scenario(today());
      const thisWeek = weekStartOf(today());
      const onTime = await t.http
        .post('/api/v1/weekly-reports')
        .set(...bearer(s.a.token))
        .send({ weekStart: thisWeek, summary: 'Visited three dealers' });
      expect(onTime.status).toBe(201);
      expect(onTime.body).toMatchObject({
        status: 'on_time',
        dueAt: new Date(Date.parse(`${addDaysToLocalDate(thisWeek, 7)}T13:00:00+08:00`)).toISOString(),
      });
      const late = await t.http
        .post('/api/v1/weekly-reports')
        .set(...bearer(s.a.token))
        .send({ weekStart: addDaysToLocalDate(thisWeek, -14), summary: 'Late one' });
      expect(late.body.status).toBe('late');
      await t.http
        .post('/api/v1/weekly-reports')
        .set(...bearer(s.a.token))
        .send({ weekStart: thisWeek, summary: 'Again' })
        .expect(409);
      await t.http
        .post('/api/v1/weekly-reports')
        .set(...bearer(s.a.token))
        .send({ weekStart: addDaysToLocalDate(thisWeek, 1), summary: 'Tuesday' })
        .expect(400);
      await t.http
        .post('/api/v1/weekly-reports')
        .set(...bearer(s.a.token))
        .send({ weekStart: addDaysToLocalDate(thisWeek, 7), summary: 'Future' })
        .expect(422);
      await t.http
        .post('/api/v1/weekly-reports')
        .set(...bearer(engineer.token))
        .send({ weekStart: thisWeek, summary: 'Not mine' })
        .expect(403);
    });

    it('expense claims for a month are due by the 10th of the next month', async () => {
      const s = await scenario(today());
      const thisMonth = today().slice(0, 7);
      const current = await t.http
        .post('/api/v1/expense-claims')
        .set(...bearer(s.b.token))
        .send({ month: thisMonth, amount: '1250.00' });
      expect(current.status).toBe(201);
      expect(current.body).toMatchObject({ status: 'on_time', amount: '1250.00' });
      const old = await t.http
        .post('/api/v1/expense-claims')
        .set(...bearer(s.b.token))
        .send({ month: addMonthsToMonthKey(thisMonth, -2), amount: '80.5' });
      expect(old.body).toMatchObject({ status: 'late', amount: '80.50' });
      await t.http
        .post('/api/v1/expense-claims')
        .set(...bearer(s.b.token))
        .send({ month: thisMonth, amount: '1.00' })
        .expect(409);
      await t.http
        .post('/api/v1/expense-claims')
        .set(...bearer(s.b.token))
        .send({ month: thisMonth, amount: 12.5 })
        .expect(400);
      await t.http
        .post('/api/v1/expense-claims')
        .set(...bearer(s.b.token))
        .send({ month: addMonthsToMonthKey(thisMonth, 1), amount: '1.00' })
        .expect(422);
    });

    it('the scheduler flags late and missing reports once and notifies the channel engineer with a copy to the channel manager', async () => {
      const unit = await branch();
      const r = await region(unit, 'Remote', 30_000);
      const thisWeek = weekStartOf(today());
      // Their own engineer and a branch-level manager, so their inboxes hold only Larry's flags.
      const larrysEngineer = await login({ username: `larry-eng-${seq}`, orgUnitId: unit, roles: ['channel_engineer'] });
      const branchManager = await login({ username: `larry-mgr-${seq}`, orgUnitId: unit, roles: ['channel_manager'] });
      const late = await staff(unit, 'larry', [r.id], addDaysToLocalDate(thisWeek, -35), [], larrysEngineer.id);
      // The newest week already due but not yet missing (due last Monday 13:00 or, on a Monday morning, the one before).
      const lateWeek = [addDaysToLocalDate(thisWeek, -7), addDaysToLocalDate(thisWeek, -14)].find(
        (week) => weeklyReportDeadlines(week).dueAt.getTime() < Date.now(),
      ) as string;
      const missingWeek = addDaysToLocalDate(lateWeek, -7);
      await t.http
        .post('/api/v1/weekly-reports')
        .set(...bearer(late.token))
        .send({ weekStart: lateWeek, summary: 'late' })
        .expect(201);
      const reporting = t.app.get(ReportingService);
      const ds = t.app.get(DataSource);
      const first = await ds.transaction((m) => reporting.flagDuties(m, new Date()));
      const larry = first.flags.filter((f) => f.staff_id === late.id);
      expect(larry).toEqual(expect.arrayContaining([{ staff_id: late.id, duty: 'weekly_report', period: lateWeek, flag: 'late' }]));
      // Weeks in the field with no report by the following Monday 13:00 are missing.
      expect(larry.filter((f) => f.flag === 'missing' && f.duty === 'weekly_report').map((f) => f.period)).toContain(missingWeek);
      expect(larry.some((f) => f.period === lateWeek && f.flag === 'missing')).toBe(false);
      expect(larry.some((f) => f.duty === 'expense_claim' && f.flag === 'missing')).toBe(true);

      const again = await ds.transaction((m) => reporting.flagDuties(m, new Date()));
      expect(again.flags.filter((f) => f.staff_id === late.id)).toEqual([]);

      const engNotes = await t.http
        .get('/api/v1/notifications?limit=200')
        .set(...bearer(larrysEngineer.token))
        .expect(200);
      const titles = (engNotes.body.items as { title: string }[]).map((n) => n.title);
      expect(titles.every((title) => title.includes('larry'))).toBe(true);
      expect(titles.some((title) => /^Weekly report for the week of .* missing: larry/.test(title))).toBe(true);
      expect(titles).toEqual(expect.arrayContaining([expect.stringMatching(/^Weekly report for the week of .* submitted late: larry/)]));
      const mgrNotes = await t.http
        .get('/api/v1/notifications?limit=200')
        .set(...bearer(branchManager.token))
        .expect(200);
      expect((mgrNotes.body.items as { title: string }[]).some((n) => n.title.startsWith('Copy: ') && n.title.includes('larry'))).toBe(
        true,
      );

      const grid = await t.http
        .get('/api/v1/weekly-reports/compliance?weeks=4')
        .set(...bearer(engineer.token))
        .expect(200);
      const row = (grid.body.rows as { staffId: string; cells: { weekStart: string; status: string }[] }[]).find(
        (x) => x.staffId === late.id,
      );
      expect(row?.cells.find((c) => c.weekStart === lateWeek)?.status).toBe('late');
      expect(row?.cells.find((c) => c.weekStart === missingWeek)?.status).toBe('missing');
      expect(row?.cells.find((c) => c.weekStart === thisWeek)?.status).toBe('pending');
      const flagged = await t.http
        .get(`/api/v1/field-staff/${late.id}`)
        .set(...bearer(engineer.token))
        .expect(200);
      expect(flagged.body.reportingFlagCount).toBeGreaterThan(0);
    });

    it('the duties job is registered with the scheduler and runs on demand', async () => {
      const res = await t.http
        .post('/api/v1/scheduler/jobs/rotation-reporting-duties/run')
        .set(...bearer(t.adminToken))
        .expect(200);
      expect(res.body).toMatchObject({ status: 'ok', error: null });
      const apply = await t.http
        .post('/api/v1/scheduler/jobs/rotation-apply/run')
        .set(...bearer(t.adminToken))
        .expect(200);
      expect(apply.body.status).toBe('ok');
    });
  });
});
