/** A money amount given as text is not a plain yuan amount with at most two decimals. */
export class MoneyFormatError extends Error {
  override readonly name = 'MoneyFormatError';
  readonly code = 'invalid_money';

  constructor(readonly input: unknown) {
    super(`"${String(input)}" is not an amount in yuan like "1250.00" (0–12 digits before the point, up to 2 after)`);
  }
}

/** A percentage given as text is not 0–100 with at most two decimals. */
export class PercentFormatError extends Error {
  override readonly name = 'PercentFormatError';
  readonly code = 'invalid_percent';

  constructor(readonly input: unknown) {
    super(`"${String(input)}" is not a percentage from 0 to 100 with up to 2 decimals, like "33.33"`);
  }
}

export type ShareSplitErrorCode = 'no_shares' | 'invalid_share' | 'duplicate_share_key' | 'shares_not_100_percent' | 'negative_total';

/** Responsibility shares cannot split the amount (they must be valid and add up to 100 %). */
export class ShareSplitError extends Error {
  override readonly name = 'ShareSplitError';

  constructor(
    readonly code: ShareSplitErrorCode,
    message: string,
  ) {
    super(message);
  }
}
