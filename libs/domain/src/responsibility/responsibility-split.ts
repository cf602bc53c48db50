import { formatFen, parsePercent, parseYuanToFen, splitByLargestRemainder, WHOLE_PERCENT_HUNDREDTHS } from '../money';

/** A unit named as responsible, with where it sits in the org tree. */
export interface ResponsibleUnit {
  unitId: string;
  /** The platform the unit belongs to; null for the HQ unit itself. */
  platformId: string | null;
  /** Share as text with up to two decimals, e.g. "33.33". */
  percent: string;
}

export interface ResponsibilitySplitInput {
  /** Total compensation in yuan, e.g. "1250.00" ("0" when there is none). */
  compensation: string;
  /** The platform the complaint was received in. */
  complaintPlatformId: string;
  hqUnitId: string;
  shares: readonly ResponsibleUnit[];
}

export interface PlannedShare {
  unitId: string;
  /** Normalised to two decimals ("33.30"). */
  percent: string;
  percentHundredths: number;
  /** Yuan with two decimals; the parts add up to the compensation exactly. */
  amount: string;
}

export interface ResponsibilitySplitPlan {
  compensation: string;
  shares: PlannedShare[];
  /** True when the complaint's platform and the responsible units span more than one platform, or HQ is named. */
  crossPlatform: boolean;
  /** Whose ops manager approves: the single platform's, or HQ's across platforms. */
  approverUnitId: string;
}

export type ResponsibilityRule =
  'responsibility_needs_shares' | 'responsibility_share_positive' | 'responsibility_unit_listed_once' | 'responsibility_shares_sum_to_100';

/** The split breaks a rule; `rule` names it (the API answers 422 with it). */
export class ResponsibilityRuleError extends Error {
  override readonly name = 'ResponsibilityRuleError';

  constructor(
    readonly rule: ResponsibilityRule,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks a responsibility split and computes it: percents (two decimals, each > 0) must add up
 * to exactly 100; each unit's amount is computed in fen by the largest-remainder rule (ties go
 * to the unit listed first), so the parts always add up to the compensation; one platform
 * involved → that platform approves, several (or HQ named) → HQ approves.
 * Malformed percent or amount text throws the money module's format errors.
 */
export function planResponsibilitySplit(input: ResponsibilitySplitInput): ResponsibilitySplitPlan {
  if (input.shares.length === 0) {
    throw new ResponsibilityRuleError('responsibility_needs_shares', 'Name at least one responsible unit');
  }
  const totalFen = parseYuanToFen(input.compensation);
  const seen = new Set<string>();
  const parsed = input.shares.map((share) => {
    const hundredths = parsePercent(share.percent);
    if (hundredths <= 0) {
      throw new ResponsibilityRuleError('responsibility_share_positive', `The share of unit ${share.unitId} must be more than 0 %`);
    }
    if (seen.has(share.unitId)) {
      throw new ResponsibilityRuleError('responsibility_unit_listed_once', `Unit ${share.unitId} is listed more than once`);
    }
    seen.add(share.unitId);
    return { ...share, hundredths };
  });
  const sum = parsed.reduce((total, share) => total + share.hundredths, 0);
  if (sum !== WHOLE_PERCENT_HUNDREDTHS) {
    throw new ResponsibilityRuleError(
      'responsibility_shares_sum_to_100',
      `The shares must add up to exactly 100 %, they add up to ${formatHundredths(sum)} %`,
    );
  }
  const parts = splitByLargestRemainder(
    totalFen,
    parsed.map((share) => ({ key: share.unitId, percentHundredths: share.hundredths })),
  );
  const platforms = new Set<string>([input.complaintPlatformId]);
  let namesHq = false;
  for (const share of parsed) {
    if (share.platformId === null) namesHq = true;
    else platforms.add(share.platformId);
  }
  const crossPlatform = namesHq || platforms.size > 1;
  return {
    compensation: formatFen(totalFen),
    shares: parsed.map((share, index) => ({
      unitId: share.unitId,
      percent: formatHundredths(share.hundredths),
      percentHundredths: share.hundredths,
      amount: formatFen(parts[index]!.fen),
    })),
    crossPlatform,
    approverUnitId: crossPlatform ? input.hqUnitId : input.complaintPlatformId,
  };
}

function formatHundredths(hundredths: number): string {
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}
