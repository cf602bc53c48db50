/** "800" → "800.00": the API takes money as a decimal string with two places. */
export function toMoney(value: string): string {
  const [whole = '0', fraction = ''] = value.trim().split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** What a person types as an amount of yuan (at most two decimals). */
export const MONEY_INPUT = /^\d{1,12}(\.\d{1,2})?$/;
