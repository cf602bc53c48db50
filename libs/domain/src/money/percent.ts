import { PercentFormatError } from './money-errors';

/** 100 % in hundredths of a percent. */
export const WHOLE_PERCENT_HUNDREDTHS = 10_000;

const PERCENT_PATTERN = /^\d{1,3}(\.\d{1,2})?$/;

/** Hundredths of a percent of a string like "33.33" (→ 3333), "50" or "100.00"; 0–100 only. */
export function parsePercent(percent: string): number {
  if (typeof percent !== 'string' || !PERCENT_PATTERN.test(percent)) throw new PercentFormatError(percent);
  const [whole = '0', fraction = ''] = percent.split('.');
  const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (hundredths > WHOLE_PERCENT_HUNDREDTHS) throw new PercentFormatError(percent);
  return hundredths;
}

/** "33.33" for 3333. */
export function formatPercentHundredths(hundredths: number): string {
  if (!Number.isSafeInteger(hundredths) || hundredths < 0) {
    throw new RangeError(`hundredths must be a non-negative integer, got ${hundredths}`);
  }
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}
