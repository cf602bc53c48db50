import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { bearer, createUnit, createUser, startTestApp, type TestApp } from './support/test-app';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback that answers with the status the test sets. */
class Receiver {
  readonly received: Received[] = [];
  status = 200;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = this.status;
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('webhooks (delivery from the outbox to a receiver on loopback)', () => {
  let t: TestApp;
  let db: Client;
  let receiver: Receiver;
  let platformA: string;
  let platformB: string;

  const runDelivery = async (): Promise<Record<string, unknown>> => {
    const res = await t.http.post('/api/v1/scheduler/jobs/webhook-delivery/run').set(...bearer(t.adminToken));
    expect(res.status).toBe(200);
    return res.body as Record<string, unknown>;
  };
  const appendEvent = async (type: string, aggregateId: string, unitId: string, payload: object = {}): Promise<string> => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO outbox_event (event_type, aggregate_type, aggregate_id, org_unit_id, payload) VALUES ($1, 'complaint', $2, $3, $4) RETURNING id`,
      [type, aggregateId, unitId, JSON.stringify(payload)],
    );
    return rows[0]!.id;
  };
  const subscribe = async (events: string[]): Promise<{ id: string; secret: string }> => {
    const res = await t.http
      .post('/api/v1/webhooks')
      .set(...bearer(t.adminToken))
      .send({ name: 'CRM', url: receiver.url, events });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  };

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_RETRY_BASE_SECONDS: '0', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_TIMEOUT_MS: '2000' });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    receiver = new Receiver();
    await receiver.start();
    platformA = await createUnit(t, 'platform', t.hqId, 'Platform A');
    platformB = await createUnit(t, 'platform', t.hqId, 'Platform B');
  });
  afterAll(async () => {
    await receiver.stop();
    await db.end();
    await t.close();
  });
  beforeEach(async () => {
    receiver.received.length = 0;
    receiver.status = 200;
    await db.query('DELETE FROM webhook_subscription');
    await db.query('UPDATE outbox_event SET dispatched_at = now() WHERE dispatched_at IS NULL');
  });

  it('shows the signing secret once and never again', async () => {
    const created = await subscribe(['complaint.created']);
    expect(created.secret).toMatch(/^whsec_/);
    const got = await t.http.get(`/api/v1/webhooks/${created.id}`).set(...bearer(t.adminToken));
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('secret');
    expect(JSON.stringify(got.body)).not.toContain(created.secret);
  });

  it('delivers an event signed with HMAC-SHA256 of the body, with its event id and type', async () => {
    const { secret } = await subscribe(['complaint.created']);
    const eventId = await appendEvent('complaint.created', 'c-1', platformA, { number: '2611-00001' });
    const result = await runDelivery();
    expect(result).toMatchObject({ queued: 1, claimed: 1, delivered: 1 });
    expect(receiver.received).toHaveLength(1);
    const [hit] = receiver.received;
    const expected = `sha256=${createHmac('sha256', secret).update(hit!.body).digest('hex')}`;
    expect(hit!.headers['x-signature']).toBe(expected);
    expect(hit!.headers['x-event-id']).toBe(eventId);
    expect(hit!.headers['x-event-type']).toBe('complaint.created');
    expect(JSON.parse(hit!.body)).toMatchObject({ id: eventId, type: 'complaint.created', data: { number: '2611-00001' } });
    // Delivered once: a second run sends nothing.
    await runDelivery();
    expect(receiver.received).toHaveLength(1);
  });

  it('delivers only the event types asked for and only events of the subscription unit subtree', async () => {
    await subscribe(['complaint.escalated']);
    await appendEvent('complaint.created', 'c-2', platformA);
    await appendEvent('complaint.escalated', 'c-2', platformA);
    await runDelivery();
    expect(receiver.received.map((r) => r.headers['x-event-type'])).toEqual(['complaint.escalated']);

    // A subscription made by a platform-B admin does not see platform A's events.
    const adminB = await createUser(t, { username: 'admin.b', orgUnitId: platformB, roles: ['admin'] });
    receiver.received.length = 0;
    const res = await t.http
      .post('/api/v1/webhooks')
      .set(...bearer(adminB.token))
      .send({ name: 'B only', url: receiver.url, events: ['complaint.closed'] });
    expect(res.status).toBe(201);
    await appendEvent('complaint.closed', 'c-3', platformA);
    await runDelivery();
    expect(receiver.received).toHaveLength(0);
    await appendEvent('complaint.closed', 'c-4', platformB);
    await runDelivery();
    expect(receiver.received).toHaveLength(1);
  });

  it('retries a failing delivery, marks it dead at the limit, and re-sends it on request', async () => {
    const { id } = await subscribe(['complaint.breached']);
    await appendEvent('complaint.breached', 'c-5', platformA);
    receiver.status = 500;
    for (let i = 0; i < 4; i++) await runDelivery();
    expect(receiver.received).toHaveLength(3); // WEBHOOK_MAX_ATTEMPTS=3
    const dead = await t.http.get(`/api/v1/webhooks/${id}/deliveries?status=dead`).set(...bearer(t.adminToken));
    expect(dead.body.items).toHaveLength(1);
    expect(dead.body.items[0]).toMatchObject({ status: 'dead', attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect(new Set(receiver.received.map((r) => r.headers['x-event-id'])).size).toBe(1);

    receiver.status = 200;
    const resent = await t.http.post(`/api/v1/webhooks/${id}/deliveries/${dead.body.items[0].id}/resend`).set(...bearer(t.adminToken));
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ status: 'pending', attempts: 0 });
    await runDelivery();
    const delivered = await t.http.get(`/api/v1/webhooks/${id}/deliveries?status=delivered`).set(...bearer(t.adminToken));
    expect(delivered.body.items).toHaveLength(1);
    expect(receiver.received).toHaveLength(4);
  });

  it('keeps the order of one complaint: a later event waits while an earlier one is failing', async () => {
    await subscribe(['complaint.created', 'complaint.answered']);
    await appendEvent('complaint.created', 'c-6', platformA);
    await appendEvent('complaint.answered', 'c-6', platformA);
    await appendEvent('complaint.created', 'c-7', platformA);
    receiver.status = 503;
    await runDelivery();
    // Only the first event of each complaint was tried.
    expect(receiver.received.map((r) => r.headers['x-event-type']).sort()).toEqual(['complaint.created', 'complaint.created']);
    receiver.status = 200;
    receiver.received.length = 0;
    await runDelivery(); // both first events succeed now
    await runDelivery(); // then c-6's answer
    expect(receiver.received.map((r) => `${JSON.parse(r.body).aggregate.id}:${String(r.headers['x-event-type'])}`)).toEqual([
      'c-6:complaint.created',
      'c-7:complaint.created',
      'c-6:complaint.answered',
    ]);
  });

  it('rejects bad subscriptions with 400 and creates nothing; only admins manage webhooks', async () => {
    const bad = [
      { name: 'x', url: 'ftp://example.com', events: ['complaint.created'] },
      { name: 'x', url: 'not a url', events: ['complaint.created'] },
      { name: 'x', url: receiver.url, events: ['complaint.exploded'] },
      { name: 'x', url: receiver.url, events: [] },
      { name: 'x', url: receiver.url, events: ['complaint.created'], secret: 'mine' },
    ];
    for (const body of bad) {
      const res = await t.http
        .post('/api/v1/webhooks')
        .set(...bearer(t.adminToken))
        .send(body);
      expect(res.status).toBe(400);
    }
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_subscription');
    expect(rows[0]!.n).toBe(0);
    const agent = await createUser(t, { username: 'agent.w', orgUnitId: platformA, roles: ['agent'] });
    const res = await t.http.get('/api/v1/webhooks').set(...bearer(agent.token));
    expect(res.status).toBe(403);
  });

  it('answers 409 to an update with a stale version', async () => {
    const { id } = await subscribe(['complaint.created']);
    const ok = await t.http
      .patch(`/api/v1/webhooks/${id}`)
      .set(...bearer(t.adminToken))
      .send({ version: 1, active: false });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ active: false, version: 2 });
    const stale = await t.http
      .patch(`/api/v1/webhooks/${id}`)
      .set(...bearer(t.adminToken))
      .send({ version: 1, active: true });
    expect(stale.status).toBe(409);
  });
});
