/**
 * Competition ranking ("1224"): entries with equal scores share a rank and the next rank skips,
 * so a rank always equals 1 + the number of entries scoring strictly higher.
 */

export interface ScoredEntry {
  id: string;
  score: number;
}

export type Ranked<T> = T & { rank: number };

/** Deterministic order: higher score first, then id in code-unit order (locale-independent). */
export function compareByScoreThenId(a: ScoredEntry, b: ScoredEntry): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

/** Throws on duplicate ids or non-finite scores: those are caller bugs, not business outcomes. */
export function assertRankable(entries: readonly ScoredEntry[]): void {
  const ids = new Set<string>();
  for (const entry of entries) {
    if (!Number.isFinite(entry.score)) {
      throw new RangeError(`score of "${entry.id}" must be a finite number, got ${entry.score}`);
    }
    if (ids.has(entry.id)) throw new RangeError(`duplicate id "${entry.id}"`);
    ids.add(entry.id);
  }
}

/** Sorts (without mutating the input) and assigns competition ranks. */
export function competitionRank<T extends ScoredEntry>(entries: readonly T[]): Ranked<T>[] {
  assertRankable(entries);
  const sorted = [...entries].sort(compareByScoreThenId);
  const ranked: Ranked<T>[] = [];
  sorted.forEach((entry, index) => {
    const previous = ranked[index - 1];
    const rank = previous !== undefined && previous.score === entry.score ? previous.rank : index + 1;
    ranked.push({ ...entry, rank });
  });
  return ranked;
}
