import type { DataSource } from 'typeorm';

/**
 * Applies pending migrations under a session advisory lock, so several instances starting at
 * once apply them exactly once (the others wait, then find nothing to do).
 */
export async function migrateWithLock(dataSource: DataSource): Promise<number> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext('cs:migrations'))`);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.length;
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext('cs:migrations'))`).catch(() => undefined);
    await runner.release();
  }
}
