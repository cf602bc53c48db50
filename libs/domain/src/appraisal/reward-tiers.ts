import { competitionRank, type Ranked, type ScoredEntry } from './competition-ranking';

/**
 * Quarterly ranking of service staff with reward tiers, e.g. 1st–3rd and 4th–8th [001 篇十三 5.1].
 * Uses competition ranking, so a tie on a tier's last rank puts every tied entry in that tier
 * (two people tied 3rd both get the 1st–3rd reward): nobody loses a reward to an arbitrary order.
 */

export interface RewardTier {
  name: string;
  /** 1-based, inclusive. */
  fromRank: number;
  /** 1-based, inclusive. */
  toRank: number;
}

export type TieredEntry<T extends ScoredEntry = ScoredEntry> = Ranked<T> & { tier: string | null };

/** Problems with a tier table: empty names, ranks < 1, from > to, overlapping tiers. */
export function validateRewardTiers(tiers: readonly RewardTier[]): string[] {
  const problems: string[] = [];
  tiers.forEach((tier, index) => {
    const label = `tier ${index + 1} ("${tier.name}")`;
    if (tier.name.trim() === '') problems.push(`tier ${index + 1} has an empty name`);
    if (!Number.isInteger(tier.fromRank) || !Number.isInteger(tier.toRank) || tier.fromRank < 1) {
      problems.push(`${label}: ranks must be whole numbers from 1`);
    } else if (tier.fromRank > tier.toRank) {
      problems.push(`${label}: fromRank ${tier.fromRank} is after toRank ${tier.toRank}`);
    }
  });
  const sorted = [...tiers].sort((a, b) => a.fromRank - b.fromRank);
  for (let index = 1; index < sorted.length; index += 1) {
    const previous = sorted[index - 1];
    const current = sorted[index];
    if (previous !== undefined && current !== undefined && current.fromRank <= previous.toRank) {
      problems.push(`tiers "${previous.name}" and "${current.name}" overlap`);
    }
  }
  return problems;
}

export function rankWithRewardTiers<T extends ScoredEntry>(entries: readonly T[], tiers: readonly RewardTier[]): TieredEntry<T>[] {
  const problems = validateRewardTiers(tiers);
  if (problems.length > 0) throw new RangeError(`invalid reward tiers: ${problems.join('; ')}`);
  return competitionRank(entries).map((entry) => ({
    ...entry,
    tier: tiers.find((tier) => entry.rank >= tier.fromRank && entry.rank <= tier.toRank)?.name ?? null,
  }));
}
