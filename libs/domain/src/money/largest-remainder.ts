import { ShareSplitError } from './money-errors';
import { WHOLE_PERCENT_HUNDREDTHS } from './percent';

export interface PercentShare {
  /** Who bears the share, e.g. an org unit id. */
  key: string;
  /** Share in hundredths of a percent (3333 = 33.33 %). */
  percentHundredths: number;
}

export interface FenShare {
  key: string;
  fen: bigint;
}

const WHOLE = BigInt(WHOLE_PERCENT_HUNDREDTHS);

function assertShares(totalFen: bigint, shares: readonly PercentShare[]): void {
  if (totalFen < 0n) throw new ShareSplitError('negative_total', 'The amount to split cannot be negative');
  if (shares.length === 0) throw new ShareSplitError('no_shares', 'At least one responsible party is needed');
  const keys = new Set<string>();
  let sum = 0;
  for (const share of shares) {
    if (
      typeof share.key !== 'string' ||
      share.key === '' ||
      !Number.isSafeInteger(share.percentHundredths) ||
      share.percentHundredths < 0 ||
      share.percentHundredths > WHOLE_PERCENT_HUNDREDTHS
    ) {
      throw new ShareSplitError('invalid_share', `Share "${String(share.key)}" needs a key and a percentage from 0 to 100`);
    }
    if (keys.has(share.key)) throw new ShareSplitError('duplicate_share_key', `"${share.key}" is listed twice`);
    keys.add(share.key);
    sum += share.percentHundredths;
  }
  if (sum !== WHOLE_PERCENT_HUNDREDTHS) {
    throw new ShareSplitError('shares_not_100_percent', `Shares add up to ${sum / 100} %, not 100 %`);
  }
}

/**
 * Splits `totalFen` by percentage shares so that the parts add up to the total exactly
 * (largest remainder / Hamilton method): everyone first gets the floor of their exact share,
 * then the fen left over go one each to the largest remainders; equal remainders go to the
 * share listed first. Each part is within 1 fen of its exact share. Output keeps input order.
 */
export function splitByLargestRemainder(totalFen: bigint, shares: readonly PercentShare[]): FenShare[] {
  assertShares(totalFen, shares);
  const parts = shares.map((share, index) => {
    const exact = totalFen * BigInt(share.percentHundredths);
    return { index, key: share.key, fen: exact / WHOLE, remainder: exact % WHOLE };
  });
  let leftover = totalFen - parts.reduce((sum, part) => sum + part.fen, 0n);
  const byRemainder = [...parts].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const part of byRemainder) {
    if (leftover === 0n) break;
    part.fen += 1n;
    leftover -= 1n;
  }
  return parts.map(({ key, fen }) => ({ key, fen }));
}
