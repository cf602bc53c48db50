import { createHash } from 'node:crypto';
import type { PoolClient, QueryResultRow } from 'pg';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';

/** Escapes `%`, `_` and `\` so user text is matched literally inside LIKE/ILIKE patterns. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Most words a free-text search may have (each is one more condition of the statement). */
export const SEARCH_MAX_TERMS = 8;

/**
 * The words of a free-text search: split on any whitespace (the full-width space too), duplicates
 * (ignoring case) dropped. Each word must then occur in one of the searched fields, in any order and
 * in any field: "wang 4242" finds Wang's complaint numbered …4242. Matching word by word, rather than
 * the whole text as one phrase, also lets the planner drive the search from the rarest word's
 * trigram index and check the common ones on the few rows found (docs/decisions/performance.md).
 */
export function searchTerms(q: string): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const word of q.split(/\s+/u)) {
    const key = word.toLowerCase();
    if (word === '' || seen.has(key)) continue;
    seen.add(key);
    terms.push(word);
  }
  return terms;
}

/** Positional SQL parameters built up alongside a query. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * One statement built from parts, each a CTE (data-modifying or not) with its own parameters: the
 * rows a step leaves behind (timeline, audit, outbox, notifications) reach the database in one
 * round trip. PostgreSQL runs every data-modifying CTE exactly once, read by the final query or not.
 */
export class SqlBatch extends SqlParams {
  private readonly ctes: string[] = [];

  /** Adds `<prefix>_<n> AS (sql)` and returns that name, unique within the statement. */
  with(prefix: string, sql: string): string {
    const name = `${prefix}_${this.ctes.length + 1}`;
    this.ctes.push(`${name} AS (${sql})`);
    return name;
  }

  /** Runs the statement; `select` is its final query and may read the parts' RETURNING rows. */
  async run<T extends QueryResultRow = QueryResultRow>(m: EntityManager, select = 'SELECT 1'): Promise<T[]> {
    if (this.ctes.length === 0) return [];
    return queryPrepared<T>(m, `WITH ${this.ctes.join(',\n')}\n${select}`, this.values);
  }
}

/**
 * DataSources whose connections are sessions of their own. Embedded PGlite serves every connection
 * from one session: there one connection's named statement collides with another's (42P05), so
 * there statements stay unnamed.
 */
const preparing = new WeakSet<DataSource>();

/** Once per DataSource, after it connects: named statements unless the server is embedded PGlite. */
export async function enablePreparedStatements(dataSource: DataSource): Promise<void> {
  const [row] = (await dataSource.query('SELECT version() AS version')) as { version: string }[];
  if (!row?.version.includes('PGlite')) preparing.add(dataSource);
}

/** Whether each of the DataSource's connections is a server session of its own (not embedded PGlite). */
export function hasOwnSessions(dataSource: DataSource): boolean {
  return preparing.has(dataSource);
}

const statementNames = new Map<string, string>();
/** Bounds the memo (the statements are code-built, so their number is small anyway). */
const MAX_STATEMENT_NAMES = 2_000;

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `s_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (statementNames.size < MAX_STATEMENT_NAMES) statementNames.set(text, name);
  }
  return name;
}

/**
 * Runs `text` as a named prepared statement on the manager's connection (its transaction's, or a
 * pooled one): each connection parses and plans it once instead of on every call, which was most
 * of the database's CPU for the intake's statements (see `enablePreparedStatements`). Only for SQL built by code, every value a
 * parameter, so the set of statements stays small. Errors are TypeORM's `QueryFailedError`, as
 * from `EntityManager.query`.
 */
export async function queryPrepared<T extends QueryResultRow = QueryResultRow>(
  m: EntityManager,
  text: string,
  values: readonly unknown[],
): Promise<T[]> {
  const runner = m.queryRunner ?? m.dataSource.createQueryRunner();
  try {
    // The postgres driver's query runner connects to a pg PoolClient.
    const client = (await runner.connect()) as PoolClient;
    try {
      const name = preparing.has(m.dataSource) ? statementName(text) : undefined;
      return (await client.query<T>({ ...(name ? { name } : {}), text, values: [...values] })).rows;
    } catch (error) {
      throw new QueryFailedError(text, [...values], error as Error);
    }
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}
