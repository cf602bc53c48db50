import { MoneyFormatError } from './money-errors';

/** NUMERIC(14,2): at most 12 digits of yuan, 2 of fen. */
export const YUAN_AMOUNT_PATTERN = /^\d{1,12}(\.\d{1,2})?$/;

/** The largest amount NUMERIC(14,2) holds, in fen. */
export const MAX_AMOUNT_FEN = 99_999_999_999_999n;

/**
 * Exact fen of a yuan amount such as "1250", "1250.5" or "1250.00". Strict on purpose: no sign,
 * exponent, separators, spaces or third decimal — a float never touches the value.
 */
export function parseYuanToFen(amount: string): bigint {
  if (typeof amount !== 'string' || !YUAN_AMOUNT_PATTERN.test(amount)) throw new MoneyFormatError(amount);
  const [yuan = '0', fraction = ''] = amount.split('.');
  return BigInt(yuan) * 100n + BigInt(fraction.padEnd(2, '0'));
}

export function isValidYuanAmount(amount: string): boolean {
  return typeof amount === 'string' && YUAN_AMOUNT_PATTERN.test(amount);
}

/** "1250.00" for 125000n fen; negative amounts (refund differences) keep a leading "-". */
export function formatFen(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const magnitude = fen < 0n ? -fen : fen;
  return `${sign}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
}
