import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { ComplaintFixtures } from './support/complaint-fixtures';
import { bearer, createUnit, createUser, startTestApp, type TestApp } from './support/test-app';

const H = 3_600_000;
const at = (iso: string): Date => new Date(iso);

/** supertest: keep a binary body as a Buffer. */
function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('complaint reports (SPEC §1.5)', () => {
  let t: TestApp;
  let fx: ComplaintFixtures;
  let platformA: string;
  let platformB: string;
  let platformC: string;
  let branchA1: string;
  let officeA1: string;
  let officeB1: string;
  let officeC1: string;
  let csHq: { id: string; token: string };
  let csA: { id: string; token: string };
  let csB: { id: string; token: string };
  let opsA: { id: string; token: string };
  let opsHq: { id: string; token: string };
  let agentA: { id: string; token: string };

  const get = (token: string, url: string) => t.http.get(url).set(...bearer(token));

  beforeAll(async () => {
    t = await startTestApp();
    fx = await ComplaintFixtures.connect(t);
    platformA = await createUnit(t, 'platform', t.hqId, 'Platform A');
    platformB = await createUnit(t, 'platform', t.hqId, 'Platform B');
    platformC = await createUnit(t, 'platform', t.hqId, 'Platform C');
    branchA1 = await createUnit(t, 'branch', platformA, 'Branch A1');
    officeA1 = await createUnit(t, 'sales_office', branchA1, 'Office A1');
    officeB1 = await createUnit(t, 'sales_office', platformB, 'Office B1');
    officeC1 = await createUnit(t, 'sales_office', platformC, 'Office C1');
    csHq = await createUser(t, { username: 'cs-hq', orgUnitId: t.hqId, roles: ['cs_manager'] });
    csA = await createUser(t, { username: 'cs-a', orgUnitId: platformA, roles: ['cs_manager'] });
    csB = await createUser(t, { username: 'cs-b', orgUnitId: platformB, roles: ['cs_manager'] });
    opsA = await createUser(t, { username: 'ops-a', orgUnitId: platformA, roles: ['ops_manager'] });
    opsHq = await createUser(t, { username: 'ops-hq', orgUnitId: t.hqId, roles: ['ops_manager'] });
    agentA = await createUser(t, { username: 'agent-a', orgUnitId: officeA1, roles: ['agent'] });
    const owner = agentA.id;

    // Quarter 2026-Q3 / month 2026-09 in Asia/Shanghai.
    const c1 = await fx.insert({
      receivingUnitId: officeA1,
      ownerId: owner,
      kind: 'complaint',
      channel: 'phone',
      severity: 'general',
      status: 'closed',
      category: 'delivery',
      customerKey: 'cust-1',
      receivedAt: at('2026-09-05T02:00:00Z'),
      answeredAt: at('2026-09-05T04:00:00Z'),
      closedAt: at('2026-09-06T02:00:00Z'),
    });
    const c2 = await fx.insert({
      receivingUnitId: officeA1,
      ownerId: owner,
      kind: 'inquiry',
      channel: 'web',
      severity: 'serious',
      status: 'closed',
      category: 'delivery',
      customerKey: 'cust-1',
      tier: 2,
      escalationCount: 1,
      receivedAt: at('2026-09-10T02:00:00Z'),
      answeredAt: at('2026-09-10T12:00:00Z'),
      closedAt: at('2026-09-13T02:00:00Z'),
    });
    const c3 = await fx.insert({
      receivingUnitId: officeB1,
      ownerId: owner,
      kind: 'complaint',
      channel: 'email',
      severity: 'batch',
      status: 'closed',
      category: 'billing',
      receivedAt: at('2026-09-18T02:00:00Z'),
      answeredAt: at('2026-09-18T04:00:00Z'),
      closedAt: at('2026-09-20T02:00:00Z'),
    });
    // Closed at 01:00 on 1 October in Shanghai: October's case, not September's.
    await fx.insert({
      receivingUnitId: officeA1,
      ownerId: owner,
      status: 'closed',
      category: 'delivery',
      receivedAt: at('2026-09-29T02:00:00Z'),
      answeredAt: at('2026-09-29T03:00:00Z'),
      closedAt: at('2026-09-30T17:00:00Z'),
    });
    const c5 = await fx.insert({
      receivingUnitId: officeA1,
      ownerId: owner,
      status: 'in_progress',
      customerKey: 'cust-2',
      tier: 3,
      escalationCount: 2,
      breached: true,
      dueAt: null,
      receivedAt: at('2026-09-25T02:00:00Z'),
    });
    await fx.insert({
      receivingUnitId: officeA1,
      ownerId: owner,
      status: 'invalid',
      category: 'x',
      receivedAt: at('2026-09-14T02:00:00Z'),
      closedAt: at('2026-09-15T02:00:00Z'),
    });
    // 01:00 on 1 July in Shanghai (Q3), and 23:00 on 30 June (Q2).
    await fx.insert({ receivingUnitId: officeA1, ownerId: owner, status: 'received', receivedAt: at('2026-06-30T17:00:00Z') });
    await fx.insert({ receivingUnitId: officeA1, ownerId: owner, status: 'received', receivedAt: at('2026-06-30T15:00:00Z') });
    await fx.query(
      `INSERT INTO complaint_event (complaint_id, type, at, actor_type, actor_name, from_tier, to_tier, deadline_at)
       VALUES ($1, 'escalated', $2, 'system', 'system', 1, 2, $2), ($3, 'escalated', $4, 'system', 'system', 1, 2, $4),
              ($3, 'escalated', $5, 'system', 'system', 2, 3, $5)`,
      [c2.id, at('2026-09-10T06:00:00Z'), c5.id, at('2026-09-25T06:00:00Z'), at('2026-09-26T02:00:00Z')],
    );

    const put = (id: string, body: object) =>
      t.http
        .put(`/api/v1/complaints/${id}/responsibility`)
        .set(...bearer(csHq.token))
        .send(body);
    const approve = (token: string, id: string) =>
      t.http
        .post(`/api/v1/complaints/${id}/responsibility/approve`)
        .set(...bearer(token))
        .send({});
    await put(c1.id, {
      shares: [
        { orgUnitId: officeA1, percent: '60' },
        { orgUnitId: branchA1, percent: '40' },
      ],
      compensation: '100.00',
    }).expect(200);
    await approve(opsA.token, c1.id).expect(200);
    await put(c2.id, { shares: [{ orgUnitId: officeA1, percent: '100' }], compensation: '50.00' }).expect(200);
    await put(c3.id, {
      shares: [
        { orgUnitId: officeA1, percent: '50' },
        { orgUnitId: officeB1, percent: '50' },
      ],
      compensation: '0.01',
    }).expect(200);
    await approve(opsHq.token, c3.id).expect(200);
  });
  afterAll(async () => {
    await fx.close();
    await t.close();
  });

  describe('monthly closed-case statistics (客诉案件统计表)', () => {
    it('report counts equal the data: closed cases of the month by kind, severity, channel and unit, with responsibility by unit', async () => {
      const res = await get(csHq.token, '/api/v1/reports/complaints/monthly?month=2026-09').expect(200);
      expect(res.body).toMatchObject({
        month: '2026-09',
        timeZone: 'Asia/Shanghai',
        from: '2026-08-31T16:00:00.000Z',
        to: '2026-09-30T16:00:00.000Z',
        unit: { id: t.hqId, kind: 'hq' },
        totals: {
          closedCases: 3,
          invalidCases: 1,
          escalatedCases: 1,
          breachedCases: 0,
          answeredOnTime: 3,
          onTimeRate: 1,
          casesWithResponsibility: 2,
          casesPendingApproval: 1,
          compensationTotal: '100.01',
        },
      });
      expect(res.body.byKind).toEqual([
        { key: 'inquiry', count: 1 },
        { key: 'complaint', count: 2 },
        { key: 'suggestion', count: 0 },
        { key: 'internal', count: 0 },
      ]);
      expect(res.body.bySeverity).toEqual([
        { key: 'general', count: 1 },
        { key: 'batch', count: 1 },
        { key: 'serious', count: 1 },
      ]);
      expect(res.body.byChannel.filter((r: { count: number }) => r.count > 0)).toEqual([
        { key: 'phone', count: 1 },
        { key: 'web', count: 1 },
        { key: 'email', count: 1 },
      ]);
      expect(res.body.byUnit).toEqual([
        { unitId: platformA, unitName: 'Platform A', count: 2 },
        { unitId: platformB, unitName: 'Platform B', count: 1 },
      ]);
      // Approved splits only: c1 60/40 of 100.00, c3 50/50 of 0.01 (the fen goes to the unit listed first); c2 is pending.
      expect(res.body.responsibilityByUnit).toEqual([
        { unitId: officeA1, unitName: 'Office A1', cases: 2, compensation: '60.01' },
        { unitId: branchA1, unitName: 'Branch A1', cases: 1, compensation: '40.00' },
        { unitId: officeB1, unitName: 'Office B1', cases: 1, compensation: '0.00' },
      ]);
    });

    it('counts a case in the month it was closed in the business time zone', async () => {
      const res = await get(csHq.token, '/api/v1/reports/complaints/monthly?month=2026-10').expect(200);
      expect(res.body.totals.closedCases).toBe(1);
    });

    it('is scoped to the caller’s unit subtree, rolled up to the units directly below it', async () => {
      const res = await get(csA.token, '/api/v1/reports/complaints/monthly?month=2026-09').expect(200);
      expect(res.body.unit).toEqual({ id: platformA, name: 'Platform A', kind: 'platform' });
      expect(res.body.totals).toMatchObject({ closedCases: 2, compensationTotal: '100.00', casesPendingApproval: 1 });
      expect(res.body.byUnit).toEqual([{ unitId: branchA1, unitName: 'Branch A1', count: 2 }]);
      expect(res.body.responsibilityByUnit.map((r: { unitName: string; compensation: string }) => [r.unitName, r.compensation])).toEqual([
        ['Office A1', '60.00'],
        ['Branch A1', '40.00'],
      ]);
      const b = await get(csHq.token, `/api/v1/reports/complaints/monthly?month=2026-09&unitId=${platformB}`).expect(200);
      expect(b.body.totals.closedCases).toBe(1);
      expect((await get(csA.token, `/api/v1/reports/complaints/monthly?month=2026-09&unitId=${platformB}`)).status).toBe(404);
    });

    it('zero-data month gives zeros and nulls, not errors', async () => {
      const res = await get(csB.token, '/api/v1/reports/complaints/monthly?month=2025-01').expect(200);
      expect(res.body.totals).toEqual({
        closedCases: 0,
        invalidCases: 0,
        escalatedCases: 0,
        breachedCases: 0,
        answeredOnTime: 0,
        onTimeRate: null,
        casesWithResponsibility: 0,
        casesPendingApproval: 0,
        compensationTotal: '0.00',
      });
      expect(res.body.byKind.every((r: { count: number }) => r.count === 0)).toBe(true);
      expect(res.body.byChannel).toHaveLength(9);
      expect(res.body.byUnit).toEqual([]);
      expect(res.body.responsibilityByUnit).toEqual([]);
    });

    it('rejects a malformed month or format with 400 and an agent with 403', async () => {
      expect((await get(csHq.token, '/api/v1/reports/complaints/monthly?month=2026-13')).status).toBe(400);
      expect((await get(csHq.token, '/api/v1/reports/complaints/monthly?month=9999-12')).status).toBe(400);
      expect((await get(csHq.token, '/api/v1/reports/complaints/quarterly?quarter=0000-Q1')).status).toBe(400);
      expect((await get(csHq.token, '/api/v1/reports/complaints/monthly')).status).toBe(400);
      expect((await get(csHq.token, '/api/v1/reports/complaints/monthly?month=2026-09&format=pdf')).status).toBe(400);
      expect((await get(agentA.token, '/api/v1/reports/complaints/monthly?month=2026-09')).status).toBe(403);
    });
  });

  describe('quarterly complaint summary', () => {
    it('report counts equal the data: totals, breakdowns, SLA per tier, time to answer, repeat and concentrated complaints, compensation', async () => {
      const res = await get(csHq.token, '/api/v1/reports/complaints/quarterly?quarter=2026-Q3').expect(200);
      const r = res.body;
      expect(r).toMatchObject({ quarter: '2026-Q3', from: '2026-06-30T16:00:00.000Z', to: '2026-09-30T16:00:00.000Z' });
      expect(r.totals).toEqual({
        received: 7,
        invalid: 1,
        answered: 4,
        unanswered: 2,
        closed: 4,
        escalatedCases: 2,
        escalations: 3,
        breached: 1,
        hqReported: 0,
      });
      expect(r.byUnit).toEqual([
        { unitId: platformA, unitName: 'Platform A', count: 6 },
        { unitId: platformB, unitName: 'Platform B', count: 1 },
      ]);
      // Six valid complaints, all past every deadline or answered: c1, c3, c4 within 4 h; c2 within 24 h; c5 and the July one never.
      expect(r.slaByTier).toEqual([
        { tier: 1, eligible: 6, withinDeadline: 3, rate: 0.5 },
        { tier: 2, eligible: 6, withinDeadline: 4, rate: 0.6667 },
        { tier: 3, eligible: 6, withinDeadline: 4, rate: 0.6667 },
      ]);
      // Answered after 2, 10, 2 and 1 hours.
      expect(r.timeToAnswer).toEqual({ answered: 4, meanHours: 3.75, p50Hours: 2, p90Hours: 7.6 });
      expect(r.repeat).toEqual({ customers: 1, complaints: 2, top: [{ customerKey: 'cust-1', callerName: 'Caller', count: 2 }] });
      expect(r.concentration.topCategories).toEqual([
        { key: 'delivery', count: 3, share: 0.5 },
        { key: '', count: 2, share: 0.3333 },
        { key: 'billing', count: 1, share: 0.1667 },
      ]);
      expect(r.concentration.topUnits[0]).toEqual({ unitId: officeA1, unitName: 'Office A1', count: 5, share: 0.8333 });
      expect(r.compensation).toMatchObject({ approvedTotal: '100.01', pendingTotal: '50.00' });
      expect(r.compensation.byUnit).toHaveLength(3);
    });

    it('zero-data quarter gives zeros and nulls, with tiers 1–3 listed', async () => {
      const r = (await get(csHq.token, '/api/v1/reports/complaints/quarterly?quarter=2024-Q1').expect(200)).body;
      expect(r.totals.received).toBe(0);
      expect(r.slaByTier).toEqual([1, 2, 3].map((tier) => ({ tier, eligible: 0, withinDeadline: 0, rate: null })));
      expect(r.timeToAnswer).toEqual({ answered: 0, meanHours: null, p50Hours: null, p90Hours: null });
      expect(r.repeat).toEqual({ customers: 0, complaints: 0, top: [] });
      expect(r.concentration).toEqual({ topCategories: [], topUnits: [] });
      expect(r.compensation).toEqual({ approvedTotal: '0.00', pendingTotal: '0.00', byUnit: [] });
    });

    it('narrows to a unit in scope with unitId, and 404 outside it', async () => {
      const r = (await get(csHq.token, `/api/v1/reports/complaints/quarterly?quarter=2026-Q3&unitId=${platformB}`).expect(200)).body;
      expect(r.totals.received).toBe(1);
      expect((await get(csB.token, `/api/v1/reports/complaints/quarterly?quarter=2026-Q3&unitId=${platformA}`)).status).toBe(404);
      expect((await get(csHq.token, '/api/v1/reports/complaints/quarterly?quarter=2026-Q5')).status).toBe(400);
    });
  });

  describe('third-party access', () => {
    it('an API key with reports:read gets the reports of its own unit subtree; without the scope 403', async () => {
      const create = async (scopes: string[]) =>
        (
          await t.http
            .post('/api/v1/api-keys')
            .set(...bearer(t.adminToken))
            .send({ name: `BI ${scopes.join(' ')}`, scopes, orgUnitId: platformB })
            .expect(201)
        ).body.key as string;
      const bi = await create(['reports:read']);
      const res = await t.http.get('/api/v1/reports/complaints/monthly?month=2026-09').set('x-api-key', bi).expect(200);
      expect(res.body.unit.id).toBe(platformB);
      expect(res.body.totals.closedCases).toBe(1);
      const other = await create(['complaints:read']);
      expect((await t.http.get('/api/v1/reports/complaints/monthly?month=2026-09').set('x-api-key', other)).status).toBe(403);
    });
  });

  describe('CSV/XLSX download', () => {
    it('downloads the monthly report as CSV with a BOM, Chinese headers, content type and file name', async () => {
      const res = await get(csHq.token, '/api/v1/reports/complaints/monthly?month=2026-09&format=csv')
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toContain('attachment; filename="complaints-monthly-2026-09.csv"');
      expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('客诉案件统计表-2026-09.csv')}`);
      const text = (res.body as Buffer).toString('utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      expect(text).toContain('结案数,3\r\n');
      expect(text).toContain('赔偿金合计（元）,100.01');
      expect(text).toContain(`${officeA1},Office A1,2,60.01`);
    });

    it('downloads the quarterly report as XLSX with one sheet per table', async () => {
      const res = await get(csHq.token, '/api/v1/reports/complaints/quarterly?quarter=2026-Q3&format=xlsx')
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toContain('filename="complaints-quarterly-2026-Q3.xlsx"');
      const workbook = new ExcelJS.Workbook();
      const file = res.body as Buffer;
      // exceljs declares its own Buffer type (an ArrayBuffer); hand it the bytes as one.
      await workbook.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
      const summary = workbook.getWorksheet('概要')!;
      const values = new Map<string, unknown>();
      summary.eachRow((row) => values.set(row.getCell(1).text, row.getCell(2).value));
      expect(values.get('报表')).toBe('公司季度客户服务情况报告');
      expect(values.get('受理数')).toBe(7);
      expect(values.get('答复时长P90（小时）')).toBe(7.6);
      const sla = workbook.getWorksheet('SLA达标率')!;
      expect(sla.getRow(1).values).toEqual([undefined, '层级', '应考核数', '时限内答复数', '达标率（%）']);
      expect(sla.getRow(3).values).toEqual([undefined, 2, 6, 4, 66.67]);
    });
  });

  describe('dashboard', () => {
    it('gives open by status, at risk in the next hour, breached open, 30 days of volume and SLA compliance', async () => {
      const now = Date.now();
      const o = { receivingUnitId: officeC1, ownerId: agentA.id };
      await fx.insert({ ...o, status: 'received', receivedAt: new Date(now - 0.5 * H) });
      await fx.insert({ ...o, status: 'in_progress', receivedAt: new Date(now - 3.5 * H) });
      await fx.insert({ ...o, status: 'in_progress', tier: 3, breached: true, dueAt: null, receivedAt: new Date(now - 50 * H) });
      await fx.insert({ ...o, status: 'answered', receivedAt: new Date(now - 2 * H) });
      await fx.insert({ ...o, status: 'return_visit', receivedAt: new Date(now - 5 * 24 * H) });
      await fx.insert({ ...o, status: 'closed', receivedAt: new Date(now - 40 * 24 * H) });
      const r = (await get(csHq.token, `/api/v1/reports/complaints/dashboard?unitId=${platformC}`).expect(200)).body;
      expect(r.openByStatus).toEqual({ received: 1, inProgress: 2, answered: 1, returnVisit: 1 });
      expect(r.atRiskNextHour).toBe(1);
      expect(r.breachedOpen).toBe(1);
      expect(r.last30Days).toHaveLength(30);
      expect(r.last30Days.reduce((sum: number, d: { count: number }) => sum + d.count, 0)).toBe(5);
      expect(r.last30Days.reduce((sum: number, d: { breached: number }) => sum + d.breached, 0)).toBe(1);
      expect(r.last30Days[29].date).toBe(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date()));
      expect(r.slaLast30Days).toEqual({ eligible: 3, onTime: 2, rate: 0.6667 });
      // An agent sees the dashboard of their own unit (nothing open here).
      const mine = (await get(agentA.token, '/api/v1/reports/complaints/dashboard').expect(200)).body;
      expect(mine.unit.id).toBe(officeA1);
    });
  });

  describe('scheduler job complaint-monthly-report', () => {
    const run = () =>
      t.http
        .post('/api/v1/scheduler/jobs/complaint-monthly-report/run')
        .set(...bearer(t.adminToken))
        .expect(200);

    it('stores the previous month’s report (catching up missing months), notifies CS managers, and is idempotent', async () => {
      const first = (await run()).body;
      expect(first.status).toBe('ok');
      const months = String(first.result.months).split(',');
      const nowMonth = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(
        new Date(),
      );
      const [y, mo] = nowMonth.split('-').map(Number) as [number, number];
      const previous = mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
      expect(months).toContain(previous);
      expect(first.result.generated).toBe(months.length);
      const stored = await fx.query<{ period: string; content: { totals: { closedCases: number } } }>(
        `SELECT period, content FROM complaint_report WHERE kind = 'monthly' ORDER BY period`,
      );
      expect(stored.map((s) => s.period)).toEqual([...months].sort());
      const september = stored.find((s) => s.period === '2026-09');
      if (september) expect(september.content.totals.closedCases).toBe(3);
      const notes = await fx.query<{ user_id: string; n: number }>(
        `SELECT user_id, count(*)::int AS n FROM notification WHERE kind = 'complaint.monthly_report' GROUP BY user_id`,
      );
      expect(notes.map((n) => n.user_id).sort()).toEqual([csHq.id, csA.id, csB.id].sort());
      expect(notes.every((n) => n.n === months.length)).toBe(true);

      const second = (await run()).body;
      expect(second.result).toEqual({ generated: 0, months: '' });

      // After downtime a lost month is produced again on the next run, and only that one.
      await fx.query(`DELETE FROM complaint_report WHERE kind = 'monthly' AND period = $1`, [previous]);
      const third = (await run()).body;
      expect(third.result).toEqual({ generated: 1, months: previous });

      const archive = (await get(csHq.token, '/api/v1/reports/complaints/archive').expect(200)).body;
      expect(archive.items.map((i: { period: string }) => i.period).sort()).toEqual([...months].sort());
      const one = (await get(csHq.token, `/api/v1/reports/complaints/archive/${archive.items[0].id}`).expect(200)).body;
      expect(one.unit.id).toBe(t.hqId);
      expect((await get(csA.token, '/api/v1/reports/complaints/archive').expect(200)).body.items).toEqual([]);
      expect((await get(csA.token, `/api/v1/reports/complaints/archive/${archive.items[0].id}`)).status).toBe(404);
    });
  });
});
