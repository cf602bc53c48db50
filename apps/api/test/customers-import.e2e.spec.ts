import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { bearer, createUnit, createUser, startTestApp, type TestApp } from './support/test-app';

const HEADER =
  'name,kind,owningUnit,address,phones,monthlyShipmentVolume,shipmentFrequency,annualBusinessVolume,grade,gradeReason,confidentiality,suggestions,projectDeliveredOn';

describe('customer import and export (HTTP against PostgreSQL)', () => {
  let t: TestApp;
  let db: Client;
  let platformA: string;
  let platformB: string;
  let manager: { id: string; token: string };
  let agent: { id: string; token: string };

  const count = async (): Promise<number> => (await db.query('SELECT count(*)::int AS n FROM customer')).rows[0].n as number;
  const post = (body: string | Buffer, query: Record<string, string> = {}, type = 'text/csv') =>
    t.http
      .post('/api/v1/customers/import')
      .query(query)
      .set(...bearer(manager.token))
      .set('content-type', type)
      .send(body);

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    platformA = await createUnit(t, 'platform', t.hqId, 'Platform A');
    platformB = await createUnit(t, 'platform', t.hqId, 'Platform B');
    await db.query(`UPDATE org_unit SET code = 'PF-A' WHERE id = $1`, [platformA]);
    manager = await createUser(t, { username: 'import-manager', orgUnitId: platformA, roles: ['cs_manager'] });
    agent = await createUser(t, { username: 'import-agent', orgUnitId: platformA, roles: ['agent'] });
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('a file with one bad row imports nothing and reports that row and field (422)', async () => {
    const before = await count();
    const csv = [
      HEADER,
      'Good One,long_term,PF-A,1 Road,13800000001;021-64320000,10,weekly,1200.00,,,,,',
      'Bad Volume,long_term,PF-A,,,5,daily,12.345,,,,,',
      'Good Two,potential_large,PF-A,,,0,monthly,99.5,B,Potential,confidential,"Likes ""fast"" service",2026-01-31',
    ].join('\n');
    const res = await post(csv).expect(422);
    expect(res.body.rule).toBe('import_all_or_nothing');
    expect(res.body.details).toEqual([{ field: 'row 3: annualBusinessVolume', problem: 'must be a yuan amount like "1250000.00"' }]);
    expect(await count()).toBe(before);
  });

  it('a dry run reports every row error with row and field and writes nothing', async () => {
    const before = await count();
    const csv = [
      HEADER,
      'Ok Co,long_term,PF-A,,,1,weekly,100.00,,,,,',
      ',vip,NOPE,,not-a-phone,-1,hourly,abc,Z,,public,,2026-02-30',
      `Elsewhere,long_term,${platformB},,,1,weekly,100.00,,,,,`,
      'Ok Co,long_term,PF-A,,,1,weekly,100.00,,,,,',
    ].join('\n');
    const res = await post(csv, { dryRun: 'true' }).expect(200);
    expect(res.body).toMatchObject({ dryRun: true, totalRows: 4, validRows: 1, imported: 0 });
    const row3 = (res.body.errors as { row: number; field: string }[]).filter((e) => e.row === 3).map((e) => e.field);
    expect(row3).toEqual([
      'name',
      'kind',
      'owningUnit',
      'phones',
      'monthlyShipmentVolume',
      'shipmentFrequency',
      'annualBusinessVolume',
      'grade',
      'confidentiality',
      'projectDeliveredOn',
    ]);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 4, field: 'owningUnit' }),
        expect.objectContaining({ row: 5, field: 'name', problem: 'duplicates row 2 (same name and owning unit)' }),
      ]),
    );
    expect(await count()).toBe(before);
  });

  it('rejects unknown or missing columns, an empty file and a wrong content type (4xx, nothing written)', async () => {
    const bad = await post('name,kind,colour\nA,long_term,red', { dryRun: 'true' }).expect(200);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 1, field: 'colour' }),
        expect.objectContaining({ row: 1, field: 'owningUnit', problem: 'column is missing' }),
      ]),
    );
    await post('').expect(400);
    await post(HEADER).expect(400);
    await post('{"a":1}', {}, 'application/json').expect(400);
    await post('junk', { format: 'xlsx' }, 'application/octet-stream').expect(400);
    await t.http
      .post('/api/v1/customers/import')
      .set(...bearer(agent.token))
      .set('content-type', 'text/csv')
      .send(HEADER)
      .expect(403);
  });

  it('imports valid rows with normalised phones, HQ filing (audited) and the grade reason', async () => {
    const csv = [
      HEADER,
      'Imported Big,long_term,PF-A,,+86 139 0000 1234,100,daily,2000000.00,A,Top shipper,,,',
      'Imported Small,large_occasional,pf-a,,,0,occasional,100.00,,,,,',
    ].join('\r\n');
    const res = await post(csv).expect(200);
    expect(res.body).toMatchObject({ dryRun: false, totalRows: 2, validRows: 2, imported: 2, errors: [] });
    const lookup = await t.http
      .get('/api/v1/customers/lookup')
      .query({ phone: '13900001234' })
      .set(...bearer(manager.token))
      .expect(200);
    expect(lookup.body.items).toMatchObject([
      { name: 'Imported Big', hqFiled: true, grade: 'A', gradeReason: 'Top shipper', gradeSetByName: 'import-manager' },
    ]);
    const audit = await t.http
      .get('/api/v1/audit-log')
      .query({ entityId: lookup.body.items[0].id })
      .set(...bearer(t.adminToken))
      .expect(200);
    expect(audit.body.items.map((a: { action: string }) => a.action).sort()).toEqual(['customer.created', 'customer.hq_filed']);
    // Re-importing the same names is reported, not duplicated.
    const again = await post(csv, { dryRun: 'true' }).expect(200);
    expect(again.body.errors).toHaveLength(2);
  });

  it('imports an XLSX file', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.addRow(HEADER.split(','));
    ws.addRow(['Xlsx Co', 'long_term', 'PF-A', 'Addr', '13700000042', 12, 'weekly', '5000.00', '', '', 'secret', '', '2025-06-01']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await post(file, {}, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').expect(200);
    expect(res.body.imported).toBe(1);
    const list = await t.http
      .get('/api/v1/customers')
      .query({ q: 'Xlsx Co' })
      .set(...bearer(manager.token))
      .expect(200);
    expect(list.body.items[0]).toMatchObject({
      monthlyShipmentVolume: 12,
      annualBusinessVolume: '5000.00',
      projectDeliveredOn: '2025-06-01',
    });
  });

  it('imports 10,000 valid rows in one transaction', async () => {
    const before = await count();
    const rows = [HEADER];
    for (let i = 0; i < 10_000; i++)
      rows.push(`Bulk ${i},long_term,PF-A,Street ${i},1${String(3000000000 + i)},${i % 500},weekly,${(i * 137) % 2_000_000}.00,,,,,`);
    const started = Date.now();
    const res = await post(rows.join('\n')).expect(200);
    const ms = Date.now() - started;
    expect(res.body).toMatchObject({ imported: 10_000, errors: [] });
    expect(await count()).toBe(before + 10_000);
    const filed = (await db.query(`SELECT count(*)::int AS n FROM customer WHERE name LIKE 'Bulk %' AND hq_filed`)).rows[0].n as number;
    expect(filed).toBeGreaterThan(0);
    console.log(`imported 10,000 rows in ${ms} ms (server ${res.body.durationMs} ms)`);
  }, 120_000);

  it('exports CSV and XLSX with the import columns, and the CSV imports back as a dry run', async () => {
    const csv = await t.http
      .get('/api/v1/customers/export')
      .query({ format: 'csv', q: 'Imported' })
      .set(...bearer(manager.token))
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"/);
    const text = csv.text.replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toBe(HEADER);
    expect(text).toContain('"Imported Big","long_term","PF-A"');
    const roundTrip = await post(text, { dryRun: 'true' }).expect(200);
    expect(
      roundTrip.body.errors.every((e: { field: string; problem: string }) => e.field === 'name' && e.problem.includes('already has')),
    ).toBe(true);
    const xlsx = await t.http
      .get('/api/v1/customers/export')
      .query({ format: 'xlsx', q: 'Imported' })
      .set(...bearer(manager.token))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount).toBe(3);
    await t.http
      .get('/api/v1/customers/export')
      .query({ format: 'pdf' })
      .set(...bearer(manager.token))
      .expect(400);
    await t.http
      .get('/api/v1/customers/export')
      .query({ format: 'csv' })
      .set(...bearer(agent.token))
      .expect(403);
  });
});
