/**
 * The signed-in users' cache (ActorCache) never outlives a change: changes made through the API are
 * in force on the very next request; changes made behind the API's back (an operator's SQL, another
 * instance) arrive as database notices within moments; while notices cannot arrive the cache is off.
 * Real PostgreSQL only: on embedded PGlite the cache is always off.
 */
import { Client } from 'pg';
import { ActorCache } from '../src/modules/auth/actor-cache';
import { ActorChangeListener } from '../src/modules/auth/actor-change-listener';
import { bearer, createUnit, createUser, itOnRealPostgres, REAL_POSTGRES, startTestApp, type TestApp } from './support/test-app';

const describeOnRealPostgres = REAL_POSTGRES ? describe : describe.skip;

describeOnRealPostgres('signed-in users cache', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let db: Client;
  let cache: ActorCache<unknown>;
  let listener: ActorChangeListener;
  let branchId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    cache = t.app.get(ActorCache);
    listener = t.app.get(ActorChangeListener);
    const platformId = await createUnit(t, 'platform', t.hqId, 'Cache platform');
    branchId = await createUnit(t, 'branch', platformId, 'Cache branch');
  });

  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  /** An admin-only route with a body that fails validation: 400 for an admin, 403 for others, 401 for no one; changes nothing. */
  const adminProbe = async (token: string): Promise<number> =>
    (
      await t.http
        .post('/api/v1/users')
        .set(...bearer(token))
        .send({})
    ).status;

  async function eventually(probe: () => Promise<number>, expected: number, withinMs = 5_000): Promise<number> {
    const until = Date.now() + withinMs;
    for (;;) {
      const status = await probe();
      if (status === expected || Date.now() > until) return status;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async function waitFor(condition: () => boolean, withinMs = 5_000): Promise<boolean> {
    const until = Date.now() + withinMs;
    while (!condition() && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    return condition();
  }

  it('listens for change notices, and a signed-in request is then answered from the cache', async () => {
    expect(await waitFor(() => listener.listening)).toBe(true);
    const user = await createUser(t, { username: 'cache.admin1', orgUnitId: t.hqId, roles: ['admin'] });
    expect(await adminProbe(user.token)).toBe(400);
    expect(cache.size).toBeGreaterThan(0);
    expect(await adminProbe(user.token)).toBe(400);
  });

  it('a role taken away by SQL behind the API is in force within moments', async () => {
    const user = await createUser(t, { username: 'cache.admin2', orgUnitId: t.hqId, roles: ['admin'] });
    expect(await adminProbe(user.token)).toBe(400); // now kept
    await db.query(`UPDATE app_user SET roles = '{agent}' WHERE id = $1`, [user.id]);
    expect(await eventually(() => adminProbe(user.token), 403)).toBe(403);
    expect(await adminProbe(user.token)).toBe(403);
  });

  it('a user deactivated by SQL is signed out within moments', async () => {
    const user = await createUser(t, { username: 'cache.agent3', orgUnitId: branchId, roles: ['agent'] });
    expect(await adminProbe(user.token)).toBe(403);
    await db.query('UPDATE app_user SET active = false WHERE id = $1', [user.id]);
    expect(await eventually(() => adminProbe(user.token), 401)).toBe(401);
  });

  it('a change through the API is in force on the very next request (no waiting for the notice)', async () => {
    const user = await createUser(t, { username: 'cache.admin4', orgUnitId: t.hqId, roles: ['admin'] });
    expect(await adminProbe(user.token)).toBe(400);
    const current = await t.http.get(`/api/v1/users/${user.id}`).set(...bearer(t.adminToken));
    const demoted = await t.http
      .patch(`/api/v1/users/${user.id}`)
      .set(...bearer(t.adminToken))
      .send({ version: (current.body as { version: number }).version, roles: ['agent'] });
    expect(demoted.status).toBe(200);
    expect(await adminProbe(user.token)).toBe(403);
    const deactivated = await t.http
      .patch(`/api/v1/users/${user.id}`)
      .set(...bearer(t.adminToken))
      .send({ version: (demoted.body as { version: number }).version, active: false });
    expect(deactivated.status).toBe(200);
    expect(await adminProbe(user.token)).toBe(401);
  });

  it('a change to any org unit by SQL empties the cache (names and paths are part of every actor)', async () => {
    const user = await createUser(t, { username: 'cache.agent5', orgUnitId: branchId, roles: ['agent'] });
    expect(await adminProbe(user.token)).toBe(403);
    expect(cache.size).toBeGreaterThan(0);
    await db.query(`UPDATE org_unit SET name = 'Cache branch renamed' WHERE id = $1`, [branchId]);
    expect(await waitFor(() => cache.size === 0)).toBe(true);
  });

  it('while notices cannot arrive the cache is off, and it comes back when they can', async () => {
    const user = await createUser(t, { username: 'cache.admin6', orgUnitId: t.hqId, roles: ['admin'] });
    expect(await adminProbe(user.token)).toBe(400);
    await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cs-api-actor-listener' AND datname = current_database()`,
    );
    expect(await waitFor(() => !listener.listening)).toBe(true);
    expect(cache.size).toBe(0);
    // A change now sends a notice no one hears; the very next request reads the database anyway.
    await db.query(`UPDATE app_user SET roles = '{agent}' WHERE id = $1`, [user.id]);
    expect(await adminProbe(user.token)).toBe(403);
    // The listener reconnects (first retry after 0.5 s) and the cache is used again.
    expect(await waitFor(() => listener.listening)).toBe(true);
    expect(await adminProbe(user.token)).toBe(403);
    expect(cache.size).toBeGreaterThan(0);
  });
});

describe('signed-in users cache, turned off', () => {
  itOnRealPostgres('ACTOR_CACHE_TTL_MS=0: no listener, nothing kept, every request reads the database', async () => {
    const t = await startTestApp({ ACTOR_CACHE_TTL_MS: '0' });
    try {
      const user = await createUser(t, { username: 'nocache.admin', orgUnitId: t.hqId, roles: ['admin'] });
      expect(
        (
          await t.http
            .post('/api/v1/users')
            .set(...bearer(user.token))
            .send({})
        ).status,
      ).toBe(400);
      expect(t.app.get(ActorChangeListener).listening).toBe(false);
      expect(t.app.get(ActorCache).size).toBe(0);
    } finally {
      await t.close();
    }
  });
});
