export type TimeFormatErrorCode =
  'invalid_local_date' | 'invalid_time_of_day' | 'invalid_month_key' | 'invalid_quarter_key' | 'invalid_time_zone' | 'invalid_instant';

/** Thrown when a date, time, period key or time zone given as text is malformed. */
export class TimeFormatError extends Error {
  override readonly name = 'TimeFormatError';

  constructor(
    readonly code: TimeFormatErrorCode,
    message: string,
  ) {
    super(message);
  }
}
