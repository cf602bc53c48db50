import { TimeFormatError } from './time-errors';
import { DEFAULT_BUSINESS_TIME_ZONE, LocalDate, addDaysToLocalDate, localParts, zonedInstant } from './zoned-time';

/** A calendar month written `YYYY-MM`. */
export type MonthKey = string;

/** A calendar quarter written `YYYY-Qn`. */
export type QuarterKey = string;

/** Half-open range of instants: `start` ≤ t < `end`. */
export interface InstantRange {
  start: Date;
  end: Date;
}

/** Inclusive range of local dates (first and last day). */
export interface LocalDateRange {
  start: LocalDate;
  end: LocalDate;
}

export interface ParsedQuarter extends LocalDateRange {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

const MONTH_KEY_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_KEY_PATTERN = /^(\d{4})-Q([1-4])$/;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** `YYYY-MM` of the instant's local date in the zone. */
export function monthKey(instant: Date, timeZone: string = DEFAULT_BUSINESS_TIME_ZONE): MonthKey {
  const { year, month } = localParts(instant, timeZone);
  return `${pad(year, 4)}-${pad(month, 2)}`;
}

export function parseMonthKey(key: MonthKey): { year: number; month: number } {
  const match = typeof key === 'string' ? MONTH_KEY_PATTERN.exec(key) : null;
  if (match === null) {
    throw new TimeFormatError('invalid_month_key', `Expected YYYY-MM, got "${String(key)}"`);
  }
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** The month `months` after (or before, when negative) `key`. */
export function addMonthsToMonthKey(key: MonthKey, months: number): MonthKey {
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const { year, month } = parseMonthKey(key);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  if (newYear < 0 || newYear > 9999) throw new RangeError(`Month out of range: ${key} + ${months}`);
  return `${pad(newYear, 4)}-${pad((index % 12) + 1, 2)}`;
}

/** First and last local dates of a month. */
export function monthDates(key: MonthKey): LocalDateRange {
  const start = `${key}-01`;
  parseMonthKey(key);
  return { start, end: addDaysToLocalDate(`${addMonthsToMonthKey(key, 1)}-01`, -1) };
}

/** [local midnight of the 1st, local midnight of the next month's 1st) in the zone. */
export function monthRange(key: MonthKey, timeZone: string = DEFAULT_BUSINESS_TIME_ZONE): InstantRange {
  parseMonthKey(key);
  return {
    start: zonedInstant(`${key}-01`, 0, timeZone),
    end: zonedInstant(`${addMonthsToMonthKey(key, 1)}-01`, 0, timeZone),
  };
}

/** `YYYY-Qn` of the instant's local date in the zone. */
export function quarterKey(instant: Date, timeZone: string = DEFAULT_BUSINESS_TIME_ZONE): QuarterKey {
  const { year, month } = localParts(instant, timeZone);
  return `${pad(year, 4)}-Q${Math.ceil(month / 3)}`;
}

/** `2026-Q3` → {year: 2026, quarter: 3, start: '2026-07-01', end: '2026-09-30'} (end inclusive). */
export function parseQuarter(key: QuarterKey): ParsedQuarter {
  const match = typeof key === 'string' ? QUARTER_KEY_PATTERN.exec(key) : null;
  if (match === null) {
    throw new TimeFormatError('invalid_quarter_key', `Expected YYYY-Qn (n = 1..4), got "${String(key)}"`);
  }
  const year = Number(match[1]);
  const quarter = Number(match[2]) as 1 | 2 | 3 | 4;
  const firstMonth: MonthKey = `${pad(year, 4)}-${pad((quarter - 1) * 3 + 1, 2)}`;
  return {
    year,
    quarter,
    start: `${firstMonth}-01`,
    end: monthDates(addMonthsToMonthKey(firstMonth, 2)).end,
  };
}

/** [local midnight of the quarter's first day, local midnight after its last day) in the zone. */
export function quarterRange(key: QuarterKey, timeZone: string = DEFAULT_BUSINESS_TIME_ZONE): InstantRange {
  const { start, end } = parseQuarter(key);
  return {
    start: zonedInstant(start, 0, timeZone),
    end: zonedInstant(addDaysToLocalDate(end, 1), 0, timeZone),
  };
}
