/**
 * Two-decimal fixed-point helpers: scores and weights are carried as integer hundredths so that
 * weighted sums and averages do not drift (0.1 + 0.2 !== 0.3 in binary floating point).
 * Internal: not exported from the package index.
 */

/** The value in hundredths, or null when it has more than two decimals or is not finite. */
export function toHundredths(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const scaled = Math.round(value * 100);
  // Tolerates binary noise such as 0.29 * 100 = 28.999999999999996, rejects 87.555.
  if (Math.abs(value * 100 - scaled) > 1e-6 * Math.max(1, Math.abs(value))) return null;
  return scaled;
}

/** numerator / denominator rounded half away from zero, for integers with denominator > 0. */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  const sign = numerator < 0 ? -1 : 1;
  const dividend = 2 * Math.abs(numerator) + denominator;
  const divisor = 2 * denominator;
  // Exact integer floor division: correct a float quotient by its remainder.
  let quotient = Math.floor(dividend / divisor);
  const remainder = dividend - quotient * divisor;
  if (remainder < 0) quotient -= 1;
  else if (remainder >= divisor) quotient += 1;
  return quotient === 0 ? 0 : sign * quotient;
}

export function fromHundredths(hundredths: number): number {
  return hundredths / 100;
}
