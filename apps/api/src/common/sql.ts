import type { EntityManager } from 'typeorm';

/** Escapes `%`, `_` and `\` so user text is matched literally inside LIKE/ILIKE patterns. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One statement built from parts, each a CTE (data-modifying or not) with its own parameters: the
 * rows a step leaves behind (timeline, audit, outbox, notifications) reach the database in one
 * round trip. PostgreSQL runs every data-modifying CTE exactly once, read by the final query or not.
 */
export class SqlBatch {
  readonly params: unknown[] = [];
  private readonly ctes: string[] = [];

  /** The placeholder of a new parameter, e.g. `$3`. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds `<prefix>_<n> AS (sql)` and returns that name, unique within the statement. */
  with(prefix: string, sql: string): string {
    const name = `${prefix}_${this.ctes.length + 1}`;
    this.ctes.push(`${name} AS (${sql})`);
    return name;
  }

  /** Runs the statement; `select` is its final query and may read the parts' RETURNING rows. */
  async run<T = unknown>(m: EntityManager, select = 'SELECT 1'): Promise<T[]> {
    if (this.ctes.length === 0) return [];
    return (await m.query(`WITH ${this.ctes.join(',\n')}\n${select}`, this.params)) as T[];
  }
}
