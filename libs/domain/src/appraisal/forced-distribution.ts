import { competitionRank, type Ranked } from './competition-ranking';

/**
 * Year-end forced distribution of team leaders [000 第二篇 8.2]: top 30 % `excellent` (优秀),
 * bottom 30 % `fair` (一般), the rest `good` (良好).
 *
 * - Group size = N × percent rounded half up, computed in integers (N = everyone in the cycle).
 * - Boundary ties get the better grade: everyone tied with the last member of the top group is
 *   excellent (the top group grows); everyone tied with the first good leader above the bottom
 *   cut is good (the bottom group shrinks). Consequently, when all scores are equal and the top
 *   group is not empty, everyone is excellent — no score separates them, and "tied on the
 *   boundary gets the better grade" applies to all of them.
 * - A vetoed leader is `fair` and occupies one of the bottom-group places, so the bottom group
 *   by score only takes the remaining places (the distribution stays 30/40/30 when possible).
 * - A leader excluded from the top group (below a dimension minimum) gives their top place to the
 *   next eligible leader: the quota is a share of the cycle, the cap is personal. They are
 *   `good` unless they fall in the bottom group by score.
 * - The groups never overlap; if a small N and ties would put a leader in both, the better wins.
 */

export type YearEndGrade = 'excellent' | 'good' | 'fair';

/** Why an entry got its grade, for display and audit. */
export type YearEndGradeBasis =
  'top_group' | 'top_boundary_tie' | 'middle' | 'excluded_from_top' | 'bottom_boundary_tie' | 'bottom_group' | 'vetoed';

export interface DistributionEntry {
  id: string;
  score: number;
  /** A veto item applies: bottom group regardless of score. */
  vetoed?: boolean;
  /** Capped (e.g. below a dimension minimum): cannot be excellent. */
  excludedFromTop?: boolean;
}

export interface ForcedDistributionOptions {
  /** Whole percent, 0..100. */
  topPercent: number;
  /** Whole percent, 0..100; topPercent + bottomPercent ≤ 100. */
  bottomPercent: number;
}

export const DEFAULT_FORCED_DISTRIBUTION: Readonly<ForcedDistributionOptions> = {
  topPercent: 30,
  bottomPercent: 30,
};

export type GradedEntry<T extends DistributionEntry = DistributionEntry> = Ranked<T> & {
  grade: YearEndGrade;
  basis: YearEndGradeBasis;
};

function assertPercent(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 100) {
    throw new RangeError(`${name} must be a whole percent between 0 and 100, got ${value}`);
  }
}

/** round-half-up(count × percent / 100), in integers. */
export function distributionGroupSize(count: number, percent: number): number {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }
  assertPercent('percent', percent);
  return Math.floor((count * percent * 2 + 100) / 200);
}

export function forcedDistribution<T extends DistributionEntry>(
  entries: readonly T[],
  options: ForcedDistributionOptions = DEFAULT_FORCED_DISTRIBUTION,
): GradedEntry<T>[] {
  assertPercent('topPercent', options.topPercent);
  assertPercent('bottomPercent', options.bottomPercent);
  if (options.topPercent + options.bottomPercent > 100) {
    throw new RangeError('topPercent + bottomPercent must not exceed 100');
  }
  const ranked = competitionRank(entries);
  const topSize = distributionGroupSize(ranked.length, options.topPercent);
  const bottomSize = distributionGroupSize(ranked.length, options.bottomPercent);
  const grades = new Map<string, { grade: YearEndGrade; basis: YearEndGradeBasis }>();

  const vetoedCount = ranked.filter((entry) => entry.vetoed === true).length;
  for (const entry of ranked) {
    if (entry.vetoed === true) grades.set(entry.id, { grade: 'fair', basis: 'vetoed' });
  }

  // Top group: the best `topSize` eligible entries plus everyone tied with the last of them.
  const eligible = ranked.filter((entry) => entry.vetoed !== true && entry.excludedFromTop !== true);
  let topBoundaryScore: number | null = null;
  if (topSize > 0 && eligible.length > 0) {
    const boundaryIndex = Math.min(topSize, eligible.length) - 1;
    const boundaryScore = eligible[boundaryIndex]?.score ?? Number.POSITIVE_INFINITY;
    topBoundaryScore = boundaryScore;
    eligible.forEach((entry, index) => {
      if (entry.score >= boundaryScore) {
        grades.set(entry.id, {
          grade: 'excellent',
          basis: index <= boundaryIndex ? 'top_group' : 'top_boundary_tie',
        });
      }
    });
  }

  // Bottom group: the lowest remaining places among non-vetoed entries, minus boundary ties.
  const bottomSlots = Math.max(0, bottomSize - vetoedCount);
  const pool = ranked.filter((entry) => entry.vetoed !== true);
  if (bottomSlots > 0 && pool.length > 0) {
    const cut = Math.max(0, pool.length - bottomSlots);
    const boundaryScore = pool[cut]?.score ?? Number.NEGATIVE_INFINITY;
    const tiedAcrossCut = cut > 0 && pool[cut - 1]?.score === boundaryScore;
    for (const entry of pool.slice(cut)) {
      if (grades.get(entry.id)?.grade === 'excellent') continue;
      grades.set(
        entry.id,
        tiedAcrossCut && entry.score === boundaryScore
          ? { grade: 'good', basis: 'bottom_boundary_tie' }
          : { grade: 'fair', basis: 'bottom_group' },
      );
    }
  }

  return ranked.map((entry) => {
    const assigned = grades.get(entry.id);
    if (assigned !== undefined) return { ...entry, ...assigned };
    const cappedOut = entry.excludedFromTop === true && topBoundaryScore !== null && entry.score >= topBoundaryScore;
    return { ...entry, grade: 'good', basis: cappedOut ? 'excluded_from_top' : 'middle' };
  });
}

export interface YearEndOutcome {
  /** Term extended automatically by this many years [8.3]. */
  extendTermYears: 0 | 1;
  /** Favoured for promotion and awards [8.3]. */
  promotionPriority: boolean;
  /** The post becomes a vacancy and a reselection opens to the incumbent and eligible staff [8.3]. */
  vacatePost: boolean;
}

export function yearEndOutcome(grade: YearEndGrade): YearEndOutcome {
  switch (grade) {
    case 'excellent':
      return { extendTermYears: 1, promotionPriority: true, vacatePost: false };
    case 'good':
      return { extendTermYears: 1, promotionPriority: false, vacatePost: false };
    case 'fair':
      return { extendTermYears: 0, promotionPriority: false, vacatePost: true };
  }
}
