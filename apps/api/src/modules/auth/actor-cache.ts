/** Most signed-in users an instance keeps; past it the longest-kept entry goes first. */
export const ACTOR_CACHE_MAX_ENTRIES = 10_000;

/**
 * Who a Bearer token's user is (the user's row and unit), kept between requests so that an
 * authenticated request needs no database round trip to learn it.
 *
 * It is only as current as the change notices it receives: database triggers announce, on commit and
 * from any writer, every change to a user's sign-in state and to any org unit (migration
 * `actor-change-notices`), and `ActorChangeListener` evicts on each. While the listener is not
 * connected the cache is not live: it answers nothing and stores nothing, so every request reads
 * the database as if there were no cache. An entry also expires after the TTL, a bound on staleness
 * should a notice ever be missed without the connection failing.
 *
 * A read that started before a change and finishes after it must not store the old row: a read takes
 * a ticket first, every eviction moves the generation on, and a row is stored only under the ticket's
 * own generation.
 */
export class ActorCache<T> {
  private readonly entries = new Map<string, { value: T; storedAt: number }>();
  private generation = 0;
  private live = false;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number = ACTOR_CACHE_MAX_ENTRIES,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Answers and stores only while change notices arrive, and when a TTL is set (0 turns it off). */
  get enabled(): boolean {
    return this.live && this.ttlMs > 0 && this.maxEntries > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): T | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.clock() - entry.storedAt >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Take before reading the database; hand to `put` with what was read. */
  ticket(): number {
    return this.generation;
  }

  /** Stores `value` unless something was evicted since `ticket` was taken; says whether it stored. */
  put(key: string, value: T, ticket: number): boolean {
    if (!this.enabled || ticket !== this.generation) return false;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, storedAt: this.clock() });
    return true;
  }

  evict(key: string): void {
    this.generation += 1;
    this.entries.delete(key);
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /** Whether change notices arrive. Either way round, what was kept is dropped. */
  setLive(live: boolean): void {
    this.clear();
    this.live = live;
  }
}
