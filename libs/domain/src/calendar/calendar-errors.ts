export interface CalendarProblem {
  /** Path of the offending value, e.g. `weekHours.1[0].end` or `holidays[3]`. */
  field: string;
  problem: string;
}

/** The calendar data breaks a rule of `validateCalendar`; `problems` lists every one. */
export class InvalidCalendarError extends Error {
  override readonly name = 'InvalidCalendarError';
  readonly code = 'invalid_calendar';

  constructor(readonly problems: readonly CalendarProblem[]) {
    super(`Invalid business calendar: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`);
  }
}

/** No working time was found within the search limit, so a business deadline cannot be reached. */
export class NoWorkingTimeError extends Error {
  override readonly name = 'NoWorkingTimeError';
  readonly code = 'no_working_time';

  constructor(
    readonly fromDate: string,
    readonly searchedDays: number,
  ) {
    super(`The calendar has no working time within ${searchedDays} days of ${fromDate}`);
  }
}

/** Holiday data for a requested year is not shipped. */
export class HolidayDataUnavailableError extends Error {
  override readonly name = 'HolidayDataUnavailableError';
  readonly code = 'holiday_data_unavailable';

  constructor(readonly year: number) {
    super(`No public-holiday data for ${year}; add it to the calendar data first`);
  }
}
