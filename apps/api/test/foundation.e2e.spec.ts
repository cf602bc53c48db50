import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { serializeOpenApi } from '../src/openapi';
import { bearer, createUnit, createUser, startTestApp, type TestApp } from './support/test-app';

describe('foundation (HTTP against PostgreSQL)', () => {
  let t: TestApp;
  let platformA: string;
  let platformB: string;
  let branchA: string;

  beforeAll(async () => {
    t = await startTestApp();
    platformA = await createUnit(t, 'platform', t.hqId, 'Platform A');
    platformB = await createUnit(t, 'platform', t.hqId, 'Platform B');
    branchA = await createUnit(t, 'branch', platformA, 'Branch A1');
  });
  afterAll(() => t.close());

  describe('health and contract', () => {
    it('answers liveness and readiness', async () => {
      await t.http.get('/health').expect(200, { status: 'ok' });
      await t.http.get('/health/ready').expect(200, { status: 'ready', database: 'up', migrations: 'applied' });
    });

    it('keeps idle keep-alive connections open past a load balancer’s 60 s idle limit', () => {
      const server = t.app.getHttpServer() as { keepAliveTimeout: number; headersTimeout: number };
      expect(server.keepAliveTimeout).toBe(65_000);
      expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    });

    it('serves the same OpenAPI document that is committed in libs/api-contract', async () => {
      const served = await t.http.get('/docs-json').expect(200);
      const committed = readFileSync(resolve(__dirname, '../../../libs/api-contract/openapi.json'), 'utf8');
      expect((served.body as { openapi: string }).openapi).toMatch(/^3\./);
      expect(serializeOpenApi(served.body)).toBe(committed);
    });
  });

  describe('bad input gets a clear 4xx and changes nothing', () => {
    it('rejects an unknown field with 400 naming it', async () => {
      const res = await t.http
        .post('/api/v1/org-units')
        .set(...bearer(t.adminToken))
        .send({ kind: 'platform', parentId: t.hqId, name: 'X', colour: 'red' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        code: 'validation_failed',
        details: [{ field: 'colour', problem: 'is not an allowed field' }],
      });
      expect(res.body.requestId).toEqual(expect.any(String));
      expect(res.body.message).toContain('colour');
    });

    it('rejects a wrong type with 400', async () => {
      const res = await t.http
        .post('/api/v1/org-units')
        .set(...bearer(t.adminToken))
        .send({ kind: 'platform', parentId: t.hqId, name: 42 });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'name' })]));
    });

    it('rejects malformed JSON with 400', async () => {
      const res = await t.http
        .post('/api/v1/org-units')
        .set(...bearer(t.adminToken))
        .set('content-type', 'application/json')
        .send('{"name":');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    });

    it('rejects an oversized body with 413', async () => {
      const res = await t.http
        .post('/api/v1/org-units')
        .set(...bearer(t.adminToken))
        .send({ kind: 'platform', parentId: t.hqId, name: 'x'.repeat(2 * 1024 * 1024) });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('payload_too_large');
    });

    it('rejects a malformed id with 400 and a bad cursor with 400', async () => {
      expect((await t.http.get('/api/v1/org-units/not-a-uuid').set(...bearer(t.adminToken))).status).toBe(400);
      expect((await t.http.get('/api/v1/users?cursor=garbage').set(...bearer(t.adminToken))).status).toBe(400);
      expect((await t.http.get('/api/v1/users?limit=500').set(...bearer(t.adminToken))).status).toBe(400);
    });

    it('creates nothing when a request is rejected', async () => {
      const before = await t.http.get('/api/v1/org-units?limit=200').set(...bearer(t.adminToken));
      await t.http
        .post('/api/v1/org-units')
        .set(...bearer(t.adminToken))
        .send({ kind: 'branch', parentId: t.hqId, name: 'Wrong place' })
        .expect(422);
      const after = await t.http.get('/api/v1/org-units?limit=200').set(...bearer(t.adminToken));
      expect(after.body.items).toHaveLength(before.body.items.length);
    });
  });

  describe('authentication and authorisation', () => {
    it('answers 401 without a token and with a forged one', async () => {
      expect((await t.http.get('/api/v1/users')).status).toBe(401);
      expect((await t.http.get('/api/v1/users').set('authorization', 'Bearer abc.def.ghi')).status).toBe(401);
    });

    it('answers 403 when the role is missing', async () => {
      const agent = await createUser(t, { username: 'agent-403', orgUnitId: platformA, roles: ['agent'] });
      const res = await t.http
        .post('/api/v1/org-units')
        .set(...bearer(agent.token))
        .send({ kind: 'branch', parentId: platformA, name: 'B' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    });

    it('answers 404 when a platform-A user asks for a platform-B record', async () => {
      const adminA = await createUser(t, { username: 'admin-a', orgUnitId: platformA, roles: ['admin'] });
      const userB = await createUser(t, { username: 'user-b', orgUnitId: platformB, roles: ['agent'] });
      expect((await t.http.get(`/api/v1/org-units/${platformB}`).set(...bearer(adminA.token))).status).toBe(404);
      expect((await t.http.get(`/api/v1/users/${userB.id}`).set(...bearer(adminA.token))).status).toBe(404);
      expect((await t.http.get(`/api/v1/org-units/${branchA}`).set(...bearer(adminA.token))).status).toBe(200);
      const list = await t.http.get('/api/v1/users?limit=200').set(...bearer(adminA.token));
      expect(list.body.items.map((u: { username: string }) => u.username)).not.toContain('user-b');
      // HQ sees everything
      expect((await t.http.get(`/api/v1/users/${userB.id}`).set(...bearer(t.adminToken))).status).toBe(200);
    });

    it('locks an account after repeated failed logins (429) and the right password does not bypass it', async () => {
      const victim = await createUser(t, { username: 'victim', orgUnitId: platformA, roles: ['agent'] });
      for (let i = 0; i < 5; i++) {
        expect((await t.http.post('/api/v1/auth/login').send({ username: 'victim', password: 'wrong-password' })).status).toBe(401);
      }
      const locked = await t.http.post('/api/v1/auth/login').send({ username: 'victim', password: victim.password });
      expect(locked.status).toBe(429);
      expect(locked.headers['retry-after']).toMatch(/^\d+$/);
    });

    it('rotates refresh tokens and treats a reused one as theft', async () => {
      const u = await createUser(t, { username: 'refresher', orgUnitId: platformA, roles: ['agent'] });
      const login = await t.http.post('/api/v1/auth/login').send({ username: 'refresher', password: u.password }).expect(200);
      const first = login.body.refreshToken as string;
      const refreshed = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first }).expect(200);
      expect(refreshed.body.accessToken).toEqual(expect.any(String));
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first }).expect(401);
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: refreshed.body.refreshToken }).expect(401);
    });

    it('revokes access tokens when the password changes', async () => {
      const u = await createUser(t, { username: 'changer', orgUnitId: platformA, roles: ['agent'] });
      await t.http
        .get('/api/v1/auth/me')
        .set(...bearer(u.token))
        .expect(200);
      await t.http
        .post('/api/v1/auth/password')
        .set(...bearer(u.token))
        .send({ currentPassword: u.password, newPassword: 'a-brand-new-password' })
        .expect(204);
      await t.http
        .get('/api/v1/auth/me')
        .set(...bearer(u.token))
        .expect(401);
    });
  });

  describe('API keys', () => {
    it('authenticates with X-Api-Key within its scopes and unit, and stops at once when revoked', async () => {
      const created = await t.http
        .post('/api/v1/api-keys')
        .set(...bearer(t.adminToken))
        .send({ name: 'Order system', scopes: ['org:read'], orgUnitId: platformA })
        .expect(201);
      const key = created.body.key as string;
      expect(key).toMatch(/^csk_[0-9a-f]{12}_/);
      const listed = await t.http
        .get(`/api/v1/api-keys/${created.body.id}`)
        .set(...bearer(t.adminToken))
        .expect(200);
      expect(listed.body.key).toBeUndefined();
      await t.http.get(`/api/v1/org-units/${branchA}`).set('x-api-key', key).expect(200);
      await t.http.get(`/api/v1/org-units/${platformB}`).set('x-api-key', key).expect(404);
      await t.http.get('/api/v1/users').set('x-api-key', key).expect(403);
      await t.http.get('/api/v1/auth/me').set('x-api-key', key).expect(403);
      await t.http
        .post(`/api/v1/api-keys/${created.body.id}/revoke`)
        .set(...bearer(t.adminToken))
        .expect(200);
      await t.http.get(`/api/v1/org-units/${branchA}`).set('x-api-key', key).expect(401);
    });

    it('stores only a hash of the key', async () => {
      const created = await t.http
        .post('/api/v1/api-keys')
        .set(...bearer(t.adminToken))
        .send({ name: 'CRM', scopes: ['users:read'], orgUnitId: t.hqId })
        .expect(201);
      const client = new Client({ connectionString: t.databaseUrl });
      await client.connect();
      const rows = await client.query('SELECT secret_hash FROM api_key WHERE id = $1', [created.body.id]);
      await client.end();
      // `csk_<12 hex>_<secret>`: the base64url secret may itself contain '_'.
      const match = /^csk_[0-9a-f]{12}_(.{43})$/.exec(created.body.key as string);
      expect(match).not.toBeNull();
      expect(rows.rows[0].secret_hash).not.toContain(match![1]);
      expect(rows.rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('versions and idempotency', () => {
    it('answers 409 to an update carrying a stale version', async () => {
      const id = await createUnit(t, 'branch', platformA, 'Versioned');
      const first = await t.http
        .patch(`/api/v1/org-units/${id}`)
        .set(...bearer(t.adminToken))
        .send({ version: 1, name: 'Renamed' })
        .expect(200);
      expect(first.body.version).toBe(2);
      const stale = await t.http
        .patch(`/api/v1/org-units/${id}`)
        .set(...bearer(t.adminToken))
        .send({ version: 1, name: 'Lost update' });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('stale_version');
      const now = await t.http.get(`/api/v1/org-units/${id}`).set(...bearer(t.adminToken));
      expect(now.body.name).toBe('Renamed');
    });

    it('creates one record for a repeated Idempotency-Key and returns the same response', async () => {
      const body = { kind: 'branch', parentId: platformB, name: 'Idempotent branch' };
      const a = await t.http
        .post('/api/v1/org-units')
        .set(...bearer(t.adminToken))
        .set('Idempotency-Key', 'create-branch-1')
        .send(body)
        .expect(201);
      const b = await t.http
        .post('/api/v1/org-units')
        .set(...bearer(t.adminToken))
        .set('Idempotency-Key', 'create-branch-1')
        .send(body)
        .expect(201);
      expect(b.body).toEqual(a.body);
      expect(b.headers['idempotent-replayed']).toBe('true');
      const list = await t.http.get(`/api/v1/org-units?parentId=${platformB}&q=Idempotent`).set(...bearer(t.adminToken));
      expect(list.body.items).toHaveLength(1);
      const other = await t.http
        .post('/api/v1/org-units')
        .set(...bearer(t.adminToken))
        .set('Idempotency-Key', 'create-branch-1')
        .send({ ...body, name: 'Something else' });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('idempotency_key_reused');
    });
  });

  describe('audit log', () => {
    it('records every mutation with its actor, readable by admins', async () => {
      const id = await createUnit(t, 'sales_office', platformB, 'Audited office');
      await t.http
        .patch(`/api/v1/org-units/${id}`)
        .set(...bearer(t.adminToken))
        .send({ version: 1, name: 'Audited office 2' })
        .expect(200);
      await t.http
        .delete(`/api/v1/org-units/${id}`)
        .set(...bearer(t.adminToken))
        .expect(204);
      const res = await t.http
        .get(`/api/v1/audit-log?entityType=org_unit&entityId=${id}`)
        .set(...bearer(t.adminToken))
        .expect(200);
      expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['org_unit.deleted', 'org_unit.updated', 'org_unit.created']);
      expect(res.body.items[1]).toMatchObject({
        actorType: 'user',
        actorName: 'admin',
        before: { name: 'Audited office' },
        after: { name: 'Audited office 2' },
      });
      const agent = await createUser(t, { username: 'agent-audit', orgUnitId: platformA, roles: ['agent'] });
      await t.http
        .get('/api/v1/audit-log')
        .set(...bearer(agent.token))
        .expect(403);
    });

    it('is append-only: the database refuses UPDATE and DELETE', async () => {
      const client = new Client({ connectionString: t.databaseUrl });
      await client.connect();
      try {
        await expect(client.query(`UPDATE audit_log SET action = 'tampered'`)).rejects.toThrow(/append-only/);
        await expect(client.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      } finally {
        await client.end();
      }
    });
  });

  describe('scheduler and notifications', () => {
    it('lists jobs and runs one on demand, recording the run', async () => {
      const run = await t.http
        .post('/api/v1/scheduler/jobs/idempotency-expiry/run')
        .set(...bearer(t.adminToken))
        .expect(200);
      expect(run.body).toMatchObject({ job: 'idempotency-expiry', status: 'ok', result: { deleted: expect.any(Number) } });
      const jobs = await t.http
        .get('/api/v1/scheduler/jobs')
        .set(...bearer(t.adminToken))
        .expect(200);
      const job = jobs.body.items.find((j: { name: string }) => j.name === 'idempotency-expiry');
      expect(job.lastRun).toMatchObject({ status: 'ok', trigger: 'manual' });
      await t.http
        .post('/api/v1/scheduler/jobs/no-such-job/run')
        .set(...bearer(t.adminToken))
        .expect(404);
    });

    it('starts with no notifications and an unread count of zero', async () => {
      const u = await createUser(t, { username: 'notified', orgUnitId: platformA, roles: ['agent'] });
      await t.http
        .get('/api/v1/notifications/unread-count')
        .set(...bearer(u.token))
        .expect(200, { unread: 0 });
      const list = await t.http
        .get('/api/v1/notifications')
        .set(...bearer(u.token))
        .expect(200);
      expect(list.body).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('pagination', () => {
    it('walks a list page by page without repeats', async () => {
      for (let i = 0; i < 5; i++) await createUnit(t, 'sales_office', branchA, `Office ${i}`);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http
          .get(`/api/v1/org-units?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set(...bearer(t.adminToken))
          .expect(200);
        seen.push(...res.body.items.map((u: { id: string }) => u.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBeGreaterThanOrEqual(9);
    });
  });
});
