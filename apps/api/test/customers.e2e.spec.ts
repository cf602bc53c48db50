import { Client } from 'pg';
import { bearer, createUnit, createUser, startTestApp, type TestApp } from './support/test-app';

interface User {
  id: string;
  token: string;
}

describe('customer archives (HTTP against PostgreSQL)', () => {
  let t: TestApp;
  let db: Client;
  let platformA: string;
  let platformB: string;
  let branchA: string;
  let agentA: User;
  let managerA: User;
  let opsA: User;
  let hrA: User;
  let agentB: User;
  let managerB: User;
  let hqManager: User;
  let hqAgent: User;
  let hqOps: User;
  let agentBranch: User;

  const base = (owningUnitId: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
    name: `Customer ${Math.random().toString(36).slice(2, 10)}`,
    kind: 'long_term',
    owningUnitId,
    shipmentFrequency: 'weekly',
    annualBusinessVolume: '250000.00',
    ...over,
  });

  async function createCustomer(
    user: User,
    body: Record<string, unknown>,
  ): Promise<{ id: string; version: number; hqFiled: boolean; name: string }> {
    const res = await t.http
      .post('/api/v1/customers')
      .set(...bearer(user.token))
      .send(body);
    if (res.status !== 201) throw new Error(`createCustomer: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number; hqFiled: boolean; name: string };
  }

  async function auditActions(entityId: string): Promise<string[]> {
    const res = await t.http
      .get('/api/v1/audit-log')
      .query({ entityId, limit: 200 })
      .set(...bearer(t.adminToken))
      .expect(200);
    return (res.body.items as { action: string }[]).map((a) => a.action);
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    platformA = await createUnit(t, 'platform', t.hqId, 'Platform A');
    platformB = await createUnit(t, 'platform', t.hqId, 'Platform B');
    branchA = await createUnit(t, 'branch', platformA, 'Branch A1');
    agentA = await createUser(t, { username: 'agent-a', orgUnitId: platformA, roles: ['agent'] });
    managerA = await createUser(t, { username: 'manager-a', orgUnitId: platformA, roles: ['cs_manager'] });
    opsA = await createUser(t, { username: 'ops-a', orgUnitId: platformA, roles: ['ops_manager'] });
    hrA = await createUser(t, { username: 'hr-a', orgUnitId: platformA, roles: ['hr'] });
    agentB = await createUser(t, { username: 'agent-b', orgUnitId: platformB, roles: ['agent'] });
    managerB = await createUser(t, { username: 'manager-b', orgUnitId: platformB, roles: ['cs_manager'] });
    hqManager = await createUser(t, { username: 'hq-manager', orgUnitId: t.hqId, roles: ['cs_manager'] });
    hqAgent = await createUser(t, { username: 'hq-agent', orgUnitId: t.hqId, roles: ['agent'] });
    hqOps = await createUser(t, { username: 'hq-ops', orgUnitId: t.hqId, roles: ['ops_manager'] });
    agentBranch = await createUser(t, { username: 'agent-branch', orgUnitId: branchA, roles: ['agent'] });
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  describe('archives: CRUD, filters and pagination', () => {
    it('creates an archive with the contract fields and money as a decimal string', async () => {
      const res = await t.http
        .post('/api/v1/customers')
        .set(...bearer(agentA.token))
        .send(
          base(platformA, {
            name: 'Shanghai Textiles',
            address: '1 Bund Road',
            phones: ['+86 138-0013-8000', '021-64321234'],
            monthlyShipmentVolume: 320,
            annualBusinessVolume: '250000.5',
            suggestions: 'More pickup points in Pudong',
          }),
        )
        .expect(201);
      expect(res.body).toMatchObject({
        name: 'Shanghai Textiles',
        kind: 'long_term',
        owningUnitId: platformA,
        owningUnitName: 'Platform A',
        phones: ['+86 138-0013-8000', '021-64321234'],
        monthlyShipmentVolume: 320,
        shipmentFrequency: 'weekly',
        annualBusinessVolume: '250000.50',
        hqFiled: false,
        grade: null,
        confidentiality: 'secret',
        maskedFields: [],
        version: 1,
      });
    });

    it('rejects bad input with a 400 naming the field, and changes nothing', async () => {
      const before = await db.query('SELECT count(*)::int AS n FROM customer');
      for (const body of [
        base(platformA, { annualBusinessVolume: 1250 }),
        base(platformA, { annualBusinessVolume: '12.345' }),
        base(platformA, { annualBusinessVolume: '-5.00' }),
        base(platformA, { kind: 'vip' }),
        base(platformA, { colour: 'red' }),
        base(platformA, { phones: ['not a phone'] }),
        base(platformA, { grade: 'A' }),
        base(platformA, { projectDeliveredOn: '2026-02-30' }),
      ]) {
        const res = await t.http
          .post('/api/v1/customers')
          .set(...bearer(agentA.token))
          .send(body);
        expect(res.status).toBe(400);
        expect(res.body.details?.length).toBeGreaterThan(0);
      }
      const after = await db.query('SELECT count(*)::int AS n FROM customer');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });

    it('refuses a second archive with the same name in the same unit (409)', async () => {
      await createCustomer(agentA, base(platformA, { name: 'Twin Co' }));
      await t.http
        .post('/api/v1/customers')
        .set(...bearer(agentA.token))
        .send(base(platformA, { name: 'twin co' }))
        .expect(409);
    });

    it('updates with optimistic locking: a stale version answers 409', async () => {
      const c = await createCustomer(agentA, base(platformA));
      const ok = await t.http
        .patch(`/api/v1/customers/${c.id}`)
        .set(...bearer(agentA.token))
        .send({ version: 1, address: 'New address' })
        .expect(200);
      expect(ok.body).toMatchObject({ address: 'New address', version: 2 });
      await t.http
        .patch(`/api/v1/customers/${c.id}`)
        .set(...bearer(agentA.token))
        .send({ version: 1, address: 'Lost update' })
        .expect(409);
    });

    it('filters by grade, kind, owning unit, HQ filing and q (name or phone), with keyset pagination', async () => {
      const tag = `Filt${Date.now()}`;
      for (let i = 0; i < 5; i++) {
        await createCustomer(
          agentA,
          base(i < 3 ? branchA : platformA, { name: `${tag} ${i}`, kind: i % 2 ? 'potential_large' : 'long_term' }),
        );
      }
      await createCustomer(agentA, base(branchA, { name: `${tag} phone`, phones: ['13911112222'] }));
      const branchOnly = await t.http
        .get('/api/v1/customers')
        .query({ owningUnitId: branchA, q: tag })
        .set(...bearer(agentA.token))
        .expect(200);
      expect(branchOnly.body.items).toHaveLength(4);
      const potential = await t.http
        .get('/api/v1/customers')
        .query({ kind: 'potential_large', q: tag })
        .set(...bearer(agentA.token))
        .expect(200);
      expect(potential.body.items.map((c: { name: string }) => c.name).sort()).toEqual([`${tag} 1`, `${tag} 3`]);
      const byPhone = await t.http
        .get('/api/v1/customers')
        .query({ q: '139-1111-2222' })
        .set(...bearer(agentA.token))
        .expect(200);
      expect(byPhone.body.items.map((c: { name: string }) => c.name)).toEqual([`${tag} phone`]);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { name: string }[]; nextCursor: string | null } } = await t.http
          .get('/api/v1/customers')
          .query({ q: tag, limit: 2, sort: 'name', ...(cursor ? { cursor } : {}) })
          .set(...bearer(agentA.token))
          .expect(200);
        seen.push(...page.body.items.map((c) => c.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([`${tag} 0`, `${tag} 1`, `${tag} 2`, `${tag} 3`, `${tag} 4`, `${tag} phone`]);
      await t.http
        .get('/api/v1/customers')
        .query({ grade: 'E' })
        .set(...bearer(agentA.token))
        .expect(400);
      await t.http
        .get('/api/v1/customers')
        .query({ cursor: 'garbage' })
        .set(...bearer(agentA.token))
        .expect(400);
      // A cursor of the name order used with the date order (or on another list) is refused, not cast.
      const byName = await t.http
        .get('/api/v1/customers')
        .query({ q: tag, limit: 1, sort: 'name' })
        .set(...bearer(agentA.token))
        .expect(200);
      await t.http
        .get('/api/v1/customers')
        .query({ cursor: byName.body.nextCursor })
        .set(...bearer(agentA.token))
        .expect(400);
      await t.http
        .get('/api/v1/visit-reports')
        .query({ cursor: byName.body.nextCursor })
        .set(...bearer(agentA.token))
        .expect(400);
      await t.http
        .get('/api/v1/customers/work-list')
        .query({ reason: 'visit_due', cursor: byName.body.nextCursor })
        .set(...bearer(agentA.token))
        .expect(400);
    });

    it('deletes an archive without history, and refuses one with visit reports (422)', async () => {
      const empty = await createCustomer(agentA, base(platformA));
      await t.http
        .delete(`/api/v1/customers/${empty.id}`)
        .set(...bearer(agentA.token))
        .expect(403);
      await t.http
        .delete(`/api/v1/customers/${empty.id}`)
        .set(...bearer(managerA.token))
        .expect(204);
      await t.http
        .get(`/api/v1/customers/${empty.id}`)
        .set(...bearer(managerA.token))
        .expect(404);
      const visited = await createCustomer(agentA, base(platformA));
      await t.http
        .post('/api/v1/visit-reports')
        .set(...bearer(agentA.token))
        .send({ customerId: visited.id, visitedOn: '2026-01-05', findings: 'All good' })
        .expect(201);
      const res = await t.http
        .delete(`/api/v1/customers/${visited.id}`)
        .set(...bearer(managerA.token))
        .expect(422);
      expect(res.body.rule).toBe('customer_has_history');
    });
  });

  describe('API keys and retries', () => {
    it('an API key reads the archives of its unit (secret personal fields included) and writes only with customers:write', async () => {
      const c = await createCustomer(agentA, base(platformA, { phones: ['13577778888'] }));
      await t.http
        .post(`/api/v1/customers/${c.id}/contacts`)
        .set(...bearer(agentA.token))
        .send({ name: 'Key Contact', birthday: '1970-01-02' })
        .expect(201);
      const key = async (scopes: string[]): Promise<string> =>
        (
          await t.http
            .post('/api/v1/api-keys')
            .set(...bearer(t.adminToken))
            .send({ name: `crm ${scopes.join(' ')}`, scopes, orgUnitId: platformA })
            .expect(201)
        ).body.key as string;
      const reader = await key(['customers:read']);
      const writer = await key(['customers:write']);
      const detail = await t.http.get(`/api/v1/customers/${c.id}`).set('x-api-key', reader).expect(200);
      expect(detail.body.contacts[0]).toMatchObject({ birthday: '1970-01-02', maskedFields: [] });
      await t.http.get('/api/v1/customers/lookup').query({ phone: '13577778888' }).set('x-api-key', reader).expect(200);
      const other = await createCustomer(agentB, base(platformB));
      await t.http.get(`/api/v1/customers/${other.id}`).set('x-api-key', reader).expect(404);
      await t.http.post('/api/v1/customers').set('x-api-key', reader).send(base(platformA)).expect(403);
      const created = await t.http.post('/api/v1/customers').set('x-api-key', writer).send(base(platformA)).expect(201);
      expect(await auditActions(created.body.id)).toContain('customer.created');
      await t.http.post(`/api/v1/customers/${c.id}/access-requests`).set('x-api-key', reader).send({ reason: 'x' }).expect(403);
    });

    it('a retried create with the same Idempotency-Key returns the first archive and creates nothing new', async () => {
      const body = base(platformA);
      const first = await t.http
        .post('/api/v1/customers')
        .set(...bearer(agentA.token))
        .set('idempotency-key', 'cust-retry-1')
        .send(body)
        .expect(201);
      const again = await t.http
        .post('/api/v1/customers')
        .set(...bearer(agentA.token))
        .set('idempotency-key', 'cust-retry-1')
        .send(body)
        .expect(201);
      expect(again.body.id).toBe(first.body.id);
      const n = await db.query('SELECT count(*)::int AS n FROM customer WHERE name = $1', [body.name]);
      expect(n.rows[0].n).toBe(1);
    });
  });

  describe('HQ filing', () => {
    it('files a customer with HQ automatically at 1,000,000 yuan and back when the volume drops, each change audited', async () => {
      const small = await createCustomer(agentA, base(platformA, { annualBusinessVolume: '999999.99' }));
      expect(small.hqFiled).toBe(false);
      const up = await t.http
        .patch(`/api/v1/customers/${small.id}`)
        .set(...bearer(agentA.token))
        .send({ version: small.version, annualBusinessVolume: '1000000.00' })
        .expect(200);
      expect(up.body.hqFiled).toBe(true);
      const down = await t.http
        .patch(`/api/v1/customers/${small.id}`)
        .set(...bearer(agentA.token))
        .send({ version: up.body.version, annualBusinessVolume: '800000.00' })
        .expect(200);
      expect(down.body.hqFiled).toBe(false);
      const actions = await auditActions(small.id);
      expect(actions).toEqual(expect.arrayContaining(['customer.hq_filed', 'customer.hq_unfiled']));
      const notes = await t.http
        .get('/api/v1/notifications')
        .set(...bearer(hqManager.token))
        .expect(200);
      expect(
        notes.body.items.some((n: { kind: string; entityId: string }) => n.kind === 'customer.hq_filed' && n.entityId === small.id),
      ).toBe(true);
    });

    it('HQ users see the filed customers of every platform, but not the unfiled ones (404)', async () => {
      const filed = await createCustomer(agentB, base(platformB, { annualBusinessVolume: '1500000.00' }));
      const unfiled = await createCustomer(agentB, base(platformB, { annualBusinessVolume: '1500.00' }));
      await t.http
        .get(`/api/v1/customers/${filed.id}`)
        .set(...bearer(hqAgent.token))
        .expect(200);
      await t.http
        .get(`/api/v1/customers/${unfiled.id}`)
        .set(...bearer(hqAgent.token))
        .expect(404);
      const list = await t.http
        .get('/api/v1/customers')
        .query({ owningUnitId: platformB, limit: 200 })
        .set(...bearer(hqAgent.token))
        .expect(200);
      const ids = list.body.items.map((c: { id: string }) => c.id);
      expect(ids).toContain(filed.id);
      expect(ids).not.toContain(unfiled.id);
      expect(list.body.items.every((c: { hqFiled: boolean }) => c.hqFiled)).toBe(true);
    });
  });

  describe('data scope', () => {
    it("answers 404 for another platform's archive, even when it is HQ-filed", async () => {
      const filedB = await createCustomer(agentB, base(platformB, { annualBusinessVolume: '2000000.00' }));
      const plainB = await createCustomer(agentB, base(platformB));
      for (const id of [filedB.id, plainB.id]) {
        await t.http
          .get(`/api/v1/customers/${id}`)
          .set(...bearer(agentA.token))
          .expect(404);
        await t.http
          .get(`/api/v1/customers/${id}/contacts`)
          .set(...bearer(agentA.token))
          .expect(404);
        await t.http
          .patch(`/api/v1/customers/${id}`)
          .set(...bearer(agentA.token))
          .send({ version: 1, address: 'x' })
          .expect(404);
      }
      const list = await t.http
        .get('/api/v1/customers')
        .query({ limit: 200 })
        .set(...bearer(agentA.token))
        .expect(200);
      expect(list.body.items.some((c: { owningUnitId: string }) => c.owningUnitId === platformB)).toBe(false);
    });

    it('a branch sees its own archives but not its platform’s', async () => {
      const atPlatform = await createCustomer(agentA, base(platformA));
      const atBranch = await createCustomer(agentBranch, base(branchA));
      await t.http
        .get(`/api/v1/customers/${atBranch.id}`)
        .set(...bearer(agentBranch.token))
        .expect(200);
      await t.http
        .get(`/api/v1/customers/${atPlatform.id}`)
        .set(...bearer(agentBranch.token))
        .expect(404);
      await t.http
        .post('/api/v1/customers')
        .set(...bearer(agentBranch.token))
        .send(base(platformA))
        .expect(404);
    });
  });

  describe('phone lookup', () => {
    it('finds the customer by a caller phone in any spelling (exact match on the normalised number), including contact phones', async () => {
      const c = await createCustomer(agentA, base(platformA, { name: 'Lookup Logistics', phones: ['+86 137 0000 1111'] }));
      await t.http
        .post(`/api/v1/customers/${c.id}/contacts`)
        .set(...bearer(agentA.token))
        .send({ name: 'Ms Wang', phone: '0571-8888 7777' })
        .expect(201);
      const byCustomerPhone = await t.http
        .get('/api/v1/customers/lookup')
        .query({ phone: '13700001111' })
        .set(...bearer(agentA.token))
        .expect(200);
      expect(byCustomerPhone.body).toMatchObject({
        phone: '13700001111',
        items: [{ id: c.id, matchedContactName: null, recentComplaints: [] }],
      });
      const byContact = await t.http
        .get('/api/v1/customers/lookup')
        .query({ phone: '+86 571 88887777' })
        .set(...bearer(agentA.token))
        .expect(200);
      expect(byContact.body.items).toMatchObject([{ id: c.id, matchedContactName: 'Ms Wang' }]);
      const partial = await t.http
        .get('/api/v1/customers/lookup')
        .query({ phone: '1370000111' })
        .set(...bearer(agentA.token))
        .expect(200);
      expect(partial.body.items).toEqual([]);
      await t.http
        .get('/api/v1/customers/lookup')
        .query({ phone: '13700001111' })
        .set(...bearer(agentB.token))
        .expect(200, { phone: '13700001111', items: [] });
      await t.http
        .get('/api/v1/customers/lookup')
        .query({ phone: 'abc' })
        .set(...bearer(agentA.token))
        .expect(400);
    });

    it('uses the phone index for the lookup', async () => {
      const plan = await db.query(`EXPLAIN SELECT customer_id FROM customer_phone WHERE phone = '13700001111'`);
      const text = plan.rows.map((r: Record<string, string>) => Object.values(r)[0]).join('\n');
      await db.query('SET enable_seqscan = off');
      const forced = await db.query(`EXPLAIN SELECT customer_id FROM customer_phone WHERE phone = '13700001111'`);
      await db.query('SET enable_seqscan = on');
      expect(`${text}\n${forced.rows.map((r: Record<string, string>) => Object.values(r)[0]).join('\n')}`).toContain(
        'customer_phone_lookup',
      );
    });
  });

  describe('contacts, confidentiality and masking', () => {
    const personal = {
      name: 'Mr Li',
      title: 'Logistics director',
      phone: '021-5555 0000',
      personalPhone: '13912345678',
      email: 'li@example.com',
      birthday: '1980-05-17',
      hobbies: 'Go, fishing',
      isPrincipal: true,
    };

    it('masks personal contact fields in lists: null value, field named in maskedFields', async () => {
      const c = await createCustomer(agentA, base(platformA));
      await t.http
        .post(`/api/v1/customers/${c.id}/contacts`)
        .set(...bearer(agentA.token))
        .send(personal)
        .expect(201);
      const list = await t.http
        .get(`/api/v1/customers/${c.id}/contacts`)
        .set(...bearer(managerA.token))
        .expect(200);
      expect(list.body.items[0]).toMatchObject({
        name: 'Mr Li',
        phone: '021-5555 0000',
        email: 'li@example.com',
        birthday: null,
        hobbies: null,
        personalPhone: null,
        maskedFields: ['personalPhone', 'birthday', 'hobbies'],
      });
    });

    it("secret archives show personal fields to their unit's CS staff, not to other roles", async () => {
      const c = await createCustomer(agentA, base(platformA));
      await t.http
        .post(`/api/v1/customers/${c.id}/contacts`)
        .set(...bearer(agentA.token))
        .send(personal)
        .expect(201);
      const agentView = await t.http
        .get(`/api/v1/customers/${c.id}`)
        .set(...bearer(agentA.token))
        .expect(200);
      expect(agentView.body.contacts[0]).toMatchObject({
        birthday: '1980-05-17',
        hobbies: 'Go, fishing',
        personalPhone: '13912345678',
        maskedFields: [],
      });
      expect(agentView.body.access).toMatchObject({ cleared: true, via: 'role' });
      const hrView = await t.http
        .get(`/api/v1/customers/${c.id}`)
        .set(...bearer(hrA.token))
        .expect(200);
      expect(hrView.body.contacts[0]).toMatchObject({
        birthday: null,
        hobbies: null,
        maskedFields: ['personalPhone', 'birthday', 'hobbies'],
      });
      expect(hrView.body.access.cleared).toBe(false);
    });

    it('confidential details need an approved access request; a CS manager of the owning unit approves and the grant is time-limited', async () => {
      const c = await createCustomer(managerA, base(platformA, { confidentiality: 'confidential', address: 'Secret street 1' }));
      await t.http
        .post(`/api/v1/customers/${c.id}/contacts`)
        .set(...bearer(managerA.token))
        .send(personal)
        .expect(201);

      const masked = await t.http
        .get(`/api/v1/customers/${c.id}`)
        .set(...bearer(agentA.token))
        .expect(200);
      expect(masked.body).toMatchObject({ address: null, maskedFields: ['address', 'suggestions'], access: { cleared: false, via: null } });
      expect(masked.body.contacts[0]).toMatchObject({
        birthday: null,
        phone: null,
        email: null,
        maskedFields: ['phone', 'email', 'personalPhone', 'birthday', 'hobbies'],
      });

      const request = await t.http
        .post(`/api/v1/customers/${c.id}/access-requests`)
        .set(...bearer(agentA.token))
        .send({ reason: 'Preparing the anniversary visit', durationHours: 24 })
        .expect(201);
      expect(request.body).toMatchObject({ status: 'pending', requesterId: agentA.id, durationHours: 24 });
      await t.http
        .post(`/api/v1/customers/${c.id}/access-requests`)
        .set(...bearer(agentA.token))
        .send({ reason: 'again' })
        .expect(422);
      const managerNotes = await t.http
        .get('/api/v1/notifications')
        .set(...bearer(managerA.token))
        .expect(200);
      expect(managerNotes.body.items.some((n: { entityId: string }) => n.entityId === request.body.id)).toBe(true);

      // Only a CS manager who sees the customer decides: an agent is refused, another platform's manager does not even see it.
      await t.http
        .post(`/api/v1/access-requests/${request.body.id}/approve`)
        .set(...bearer(agentA.token))
        .send({})
        .expect(403);
      await t.http
        .post(`/api/v1/access-requests/${request.body.id}/approve`)
        .set(...bearer(managerB.token))
        .send({})
        .expect(404);
      const approved = await t.http
        .post(`/api/v1/access-requests/${request.body.id}/approve`)
        .set(...bearer(managerA.token))
        .send({ note: 'ok' })
        .expect(200);
      expect(approved.body.status).toBe('approved');
      const hours = (Date.parse(approved.body.expiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(23.9);
      expect(hours).toBeLessThanOrEqual(24);
      await t.http
        .post(`/api/v1/access-requests/${request.body.id}/reject`)
        .set(...bearer(managerA.token))
        .send({})
        .expect(409);

      const unmasked = await t.http
        .get(`/api/v1/customers/${c.id}`)
        .set(...bearer(agentA.token))
        .expect(200);
      expect(unmasked.body).toMatchObject({ address: 'Secret street 1', maskedFields: [], access: { cleared: true, via: 'grant' } });
      expect(unmasked.body.contacts[0]).toMatchObject({ birthday: '1980-05-17', hobbies: 'Go, fishing', maskedFields: [] });
      const contactId = unmasked.body.contacts[0].id as string;
      await t.http
        .get(`/api/v1/customers/${c.id}/contacts/${contactId}`)
        .set(...bearer(agentA.token))
        .expect(200);

      // The grant ends: the details are masked again.
      await db.query(`UPDATE customer_access_request SET expires_at = now() - interval '1 minute' WHERE id = $1`, [request.body.id]);
      const expired = await t.http
        .get(`/api/v1/customers/${c.id}/contacts/${contactId}`)
        .set(...bearer(agentA.token))
        .expect(200);
      expect(expired.body.birthday).toBeNull();
    });

    it('a manager of the owning unit or of HQ is cleared for confidential archives by role; an agent of HQ is not', async () => {
      const c = await createCustomer(managerA, base(platformA, { confidentiality: 'confidential', annualBusinessVolume: '3000000.00' }));
      expect(
        (
          await t.http
            .get(`/api/v1/customers/${c.id}`)
            .set(...bearer(managerA.token))
            .expect(200)
        ).body.access,
      ).toMatchObject({ cleared: true, via: 'role' });
      expect(
        (
          await t.http
            .get(`/api/v1/customers/${c.id}`)
            .set(...bearer(opsA.token))
            .expect(200)
        ).body.access.cleared,
      ).toBe(true);
      expect(
        (
          await t.http
            .get(`/api/v1/customers/${c.id}`)
            .set(...bearer(hqManager.token))
            .expect(200)
        ).body.access.cleared,
      ).toBe(true);
      expect(
        (
          await t.http
            .get(`/api/v1/customers/${c.id}`)
            .set(...bearer(hqAgent.token))
            .expect(200)
        ).body.access.cleared,
      ).toBe(false);
    });

    it('top-secret archives: only the HQ CS manager is cleared and decides access requests', async () => {
      const c = await createCustomer(managerA, base(platformA, { confidentiality: 'top_secret', annualBusinessVolume: '5000000.00' }));
      expect(
        (
          await t.http
            .get(`/api/v1/customers/${c.id}`)
            .set(...bearer(managerA.token))
            .expect(200)
        ).body.access.cleared,
      ).toBe(false);
      expect(
        (
          await t.http
            .get(`/api/v1/customers/${c.id}`)
            .set(...bearer(hqManager.token))
            .expect(200)
        ).body.access.cleared,
      ).toBe(true);
      const request = await t.http
        .post(`/api/v1/customers/${c.id}/access-requests`)
        .set(...bearer(managerA.token))
        .send({ reason: 'Contract renewal' })
        .expect(201);
      await t.http
        .post(`/api/v1/access-requests/${request.body.id}/approve`)
        .set(...bearer(managerA.token))
        .send({})
        .expect(422);
      const other = await t.http
        .post(`/api/v1/customers/${c.id}/access-requests`)
        .set(...bearer(agentA.token))
        .send({ reason: 'Visit' })
        .expect(201);
      await t.http
        .post(`/api/v1/access-requests/${other.body.id}/approve`)
        .set(...bearer(managerA.token))
        .send({})
        .expect(403);
      const rejected = await t.http
        .post(`/api/v1/access-requests/${other.body.id}/reject`)
        .set(...bearer(hqManager.token))
        .send({ note: 'Not needed' })
        .expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', expiresAt: null, decisionNote: 'Not needed' });
      await t.http
        .post(`/api/v1/access-requests/${request.body.id}/approve`)
        .set(...bearer(hqManager.token))
        .send({})
        .expect(200);
      expect(
        (
          await t.http
            .get(`/api/v1/customers/${c.id}`)
            .set(...bearer(managerA.token))
            .expect(200)
        ).body.access,
      ).toMatchObject({ cleared: true, via: 'grant' });
    });

    it('audits every read of a confidential or top-secret archive, cleared or not (and not of secret ones)', async () => {
      const conf = await createCustomer(managerA, base(platformA, { confidentiality: 'confidential' }));
      const secret = await createCustomer(managerA, base(platformA));
      await t.http
        .get(`/api/v1/customers/${conf.id}`)
        .set(...bearer(agentA.token))
        .expect(200);
      await t.http
        .get(`/api/v1/customers/${conf.id}`)
        .set(...bearer(managerA.token))
        .expect(200);
      await t.http
        .get(`/api/v1/customers/${secret.id}`)
        .set(...bearer(managerA.token))
        .expect(200);
      const reads = (
        await t.http
          .get('/api/v1/audit-log')
          .query({ entityId: conf.id, action: 'customer.detail_read' })
          .set(...bearer(t.adminToken))
          .expect(200)
      ).body.items as { actorId: string; after: { cleared: boolean } }[];
      expect(reads).toHaveLength(2);
      expect(reads.map((r) => [r.actorId, r.after.cleared]).sort()).toEqual(
        [
          [agentA.id, false],
          [managerA.id, true],
        ].sort(),
      );
      expect(await auditActions(secret.id)).not.toContain('customer.detail_read');
    });

    it('an uncleared caller cannot change the contact fields hidden from them (422)', async () => {
      const c = await createCustomer(managerA, base(platformA, { confidentiality: 'confidential' }));
      const contact = await t.http
        .post(`/api/v1/customers/${c.id}/contacts`)
        .set(...bearer(managerA.token))
        .send(personal)
        .expect(201);
      await t.http
        .patch(`/api/v1/customers/${c.id}/contacts/${contact.body.id}`)
        .set(...bearer(agentA.token))
        .send({ version: 1, birthday: '1990-01-01' })
        .expect(422);
      await t.http
        .patch(`/api/v1/customers/${c.id}/contacts/${contact.body.id}`)
        .set(...bearer(agentA.token))
        .send({ version: 1, title: 'CEO' })
        .expect(200);
    });
  });

  describe('grades', () => {
    it('stores the grade with who set it and why, and shows a suggested grade beside it', async () => {
      const c = await createCustomer(
        agentA,
        base(platformA, { annualBusinessVolume: '1200000.00', shipmentFrequency: 'daily', monthlyShipmentVolume: 1500 }),
      );
      const graded = await t.http
        .patch(`/api/v1/customers/${c.id}`)
        .set(...bearer(managerA.token))
        .send({ version: c.version, grade: 'B', gradeReason: 'Pays late' })
        .expect(200);
      expect(graded.body).toMatchObject({ grade: 'B', gradeReason: 'Pays late', gradeSetByName: 'manager-a' });
      expect(graded.body.gradeSetAt).toEqual(expect.any(String));
      const detail = await t.http
        .get(`/api/v1/customers/${c.id}`)
        .set(...bearer(managerA.token))
        .expect(200);
      expect(detail.body.grade).toBe('B');
      expect(detail.body.suggestedGrade.grade).toBe('A');
      expect(detail.body.suggestedGrade.factors.map((f: { factor: string }) => f.factor)).toEqual([
        'volume',
        'frequency',
        'shipments',
        'trend',
        'complaints',
        'kind',
      ]);
      expect(detail.body.volumes).toHaveLength(1);
      await t.http
        .patch(`/api/v1/customers/${c.id}`)
        .set(...bearer(managerA.token))
        .send({ version: graded.body.version, grade: 'A' })
        .expect(400);
    });

    it('the suggestion uses the year-on-year trend from the volume history', async () => {
      const c = await createCustomer(agentA, base(platformA, { annualBusinessVolume: '400000.00', shipmentFrequency: 'weekly' }));
      await db.query(
        `INSERT INTO customer_volume (customer_id, period, annual_business_volume, monthly_shipment_volume) VALUES ($1, to_char(now() - interval '13 months', 'YYYY-MM'), 800000, 0)`,
        [c.id],
      );
      const detail = await t.http
        .get(`/api/v1/customers/${c.id}`)
        .set(...bearer(agentA.token))
        .expect(200);
      expect(detail.body.suggestedGrade.factors.find((f: { factor: string }) => f.factor === 'trend')).toMatchObject({
        points: -1,
        note: '-50% year on year',
      });
    });
  });

  describe('complaint history', () => {
    it("shows the customer's recent complaints on the archive and in the lookup, and they lower the suggested grade", async () => {
      const c = await createCustomer(agentA, base(platformA, { phones: ['13655556666'], annualBusinessVolume: '400000.00' }));
      const before = await t.http
        .get(`/api/v1/customers/${c.id}`)
        .set(...bearer(agentA.token))
        .expect(200);
      const unitPath = (await db.query('SELECT path FROM org_unit WHERE id = $1', [platformA])).rows[0].path as string;
      for (let i = 0; i < 3; i++) {
        await db.query(
          `INSERT INTO complaint (number, kind, channel, severity, status, subject, description, customer_id, received_at, received_month,
             receiving_unit_id, receiving_unit_path, platform_unit_id, hq_unit_id, assigned_unit_id, owner_id, policy_snapshot, tier, tier_count,
             tier_levels, clock_start, tier_deadlines, warn_times)
           VALUES ($1, 'complaint', 'phone', 'general', 'received', $2, 'late delivery', $3, now() - make_interval(days => $4), to_char(now(), 'YYYY-MM'),
             $5, $6, $5, $7, $5, $8, '{}', 1, 3, ARRAY['branch','platform','hq'], now(), ARRAY[now()], ARRAY[now()])`,
          [`T${Date.now().toString().slice(-6)}${i}`, `Complaint ${i}`, c.id, i, platformA, unitPath, t.hqId, agentA.id],
        );
      }
      const detail = await t.http
        .get(`/api/v1/customers/${c.id}`)
        .set(...bearer(agentA.token))
        .expect(200);
      expect(detail.body.recentComplaints.map((x: { subject: string }) => x.subject)).toEqual([
        'Complaint 0',
        'Complaint 1',
        'Complaint 2',
      ]);
      const factor = (body: { suggestedGrade: { factors: { factor: string; points: number }[] } }) =>
        body.suggestedGrade.factors.find((f) => f.factor === 'complaints')!.points;
      expect(factor(before.body)).toBe(0);
      expect(factor(detail.body)).toBe(-1);
      const lookup = await t.http
        .get('/api/v1/customers/lookup')
        .query({ phone: '136 5555 6666' })
        .set(...bearer(agentA.token))
        .expect(200);
      expect(lookup.body.items[0].recentComplaints).toHaveLength(3);
      // Read in the lookup's own statement, the summaries are the archive page's, field for field.
      expect(lookup.body.items[0].recentComplaints).toEqual(detail.body.recentComplaints);
    });
  });

  describe('visit plans and reports', () => {
    const tomorrow = (): string => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

    it('visits are scheduled only after the ops manager approves the plan', async () => {
      const c = await createCustomer(agentA, base(platformA));
      const plan = await t.http
        .post('/api/v1/visit-plans')
        .set(...bearer(agentA.token))
        .send({ title: 'December visits', visits: [{ customerId: c.id, plannedOn: tomorrow() }] })
        .expect(201);
      expect(plan.body).toMatchObject({ status: 'draft', draftingUnitId: platformA, visits: [{ customerId: c.id, status: 'planned' }] });
      const visitId = plan.body.visits[0].id as string;
      const early = await t.http
        .post('/api/v1/visit-reports')
        .set(...bearer(agentA.token))
        .send({ customerId: c.id, planVisitId: visitId, visitedOn: '2026-01-01', findings: 'x' })
        .expect(422);
      expect(early.body.rule).toBe('visit_must_be_scheduled');
      await t.http
        .post(`/api/v1/visit-plans/${plan.body.id}/approve`)
        .set(...bearer(opsA.token))
        .send({ version: 1 })
        .expect(409);
      const submitted = await t.http
        .post(`/api/v1/visit-plans/${plan.body.id}/submit`)
        .set(...bearer(agentA.token))
        .send({ version: 1 })
        .expect(200);
      expect(submitted.body.status).toBe('submitted');
      const opsNotes = await t.http
        .get('/api/v1/notifications')
        .set(...bearer(opsA.token))
        .expect(200);
      expect(opsNotes.body.items.some((n: { entityId: string }) => n.entityId === plan.body.id)).toBe(true);
      await t.http
        .post(`/api/v1/visit-plans/${plan.body.id}/approve`)
        .set(...bearer(managerA.token))
        .send({ version: 2 })
        .expect(403);
      await t.http
        .patch(`/api/v1/visit-plans/${plan.body.id}`)
        .set(...bearer(agentA.token))
        .send({ version: 2, title: 'changed' })
        .expect(409);
      const approved = await t.http
        .post(`/api/v1/visit-plans/${plan.body.id}/approve`)
        .set(...bearer(opsA.token))
        .send({ version: 2 })
        .expect(200);
      expect(approved.body).toMatchObject({ status: 'approved', decidedByName: 'ops-a', visits: [{ status: 'scheduled' }] });
      expect(await auditActions(plan.body.id)).toEqual(
        expect.arrayContaining(['visit_plan.created', 'visit_plan.submitted', 'visit_plan.approved']),
      );
    });

    it('a rejected plan needs a note, can be edited and resubmitted', async () => {
      const c = await createCustomer(agentA, base(platformA));
      const plan = await t.http
        .post('/api/v1/visit-plans')
        .set(...bearer(managerA.token))
        .send({ title: 'Q1', visits: [{ customerId: c.id, plannedOn: tomorrow() }] })
        .expect(201);
      await t.http
        .post(`/api/v1/visit-plans/${plan.body.id}/submit`)
        .set(...bearer(managerA.token))
        .send({ version: 1 })
        .expect(200);
      await t.http
        .post(`/api/v1/visit-plans/${plan.body.id}/reject`)
        .set(...bearer(opsA.token))
        .send({ version: 2 })
        .expect(400);
      const rejected = await t.http
        .post(`/api/v1/visit-plans/${plan.body.id}/reject`)
        .set(...bearer(opsA.token))
        .send({ version: 2, note: 'Too many visits' })
        .expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', decisionNote: 'Too many visits' });
      const edited = await t.http
        .patch(`/api/v1/visit-plans/${plan.body.id}`)
        .set(...bearer(managerA.token))
        .send({ version: 3, title: 'Q1 (fewer)' })
        .expect(200);
      expect(edited.body.status).toBe('draft');
      const empty = await t.http
        .post('/api/v1/visit-plans')
        .set(...bearer(managerA.token))
        .send({ title: 'Empty', visits: [] })
        .expect(201);
      expect(
        (
          await t.http
            .post(`/api/v1/visit-plans/${empty.body.id}/submit`)
            .set(...bearer(managerA.token))
            .send({ version: 1 })
            .expect(422)
        ).body.rule,
      ).toBe('plan_needs_visits');
    });

    it('HQ drafts the visit plans of HQ-filed customers; a platform cannot', async () => {
      const filed = await createCustomer(agentA, base(platformA, { annualBusinessVolume: '1000000.00' }));
      const res = await t.http
        .post('/api/v1/visit-plans')
        .set(...bearer(agentA.token))
        .send({ title: 'Big ones', visits: [{ customerId: filed.id, plannedOn: tomorrow() }] })
        .expect(422);
      expect(res.body.rule).toBe('hq_plans_filed_customers');
      const hqPlan = await t.http
        .post('/api/v1/visit-plans')
        .set(...bearer(hqAgent.token))
        .send({ title: 'HQ big customers', visits: [{ customerId: filed.id, plannedOn: tomorrow() }] })
        .expect(201);
      expect(hqPlan.body.draftingUnitId).toBe(t.hqId);
      await t.http
        .post(`/api/v1/visit-plans/${hqPlan.body.id}/submit`)
        .set(...bearer(hqAgent.token))
        .send({ version: 1 })
        .expect(200);
      await t.http
        .post(`/api/v1/visit-plans/${hqPlan.body.id}/approve`)
        .set(...bearer(opsA.token))
        .send({ version: 2 })
        .expect(404);
      await t.http
        .post(`/api/v1/visit-plans/${hqPlan.body.id}/approve`)
        .set(...bearer(hqOps.token))
        .send({ version: 2 })
        .expect(200);
      const unfiledB = await createCustomer(agentB, base(platformB));
      await t.http
        .post('/api/v1/visit-plans')
        .set(...bearer(agentA.token))
        .send({ title: 'x', visits: [{ customerId: unfiledB.id, plannedOn: tomorrow() }] })
        .expect(404);
      await t.http
        .post('/api/v1/visit-plans')
        .set(...bearer(agentA.token))
        .send({ title: 'x', visits: [{ customerId: filed.id, plannedOn: '2020-01-01' }] })
        .expect(422);
    });

    it("a visit report updates the archive's last-visit date (never backwards) and raises follow-up items", async () => {
      const c = await createCustomer(agentA, base(platformA));
      const plan = await t.http
        .post('/api/v1/visit-plans')
        .set(...bearer(agentA.token))
        .send({ title: 'Visit', visits: [{ customerId: c.id, plannedOn: tomorrow() }] })
        .expect(201);
      await t.http
        .post(`/api/v1/visit-plans/${plan.body.id}/submit`)
        .set(...bearer(agentA.token))
        .send({ version: 1 })
        .expect(200);
      await t.http
        .post(`/api/v1/visit-plans/${plan.body.id}/approve`)
        .set(...bearer(opsA.token))
        .send({ version: 2 })
        .expect(200);
      const report = await t.http
        .post('/api/v1/visit-reports')
        .set(...bearer(agentA.token))
        .send({
          customerId: c.id,
          planVisitId: plan.body.visits[0].id,
          visitedOn: '2026-11-20',
          attendees: 'Mr Li',
          findings: 'Wants a pickup point in Minhang',
          followUps: [{ department: 'Operations', description: 'Evaluate a Minhang pickup point', dueOn: '2026-12-31' }],
        })
        .expect(201);
      expect(report.body).toMatchObject({
        customerId: c.id,
        visitedOn: '2026-11-20',
        followUps: [{ department: 'Operations', status: 'open' }],
      });
      const after = await t.http
        .get(`/api/v1/customers/${c.id}`)
        .set(...bearer(agentA.token))
        .expect(200);
      expect(after.body.lastVisitOn).toBe('2026-11-20');
      const planAfter = await t.http
        .get(`/api/v1/visit-plans/${plan.body.id}`)
        .set(...bearer(agentA.token))
        .expect(200);
      expect(planAfter.body.visits[0]).toMatchObject({ status: 'done', reportId: report.body.id });
      await t.http
        .post('/api/v1/visit-reports')
        .set(...bearer(agentA.token))
        .send({ customerId: c.id, visitedOn: '2026-10-01', findings: 'older ad-hoc visit' })
        .expect(201);
      expect(
        (
          await t.http
            .get(`/api/v1/customers/${c.id}`)
            .set(...bearer(agentA.token))
            .expect(200)
        ).body.lastVisitOn,
      ).toBe('2026-11-20');
      const managerNotes = await t.http
        .get('/api/v1/notifications')
        .set(...bearer(managerA.token))
        .expect(200);
      expect(managerNotes.body.items.some((n: { entityId: string }) => n.entityId === report.body.id)).toBe(true);
      const done = await t.http
        .post(`/api/v1/visit-reports/${report.body.id}/follow-ups/${report.body.followUps[0].id}/complete`)
        .set(...bearer(agentA.token))
        .expect(200);
      expect(done.body.followUps[0].status).toBe('done');
      const list = await t.http
        .get('/api/v1/visit-reports')
        .query({ customerId: c.id })
        .set(...bearer(agentA.token))
        .expect(200);
      expect(list.body.items).toHaveLength(2);
      await t.http
        .get(`/api/v1/visit-reports/${report.body.id}`)
        .set(...bearer(agentB.token))
        .expect(404);
      const future = await t.http
        .post('/api/v1/visit-reports')
        .set(...bearer(agentA.token))
        .send({ customerId: c.id, visitedOn: '2099-01-01', findings: 'x' })
        .expect(422);
      expect(future.body.rule).toBe('visit_not_in_future');
    });
  });

  describe('cadence job', () => {
    it('customers with a project delivered less than a year ago are due a visit monthly, older ones quarterly; the owning unit’s CS staff are notified once', async () => {
      const unit = await createUnit(t, 'platform', t.hqId, 'Platform Cadence');
      const agent = await createUser(t, { username: 'agent-cadence', orgUnitId: unit, roles: ['agent'] });
      const fresh = await createCustomer(
        agent,
        base(unit, { projectDeliveredOn: new Date(Date.now() - 100 * 86_400_000).toISOString().slice(0, 10) }),
      );
      const old = await createCustomer(agent, base(unit, { projectDeliveredOn: '2020-01-01' }));
      const oldRecent = await createCustomer(agent, base(unit, { projectDeliveredOn: '2020-01-01' }));
      // Visited 40 days ago: the monthly customer is due, the quarterly one not yet; one visited 100 days ago is due quarterly.
      await db.query(`UPDATE customer SET last_visit_on = current_date - 40 WHERE id = ANY($1)`, [[fresh.id, oldRecent.id]]);
      await db.query(`UPDATE customer SET last_visit_on = current_date - 100 WHERE id = $1`, [old.id]);
      const run = await t.http
        .post('/api/v1/scheduler/jobs/customer-visit-cadence/run')
        .set(...bearer(t.adminToken))
        .expect(200);
      expect(JSON.stringify(run.body)).toContain('visitDue');
      const list = await t.http
        .get('/api/v1/customers/work-list')
        .query({ reason: 'visit_due' })
        .set(...bearer(agent.token))
        .expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id).sort()).toEqual([fresh.id, old.id].sort());
      const notes = await t.http
        .get('/api/v1/notifications')
        .set(...bearer(agent.token))
        .expect(200);
      const due = notes.body.items.filter((n: { kind: string }) => n.kind === 'customer.visit_due');
      expect(due).toHaveLength(1);
      expect(due[0].title).toMatch(/^2 /);
      await t.http
        .post('/api/v1/scheduler/jobs/customer-visit-cadence/run')
        .set(...bearer(t.adminToken))
        .expect(200);
      const again = await t.http
        .get('/api/v1/notifications')
        .set(...bearer(agent.token))
        .expect(200);
      expect(again.body.items.filter((n: { kind: string }) => n.kind === 'customer.visit_due')).toHaveLength(1);
      await t.http
        .get('/api/v1/customers/work-list')
        .query({ reason: 'visit_due' })
        .set(...bearer(agentA.token))
        .expect(200);
      const other = await t.http
        .get('/api/v1/customers/work-list')
        .query({ reason: 'visit_due', limit: 200 })
        .set(...bearer(agentA.token))
        .expect(200);
      expect(other.body.items.some((c: { id: string }) => c.id === fresh.id)).toBe(false);
    });

    it('archives unverified for a quarter land on the re-verification work list and are cleared by verifying', async () => {
      const unit = await createUnit(t, 'platform', t.hqId, 'Platform Verify');
      const manager = await createUser(t, { username: 'manager-verify', orgUnitId: unit, roles: ['cs_manager'] });
      const stale = await createCustomer(manager, base(unit));
      const current = await createCustomer(manager, base(unit));
      await db.query(`UPDATE customer SET verified_at = now() - interval '4 months' WHERE id = $1`, [stale.id]);
      await t.http
        .post('/api/v1/scheduler/jobs/customer-visit-cadence/run')
        .set(...bearer(t.adminToken))
        .expect(200);
      const list = await t.http
        .get('/api/v1/customers/work-list')
        .query({ reason: 'reverification_due' })
        .set(...bearer(manager.token))
        .expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([stale.id]);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(current.id);
      const notes = await t.http
        .get('/api/v1/notifications')
        .set(...bearer(manager.token))
        .expect(200);
      expect(notes.body.items.some((n: { kind: string }) => n.kind === 'customer.reverification_due')).toBe(true);
      const verified = await t.http
        .post(`/api/v1/customers/${stale.id}/verify`)
        .set(...bearer(manager.token))
        .send({ version: stale.version })
        .expect(200);
      expect(Date.parse(verified.body.verifiedAt)).toBeGreaterThan(Date.now() - 60_000);
      const after = await t.http
        .get('/api/v1/customers/work-list')
        .query({ reason: 'reverification_due' })
        .set(...bearer(manager.token))
        .expect(200);
      expect(after.body.items).toEqual([]);
    });
  });

  describe('shipment checks', () => {
    it("records tracking inspections of a customer's shipments and of a problem route", async () => {
      const c = await createCustomer(agentA, base(platformA, { annualBusinessVolume: '1100000.00' }));
      const check = await t.http
        .post('/api/v1/shipment-checks')
        .set(...bearer(agentA.token))
        .send({
          customerId: c.id,
          checkedOn: '2026-11-02',
          trackingNumbers: ['SF100', 'SF101'],
          result: 'issues',
          findings: 'SF101 held 2 days in Wuhan',
        })
        .expect(201);
      expect(check.body).toMatchObject({ customerId: c.id, unitId: platformA, result: 'issues', trackingNumbers: ['SF100', 'SF101'] });
      const route = await t.http
        .post('/api/v1/shipment-checks')
        .set(...bearer(agentA.token))
        .send({ route: '上海 → 成都', checkedOn: '2026-11-03', result: 'ok', findings: 'On time' })
        .expect(201);
      expect(route.body).toMatchObject({ customerId: null, route: '上海 → 成都', unitId: platformA });
      const list = await t.http
        .get('/api/v1/shipment-checks')
        .query({ customerId: c.id })
        .set(...bearer(agentA.token))
        .expect(200);
      expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([check.body.id]);
      await t.http
        .get(`/api/v1/shipment-checks/${check.body.id}`)
        .set(...bearer(agentB.token))
        .expect(404);
      await t.http
        .get(`/api/v1/shipment-checks/${check.body.id}`)
        .set(...bearer(hqAgent.token))
        .expect(200);
      await t.http
        .post('/api/v1/shipment-checks')
        .set(...bearer(agentA.token))
        .send({ checkedOn: '2026-11-03', result: 'ok', findings: 'x' })
        .expect(400);
      await t.http
        .post('/api/v1/shipment-checks')
        .set(...bearer(agentB.token))
        .send({ customerId: c.id, checkedOn: '2026-11-03', result: 'ok', findings: 'x' })
        .expect(404);
    });
  });
});
