import { Client } from 'pg';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { SLA_NOTIFY_DIGEST_OVER, SlaSweepJob } from '../src/modules/complaints/sla/sla-sweep.job';
import { complaintColumnNames, outboxNumbering } from './support/complaint-fixtures';
import { OutboxService } from '../src/modules/outbox/outbox.service';
import { bearer, createUnit, createUser, itOnRealPostgres, startTestApp, type TestApp } from './support/test-app';

const HOUR = 3_600_000;
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();
const iso = (ms: number): string => new Date(ms).toISOString();

interface Complaint {
  id: string;
  number: string;
  tier: number;
  status: string;
  severity: string;
  dueAt: string | null;
  breached: boolean;
  ownerId: string;
  assignedUnitId: string;
  receivingUnitId: string;
  receivedAt: string;
  hqReported: boolean;
  version: number;
  tiers: { tier: number; level: string; dueAt: string; warnAt: string | null; passedAt?: string; current: boolean }[];
  returnVisitSampled: boolean | null;
  returnVisitMethod: string | null;
  returnVisitAssigneeId: string | null;
}
interface TimelineEvent {
  type: string;
  at: string;
  deadlineAt?: string;
  fromTier?: number;
  toTier?: number;
  rule?: string;
  actor?: string;
}

describe('complaints: intake, SLA tiers and escalation (HTTP against PostgreSQL)', () => {
  let t: TestApp;
  let platformA: string;
  let platformB: string;
  let branchA1: string;
  let branchA2: string;
  let branchB1: string;
  let agentA: { id: string; token: string };
  let agentA2: { id: string; token: string };
  let agentB: { id: string; token: string };
  let managerA: { id: string; token: string };
  let hqCs: { id: string; token: string };
  let hqOps: { id: string; token: string };
  let db: Client;

  const create = (token: string, body: Record<string, unknown>): Promise<Response> =>
    t.http
      .post('/api/v1/complaints')
      .set(...bearer(token))
      .send({
        kind: 'complaint',
        channel: 'phone',
        severity: 'general',
        subject: 'Late delivery',
        description: 'Parcel is late',
        callerName: 'Wang',
        ...body,
      });

  async function createOk(token: string, body: Record<string, unknown> = {}): Promise<Complaint> {
    const res = await create(token, body);
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Complaint;
  }
  const get = async (token: string, id: string): Promise<Complaint> =>
    (
      await t.http
        .get(`/api/v1/complaints/${id}`)
        .set(...bearer(token))
        .expect(200)
    ).body as Complaint;
  const timeline = async (id: string): Promise<TimelineEvent[]> =>
    (
      (
        await t.http
          .get(`/api/v1/complaints/${id}/events`)
          .set(...bearer(t.adminToken))
          .expect(200)
      ).body as { items: TimelineEvent[] }
    ).items;
  const sweep = async (): Promise<{ escalated: number; breached: number; warned: number }> => {
    const res = await t.http
      .post('/api/v1/scheduler/jobs/sla-sweep/run')
      .set(...bearer(t.adminToken))
      .expect(200);
    expect(res.body.status).toBe('ok');
    return res.body.result as { escalated: number; breached: number; warned: number };
  };
  const act = (token: string, id: string, action: string, body: Record<string, unknown>): Promise<Response> =>
    t.http
      .post(`/api/v1/complaints/${id}/${action}`)
      .set(...bearer(token))
      .send(body);
  const notificationsOf = async (token: string): Promise<{ kind: string; title: string; entityId: string | null }[]> =>
    (
      (
        await t.http
          .get('/api/v1/notifications?limit=200')
          .set(...bearer(token))
          .expect(200)
      ).body as { items: { kind: string; title: string; entityId: string | null }[] }
    ).items;
  const count = async (sql: string, params: unknown[] = []): Promise<number> => {
    const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) s`, params);
    return res.rows[0]!.n;
  };

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: process.env.CC_LOG ?? 'silent' });
    platformA = await createUnit(t, 'platform', t.hqId, 'Platform A');
    platformB = await createUnit(t, 'platform', t.hqId, 'Platform B');
    branchA1 = await createUnit(t, 'branch', platformA, 'Branch A1');
    branchA2 = await createUnit(t, 'branch', platformA, 'Branch A2');
    branchB1 = await createUnit(t, 'branch', platformB, 'Branch B1');
    agentA = await createUser(t, { username: 'agent.a', orgUnitId: branchA1, roles: ['agent'] });
    agentA2 = await createUser(t, { username: 'agent.a2', orgUnitId: branchA2, roles: ['agent'] });
    agentB = await createUser(t, { username: 'agent.b', orgUnitId: branchB1, roles: ['agent'] });
    managerA = await createUser(t, { username: 'manager.a', orgUnitId: platformA, roles: ['cs_manager'] });
    hqCs = await createUser(t, { username: 'hq.cs', orgUnitId: t.hqId, roles: ['cs_manager'] });
    hqOps = await createUser(t, { username: 'hq.ops', orgUnitId: t.hqId, roles: ['ops_manager'] });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  }, 120_000);

  describe('intake', () => {
    it('numbers a complaint YYMM-NNNNN, assigns tier 1 to the receiving unit and makes the taker its owner', async () => {
      const c = await createOk(agentA.token);
      const now = new Date();
      const yymm = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: '2-digit', month: '2-digit' })
        .format(now)
        .replace('-', '');
      expect(c.number).toMatch(new RegExp(`^${yymm}-\\d{5}$`));
      expect(c).toMatchObject({ tier: 1, status: 'received', breached: false, ownerId: agentA.id, assignedUnitId: branchA1 });
      expect(Date.parse(c.receivedAt)).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(c.dueAt!) - Date.parse(c.receivedAt)).toBe(4 * HOUR);
      expect(await count(`SELECT 1 FROM outbox_event WHERE event_type = 'complaint.created' AND aggregate_id = $1`, [c.id])).toBe(1);
      expect(await count(`SELECT 1 FROM audit_log WHERE action = 'complaint.created' AND entity_id = $1`, [c.id])).toBe(1);
    });

    it('gives complaints time-ordered ids (UUID version 7), so later intakes sort after earlier ones', async () => {
      const before = Date.now();
      const first = await createOk(agentA.token);
      await new Promise((r) => setTimeout(r, 5));
      const second = await createOk(agentA.token);
      for (const c of [first, second]) expect(c.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const millis = (id: string): number => Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
      expect(millis(first.id)).toBeGreaterThanOrEqual(before);
      expect(millis(second.id)).toBeLessThanOrEqual(Date.now());
      expect(await count(`SELECT 1 WHERE $1::uuid < $2::uuid`, [first.id, second.id])).toBe(1);
    });

    it('gives its outbox events and notifications time-ordered ids too (the database default, uuid_v7())', async () => {
      const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
      const millis = (id: string): number => Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
      const before = Date.now();
      const c = await createOk(agentA.token);
      const events = await db.query<{ id: string }>(`SELECT id FROM outbox_event WHERE aggregate_id = $1 ORDER BY seq`, [c.id]);
      expect(events.rows.length).toBeGreaterThan(0);
      const made = await db.query<{ id: string }>(
        `INSERT INTO notification (user_id, kind, title) SELECT $1, 'test', 'id check' FROM generate_series(1, 3) RETURNING id`,
        [agentA.id],
      );
      const ids = [...events.rows, ...made.rows].map((r) => r.id);
      for (const id of ids) {
        expect(id).toMatch(v7);
        // The database's clock against the test's: the same machine, a second of slack either way.
        expect(millis(id)).toBeGreaterThanOrEqual(before - 1000);
        expect(millis(id)).toBeLessThanOrEqual(Date.now() + 1000);
      }
      expect(new Set(ids).size).toBe(ids.length);
      await db.query('DELETE FROM notification WHERE id = ANY ($1::uuid[])', [made.rows.map((r) => r.id)]);
    });

    it('answers the intake with exactly what a later read returns', async () => {
      const c = await createOk(agentA.token, {
        subject: '  Trimmed subject  ',
        callerName: ' Li ',
        callerPhone: '138 0000 1234',
        relatedOrders: ['SO-1', 'SO-2'],
        attachments: [{ name: 'photo.jpg', url: 'https://files.example/photo.jpg', size: 1024, contentType: 'image/jpeg' }],
        multiPlatform: true,
        receivedAt: ago(30 * 60_000),
      });
      expect(await get(agentA.token, c.id)).toEqual(c);
    });

    it('is idempotent with an Idempotency-Key', async () => {
      const body = {
        kind: 'inquiry',
        channel: 'web',
        severity: 'general',
        subject: 'Rates',
        description: 'What does it cost?',
        callerPhone: '139 0000 0001',
      };
      const first = await t.http
        .post('/api/v1/complaints')
        .set(...bearer(agentA.token))
        .set('idempotency-key', 'intake-1')
        .send(body)
        .expect(201);
      const again = await t.http
        .post('/api/v1/complaints')
        .set(...bearer(agentA.token))
        .set('idempotency-key', 'intake-1')
        .send(body)
        .expect(201);
      expect(again.body.id).toBe(first.body.id);
      expect(await count(`SELECT 1 FROM complaint WHERE caller_phone = '13900000001'`)).toBe(1);
    });

    it('accepts a receivedAt in the past and rejects one in the future with 400, creating nothing', async () => {
      const before = await count('SELECT 1 FROM complaint');
      const past = await createOk(agentA.token, { receivedAt: ago(2 * HOUR) });
      expect(Date.parse(past.dueAt!)).toBe(Date.parse(past.receivedAt) + 4 * HOUR);
      const res = await create(agentA.token, { receivedAt: iso(Date.now() + HOUR) });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'receivedAt' })]);
      expect(await count('SELECT 1 FROM complaint')).toBe(before + 1);
    });

    // Racing connections need a real server: embedded PGlite runs one statement at a time.
    itOnRealPostgres(
      'gives 50 concurrent creates 50 distinct numbers of the current month',
      async () => {
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => create(agentA.token, { subject: `Concurrent ${i}` })));
        expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
        const numbers = results.map((r) => (r.body as Complaint).number);
        expect(new Set(numbers).size).toBe(50);
        const month = new Set(numbers.map((n) => n.slice(0, 4)));
        expect(month.size).toBe(1);
      },
      180_000,
    );

    it('restarts the serial every month', async () => {
      // A letter received last month gets last month's number, starting at 00001.
      const lastMonth = new Date();
      lastMonth.setUTCDate(1);
      lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
      lastMonth.setUTCDate(15);
      const old = await createOk(agentA.token, { channel: 'letter', receivedAt: lastMonth.toISOString() });
      const current = await createOk(agentA.token);
      expect(old.number.slice(5)).toBe('00001');
      expect(old.number.slice(0, 4)).not.toBe(current.number.slice(0, 4));
      expect(Number(current.number.slice(5))).toBeGreaterThan(1);
      const second = await createOk(agentA.token, { channel: 'letter', receivedAt: lastMonth.toISOString() });
      expect(second.number).toBe(`${old.number.slice(0, 4)}-00002`);
    });

    it('consumes no number on a refused intake: the next accepted one gets the next serial', async () => {
      const first = await createOk(agentA.token, { subject: 'Before the refusals' });
      expect((await create(agentA.token, { receivingUnitId: branchB1 })).status).toBe(400);
      expect((await create(agentA.token, { kind: 'internal', respondentUnitId: branchA1 })).status).toBe(400);
      expect((await create(agentA.token, { kind: 'internal', respondentUnitId: '00000000-0000-4000-8000-000000000001' })).status).toBe(400);
      expect((await create(agentA.token, { ownerId: agentA2.id })).status).toBe(422);
      const next = await createOk(agentA.token, { subject: 'After the refusals' });
      expect(next.number.slice(0, 4)).toBe(first.number.slice(0, 4));
      expect(Number(next.number.slice(5))).toBe(Number(first.number.slice(5)) + 1);
    });

    it('raises the third complaint of a customer in one category in a calendar month to serious, naming the rule', async () => {
      const body = { callerPhone: '138-0000-7777', category: 'damaged_goods' };
      const first = await createOk(agentA.token, body);
      const second = await createOk(agentA.token, { ...body, callerPhone: '13800007777' });
      const other = await createOk(agentA.token, { ...body, category: 'delay' });
      expect([first.severity, second.severity, other.severity]).toEqual(['general', 'general', 'general']);
      const third = await createOk(agentA.token, body);
      expect(third.severity).toBe('serious');
      expect(third.hqReported).toBe(true);
      const events = await timeline(third.id);
      expect(events).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'severity_raised', rule: 'repeat_complaint_same_month' })]),
      );
    });

    it('shows serious, external and multi-platform complaints in the HQ queue at intake and notifies HQ', async () => {
      const serious = await createOk(agentA.token, { severity: 'serious', subject: 'Serious one' });
      const external = await createOk(agentA.token, { channel: 'external', subject: 'From the regulator' });
      const multi = await createOk(agentA.token, { multiPlatform: true, subject: 'Several platforms' });
      const plain = await createOk(agentA.token, { subject: 'Plain one' });
      expect([serious.hqReported, external.hqReported, multi.hqReported, plain.hqReported]).toEqual([true, true, true, false]);
      const queue = await t.http
        .get('/api/v1/complaints?queue=hq&limit=200')
        .set(...bearer(hqCs.token))
        .expect(200);
      const ids = (queue.body.items as Complaint[]).map((c) => c.id);
      expect(ids).toEqual(expect.arrayContaining([serious.id, external.id, multi.id]));
      expect(ids).not.toContain(plain.id);
      const told = (await notificationsOf(hqCs.token)).map((n) => n.entityId);
      expect(told).toEqual(expect.arrayContaining([serious.id, external.id, multi.id]));
      expect(told).not.toContain(plain.id);
    });

    it('routes internal complaints to the platform CS inside one platform and to HQ CS across platforms', async () => {
      const inside = await createOk(agentA.token, { kind: 'internal', respondentUnitId: branchA2, subject: 'A2 mislabelled our parcels' });
      const across = await createOk(agentA.token, { kind: 'internal', respondentUnitId: branchB1, subject: 'B1 refused a handover' });
      expect(inside.assignedUnitId).toBe(platformA);
      expect(inside.tiers[0]!.level).toBe('platform');
      expect(across.assignedUnitId).toBe(t.hqId);
      expect(across.tiers.every((tier) => tier.level === 'hq')).toBe(true);
      const missing = await create(agentA.token, { kind: 'internal' });
      expect(missing.status).toBe(400);
    });

    it('needs a named owner when an API key creates a complaint', async () => {
      const created = await t.http
        .post('/api/v1/api-keys')
        .set(...bearer(t.adminToken))
        .send({ name: 'CTI', scopes: ['complaints:write', 'complaints:read'], orgUnitId: branchA1 })
        .expect(201);
      const key = created.body.key as string;
      const body = {
        kind: 'complaint',
        channel: 'phone',
        severity: 'general',
        subject: 'Via CTI',
        description: 'x',
        callerPhone: '13100000000',
      };
      const noOwner = await t.http.post('/api/v1/complaints').set('x-api-key', key).send(body);
      expect(noOwner.status).toBe(422);
      expect(noOwner.body.rule).toBe('first_contact_owner_required');
      const ok = await t.http
        .post('/api/v1/complaints')
        .set('x-api-key', key)
        .send({ ...body, ownerId: agentA.id })
        .expect(201);
      expect(ok.body.ownerId).toBe(agentA.id);
    });

    it('finds a caller’s recent complaints by phone', async () => {
      await createOk(agentA.token, { callerPhone: '+86 135-1111-2222', subject: 'Phone lookup' });
      const res = await t.http
        .get(`/api/v1/complaints?callerPhone=${encodeURIComponent('+86 135 1111 2222')}`)
        .set(...bearer(agentA.token))
        .expect(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0].subject).toBe('Phone lookup');
    });
  });

  describe('free-text search (q)', () => {
    const search = async (token: string, q: string): Promise<string[]> => {
      const res = await t.http
        .get(`/api/v1/complaints?q=${encodeURIComponent(q)}&limit=200`)
        .set(...bearer(token))
        .expect(200);
      return (res.body.items as Complaint[]).map((c) => c.id);
    };

    it('finds complaints holding every word in any order and any field, case-insensitively, within scope', async () => {
      const tag = `qs${Date.now().toString(36)}`;
      const both = await createOk(agentA.token, { subject: `Broken ${tag} meter`, callerName: 'Zhuge Liang' });
      const subjectOnly = await createOk(agentA.token, { subject: `Broken ${tag} pipe`, callerName: 'Sima Yi' });
      expect(new Set(await search(managerA.token, `${tag}`))).toEqual(new Set([both.id, subjectOnly.id]));
      // Words in another order, split over the subject and the caller's name.
      expect(await search(managerA.token, `zhuge ${tag.toUpperCase()}`)).toEqual([both.id]);
      expect(await search(managerA.token, `  meter\u3000${tag}  `)).toEqual([both.id]);
      // The number is searched too, next to a word of the subject; a phone with or without its dashes.
      expect(await search(managerA.token, `${subjectOnly.number} pipe`)).toEqual([subjectOnly.id]);
      const phoned = await createOk(agentA.token, { subject: `Phoned ${tag}`, callerPhone: '+86 139-8765-4321' });
      expect(await search(managerA.token, `${tag} 8765-4321`)).toEqual([phoned.id]);
      expect(await search(managerA.token, `${tag} +8613987654321`)).toEqual([phoned.id]);
      // A word found nowhere empties the result; outside the caller's subtree nothing shows.
      expect(await search(managerA.token, `${tag} nowhere-word`)).toEqual([]);
      expect(await search(agentA.token, `${tag} zhuge`)).toEqual([both.id]);
      expect(await search(agentA2.token, `${tag} zhuge`)).toEqual([]);
    });

    it('matches % and _ literally and refuses more than eight words with 400', async () => {
      const tag = `qw${Date.now().toString(36)}`;
      const literal = await createOk(agentA.token, { subject: `${tag} 100%_sure` });
      await createOk(agentA.token, { subject: `${tag} 100 percent xsure` });
      expect(await search(managerA.token, `${tag} 100%_`)).toEqual([literal.id]);
      const res = await t.http
        .get(`/api/v1/complaints?q=${encodeURIComponent('a b c d e f g h i')}`)
        .set(...bearer(managerA.token))
        .expect(400);
      expect(JSON.stringify(res.body)).toContain('q');
    });

    it('finds an edited complaint by its new words only, and keeps the search text out of other updates', async () => {
      const tag = `qe${Date.now().toString(36)}`;
      const c = await createOk(agentA.token, { subject: `${tag} flickering lamp`, callerName: 'Lu Xun', callerPhone: '13911112222' });
      expect(await search(managerA.token, `${tag} lamp`)).toEqual([c.id]);
      await t.http
        .patch(`/api/v1/complaints/${c.id}`)
        .set(...bearer(agentA.token))
        .send({ version: c.version, subject: `${tag} dripping tap`, callerName: 'Ba Jin', callerPhone: '13933334444' })
        .expect(200);
      expect(await search(managerA.token, `${tag} lamp`)).toEqual([]);
      expect(await search(managerA.token, `${tag} lu`)).toEqual([]);
      expect(await search(managerA.token, `${tag} 1111`)).toEqual([]);
      expect(await search(managerA.token, `${tag} TAP`)).toEqual([c.id]);
      expect(await search(managerA.token, `${tag} ba jin 3333`)).toEqual([c.id]);
      // The side table's row matches the complaint; an update of other columns leaves it as it was.
      const row = async (): Promise<unknown> =>
        (
          await db.query(
            'SELECT number, subject_lc, caller_name_lc, caller_phone, received_at, xmin::text FROM complaint_search WHERE complaint_id = $1',
            [c.id],
          )
        ).rows[0];
      const edited = await row();
      expect(edited).toMatchObject({
        number: c.number,
        subject_lc: `${tag} dripping tap`,
        caller_name_lc: 'ba jin',
        caller_phone: '13933334444',
      });
      await db.query('UPDATE complaint SET category = $2, subject = subject WHERE id = $1', [c.id, 'billing']);
      expect(await row()).toEqual(edited);
    });

    it('keeps one search row per complaint whoever writes the table, and pages a search by its keyset cursor', async () => {
      const tag = `qp${Date.now().toString(36)}`;
      const made: string[] = [];
      for (let i = 0; i < 5; i++) made.push((await createOk(agentA.token, { subject: `${tag} page item ${i}` })).id);
      // Rows written by SQL (a script, a restore) get their search rows from the triggers, and lose them on delete.
      const columns = await complaintColumnNames(db);
      const copyOf: Record<string, string> = { id: 'gen_random_uuid()', number: `'Q' || substr(md5(random()::text), 1, 9)` };
      const copy = await db.query<{ id: string }>(
        `INSERT INTO complaint (${columns.join(', ')})
         SELECT ${columns.map((c) => copyOf[c] ?? c).join(', ')}
         FROM complaint WHERE id = ANY ($1::uuid[]) RETURNING id`,
        [made.slice(0, 2)],
      );
      expect(
        await count('SELECT 1 FROM complaint c LEFT JOIN complaint_search s ON s.complaint_id = c.id WHERE s.complaint_id IS NULL'),
      ).toBe(0);
      expect(await count('SELECT 1 FROM complaint_search s LEFT JOIN complaint c ON c.id = s.complaint_id WHERE c.id IS NULL')).toBe(0);
      const ids = copy.rows.map((r) => r.id);
      expect(new Set(await search(managerA.token, tag))).toEqual(new Set([...made, ...ids]));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/complaints?q=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.http
          .get(url)
          .set(...bearer(managerA.token))
          .expect(200);
        seen.push(...(res.body.items as Complaint[]).map((c) => c.id));
        cursor = res.body.nextCursor as string | null;
      } while (cursor && seen.length < 50);
      expect(seen).toEqual(await search(managerA.token, tag));
      expect(new Set(seen).size).toBe(7);
      await db.query('DELETE FROM complaint WHERE id = ANY ($1::uuid[])', [ids]);
      expect(await count('SELECT 1 FROM complaint_search WHERE complaint_id = ANY ($1::uuid[])', [ids])).toBe(0);
      expect(new Set(await search(managerA.token, tag))).toEqual(new Set(made));
    });
  });

  describe('data scope', () => {
    it('hides complaints outside the caller’s subtree (404) and lists only those inside', async () => {
      const c = await createOk(agentA.token, { subject: 'Scoped' });
      await t.http
        .get(`/api/v1/complaints/${c.id}`)
        .set(...bearer(agentB.token))
        .expect(404);
      await act(agentB.token, c.id, 'answer', { answer: 'x' }).then((r) => expect(r.status).toBe(404));
      await t.http
        .get(`/api/v1/complaints/${c.id}`)
        .set(...bearer(managerA.token))
        .expect(200);
      await t.http
        .get(`/api/v1/complaints/${c.id}`)
        .set(...bearer(hqCs.token))
        .expect(200);
      const listB = await t.http
        .get('/api/v1/complaints?limit=200')
        .set(...bearer(agentB.token))
        .expect(200);
      expect(listB.body.items).toHaveLength(0);
      await t.http
        .get(`/api/v1/complaints/${c.id}`)
        .set(...bearer(agentA2.token))
        .expect(404);
    });

    it('counts the open complaints of each work queue and lists the same ones', async () => {
      const kept = await createOk(agentB.token, { subject: 'B stays' });
      const moved = await createOk(agentB.token, { subject: 'B goes up' });
      await act(agentB.token, moved.id, 'escalate', { reason: 'platform please' }).then((r) => expect(r.status).toBe(200));
      const done = await createOk(agentB.token, { subject: 'B invalid' });
      await act(agentB.token, done.id, 'invalidate', { reason: 'duplicate' }).then((r) => expect(r.status).toBe(200));
      const counts = await t.http
        .get('/api/v1/complaints/queues')
        .set(...bearer(agentB.token))
        .expect(200);
      expect(counts.body).toEqual({ mine: 2, myUnit: 1, escalatedToMe: 0, breached: 0, hq: 0 });
      const mine = await t.http
        .get('/api/v1/complaints?queue=mine')
        .set(...bearer(agentB.token))
        .expect(200);
      expect((mine.body.items as Complaint[]).map((c) => c.id).sort()).toEqual([kept.id, moved.id].sort());
      const myUnit = await t.http
        .get('/api/v1/complaints?queue=my_unit')
        .set(...bearer(agentB.token))
        .expect(200);
      expect((myUnit.body.items as Complaint[]).map((c) => c.id)).toEqual([kept.id]);
    });

    it('sorts a queue most urgent first and pages through it by deadline', async () => {
      const seen: Complaint[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/complaints?sort=dueAt&limit=9${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.http
          .get(url)
          .set(...bearer(managerA.token))
          .expect(200);
        seen.push(...(res.body.items as Complaint[]));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(new Set(seen.map((c) => c.id)).size).toBe(seen.length);
      const open = seen.filter((c) => c.status === 'received' || c.status === 'in_progress');
      const keys = open.map((c) => Date.parse(c.dueAt!));
      expect(keys).toEqual([...keys].sort((a, b) => a - b));
      // Every open one comes before every answered/closed one.
      expect(seen.slice(0, open.length).every((c) => c.status === 'received' || c.status === 'in_progress')).toBe(true);
    });

    it('pages with a keyset cursor without repeating or skipping', async () => {
      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/v1/complaints?limit=7${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.http
          .get(url)
          .set(...bearer(managerA.token))
          .expect(200);
        for (const item of res.body.items as Complaint[]) {
          expect(seen.has(item.id)).toBe(false);
          seen.add(item.id);
        }
        cursor = res.body.nextCursor as string | null;
        pages += 1;
      } while (cursor && pages < 100);
      expect(seen.size).toBe(await count(`SELECT 1 FROM complaint WHERE receiving_unit_path LIKE '%' || $1 || '/%'`, [platformA]));
    });
  });

  describe('SLA tiers', () => {
    it('escalates to the platform CS after four hours, then to HQ after 24 hours, with receivedAt + 24 h / 48 h deadlines', async () => {
      await sweep(); // earlier tests' overdue complaints, so this run's notifications are per complaint (no digest)
      const five = await createOk(agentA.token, { receivedAt: ago(5 * HOUR), subject: 'Five hours old' });
      const twentyFive = await createOk(agentA.token, { receivedAt: ago(25 * HOUR), subject: '25 hours old' });
      await sweep();
      const a = await get(agentA.token, five.id);
      expect(a).toMatchObject({ tier: 2, assignedUnitId: platformA, ownerId: agentA.id, breached: false });
      expect(Date.parse(a.dueAt!)).toBe(Date.parse(a.receivedAt) + 24 * HOUR);
      const b = await get(agentA.token, twentyFive.id);
      expect(b).toMatchObject({ tier: 3, assignedUnitId: t.hqId, hqReported: true, breached: false });
      expect(Date.parse(b.dueAt!)).toBe(Date.parse(b.receivedAt) + 48 * HOUR);
      expect(b.tiers.map((x) => [x.tier, x.level, Date.parse(x.dueAt) - Date.parse(b.receivedAt), x.passedAt !== undefined])).toEqual([
        [1, 'receiving_unit', 4 * HOUR, true],
        [2, 'platform', 24 * HOUR, true],
        [3, 'hq', 48 * HOUR, false],
      ]);
      // The owner hears of it; so do the platform CS managers it went to.
      expect((await notificationsOf(agentA.token)).some((n) => n.entityId === five.id && n.kind === 'complaint.escalated')).toBe(true);
      expect((await notificationsOf(managerA.token)).some((n) => n.entityId === five.id && n.kind === 'complaint.escalated')).toBe(true);
    });

    it('tells exactly the owner and the active CS managers of the unit an escalation went to, once each', async () => {
      await sweep(); // earlier tests' overdue complaints first
      const away = await createUser(t, { username: 'manager.a.away', orgUnitId: platformA, roles: ['cs_manager'] });
      await db.query('UPDATE app_user SET active = false WHERE id = $1', [away.id]);
      const c = await createOk(agentA.token, { receivedAt: ago(5 * HOUR), subject: 'Who hears of it' });
      expect(await sweep()).toMatchObject({ escalated: 1 });
      const told = await db.query<{ user_id: string; n: number }>(
        `SELECT user_id, count(*)::int AS n FROM notification WHERE entity_id = $1 AND kind = 'complaint.escalated' GROUP BY user_id`,
        [c.id],
      );
      // Not the inactive manager, not HQ (the complaint went to the platform), not the other agents.
      expect(new Map(told.rows.map((r) => [r.user_id, r.n]))).toEqual(
        new Map([
          [agentA.id, 1],
          [managerA.id, 1],
        ]),
      );
    });

    it('catches up a 49-hour-old complaint in one sweep: two escalations and a breach, each at its deadline; a second sweep adds nothing', async () => {
      const c = await createOk(agentA.token, { receivedAt: ago(49 * HOUR), subject: 'Forgotten' });
      const received = Date.parse(c.receivedAt);
      const first = await sweep();
      expect(first.escalated).toBeGreaterThanOrEqual(2);
      expect(first.breached).toBeGreaterThanOrEqual(1);
      const events = (await timeline(c.id)).filter((e) => ['escalated', 'breached', 'warned'].includes(e.type));
      expect(events.map((e) => [e.type, e.fromTier, e.toTier ?? null, Date.parse(e.deadlineAt!) - received, e.actor])).toEqual([
        ['escalated', 1, 2, 4 * HOUR, 'system'],
        ['escalated', 2, 3, 24 * HOUR, 'system'],
        ['breached', 3, null, 48 * HOUR, 'system'],
      ]);
      const after = await get(agentA.token, c.id);
      expect(after).toMatchObject({ breached: true, tier: 3, assignedUnitId: t.hqId });
      expect(await sweep()).toEqual({ escalated: 0, breached: 0, warned: 0, workers: 1, backlog: false });
      expect((await timeline(c.id)).length).toBe((await timeline(c.id)).length);
      expect(
        await count(`SELECT 1 FROM complaint_event WHERE complaint_id = $1 AND type IN ('escalated','breached','warned')`, [c.id]),
      ).toBe(3);
      // HQ's ops managers are told of the breach; the outbox carries each step.
      expect((await notificationsOf(hqOps.token)).some((n) => n.entityId === c.id && n.kind === 'complaint.breached')).toBe(true);
      expect(
        (
          await db.query(`SELECT event_type, aggregate_seq FROM outbox_event WHERE aggregate_id = $1 ORDER BY aggregate_seq`, [c.id])
        ).rows.map((r: { event_type: string }) => r.event_type),
      ).toEqual(['complaint.created', 'complaint.escalated', 'complaint.escalated', 'complaint.breached']);
      // The sweep writes its outbox payloads and audit rows in SQL: same shape as the API's steps.
      const { rows: published } = await db.query(
        `SELECT payload, occurred_at FROM outbox_event WHERE aggregate_id = $1 AND event_type = 'complaint.breached'`,
        [c.id],
      );
      expect(published[0].payload).toEqual({
        complaint: {
          id: c.id,
          number: c.number,
          tier: 3,
          assignedUnitId: t.hqId,
          receivingUnitId: c.receivingUnitId,
          ownerId: c.ownerId,
          breached: true,
          dueAt: after.dueAt,
        },
        events: [
          {
            type: 'breached',
            at: new Date(received + 48 * HOUR).toISOString(),
            fromTier: 3,
            toTier: null,
            deadlineAt: new Date(received + 48 * HOUR).toISOString(),
            rule: 'sla_deadline_passed',
          },
        ],
      });
      expect(new Date(published[0].occurred_at).getTime()).toBe(received + 48 * HOUR);
      const { rows: audited } = await db.query(
        `SELECT actor_type, after FROM audit_log WHERE entity_id = $1 AND action = 'complaint.escalated' ORDER BY id`,
        [c.id],
      );
      expect(audited.map((r: { actor_type: string; after: Record<string, unknown> }) => [r.actor_type, r.after])).toEqual([
        [
          'system',
          { number: c.number, type: 'escalated', fromTier: 1, toTier: 2, deadlineAt: new Date(received + 4 * HOUR).toISOString(), tier: 3 },
        ],
        [
          'system',
          {
            number: c.number,
            type: 'escalated',
            fromTier: 2,
            toTier: 3,
            deadlineAt: new Date(received + 24 * HOUR).toISOString(),
            tier: 3,
          },
        ],
      ]);
      const breachedQueue = await t.http
        .get('/api/v1/complaints?queue=breached&limit=200')
        .set(...bearer(hqCs.token))
        .expect(200);
      expect((breachedQueue.body.items as Complaint[]).map((x) => x.id)).toContain(c.id);
    });

    itOnRealPostgres('never duplicates an event when many sweeps race on several connections', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 30; i += 1)
        ids.push((await createOk(agentA.token, { receivedAt: ago(49 * HOUR + i * 60_000), subject: `Race ${i}` })).id);
      const job = t.app.get(SlaSweepJob);
      const dataSource = t.app.get<DataSource>(getDataSourceToken());
      // Lock-free runs as several instances would do without the advisory lock, plus API triggers that take it.
      const now = new Date();
      const raw = Array.from({ length: 8 }, () => dataSource.transaction((m) => job.run(m, now)));
      const triggered = Array.from({ length: 4 }, () => t.http.post('/api/v1/scheduler/jobs/sla-sweep/run').set(...bearer(t.adminToken)));
      const results = await Promise.all([...raw, ...triggered]);
      expect(results.length).toBe(12);
      const rows = await db.query<{ complaint_id: string; type: string; n: number }>(
        `SELECT complaint_id, type, count(*)::int AS n FROM complaint_event WHERE complaint_id = ANY($1) AND type IN ('escalated','breached') GROUP BY 1, 2`,
        [ids],
      );
      expect(rows.rows).toHaveLength(60);
      for (const row of rows.rows) expect(row.n).toBe(row.type === 'escalated' ? 2 : 1);
      expect(await count(`SELECT 1 FROM outbox_event WHERE aggregate_id = ANY($1) AND event_type = 'complaint.breached'`, [ids])).toBe(30);
    });

    it('tells a user of a backlog of escalations in one digest notification rather than one per complaint', async () => {
      const backlog: Complaint[] = [];
      for (let i = 0; i < SLA_NOTIFY_DIGEST_OVER + 2; i++)
        backlog.push(await createOk(agentA.token, { receivedAt: ago(5 * HOUR), subject: `Backlog ${i}` }));
      const single = await createOk(agentB.token, { receivedAt: ago(5 * HOUR), subject: 'Alone' });
      expect((await sweep()).escalated).toBeGreaterThanOrEqual(backlog.length + 1);
      type Note = { kind: string; title: string; body: string | null; entityId: string | null };
      const notes = (await notificationsOf(agentA.token)) as Note[];
      const digest = notes.find(
        (n) => n.kind === 'complaint.escalated' && n.entityId === null && backlog.every((c) => n.body?.includes(c.number)),
      );
      expect(digest?.title).toMatch(/^\d+ complaints escalated/);
      expect(notes.some((n) => backlog.some((c) => c.id === n.entityId) && n.kind === 'complaint.escalated')).toBe(false);
      // Below the digest threshold each step is its own notification, linked to its complaint.
      expect((await notificationsOf(agentB.token)).some((n) => n.entityId === single.id && n.kind === 'complaint.escalated')).toBe(true);
    });

    it('warns once before the deadline (1 hour before by default)', async () => {
      const c = await createOk(agentA.token, { receivedAt: ago(3.5 * HOUR), subject: 'Due in 30 minutes' });
      const first = await sweep();
      expect(first.warned).toBeGreaterThanOrEqual(1);
      const warned = (await timeline(c.id)).filter((e) => e.type === 'warned');
      expect(warned).toHaveLength(1);
      expect(Date.parse(warned[0]!.deadlineAt!)).toBe(Date.parse(c.receivedAt) + 4 * HOUR);
      await sweep();
      expect((await timeline(c.id)).filter((e) => e.type === 'warned')).toHaveLength(1);
      expect((await get(agentA.token, c.id)).tier).toBe(1);
      expect((await notificationsOf(agentA.token)).some((n) => n.entityId === c.id && n.kind === 'complaint.warned')).toBe(true);
    });

    it('escalates manually one tier up at once; the first-contact owner stays the owner and is notified', async () => {
      const c = await createOk(agentA.token, { subject: 'Cannot solve' });
      const res = await act(managerA.token, c.id, 'escalate', { reason: 'Needs the platform', version: c.version });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ tier: 2, ownerId: agentA.id, assignedUnitId: platformA, status: 'in_progress' });
      expect(Date.parse(res.body.dueAt)).toBe(Date.parse(c.receivedAt) + 24 * HOUR);
      // Tier 1 was left early: its deadline has not passed.
      expect((res.body as Complaint).tiers[0]!.passedAt).toBeUndefined();
      const events = await timeline(c.id);
      expect(events.at(-1)).toMatchObject({ type: 'escalated', fromTier: 1, toTier: 2, rule: 'manual_escalation' });
      expect((await notificationsOf(agentA.token)).some((n) => n.entityId === c.id && n.kind === 'complaint.escalated')).toBe(true);
      // Stale version → 409; at the top tier → 409.
      expect((await act(managerA.token, c.id, 'escalate', { reason: 'again', version: c.version })).status).toBe(409);
      await act(managerA.token, c.id, 'escalate', { reason: 'to HQ' }).then((r) => expect(r.body.tier).toBe(3));
      const top = await act(managerA.token, c.id, 'escalate', { reason: 'beyond HQ' });
      expect(top.status).toBe(409);
      expect(await count(`SELECT 1 FROM outbox_event WHERE aggregate_id = $1 AND event_type = 'complaint.escalated'`, [c.id])).toBe(2);
    });
  });

  describe('extensions', () => {
    const consent = () => ({ by: 'Mr Wang (customer)', at: ago(60_000), channel: 'phone' });

    it('refuses an extension without recorded consent with 422 naming the rule, and changes nothing', async () => {
      const c = await createOk(agentA.token, { subject: 'Extend me' });
      const res = await act(agentA.token, c.id, 'extensions', { newDueAt: iso(Date.parse(c.dueAt!) + 2 * HOUR), reason: 'Need a part' });
      expect(res.status).toBe(422);
      expect(res.body.rule).toBe('extension_requires_consent');
      expect((await get(agentA.token, c.id)).dueAt).toBe(c.dueAt);
      expect((await timeline(c.id)).some((e) => e.type === 'extended')).toBe(false);
    });

    it('refuses an extension after the deadline has passed with 422', async () => {
      const c = await createOk(agentA.token, { receivedAt: ago(4.5 * HOUR), subject: 'Too late to extend' });
      const res = await act(agentA.token, c.id, 'extensions', {
        newDueAt: iso(Date.now() + 2 * HOUR),
        reason: 'late',
        consent: { by: 'Wang', at: ago(60_000), channel: 'phone' },
      });
      expect(res.status).toBe(422);
      expect(res.body.rule).toBe('extension_only_before_deadline');
    });

    it('moves the deadline later with consent and records who consented, when and how', async () => {
      const c = await createOk(agentA.token, { subject: 'Extend with consent', receivedAt: ago(10 * 60_000) });
      const newDueAt = iso(Date.parse(c.dueAt!) + 2 * HOUR);
      const res = await act(agentA.token, c.id, 'extensions', { newDueAt, reason: 'Waiting for the warehouse', consent: consent() });
      expect(res.status).toBe(200);
      expect(res.body.dueAt).toBe(newDueAt);
      const ext = (await timeline(c.id)).find((e) => e.type === 'extended') as TimelineEvent & { data: { consent: { by: string } } };
      expect(ext.data.consent.by).toBe('Mr Wang (customer)');
      const earlier = await act(agentA.token, c.id, 'extensions', { newDueAt: c.dueAt, reason: 'earlier', consent: consent() });
      expect(earlier.status).toBe(422);
    });
  });

  describe('answer, return visit, close', () => {
    it('stops the clock when answered: an answered complaint is never escalated', async () => {
      const c = await createOk(agentA.token, { receivedAt: ago(30 * HOUR), subject: 'Answered late' });
      const answered = await act(agentA.token, c.id, 'answer', { answer: 'Refund issued' });
      expect(answered.status).toBe(200);
      expect(answered.body).toMatchObject({ status: 'answered', clockRunning: false, tier: 1 });
      await sweep();
      const after = await get(agentA.token, c.id);
      expect(after).toMatchObject({ status: 'answered', tier: 1, breached: false });
      expect((await timeline(c.id)).some((e) => e.type === 'escalated')).toBe(false);
      expect((await act(agentA.token, c.id, 'answer', { answer: 'again' })).status).toBe(409);
      expect((await act(agentA.token, c.id, 'escalate', { reason: 'x' })).status).toBe(409);
    });

    it('reopens an unsatisfied return visit one tier up with a fresh deadline of that tier counted from the reopening', async () => {
      const c = await createOk(agentA.token, { subject: 'Unsatisfied' });
      await act(agentA.token, c.id, 'answer', { answer: 'We will redeliver' }).then((r) => expect(r.status).toBe(200));
      const noSignature = await act(agentA.token, c.id, 'return-visits', { method: 'onsite', outcome: 'satisfied' });
      expect(noSignature.status).toBe(422);
      const before = Date.now();
      const res = await act(agentA.token, c.id, 'return-visits', { method: 'phone', outcome: 'unsatisfied', notes: 'Still broken' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'in_progress', tier: 2, assignedUnitId: platformA, ownerId: agentA.id, reopenCount: 1 });
      const due = Date.parse(res.body.dueAt);
      expect(due).toBeGreaterThanOrEqual(before + 24 * HOUR - 1000);
      expect(due).toBeLessThanOrEqual(Date.now() + 24 * HOUR + 1000);
      const events = await timeline(c.id);
      expect(events.slice(-2).map((e) => e.type)).toEqual(['return_visit', 'reopened']);
      expect(events.at(-1)).toMatchObject({ fromTier: 1, toTier: 2, rule: 'unsatisfied_return_visit_reopens_one_tier_up' });
      expect(await count(`SELECT 1 FROM outbox_event WHERE aggregate_id = $1 AND event_type = 'complaint.reopened'`, [c.id])).toBe(1);
    });

    it('closes after a satisfied return visit, and refuses illegal transitions with 409', async () => {
      const c = await createOk(agentA.token, { subject: 'Happy end' });
      expect((await act(agentA.token, c.id, 'close', {})).status).toBe(409);
      await act(agentA.token, c.id, 'answer', { answer: 'Done' });
      await act(agentA.token, c.id, 'return-visits', { method: 'onsite', outcome: 'satisfied', signedBy: 'Wang' }).then((r) =>
        expect(r.body.status).toBe('return_visit'),
      );
      const closed = await act(agentA.token, c.id, 'close', {});
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('closed');
      expect((await act(agentA.token, c.id, 'invalidate', { reason: 'x' })).status).toBe(409);
      expect(await count(`SELECT 1 FROM outbox_event WHERE aggregate_id = $1 AND event_type = 'complaint.closed'`, [c.id])).toBe(1);
    });

    it('judges a complaint invalid with a reason: out of the SLA, kept', async () => {
      const c = await createOk(agentA.token, { receivedAt: ago(10 * HOUR), subject: 'Prank call' });
      const res = await act(agentA.token, c.id, 'invalidate', { reason: 'Not our customer' });
      expect(res.body).toMatchObject({ status: 'invalid', clockRunning: false });
      await sweep();
      expect((await timeline(c.id)).some((e) => e.type === 'escalated')).toBe(false);
    });
  });

  describe('return-visit sampling job', () => {
    it('samples at least 10 % of answered complaints, at least 30 % of those on site, every serious one, and assigns the owner', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i += 1) {
        const c = await createOk(agentA2.token, { subject: `Sample ${i}`, severity: i < 2 ? 'serious' : 'general', callerName: `C${i}` });
        await act(agentA2.token, c.id, 'answer', { answer: 'ok' }).then((r) => expect(r.status).toBe(200));
        ids.push(c.id);
      }
      const res = await t.http
        .post('/api/v1/scheduler/jobs/return-visit-sampling/run')
        .set(...bearer(t.adminToken))
        .expect(200);
      expect(res.body.status).toBe('ok');
      const all = await Promise.all(ids.map((id) => get(agentA2.token, id)));
      const sampled = all.filter((c) => c.returnVisitSampled);
      expect(all.every((c) => c.returnVisitSampled !== null)).toBe(true);
      const decided = await count(`SELECT 1 FROM complaint WHERE return_visit_sampled IS NOT NULL`);
      const sampledTotal = await count(`SELECT 1 FROM complaint WHERE return_visit_sampled`);
      const onsiteTotal = await count(`SELECT 1 FROM complaint WHERE return_visit_sampled AND return_visit_method = 'onsite'`);
      expect(sampledTotal).toBeGreaterThanOrEqual(Math.ceil(0.1 * decided));
      expect(onsiteTotal).toBeGreaterThanOrEqual(Math.ceil(0.3 * sampledTotal));
      expect(all.filter((c) => c.severity === 'serious').every((c) => c.returnVisitSampled)).toBe(true);
      for (const c of sampled) expect(c).toMatchObject({ status: 'return_visit', returnVisitAssigneeId: agentA2.id });
      expect((await notificationsOf(agentA2.token)).filter((n) => n.kind === 'complaint.return_visit_assigned')).toHaveLength(
        sampled.length,
      );
      // Not sampled: closable at once; sampled: only after the visit.
      const notSampled = all.find((c) => c.returnVisitSampled === false)!;
      expect((await act(agentA2.token, notSampled.id, 'close', {})).status).toBe(200);
      expect((await act(agentA2.token, sampled[0]!.id, 'close', {})).status).toBe(409);
      // A second run decides nothing new.
      const again = await t.http
        .post('/api/v1/scheduler/jobs/return-visit-sampling/run')
        .set(...bearer(t.adminToken))
        .expect(200);
      expect(again.body.result.considered).toBe(0);
    });

    it('keeps the sampling rule configurable, never below 10 % / 30 %', async () => {
      const rule = await t.http
        .get('/api/v1/return-visit-sampling')
        .set(...bearer(hqCs.token))
        .expect(200);
      expect(rule.body).toMatchObject({ samplePercent: '10.00', onsitePercent: '30.00', seriousAlways: true });
      await t.http
        .put('/api/v1/return-visit-sampling')
        .set(...bearer(hqCs.token))
        .send({ version: rule.body.version, samplePercent: 5 })
        .expect(400);
      const changed = await t.http
        .put('/api/v1/return-visit-sampling')
        .set(...bearer(hqCs.token))
        .send({ version: rule.body.version, samplePercent: 15 })
        .expect(200);
      expect(changed.body.samplePercent).toBe('15.00');
      await t.http
        .put('/api/v1/return-visit-sampling')
        .set(...bearer(hqCs.token))
        .send({ version: rule.body.version, samplePercent: 20 })
        .expect(409);
    });
  });

  describe('policies and business calendars', () => {
    it('ships the default 4 h / 24 h / 48 h policy, the example policies and the mainland China calendar as editable data', async () => {
      const policies = await t.http
        .get('/api/v1/sla-policies?limit=200')
        .set(...bearer(agentA.token))
        .expect(200);
      const def = (policies.body.items as { code: string; active: boolean; tiers: { deadlineMinutes: number }[] }[]).find(
        (p) => p.code === 'default-three-tier',
      )!;
      expect(def.active).toBe(true);
      expect(def.tiers.map((x) => x.deadlineMinutes)).toEqual([240, 1440, 2880]);
      expect(policies.body.items.length).toBeGreaterThanOrEqual(7);
      const calendars = await t.http
        .get('/api/v1/calendars')
        .set(...bearer(agentA.token))
        .expect(200);
      const china = (calendars.body.items as { code: string; holidays: string[]; adjustedWorkdays: string[] }[]).find(
        (c) => c.code === 'china-mainland',
      )!;
      expect(china.holidays).toEqual(expect.arrayContaining(['2026-10-01', '2027-01-01']));
      expect(china.adjustedWorkdays).toContain('2026-10-10');
    });

    it('applies a policy change made by another instance (straight in the database) to the very next intake', async () => {
      const before = await createOk(agentA.token); // warms this instance's policy cache
      expect(Date.parse(before.dueAt!) - Date.parse(before.receivedAt)).toBe(4 * HOUR);
      const setTier1 = (minutes: number) =>
        db.query(
          `UPDATE sla_policy SET tiers = jsonb_set(tiers, '{0,deadlineMinutes}', to_jsonb($1::int)) WHERE code = 'default-three-tier'`,
          [minutes],
        );
      await setTier1(300);
      try {
        const changed = await createOk(agentA.token);
        expect(Date.parse(changed.dueAt!) - Date.parse(changed.receivedAt)).toBe(5 * HOUR);
      } finally {
        await setTier1(240);
      }
      const restored = await createOk(agentA.token);
      expect(Date.parse(restored.dueAt!) - Date.parse(restored.receivedAt)).toBe(4 * HOUR);
    });

    it('counts 4 business hours from Friday 17:00 to Monday 12:00, or Saturday 12:00 when Saturday is an adjusted working day, and warns one working day before', async () => {
      const nineToSix = [{ start: '09:00', end: '18:00' }];
      const weekHours = { '1': nineToSix, '2': nineToSix, '3': nineToSix, '4': nineToSix, '5': nineToSix, '6': [], '7': [] };
      const plain = await t.http
        .post('/api/v1/calendars')
        .set(...bearer(hqCs.token))
        .send({ name: 'Nine to six', timeZone: 'Asia/Shanghai', weekHours })
        .expect(201);
      const adjusted = await t.http
        .post('/api/v1/calendars')
        .set(...bearer(hqCs.token))
        .send({ name: 'Nine to six, Saturday worked', timeZone: 'Asia/Shanghai', weekHours, adjustedWorkdays: ['2026-11-14'] })
        .expect(201);
      const policy = (calendarId: string, channel: string) => ({
        name: `Business 4h ${channel}`,
        clock: 'business',
        calendarId,
        tiers: [{ tier: 1, handlerLevel: 'receiving_unit', deadlineMinutes: 240 }],
        warnBeforeMinutes: 60,
        match: { channels: [channel] },
        priority: 50,
      });
      await t.http
        .post('/api/v1/sla-policies')
        .set(...bearer(hqCs.token))
        .send(policy(plain.body.id, 'fax'))
        .expect(201);
      await t.http
        .post('/api/v1/sla-policies')
        .set(...bearer(hqCs.token))
        .send(policy(adjusted.body.id, 'suggestion_box'))
        .expect(201);
      // Friday 13 November 2026, 17:00 in Shanghai.
      const friday = '2026-11-13T17:00:00+08:00';
      const a = await createOk(agentA.token, { channel: 'fax', receivedAt: friday });
      const b = await createOk(agentA.token, { channel: 'suggestion_box', receivedAt: friday });
      expect(a.dueAt).toBe(new Date('2026-11-16T12:00:00+08:00').toISOString());
      expect(b.dueAt).toBe(new Date('2026-11-14T12:00:00+08:00').toISOString());
      expect(a.tiers).toHaveLength(1);
      // Business-clock policies warn one working day before: Monday 12:00 → Friday 12:00 (already due: warned at once).
      expect(a.tiers[0]!.warnAt).toBe(new Date('2026-11-13T12:00:00+08:00').toISOString());
    });

    it('validates policies and calendars with the domain rules (400 naming the field) and versions every change', async () => {
      const bad = await t.http
        .post('/api/v1/sla-policies')
        .set(...bearer(hqCs.token))
        .send({
          name: 'Bad',
          clock: 'calendar',
          tiers: [
            { tier: 1, handlerLevel: 'hq', deadlineMinutes: 60 },
            { tier: 2, handlerLevel: 'platform', deadlineMinutes: 30 },
          ],
          warnBeforeMinutes: 10,
        });
      expect(bad.status).toBe(400);
      expect((bad.body.details as { field: string }[]).map((d) => d.field)).toEqual(
        expect.arrayContaining(['tiers[1].handlerLevel', 'tiers[1].deadlineMinutes']),
      );
      const noCalendar = await t.http
        .post('/api/v1/sla-policies')
        .set(...bearer(hqCs.token))
        .send({
          name: 'No calendar',
          clock: 'business',
          tiers: [{ tier: 1, handlerLevel: 'hq', deadlineMinutes: 60 }],
          warnBeforeMinutes: 10,
        });
      expect(noCalendar.status).toBe(400);
      const badCalendar = await t.http
        .post('/api/v1/calendars')
        .set(...bearer(hqCs.token))
        .send({ name: 'Broken', timeZone: 'Mars/Olympus', weekHours: { '1': [{ start: '18:00', end: '09:00' }] } });
      expect(badCalendar.status).toBe(400);
      const created = await t.http
        .post('/api/v1/sla-policies')
        .set(...bearer(hqCs.token))
        .send({
          name: 'Inquiry fast',
          clock: 'calendar',
          tiers: [{ tier: 1, handlerLevel: 'receiving_unit', deadlineMinutes: 120 }],
          warnBeforeMinutes: 30,
          match: { kinds: ['suggestion'] },
          active: false,
        })
        .expect(201);
      const updated = await t.http
        .patch(`/api/v1/sla-policies/${created.body.id}`)
        .set(...bearer(hqCs.token))
        .send({ version: 1, priority: 5 })
        .expect(200);
      expect(updated.body.version).toBe(2);
      await t.http
        .patch(`/api/v1/sla-policies/${created.body.id}`)
        .set(...bearer(hqCs.token))
        .send({ version: 1, priority: 6 })
        .expect(409);
      await t.http
        .post('/api/v1/sla-policies')
        .set(...bearer(agentA.token))
        .send({ name: 'x' })
        .expect(403);
      await t.http
        .delete(`/api/v1/sla-policies/${created.body.id}`)
        .set(...bearer(hqCs.token))
        .expect(204);
    });
  });

  describe('bad input gets a clear 4xx and changes nothing', () => {
    it('rejects unknown fields, wrong enums, blank text and bad ids', async () => {
      const before = await count('SELECT 1 FROM complaint');
      expect((await create(agentA.token, { colour: 'red' })).status).toBe(400);
      expect((await create(agentA.token, { kind: 'rant' })).status).toBe(400);
      expect((await create(agentA.token, { severity: 'catastrophic' })).status).toBe(400);
      expect((await create(agentA.token, { subject: '   ' })).status).toBe(400);
      expect((await create(agentA.token, { receivedAt: '2026-11-01T10:00:00' })).status).toBe(400);
      expect((await create(agentA.token, { callerName: undefined })).status).toBe(400);
      expect((await create(agentA.token, { receivingUnitId: branchB1 })).status).toBe(400);
      expect((await t.http.get('/api/v1/complaints/not-a-uuid').set(...bearer(agentA.token))).status).toBe(400);
      expect((await t.http.get('/api/v1/complaints?status=lost').set(...bearer(agentA.token))).status).toBe(400);
      expect(await count('SELECT 1 FROM complaint')).toBe(before);
    });

    it('edits with optimistic locking (stale version → 409)', async () => {
      const c = await createOk(agentA.token, { subject: 'Edit me' });
      const ok = await t.http
        .patch(`/api/v1/complaints/${c.id}`)
        .set(...bearer(agentA.token))
        .send({ version: c.version, category: 'billing' })
        .expect(200);
      expect(ok.body.version).toBe(c.version + 1);
      await t.http
        .patch(`/api/v1/complaints/${c.id}`)
        .set(...bearer(agentA.token))
        .send({ version: c.version, category: 'other' })
        .expect(409);
      expect((await get(agentA.token, c.id)).version).toBe(c.version + 1);
    });
  });

  describe('list items', () => {
    it('are the complaints as GET shows them, field for field, in every state the tests above left them in', async () => {
      const res = await t.http
        .get('/api/v1/complaints?limit=200')
        .set(...bearer(hqCs.token))
        .expect(200);
      const items = res.body.items as (Complaint & Record<string, unknown>)[];
      expect(new Set(items.map((c) => c.status)).size).toBeGreaterThanOrEqual(4);
      for (const item of items) expect(item).toEqual(await get(hqCs.token, item.id));
    });
  });

  describe('outbox numbering', () => {
    it('numbers each complaint’s outbox events 1, 2, 3… without gaps whichever writer appended them, the count kept on the complaint', async () => {
      const numbering = await outboxNumbering(db);
      expect(numbering.faults).toEqual([]);
      expect(numbering.complaints).toBeGreaterThan(50);
      expect(numbering.events).toBeGreaterThan(numbering.complaints);
      // Intake (one or two events), edits and actions, the sweep (catch-ups, racing runs) and sampling.
      expect(numbering.types).toEqual(
        expect.arrayContaining([
          'complaint.created',
          'complaint.severity_raised',
          'complaint.updated',
          'complaint.escalated',
          'complaint.breached',
          'complaint.warned',
          'complaint.answered',
          'complaint.reopened',
          'complaint.return_visit_assigned',
        ]),
      );
      expect(await count(`SELECT 1 FROM outbox_aggregate_sequence WHERE aggregate_type = 'complaint'`)).toBe(0);
      // A complaint with two events at intake and more later.
      const raised = await db.query<{ aggregate_seq: number; event_type: string }>(
        `SELECT aggregate_seq, event_type FROM outbox_event
         WHERE aggregate_id = (SELECT aggregate_id FROM outbox_event WHERE event_type = 'complaint.severity_raised' LIMIT 1)
         ORDER BY aggregate_seq LIMIT 2`,
      );
      expect(raised.rows).toEqual([
        { aggregate_seq: 1, event_type: 'complaint.created' },
        { aggregate_seq: 2, event_type: 'complaint.severity_raised' },
      ]);
    });

    it('refuses to append events of a complaint it cannot number, and writes none', async () => {
      const outbox = t.app.get(OutboxService);
      const dataSource = t.app.get<DataSource>(getDataSourceToken());
      const ghost = '0190a2b4-0000-7000-8000-000000000001';
      await expect(
        outbox.append(dataSource.manager, { type: 'complaint.noted', aggregateType: 'complaint', aggregateId: ghost, payload: {} }),
      ).rejects.toThrow(/no sequence for complaint/);
      expect(await count(`SELECT 1 FROM outbox_event WHERE aggregate_id = $1`, [ghost])).toBe(0);
      // Other aggregates keep their counter rows.
      const other = await outbox.appendMany(dataSource.manager, [
        { type: 'test.one', aggregateType: 'test_aggregate', aggregateId: 'x1', payload: {} },
        { type: 'test.two', aggregateType: 'test_aggregate', aggregateId: 'x1', payload: {} },
      ]);
      expect(other.map((e) => e.aggregateSeq)).toEqual([1, 2]);
      // Complaint and other events in one statement: each numbered from its own counter.
      const { rows: picked } = await db.query<{ id: string; outbox_last_seq: number }>(
        `SELECT id, outbox_last_seq FROM complaint ORDER BY id LIMIT 1`,
      );
      const { id, outbox_last_seq: last } = picked[0]!;
      const mixed = await outbox.appendMany(dataSource.manager, [
        { type: 'test.three', aggregateType: 'test_aggregate', aggregateId: 'x1', payload: {} },
        { type: 'complaint.noted', aggregateType: 'complaint', aggregateId: id, payload: {} },
      ]);
      expect(mixed.map((e) => e.aggregateSeq)).toEqual([3, last + 1]);
      expect((await db.query(`SELECT outbox_last_seq FROM complaint WHERE id = $1`, [id])).rows).toEqual([{ outbox_last_seq: last + 1 }]);
      await db.query(`DELETE FROM outbox_event WHERE aggregate_type = 'test_aggregate'`);
      await db.query(`DELETE FROM outbox_aggregate_sequence WHERE aggregate_type = 'test_aggregate'`);
    });
  });
});
