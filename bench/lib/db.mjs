/** A fresh benchmark database on the local PostgreSQL server. */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { ROOT } from './api.mjs';

// `pg` is a dependency of the API package; resolve it from there.
const require = createRequire(resolve(ROOT, 'apps/api/package.json'));
export const pg = require('pg');

export async function createBenchDatabase(serverUrl) {
  const name = `cs_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * SQL for a UUID version 7 made at the timestamptz `at`, the kind of id the API gives complaints
 * (apps/api/src/common/uuid-v7.ts): a random v4 UUID with its first 48 bits replaced by the Unix
 * time in milliseconds and its version nibble made 7. Seeded and baseline rows get ids like the
 * API's, so they land in the indexes as the API's rows do.
 */
export const uuidV7Sql = (at) =>
  `encode(overlay(set_bit(set_bit(uuid_send(gen_random_uuid()), 52, 1), 53, 1) placing substring(int8send((extract(epoch from ${at}) * 1000)::bigint) from 3) from 1 for 6), 'hex')::uuid`;
