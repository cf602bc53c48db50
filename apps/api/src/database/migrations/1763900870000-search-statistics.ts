import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finer statistics for the lowercased subject and caller name. The planner estimates how many rows
 * an infix `LIKE '%word%'` matches from the column's histogram; with the default 100 entries, one
 * entry that happens to contain a rare word ("4242" is in 0.04 % of the benchmark's subjects) made
 * it 1 %, 25 times too many, and the two-word search `complaint 4242` walked the queue newest first
 * through 427,000 rows (1.1 s) instead of reading the ≈ 100 matches from the trigram index (1 in 4
 * ANALYZE runs on the 1 M benchmark database). With 1,000 entries: the index in 6 of 6. ANALYZE of
 * `complaint` reads a larger sample (14 s at 1 M rows on the 2-core machine).
 */
export class SearchStatistics1763900870000 implements MigrationInterface {
  name = 'SearchStatistics1763900870000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE complaint ALTER COLUMN subject_lc SET STATISTICS 1000, ALTER COLUMN caller_name_lc SET STATISTICS 1000');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE complaint ALTER COLUMN subject_lc SET STATISTICS -1, ALTER COLUMN caller_name_lc SET STATISTICS -1');
  }
}
