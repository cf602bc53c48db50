import { SURVEY_QUESTIONS } from './support/survey-fixtures';
import { bearer, createUnit, createUser, startTestApp, type TestApp } from './support/test-app';

describe('survey campaigns over customer archives (HTTP against PostgreSQL)', () => {
  let t: TestApp;
  let platformA: string;
  let branchA1: string;
  let branchA2: string;
  let platformB: string;
  let evaluator: { token: string };
  let templateId: string;

  async function customer(owningUnitId: string, name: string, kind: string, grade?: string): Promise<string> {
    const res = await t.http
      .post('/api/v1/customers')
      .set(...bearer(t.adminToken))
      .send({
        name,
        kind,
        owningUnitId,
        phones: ['13900000000'],
        shipmentFrequency: 'weekly',
        annualBusinessVolume: '50000.00',
        ...(grade ? { grade, gradeReason: '测试' } : {}),
      });
    if (res.status !== 201) throw new Error(`customer ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { id: string }).id;
  }

  const preview = (population: Record<string, unknown>) =>
    t.http
      .post('/api/v1/survey-campaigns/population-preview')
      .set(...bearer(evaluator.token))
      .send({ population });

  beforeAll(async () => {
    t = await startTestApp();
    platformA = await createUnit(t, 'platform', t.hqId, '华东平台');
    branchA1 = await createUnit(t, 'branch', platformA, '上海分公司');
    branchA2 = await createUnit(t, 'branch', platformA, '杭州分公司');
    platformB = await createUnit(t, 'platform', t.hqId, '华南平台');
    evaluator = await createUser(t, { username: 'qe-a', orgUnitId: platformA, roles: ['quality_evaluator'] });
    await customer(branchA1, '客户一', 'long_term', 'A');
    await customer(branchA1, '客户二', 'long_term', 'B');
    await customer(branchA2, '客户三', 'large_occasional', 'A');
    await customer(branchA2, '客户四', 'potential_large');
    await customer(platformB, '客户五', 'long_term', 'A');
    const template = await t.http
      .post('/api/v1/survey-templates')
      .set(...bearer(evaluator.token))
      .send({ name: '客户满意度', questions: SURVEY_QUESTIONS });
    templateId = (template.body as { id: string }).id;
  });
  afterAll(() => t.close());

  it('previews the customers a population selects, per unit, within the campaign unit only', async () => {
    const all = await preview({});
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ source: 'customers', total: 4 });
    expect(all.body.byUnit).toEqual(
      expect.arrayContaining([
        { unitId: branchA1, unitName: '上海分公司', count: 2 },
        { unitId: branchA2, unitName: '杭州分公司', count: 2 },
      ]),
    );
  });

  it('selects customers by unit, grade and kind', async () => {
    expect((await preview({ unitIds: [branchA2] })).body.total).toBe(2);
    expect((await preview({ grades: ['A'] })).body.total).toBe(2);
    expect((await preview({ kinds: ['long_term'] })).body.total).toBe(2);
    expect((await preview({ grades: ['A'], kinds: ['long_term'] })).body.total).toBe(1);
    expect((await preview({ unitIds: [branchA2], grades: ['B'] })).body.total).toBe(0);
  });

  it('refuses grades or kinds combined with closed complaints (400) and a unit of another platform (404)', async () => {
    const mixed = await preview({
      grades: ['A'],
      complaintsClosedFrom: '2026-01-01T00:00:00Z',
      complaintsClosedTo: '2026-02-01T00:00:00Z',
    });
    expect(mixed.status).toBe(400);
    expect((await preview({ unitIds: [platformB] })).status).toBe(404);
  });

  it('launch creates one invitation per selected customer with the customer as target and contact', async () => {
    const created = await t.http
      .post('/api/v1/survey-campaigns')
      .set(...bearer(evaluator.token))
      .send({
        name: 'A 级客户回访',
        templateId,
        channel: 'sms',
        population: { grades: ['A'] },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    expect(created.status).toBe(201);
    const launched = await t.http
      .post(`/api/v1/survey-campaigns/${created.body.id}/launch`)
      .set(...bearer(evaluator.token))
      .send({ version: created.body.version });
    expect(launched.status).toBe(200);
    expect(launched.body.invitationCount).toBe(2);
    const list = await t.http.get(`/api/v1/survey-invitations?campaignId=${created.body.id}`).set(...bearer(evaluator.token));
    const items = list.body.items as {
      customerId: string;
      contactName: string;
      contactPhone: string;
      token: string | null;
      channel: string;
    }[];
    expect(items.map((i) => i.contactName).sort()).toEqual(['客户一', '客户三']);
    expect(items.every((i) => i.customerId && i.contactPhone === '13900000000' && i.channel === 'sms' && i.token)).toBe(true);
  });

  it('refuses to launch a population that selects nobody (422)', async () => {
    const created = await t.http
      .post('/api/v1/survey-campaigns')
      .set(...bearer(evaluator.token))
      .send({
        name: '空',
        templateId,
        channel: 'phone',
        population: { grades: ['D'] },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    const launched = await t.http
      .post(`/api/v1/survey-campaigns/${created.body.id}/launch`)
      .set(...bearer(evaluator.token))
      .send({ version: created.body.version });
    expect(launched.status).toBe(422);
    expect(launched.body.message).toContain('selects nobody');
  });
});
