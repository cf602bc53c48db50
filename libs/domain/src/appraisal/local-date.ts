/**
 * Calendar-date arithmetic on `YYYY-MM-DD` strings (no time of day, no time zone), shared by the
 * appraisal and rotation rules. Internal: not exported from the package index.
 *
 * Anniversary convention: a period of n months that starts on day d completes on day d of the
 * target month; when the target month is shorter (31 Jan + 1 month, 29 Feb + 1 year) it completes
 * on the 1st of the following month. One convention for terms, tenure and months in a region.
 */

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_MONTH = /^(\d{4})-(\d{2})$/;

export interface CalendarDate {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isLocalDate(value: string): boolean {
  const match = LOCAL_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isLocalMonth(value: string): boolean {
  const match = LOCAL_MONTH.exec(value);
  return match !== null && Number(match[1]) >= 1 && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

/** Parses a `YYYY-MM-DD` string; a malformed or impossible date is a programming error. */
export function parseLocalDate(value: string, label = 'date'): CalendarDate {
  if (!isLocalDate(value)) {
    throw new RangeError(`${label} must be a calendar date YYYY-MM-DD, got "${value}"`);
  }
  return { year: Number(value.slice(0, 4)), month: Number(value.slice(5, 7)), day: Number(value.slice(8, 10)) };
}

/** Parses a `YYYY-MM` string into {year, month}. */
export function parseLocalMonth(value: string, label = 'month'): { year: number; month: number } {
  if (!isLocalMonth(value)) {
    throw new RangeError(`${label} must be a month YYYY-MM, got "${value}"`);
  }
  return { year: Number(value.slice(0, 4)), month: Number(value.slice(5, 7)) };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function formatLocalDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

export function formatLocalMonth(year: number, month: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}`;
}

/** `YYYY-MM` of a `YYYY-MM-DD` date. */
export function monthOfDate(value: string): string {
  parseLocalDate(value);
  return value.slice(0, 7);
}

/** Shifts a `YYYY-MM` month by `count` months (negative allowed). */
export function addMonthsToMonth(value: string, count: number): string {
  const { year, month } = parseLocalMonth(value);
  const index = year * 12 + (month - 1) + count;
  return formatLocalMonth(Math.floor(index / 12), (index % 12) + 1);
}

export function addDays(value: string, count: number): string {
  const date = parseLocalDate(value);
  // Date.UTC handles day overflow in both directions; UTC avoids DST effects.
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + count));
  return formatLocalDate({
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  });
}

/** The date on which a period of `months` months starting on `start` completes (see file header). */
export function monthAnniversary(start: string, months: number): string {
  const date = parseLocalDate(start);
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  if (date.day <= daysInMonth(year, month)) return formatLocalDate({ year, month, day: date.day });
  const next = index + 1;
  return formatLocalDate({ year: Math.floor(next / 12), month: (next % 12) + 1, day: 1 });
}

/** Number of whole months completed from `start` up to and including `asOf` (0 when asOf < start). */
export function completeMonthsBetween(start: string, asOf: string): number {
  const from = parseLocalDate(start);
  const to = parseLocalDate(asOf);
  if (asOf < start) return 0;
  const months = (to.year - from.year) * 12 + (to.month - from.month) - (to.day < from.day ? 1 : 0);
  return Math.max(0, months);
}
