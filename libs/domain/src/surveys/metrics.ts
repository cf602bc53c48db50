/**
 * Survey ratios, written once so that the SQL in the API and the tests agree on the rules:
 * a ratio of nothing is null (never 0 or NaN), percentages are rounded to two places.
 */
export function percentOrNull(part: number, whole: number): number | null {
  if (!Number.isFinite(part) || !Number.isFinite(whole) || part < 0 || whole < 0 || part > whole) {
    throw new RangeError(`part must be within 0..whole, got ${part}/${whole}`);
  }
  if (whole === 0) return null;
  return Math.round((part * 10000) / whole) / 100;
}

/** Net promoter score (−100…100): % promoters (9–10) − % detractors (0–6); null without answers. */
export function netPromoterScore(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return Math.round(((promoters - detractors) * 10000) / scores.length) / 100;
}

/** Whether an actual meets its target; null (no data yet) meets nothing. */
export function meetsTarget(actual: number | null, target: number): boolean | null {
  return actual === null ? null : actual >= target;
}
