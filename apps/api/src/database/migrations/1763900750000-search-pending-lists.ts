import type { MigrationInterface, QueryRunner } from 'typeorm';

const TRIGRAM_INDEXES = [
  'complaint_number_trgm',
  'complaint_subject_trgm',
  'complaint_caller_name_trgm',
  'complaint_caller_phone_trgm',
  'customer_name_trgm',
];

/**
 * New entries of a GIN index first go to its pending list (`fastupdate`), which every search reads
 * in full until a vacuum, or an insert that takes it past `gin_pending_list_limit` (4 MB by default),
 * merges it. Until then up to 4 MB per index sat there (after the benchmark's bulk load: 0.5–4 MB),
 * read by every `q` search (13 ms per full index list at 100,000 complaints). Capped at 256 kB a search reads at most
 * 32 pages of it; the list is merged 16 times as often, in pieces 16 times smaller (measured: single
 * inserts not slower on average or at p99, and no 100 ms merge stall at p99.9; a 10,000-row
 * non-HOT update not slower). `fastupdate = off` was not better for inserts.
 */
export class SearchPendingLists1763900750000 implements MigrationInterface {
  name = 'SearchPendingLists1763900750000';

  async up(q: QueryRunner): Promise<void> {
    for (const index of TRIGRAM_INDEXES) await q.query(`ALTER INDEX ${index} SET (gin_pending_list_limit = 256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of TRIGRAM_INDEXES) await q.query(`ALTER INDEX ${index} RESET (gin_pending_list_limit)`);
  }
}
