import { divideRoundHalfUp, fromHundredths, toHundredths } from './fixed-point';

/**
 * Weighted appraisal schemes for team leaders [000 第二篇 3.1–3.3, 8.2]: a scheme is data
 * (dimensions with percentage weights, optional per-dimension minimums, veto items 一票否决).
 *
 * Cap rule, modelled on [003 第五条] (the top level requires every part to reach its floor and
 * none of the listed disqualifying situations):
 * - a dimension below its minimum, or any veto item, makes the leader ineligible for the top
 *   group (`excellent`) whatever the weighted score;
 * - a veto item additionally places the leader in the bottom group (`fair`) regardless of score.
 * The final score itself is never altered, so the ranking stays truthful and auditable.
 */

export const DEFAULT_APPRAISAL_SCORE_MAX = 100;

export interface AppraisalDimension {
  key: string;
  name: string;
  /** Percentage weight; the weights of a scheme sum to exactly 100 (up to two decimals). */
  weight: number;
  /** A score below this caps the leader out of the top group. */
  minimum?: number;
}

export interface AppraisalVetoItem {
  key: string;
  name: string;
}

export interface AppraisalScheme {
  dimensions: AppraisalDimension[];
  vetoItems: AppraisalVetoItem[];
  /** Maximum score of every dimension (and so of the final score); default 100. */
  scoreMax?: number;
}

export type AppraisalProblemCode =
  | 'SCHEME_NO_DIMENSIONS'
  | 'SCHEME_KEY_EMPTY'
  | 'SCHEME_DUPLICATE_KEY'
  | 'SCHEME_WEIGHT_NOT_POSITIVE'
  | 'SCHEME_WEIGHT_PRECISION'
  | 'SCHEME_WEIGHT_SUM'
  | 'SCHEME_MINIMUM_OUT_OF_RANGE'
  | 'SCHEME_SCORE_MAX_INVALID'
  | 'SCORE_MISSING'
  | 'SCORE_UNKNOWN_DIMENSION'
  | 'SCORE_OUT_OF_RANGE'
  | 'SCORE_PRECISION'
  | 'VETO_UNKNOWN'
  | 'VETO_DUPLICATE';

export interface AppraisalProblem {
  code: AppraisalProblemCode;
  /** The dimension or veto key the problem is about, when there is one. */
  key?: string;
  message: string;
}

export interface AppraisalScore {
  /** Weighted sum on the 0..scoreMax scale, rounded half up to two decimals. */
  finalScore: number;
  /** The same value in integer hundredths (exact, for storage as NUMERIC and for comparisons). */
  finalScoreHundredths: number;
  /** Dimension keys scored below their minimum, in scheme order. */
  belowMinimum: string[];
  /** Veto item keys that apply, in scheme order. */
  vetoed: string[];
  /** True when a minimum or a veto keeps the leader out of the top group. */
  capped: boolean;
  eligibleForTopGroup: boolean;
  /** True when a veto places the leader in the bottom group regardless of score. */
  forcedBottom: boolean;
}

export type AppraisalScoring = { ok: true; score: AppraisalScore } | { ok: false; problems: AppraisalProblem[] };

const WEIGHT_SUM_HUNDREDTHS = 100 * 100;

function schemeScoreMax(scheme: AppraisalScheme): number {
  return scheme.scoreMax ?? DEFAULT_APPRAISAL_SCORE_MAX;
}

/** Problems that make a scheme unusable; an empty list means the scheme is valid. */
export function validateAppraisalScheme(scheme: AppraisalScheme): AppraisalProblem[] {
  const problems: AppraisalProblem[] = [];
  const scoreMax = schemeScoreMax(scheme);
  const scoreMaxHundredths = toHundredths(scoreMax);
  if (scoreMaxHundredths === null || scoreMaxHundredths <= 0) {
    problems.push({
      code: 'SCHEME_SCORE_MAX_INVALID',
      message: `scoreMax must be a positive number with at most two decimals, got ${scoreMax}`,
    });
  }
  if (scheme.dimensions.length === 0) {
    problems.push({ code: 'SCHEME_NO_DIMENSIONS', message: 'a scheme needs at least one dimension' });
  }

  const seen = new Set<string>();
  const checkKey = (key: string, what: string): void => {
    if (key.trim() === '') {
      problems.push({ code: 'SCHEME_KEY_EMPTY', key, message: `a ${what} has an empty key` });
    } else if (seen.has(key)) {
      problems.push({
        code: 'SCHEME_DUPLICATE_KEY',
        key,
        message: `key "${key}" is used more than once (dimension and veto keys must be unique)`,
      });
    }
    seen.add(key);
  };

  let weightSum = 0;
  let weightsExact = true;
  for (const dimension of scheme.dimensions) {
    checkKey(dimension.key, 'dimension');
    const weight = toHundredths(dimension.weight);
    if (weight === null) {
      weightsExact = false;
      problems.push({
        code: 'SCHEME_WEIGHT_PRECISION',
        key: dimension.key,
        message: `weight of "${dimension.key}" must be a number with at most two decimals, got ${dimension.weight}`,
      });
    } else if (weight <= 0) {
      problems.push({
        code: 'SCHEME_WEIGHT_NOT_POSITIVE',
        key: dimension.key,
        message: `weight of "${dimension.key}" must be positive, got ${dimension.weight}`,
      });
    }
    if (weight !== null) weightSum += weight;

    if (dimension.minimum !== undefined) {
      const minimum = toHundredths(dimension.minimum);
      if (minimum === null || minimum < 0 || (scoreMaxHundredths !== null && minimum > scoreMaxHundredths)) {
        problems.push({
          code: 'SCHEME_MINIMUM_OUT_OF_RANGE',
          key: dimension.key,
          message: `minimum of "${dimension.key}" must be between 0 and ${scoreMax} with at most two decimals, got ${dimension.minimum}`,
        });
      }
    }
  }
  if (weightsExact && scheme.dimensions.length > 0 && weightSum !== WEIGHT_SUM_HUNDREDTHS) {
    problems.push({
      code: 'SCHEME_WEIGHT_SUM',
      message: `dimension weights must sum to exactly 100, got ${fromHundredths(weightSum)}`,
    });
  }
  for (const veto of scheme.vetoItems) checkKey(veto.key, 'veto item');
  return problems;
}

/** Problems with one leader's scores and vetoes against a (valid) scheme; each names its key. */
export function validateAppraisalScores(
  scheme: AppraisalScheme,
  scores: Readonly<Record<string, number>>,
  vetoes: readonly string[],
): AppraisalProblem[] {
  const problems: AppraisalProblem[] = [];
  const scoreMax = schemeScoreMax(scheme);
  const scoreMaxHundredths = toHundredths(scoreMax) ?? 0;
  const dimensionKeys = new Set(scheme.dimensions.map((dimension) => dimension.key));

  for (const dimension of scheme.dimensions) {
    if (!Object.hasOwn(scores, dimension.key)) {
      problems.push({ code: 'SCORE_MISSING', key: dimension.key, message: `score for "${dimension.key}" is missing` });
      continue;
    }
    const value = scores[dimension.key];
    const hundredths = typeof value === 'number' ? toHundredths(value) : null;
    if (hundredths === null) {
      problems.push({
        code: 'SCORE_PRECISION',
        key: dimension.key,
        message: `score for "${dimension.key}" must be a number with at most two decimals, got ${String(value)}`,
      });
    } else if (hundredths < 0 || hundredths > scoreMaxHundredths) {
      problems.push({
        code: 'SCORE_OUT_OF_RANGE',
        key: dimension.key,
        message: `score for "${dimension.key}" must be between 0 and ${scoreMax}, got ${value}`,
      });
    }
  }
  for (const key of Object.keys(scores).sort()) {
    if (!dimensionKeys.has(key)) {
      problems.push({ code: 'SCORE_UNKNOWN_DIMENSION', key, message: `"${key}" is not a dimension of this scheme` });
    }
  }

  const vetoKeys = new Set(scheme.vetoItems.map((veto) => veto.key));
  const seenVetoes = new Set<string>();
  for (const key of vetoes) {
    if (!vetoKeys.has(key)) {
      problems.push({ code: 'VETO_UNKNOWN', key, message: `"${key}" is not a veto item of this scheme` });
    } else if (seenVetoes.has(key)) {
      problems.push({ code: 'VETO_DUPLICATE', key, message: `veto item "${key}" is listed more than once` });
    }
    seenVetoes.add(key);
  }
  return problems;
}

/**
 * Scores one leader: the weighted sum of the dimension scores, computed in integers (hundredths
 * of a point × hundredths of a percent) and rounded half up to two decimals once, at the end.
 */
export function scoreAppraisal(
  scheme: AppraisalScheme,
  scores: Readonly<Record<string, number>>,
  vetoes: readonly string[],
): AppraisalScoring {
  const schemeProblems = validateAppraisalScheme(scheme);
  if (schemeProblems.length > 0) return { ok: false, problems: schemeProblems };
  const problems = validateAppraisalScores(scheme, scores, vetoes);
  if (problems.length > 0) return { ok: false, problems };

  let weighted = 0; // units of 1e-6 point: score hundredths × weight hundredths-of-percent
  const belowMinimum: string[] = [];
  for (const dimension of scheme.dimensions) {
    const score = toHundredths(scores[dimension.key] ?? 0) ?? 0;
    weighted += score * (toHundredths(dimension.weight) ?? 0);
    if (dimension.minimum !== undefined && score < (toHundredths(dimension.minimum) ?? 0)) {
      belowMinimum.push(dimension.key);
    }
  }
  // score × weight% = (s/100) × (w/10000): hundredths of a point are weighted / 10^4.
  const finalScoreHundredths = divideRoundHalfUp(weighted, 10_000);
  const vetoSet = new Set(vetoes);
  const vetoed = scheme.vetoItems.filter((veto) => vetoSet.has(veto.key)).map((veto) => veto.key);
  const capped = belowMinimum.length > 0 || vetoed.length > 0;
  return {
    ok: true,
    score: {
      finalScore: fromHundredths(finalScoreHundredths),
      finalScoreHundredths,
      belowMinimum,
      vetoed,
      capped,
      eligibleForTopGroup: !capped,
      forcedBottom: vetoed.length > 0,
    },
  };
}
