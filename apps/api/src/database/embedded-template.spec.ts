import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';
import { embeddedTemplatePath, readEmbeddedTemplate, writeEmbeddedTemplate } from './embedded-template';

describe('embedded database template', () => {
  jest.setTimeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-template-spec-'));
  let made = false;

  afterAll(() => {
    if (made) rmSync(embeddedTemplatePath(), { force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts a new data folder from the template: a working cluster with pg_trgm, kept across restarts', async () => {
    made = !existsSync(embeddedTemplatePath());
    await writeEmbeddedTemplate();
    expect(readEmbeddedTemplate()).toBeDefined();

    const first = await startEmbeddedPostgres(dataDir, 2);
    const a = new Client({ connectionString: first.url });
    await a.connect();
    await a.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await a.query(`CREATE TABLE kept (name text)`);
    await a.query(`INSERT INTO kept VALUES ('Wang Fang')`);
    const { rows } = await a.query<{ s: number }>(`SELECT similarity(name, 'Wang Fan') AS s FROM kept`);
    expect(rows[0]!.s).toBeGreaterThan(0.5);
    await a.end();
    await first.stop();

    // The second start opens the existing cluster (the template is only for an empty folder).
    const second = await startEmbeddedPostgres(dataDir, 2);
    const b = new Client({ connectionString: second.url });
    await b.connect();
    expect((await b.query<{ name: string }>('SELECT name FROM kept')).rows).toEqual([{ name: 'Wang Fang' }]);
    await b.end();
    await second.stop();
  });
});
