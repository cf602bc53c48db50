import { Client } from 'pg';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';

describe('embedded PostgreSQL over the wire protocol', () => {
  jest.setTimeout(60_000);
  let embedded: EmbeddedPostgres;
  const clients: Client[] = [];

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres(null, 8);
    for (let i = 0; i < 6; i++) {
      const client = new Client({ connectionString: embedded.url });
      await client.connect();
      clients.push(client);
    }
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end()));
    await embedded.stop();
  });

  it('answers every connection its own parameterised query when several run at once', async () => {
    const wrong: string[] = [];
    let failed = 0;
    await Promise.all(
      clients.map(async (client, c) => {
        for (let i = 0; i < 60; i++) {
          const expected = `${c}:${i}`;
          try {
            // As TypeORM does: transactions and parameterised statements over the extended protocol,
            // a different statement per connection, so a message landing in another connection's sequence shows.
            const inTransaction = c % 2 === 0;
            if (inTransaction) await client.query('START TRANSACTION', []);
            const { rows } = await client.query<{ v: string }>(`SELECT split_part($1::text, ':', 1) || ':' || $2::int AS v, ${c} AS c`, [
              String(c),
              i,
            ]);
            if (inTransaction) await client.query('COMMIT', []);
            if (rows[0]?.v !== expected) wrong.push(`${expected} got ${rows[0]?.v}`);
          } catch {
            failed++;
          }
        }
      }),
    );
    expect({ failed, wrong }).toEqual({ failed: 0, wrong: [] });
  });
});
