/**
 * Customer archives at scale: N customers (100,000 in full mode) seeded with set-based SQL, then
 *  - the intake phone lookup through the API next to the bare index probe,
 *  - filtered list pages through the API next to the same SQL run directly,
 *  - an import of 10,000 CSV rows through the API (one transaction) next to a bare set-based
 *    INSERT of the same rows.
 */
import { percentile, timeMany } from '../lib/stats.mjs';
import { pg } from '../lib/db.mjs';
import { ensureOrg } from '../lib/org.mjs';

export const name = 'customers';

const KINDS = ['long_term', 'large_occasional', 'potential_large'];
const IMPORT_ROWS = 10_000;
const HEADER = 'name,kind,owningUnit,address,phones,monthlyShipmentVolume,shipmentFrequency,annualBusinessVolume';

const sorted = (xs) => [...xs].sort((a, b) => a - b);

export async function run(ctx) {
  const org = await ensureOrg(ctx);
  const total = ctx.sizes.customers;
  const client = new pg.Client({ connectionString: ctx.db.url });
  await client.connect();
  try {
    const units = [...org.branches, ...org.platforms];
    const t0 = Date.now();
    await client.query(
      `INSERT INTO customer (name, kind, owning_unit_id, address, phones, monthly_shipment_volume, shipment_frequency, annual_business_volume,
         grade, grade_reason, grade_set_at, confidentiality, created_at, verified_at)
       SELECT 'Bench customer ' || g, ($3::text[])[1 + floor(random() * 3)::int], ($2::uuid[])[1 + g % array_length($2::uuid[], 1)], 'Street ' || g,
              ARRAY['139' || lpad(g::text, 8, '0')], g % 3000, (ARRAY['daily','weekly','monthly','occasional'])[1 + floor(random() * 4)::int],
              (random() * 2000000)::numeric(14,2), (ARRAY['A','B','C','D'])[1 + floor(random() * 4)::int], 'seeded', now(),
              (ARRAY['secret','secret','secret','confidential'])[1 + floor(random() * 4)::int], now() - random() * interval '3 years', now()
       FROM generate_series(1, $1::int) AS g`,
      [total, units, KINDS],
    );
    await client.query(
      `INSERT INTO customer_phone (customer_id, phone) SELECT id, '139' || lpad(substr(name, 16), 8, '0') FROM customer WHERE name LIKE 'Bench customer %'`,
    );
    await client.query('ANALYZE customer');
    await client.query('ANALYZE customer_phone');
    const seedSeconds = (Date.now() - t0) / 1000;
    ctx.log(`  seeded ${total} customers in ${seedSeconds.toFixed(1)} s`);

    const n = ctx.quick ? 100 : 300;
    // Phones of customers the agent (first branch) can see: g % units.length === 0 → units[0].
    const step = units.length;
    const phoneOf = (i) => `139${String((1 + ((i * 37) % Math.floor(total / step))) * step).padStart(8, '0')}`;
    const lookupApi = await timeMany(
      (i) => org.agent.call('GET', `/api/v1/customers/lookup?phone=${encodeURIComponent(`+86 ${phoneOf(i)}`)}`),
      n,
    );
    const found = await org.agent.call('GET', `/api/v1/customers/lookup?phone=${phoneOf(1)}`);
    const lookupSql = await timeMany(
      (i) =>
        client.query(
          `SELECT c.* FROM customer_phone p JOIN customer c ON c.id = p.customer_id JOIN org_unit o ON o.id = c.owning_unit_id
           WHERE p.phone = $1 AND o.path LIKE (SELECT path FROM org_unit WHERE id = $2) || '%' LIMIT 20`,
          [phoneOf(i), org.branches[0]],
        ),
      n,
    );

    // Filtered list pages of the platform A CS manager.
    const { rows: pathRow } = await client.query('SELECT path FROM org_unit WHERE id = $1', [org.platforms[0]]);
    const scope = `${pathRow[0].path}%`;
    const queries = [
      { label: 'no filter', qs: 'limit=50', sql: 'true' },
      { label: 'grade=A&kind=long_term', qs: 'grade=A&kind=long_term&limit=50', sql: `c.grade = 'A' AND c.kind = 'long_term'` },
      { label: 'hqFiled=true', qs: 'hqFiled=true&limit=50', sql: 'c.hq_filed' },
      {
        label: `owningUnitId (branch)`,
        qs: `owningUnitId=${org.branches[1]}&limit=50`,
        sql: `o.path LIKE (SELECT path FROM org_unit WHERE id = '${org.branches[1]}') || '%'`,
      },
      {
        label: 'q=phone',
        qs: `q=${phoneOf(3)}&limit=50`,
        sql: `c.id IN (SELECT customer_id FROM customer_phone WHERE phone = '${phoneOf(3)}')`,
      },
      { label: 'q=name part', qs: 'q=customer%2012&limit=50', sql: `c.name ILIKE '%customer 12%'` },
    ];
    const apiSamples = [];
    const sqlSamples = [];
    const perQuery = [];
    for (const q of queries) {
      const a = await timeMany(() => org.managerA.call('GET', `/api/v1/customers?${q.qs}`), n);
      const s = await timeMany(
        () =>
          client.query(
            `SELECT c.*, o.name FROM customer c JOIN org_unit o ON o.id = c.owning_unit_id WHERE o.path LIKE $1 AND ${q.sql} ORDER BY c.created_at DESC, c.id DESC LIMIT 51`,
            [scope],
          ),
        n,
      );
      apiSamples.push(...a);
      sqlSamples.push(...s);
      perQuery.push(`${q.label}: p95 ${percentile(sorted(a), 95).toFixed(1)} ms (SQL ${percentile(sorted(s), 95).toFixed(1)} ms)`);
    }

    // Import 10,000 rows through the API, then the bare INSERT of the same rows (rolled back).
    const lines = [HEADER];
    for (let i = 0; i < IMPORT_ROWS; i++) {
      lines.push(
        `Imported bench ${i},long_term,${org.platforms[0]},Road ${i},137${String(i).padStart(8, '0')},${i % 900},weekly,${(i * 131) % 3000000}.00`,
      );
    }
    const i0 = process.hrtime.bigint();
    const res = await fetch(`${ctx.api.baseUrl}/api/v1/customers/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${org.managerA.token}`, 'content-type': 'text/csv' },
      body: lines.join('\n'),
    });
    const importMs = Number(process.hrtime.bigint() - i0) / 1e6;
    const importBody = await res.json();
    if (!res.ok || importBody.imported !== IMPORT_ROWS)
      throw new Error(`import failed: ${res.status} ${JSON.stringify(importBody).slice(0, 300)}`);
    await client.query('BEGIN');
    const b0 = process.hrtime.bigint();
    await client.query(
      `INSERT INTO customer (name, kind, owning_unit_id, address, phones, monthly_shipment_volume, shipment_frequency, annual_business_volume)
       SELECT 'Bare bench ' || g, 'long_term', $2::uuid, 'Road ' || g, ARRAY['136' || lpad(g::text, 8, '0')], g % 900, 'weekly', ((g * 131) % 3000000)::numeric
       FROM generate_series(0, $1::int - 1) AS g`,
      [IMPORT_ROWS, org.platforms[0]],
    );
    const bareMs = Number(process.hrtime.bigint() - b0) / 1e6;
    await client.query('ROLLBACK');

    const lookupP95 = percentile(sorted(lookupApi), 95);
    const lookupSqlP95 = percentile(sorted(lookupSql), 95);
    const listP95 = percentile(sorted(apiSamples), 95);
    const listSqlP95 = percentile(sorted(sqlSamples), 95);
    return [
      {
        figure: `seeding ${total.toLocaleString('en')} customers`,
        ours: seedSeconds,
        unit: 's',
        goal: 'minutes, not hours',
        pass: seedSeconds < 900,
      },
      {
        figure: `phone lookup, ${total.toLocaleString('en')} customers (p95)`,
        ours: lookupP95,
        baseline: lookupSqlP95,
        ratio: lookupSqlP95 / lookupP95,
        unit: 'ms',
        goal: 'p95 < 10 ms',
        pass: lookupP95 < 10 && found.items.length === 1,
        notes: `${n} lookups of numbers written as "+86 …" through the API; baseline is the index probe + scope join run directly`,
      },
      {
        figure: `customer list page with filters, ${total.toLocaleString('en')} customers (p95)`,
        ours: listP95,
        baseline: listSqlP95,
        ratio: listSqlP95 / listP95,
        unit: 'ms',
        goal: 'p95 < 50 ms',
        pass: listP95 < 50,
        notes: perQuery.join('; '),
      },
      {
        figure: `import of ${IMPORT_ROWS.toLocaleString('en')} CSV rows (one transaction)`,
        ours: importMs,
        baseline: bareMs,
        ratio: bareMs / importMs,
        unit: 'ms',
        goal: '< 10 s',
        pass: importMs < 10_000,
        notes: `server-side ${importBody.durationMs} ms including validation, phones, volume snapshots and one audit row per archive; baseline: a bare set-based INSERT of the same rows (rolled back)`,
      },
    ];
  } finally {
    await client.end();
  }
}
