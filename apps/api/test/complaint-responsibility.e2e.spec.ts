import { ComplaintFixtures } from './support/complaint-fixtures';
import { bearer, createUnit, createUser, itOnRealPostgres, startTestApp, type TestApp } from './support/test-app';

interface Share {
  orgUnitId: string;
  orgUnitName: string;
  percent: string;
  amount: string;
}
interface Revision {
  id: string;
  revision: number;
  status: string;
  compensation: string;
  crossPlatform: boolean;
  approverUnitId: string;
  shares: Share[];
  approvedBy: { id: string } | null;
}

describe('complaint responsibility and compensation (SPEC §1.4)', () => {
  let t: TestApp;
  let fx: ComplaintFixtures;
  let platformA: string;
  let platformB: string;
  let branchA1: string;
  let officeA1: string;
  let branchB1: string;
  let csA: { id: string; token: string };
  let opsA: { id: string; token: string };
  let opsA2: { id: string; token: string };
  let opsB: { id: string; token: string };
  let opsHq: { id: string; token: string };
  let csB: { id: string; token: string };
  let agentA: { id: string; token: string };

  const answered = (unitId = officeA1): Promise<{ id: string; number: string }> =>
    fx.insert({ receivingUnitId: unitId, ownerId: agentA.id, status: 'answered', receivedAt: new Date(Date.now() - 5 * 3_600_000) });
  const put = (token: string, id: string, body: object) =>
    t.http
      .put(`/api/v1/complaints/${id}/responsibility`)
      .set(...bearer(token))
      .send(body);
  const approve = (token: string, id: string, body: object = {}) =>
    t.http
      .post(`/api/v1/complaints/${id}/responsibility/approve`)
      .set(...bearer(token))
      .send(body);
  const countRevisions = async (id: string): Promise<number> =>
    Number((await fx.query<{ n: string }>('SELECT count(*) AS n FROM complaint_responsibility WHERE complaint_id = $1', [id]))[0]!.n);

  beforeAll(async () => {
    t = await startTestApp();
    fx = await ComplaintFixtures.connect(t);
    platformA = await createUnit(t, 'platform', t.hqId, 'Platform A');
    platformB = await createUnit(t, 'platform', t.hqId, 'Platform B');
    branchA1 = await createUnit(t, 'branch', platformA, 'Branch A1');
    officeA1 = await createUnit(t, 'sales_office', branchA1, 'Office A1');
    branchB1 = await createUnit(t, 'branch', platformB, 'Branch B1');
    csA = await createUser(t, { username: 'cs-a', orgUnitId: platformA, roles: ['cs_manager'] });
    opsA = await createUser(t, { username: 'ops-a', orgUnitId: platformA, roles: ['ops_manager'] });
    opsA2 = await createUser(t, { username: 'ops-a2', orgUnitId: platformA, roles: ['ops_manager'] });
    opsB = await createUser(t, { username: 'ops-b', orgUnitId: platformB, roles: ['ops_manager'] });
    opsHq = await createUser(t, { username: 'ops-hq', orgUnitId: t.hqId, roles: ['ops_manager'] });
    csB = await createUser(t, { username: 'cs-b', orgUnitId: platformB, roles: ['cs_manager'] });
    agentA = await createUser(t, { username: 'agent-a', orgUnitId: officeA1, roles: ['agent'] });
  });
  afterAll(async () => {
    await fx.close();
    await t.close();
  });

  it('computes each unit’s amount in fen by largest remainder so the parts add up to the compensation', async () => {
    const c = await answered();
    const res = await put(csA.token, c.id, {
      shares: [
        { orgUnitId: officeA1, percent: '33.33' },
        { orgUnitId: branchA1, percent: '33.33' },
        { orgUnitId: platformA, percent: '33.34' },
      ],
      compensation: '1000.01',
    });
    expect(res.status).toBe(200);
    const body = res.body as Revision;
    // Exact fen: 33330.3333, 33330.3333, 33340.3334 → floors add up to 1000.00; the 1 fen left goes to the largest remainder (0.3334).
    expect(body.shares.map((s) => [s.orgUnitName, s.percent, s.amount])).toEqual([
      ['Office A1', '33.33', '333.30'],
      ['Branch A1', '33.33', '333.30'],
      ['Platform A', '33.34', '333.41'],
    ]);
    expect(body).toMatchObject({
      revision: 1,
      status: 'pending',
      compensation: '1000.01',
      crossPlatform: false,
      approverUnitId: platformA,
    });
    const stored = await fx.query<{ total: string }>(
      `SELECT sum(s.amount)::text AS total FROM complaint_responsibility_share s WHERE s.responsibility_id = $1`,
      [body.id],
    );
    expect(stored[0]!.total).toBe('1000.01');
  });

  it('accepts numbers for percents and no compensation (all amounts 0.00)', async () => {
    const c = await answered();
    const res = await put(csA.token, c.id, {
      shares: [
        { orgUnitId: officeA1, percent: 60 },
        { orgUnitId: branchA1, percent: 40 },
      ],
    });
    expect(res.status).toBe(200);
    expect((res.body as Revision).shares.map((s) => [s.percent, s.amount])).toEqual([
      ['60.00', '0.00'],
      ['40.00', '0.00'],
    ]);
  });

  it('percents must sum to exactly 100: otherwise 422 naming the rule, and nothing is recorded', async () => {
    const c = await answered();
    for (const shares of [
      [
        { orgUnitId: officeA1, percent: '50' },
        { orgUnitId: branchA1, percent: '49.99' },
      ],
      [
        { orgUnitId: officeA1, percent: '60' },
        { orgUnitId: branchA1, percent: '50' },
      ],
    ]) {
      const res = await put(csA.token, c.id, { shares, compensation: '10.00' });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'rule_violated', rule: 'responsibility_shares_sum_to_100' });
      expect(res.body.message).toMatch(/exactly 100/);
    }
    const zero = await put(csA.token, c.id, {
      shares: [
        { orgUnitId: officeA1, percent: '100' },
        { orgUnitId: branchA1, percent: '0' },
      ],
    });
    expect(zero.status).toBe(422);
    expect(zero.body.rule).toBe('responsibility_share_positive');
    const twice = await put(csA.token, c.id, {
      shares: [
        { orgUnitId: officeA1, percent: '50' },
        { orgUnitId: officeA1, percent: '50' },
      ],
    });
    expect(twice.body.rule).toBe('responsibility_unit_listed_once');
    expect(await countRevisions(c.id)).toBe(0);
  });

  it('rejects malformed percents, amounts and units with 400 and records nothing', async () => {
    const c = await answered();
    const cases: object[] = [
      { shares: [{ orgUnitId: officeA1, percent: '33.333' }] },
      { shares: [{ orgUnitId: officeA1, percent: '100' }], compensation: '-5' },
      { shares: [{ orgUnitId: officeA1, percent: '100' }], compensation: 12.5 },
      { shares: [{ orgUnitId: '00000000-0000-4000-8000-000000000000', percent: '100' }] },
      { shares: [] },
      { shares: [{ orgUnitId: officeA1, percent: '100', colour: 'red' }] },
    ];
    for (const body of cases) {
      const res = await put(csA.token, c.id, body);
      expect([res.status, body]).toEqual([400, body]);
    }
    expect(await countRevisions(c.id)).toBe(0);
  });

  it('is recorded only after the customer has been answered (422 responsibility_after_answer)', async () => {
    for (const status of ['received', 'in_progress', 'invalid'] as const) {
      const c = await fx.insert({ receivingUnitId: officeA1, ownerId: agentA.id, status });
      const res = await put(csA.token, c.id, { shares: [{ orgUnitId: officeA1, percent: '100' }] });
      expect(res.status).toBe(422);
      expect(res.body.rule).toBe('responsibility_after_answer');
    }
    for (const status of ['return_visit', 'closed'] as const) {
      const c = await fx.insert({ receivingUnitId: officeA1, ownerId: agentA.id, status });
      expect((await put(csA.token, c.id, { shares: [{ orgUnitId: officeA1, percent: '100' }] })).status).toBe(200);
    }
  });

  it('is recorded by a manager only: an agent gets 403', async () => {
    const c = await answered();
    expect((await put(agentA.token, c.id, { shares: [{ orgUnitId: officeA1, percent: '100' }] })).status).toBe(403);
  });

  it('answers 404 for a complaint outside the caller’s unit subtree, whatever the action', async () => {
    const c = await answered();
    expect((await put(csB.token, c.id, { shares: [{ orgUnitId: officeA1, percent: '100' }] })).status).toBe(404);
    expect((await t.http.get(`/api/v1/complaints/${c.id}/responsibility`).set(...bearer(csB.token))).status).toBe(404);
    await put(csA.token, c.id, { shares: [{ orgUnitId: officeA1, percent: '100' }] }).expect(200);
    expect((await approve(opsB.token, c.id)).status).toBe(404);
  });

  it('inside one platform is approved by that platform’s ops manager (not HQ’s, not a CS manager, not an admin on role alone)', async () => {
    const c = await answered();
    await put(csA.token, c.id, {
      shares: [
        { orgUnitId: officeA1, percent: '70' },
        { orgUnitId: branchA1, percent: '30' },
      ],
      compensation: '500',
    }).expect(200);
    expect((await approve(opsHq.token, c.id)).status).toBe(403);
    expect((await approve(csA.token, c.id)).status).toBe(403);
    const admin = await approve(t.adminToken, c.id);
    expect(admin.status).toBe(403);
    expect(admin.body.message).toMatch(/ops manager of that platform/);
    const ok = await approve(opsA.token, c.id, { revision: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', approvedBy: { id: opsA.id }, revision: 1 });
    expect(ok.body.approvedAt).toEqual(expect.any(String));
  });

  it('across platforms needs HQ’s ops manager: the platform’s ops manager gets 403', async () => {
    const c = await answered();
    const rec = await put(csA.token, c.id, {
      shares: [
        { orgUnitId: officeA1, percent: '50' },
        { orgUnitId: branchB1, percent: '50' },
      ],
      compensation: '0.01',
    });
    expect(rec.status).toBe(200);
    expect(rec.body).toMatchObject({ crossPlatform: true, approverUnitId: t.hqId });
    expect((rec.body as Revision).shares.map((s) => s.amount)).toEqual(['0.01', '0.00']);
    const denied = await approve(opsA.token, c.id);
    expect(denied.status).toBe(403);
    expect(denied.body.message).toMatch(/HQ/);
    expect((await approve(opsHq.token, c.id)).status).toBe(200);
  });

  it('approved is immutable: a correction is a new revision and the database refuses changes to the approved one', async () => {
    const c = await answered();
    const first = (await put(csA.token, c.id, { shares: [{ orgUnitId: officeA1, percent: '100' }], compensation: '80.00' }).expect(200))
      .body as Revision;
    await approve(opsA.token, c.id).expect(200);
    expect((await approve(opsA.token, c.id)).status).toBe(409);

    const second = await put(csA.token, c.id, { shares: [{ orgUnitId: branchA1, percent: '100' }], compensation: '90.00' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ revision: 2, status: 'pending' });

    const overview = await t.http
      .get(`/api/v1/complaints/${c.id}/responsibility`)
      .set(...bearer(csA.token))
      .expect(200);
    expect(overview.body.current).toMatchObject({ revision: 2, status: 'pending' });
    expect(overview.body.effective).toMatchObject({ revision: 1, status: 'approved', compensation: '80.00' });
    expect((overview.body.history as Revision[]).map((r) => [r.revision, r.status])).toEqual([
      [2, 'pending'],
      [1, 'approved'],
    ]);

    await expect(fx.query(`UPDATE complaint_responsibility SET compensation = 1 WHERE id = $1`, [first.id])).rejects.toThrow(/approved/);
    await expect(fx.query(`UPDATE complaint_responsibility_share SET amount = 1 WHERE responsibility_id = $1`, [first.id])).rejects.toThrow(
      /approved/,
    );
    await expect(fx.query(`DELETE FROM complaint_responsibility_share WHERE responsibility_id = $1`, [first.id])).rejects.toThrow(
      /approved/,
    );
    const [kept] = await fx.query<{ compensation: string; status: string }>(
      `SELECT compensation::text, status FROM complaint_responsibility WHERE id = $1`,
      [first.id],
    );
    expect(kept).toEqual({ compensation: '80.00', status: 'approved' });
  });

  it('replacing a pending split keeps it on record as superseded, and approval of a stale revision answers 409', async () => {
    const c = await answered();
    await put(csA.token, c.id, { shares: [{ orgUnitId: officeA1, percent: '100' }] }).expect(200);
    await put(csA.token, c.id, { shares: [{ orgUnitId: branchA1, percent: '100' }] }).expect(200);
    const stale = await approve(opsA.token, c.id, { revision: 1 });
    expect(stale.status).toBe(409);
    const overview = await t.http
      .get(`/api/v1/complaints/${c.id}/responsibility`)
      .set(...bearer(opsA.token))
      .expect(200);
    expect((overview.body.history as Revision[]).map((r) => [r.revision, r.status])).toEqual([
      [2, 'pending'],
      [1, 'superseded'],
    ]);
    expect(overview.body.effective).toBeNull();
    await approve(opsA.token, c.id, { revision: 2 }).expect(200);
  });

  itOnRealPostgres('racing recordings and approvals get distinct revisions, one pending at most, and one approval', async () => {
    const c = await answered();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        put(csA.token, c.id, {
          shares: [
            { orgUnitId: officeA1, percent: String(50 + i) },
            { orgUnitId: branchA1, percent: String(50 - i) },
          ],
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(results.map((r) => (r.body as Revision).revision).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const approvals = await Promise.all([approve(opsA.token, c.id), approve(opsA2.token, c.id), approve(opsA.token, c.id)]);
    expect(approvals.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const rows = await fx.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM complaint_responsibility WHERE complaint_id = $1 GROUP BY status ORDER BY status`,
      [c.id],
    );
    expect(rows).toEqual([
      { status: 'approved', n: 1 },
      { status: 'superseded', n: 7 },
    ]);
  });

  it('PUT is idempotent: resending the current split (pending or approved) creates no revision', async () => {
    const c = await answered();
    const body = {
      shares: [
        { orgUnitId: officeA1, percent: '60' },
        { orgUnitId: branchA1, percent: '40.0' },
      ],
      compensation: '10',
    };
    const first = (await put(csA.token, c.id, body).expect(200)).body as Revision;
    const again = (await put(csA.token, c.id, body).expect(200)).body as Revision;
    expect(again).toEqual(first);
    await approve(opsA.token, c.id).expect(200);
    const afterApproval = (await put(csA.token, c.id, body).expect(200)).body as Revision;
    expect(afterApproval).toMatchObject({ revision: 1, status: 'approved' });
    expect(await countRevisions(c.id)).toBe(1);
    const events = await fx.query<{ type: string }>(`SELECT type FROM complaint_event WHERE complaint_id = $1 ORDER BY id`, [c.id]);
    expect(events.map((e) => e.type)).toEqual(['responsibility_recorded', 'responsibility_approved']);
    // The order of the shares is part of the split (ties in the fen go to the unit listed first).
    const reordered = await put(csA.token, c.id, { ...body, shares: [...body.shares].reverse() }).expect(200);
    expect(reordered.body).toMatchObject({ revision: 2, status: 'pending' });
  });

  it('approving when nothing was recorded answers 409', async () => {
    const c = await answered();
    expect((await approve(opsA.token, c.id)).status).toBe(409);
    const empty = await t.http
      .get(`/api/v1/complaints/${c.id}/responsibility`)
      .set(...bearer(agentA.token))
      .expect(200);
    expect(empty.body).toEqual({ complaintId: c.id, current: null, effective: null, history: [] });
  });

  it('puts every change on the timeline, in the outbox and in the audit log, and notifies the approvers and then the recorder and owner', async () => {
    const c = await answered();
    const rec = (await put(csA.token, c.id, { shares: [{ orgUnitId: officeA1, percent: '100' }], compensation: '12.34' }).expect(200))
      .body as Revision;
    await approve(opsA.token, c.id).expect(200);
    const events = await fx.query<{ type: string; actor_id: string; data: { revision: number; compensation: string } }>(
      `SELECT type, actor_id, data FROM complaint_event WHERE complaint_id = $1 ORDER BY id`,
      [c.id],
    );
    expect(events.map((e) => [e.type, e.actor_id, e.data.revision, e.data.compensation])).toEqual([
      ['responsibility_recorded', csA.id, 1, '12.34'],
      ['responsibility_approved', opsA.id, 1, '12.34'],
    ]);
    const outbox = await fx.query<{
      event_type: string;
      aggregate_id: string;
      aggregate_seq: number;
      org_unit_id: string;
      payload: { revision: number; number: string };
    }>(
      `SELECT event_type, aggregate_id, aggregate_seq, org_unit_id, payload FROM outbox_event
       WHERE aggregate_type = 'complaint' AND aggregate_id = $1 ORDER BY seq`,
      [c.id],
    );
    expect(outbox.map((e) => [e.event_type, e.aggregate_seq, e.org_unit_id, e.payload.revision, e.payload.number])).toEqual([
      ['complaint.responsibility_recorded', 1, officeA1, 1, c.number],
      ['complaint.responsibility_approved', 2, officeA1, 1, c.number],
    ]);
    // The complaint's outbox counter, kept on its row, moved with them.
    expect(await fx.query('SELECT outbox_last_seq FROM complaint WHERE id = $1', [c.id])).toEqual([{ outbox_last_seq: 2 }]);
    const audit = await t.http
      .get(`/api/v1/audit-log?entityId=${rec.id}`)
      .set(...bearer(t.adminToken))
      .expect(200);
    expect((audit.body.items as { action: string }[]).map((a) => a.action).sort()).toEqual([
      'complaint.responsibility_approved',
      'complaint.responsibility_recorded',
    ]);
    const notes = await fx.query<{ user_id: string; kind: string }>(
      `SELECT user_id, kind FROM notification WHERE entity_id = $1 ORDER BY kind, user_id`,
      [c.id],
    );
    const byKind = (kind: string) =>
      notes
        .filter((n) => n.kind === kind)
        .map((n) => n.user_id)
        .sort();
    expect(byKind('complaint.responsibility_to_approve')).toEqual([opsA.id, opsA2.id].sort());
    expect(byKind('complaint.responsibility_approved')).toEqual([csA.id, agentA.id].sort());
  });
});
