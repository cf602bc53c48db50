import { bearer, createUnit, createUser, startTestApp, type TestApp } from './support/test-app';

const HOUR = 3_600_000;

interface TimelineEvent {
  type: string;
  deadlineAt?: string;
  recordedAt: string;
}

describe('complaints: the SLA sweep wakes at the next deadline (scheduler running)', () => {
  let t: TestApp;
  let agent: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp({ SCHEDULER_ENABLED: 'true' });
    const platform = await createUnit(t, 'platform', t.hqId, 'Platform W');
    const branch = await createUnit(t, 'branch', platform, 'Branch W1');
    agent = await createUser(t, { username: 'agent.w', orgUnitId: branch, roles: ['agent'] });
  });
  afterAll(() => t.close());

  it('notices a passed deadline within seconds, not at the next minute', async () => {
    const receivedAt = new Date(Date.now() - 4 * HOUR + 3_000).toISOString();
    const created = await t.http
      .post('/api/v1/complaints')
      .set(...bearer(agent.token))
      .send({
        kind: 'complaint',
        channel: 'phone',
        severity: 'general',
        subject: 'Due in 3 s',
        description: 'x',
        callerName: 'Li',
        receivedAt,
      })
      .expect(201);
    const id = created.body.id as string;
    const dueAt = Date.parse(created.body.dueAt as string);
    let escalated: TimelineEvent | undefined;
    for (let i = 0; i < 60 && !escalated; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const events = await t.http
        .get(`/api/v1/complaints/${id}/events`)
        .set(...bearer(t.adminToken))
        .expect(200);
      escalated = (events.body.items as TimelineEvent[]).find((e) => e.type === 'escalated');
    }
    expect(escalated).toBeDefined();
    expect(Date.parse(escalated!.deadlineAt!)).toBe(dueAt);
    // Recorded within a few seconds of the deadline (the sweep's maximum pause is a minute).
    expect(Date.parse(escalated!.recordedAt) - dueAt).toBeLessThan(5_000);
  });
});
