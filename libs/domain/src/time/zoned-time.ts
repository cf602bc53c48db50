import { TimeFormatError } from './time-errors';

/** The deployment's business time zone unless configured otherwise (SPEC 0.2). */
export const DEFAULT_BUSINESS_TIME_ZONE = 'Asia/Shanghai';

export const MINUTES_PER_DAY = 1440;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

/** A calendar date in some zone, written `YYYY-MM-DD`. */
export type LocalDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const ISO_WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

export interface LocalDateParts {
  year: number;
  month: number;
  day: number;
  weekday: IsoWeekday;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** hour * 60 + minute (whole minutes since local midnight). */
  minuteOfDay: number;
  /** Milliseconds since local midnight on the wall clock, keeping seconds. */
  millisecondOfDay: number;
  localDate: LocalDate;
}

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

// Building a DateTimeFormat is expensive (~tens of µs); reuse one per zone.
const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new TimeFormatError('invalid_time_zone', `Unknown time zone "${timeZone}"`);
    }
    formatterCache.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime knows the IANA zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function assertValidInstant(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new TimeFormatError('invalid_instant', 'Expected a valid Date');
  }
  return ms;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function formatYmd(year: number, month: number, day: number): LocalDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** UTC midnight of a proleptic Gregorian date; setUTCFullYear keeps years 0–99 literal. */
function utcMidnightMs(year: number, month: number, day: number): number {
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return utc.getTime();
}

function isoWeekdayOfUtcDay(utcMidnightMs: number): IsoWeekday {
  const sundayBased = new Date(utcMidnightMs).getUTCDay();
  return (sundayBased === 0 ? 7 : sundayBased) as IsoWeekday;
}

/** Wall-clock fields of `instant` as seen in `timeZone`. */
export function localParts(instant: Date, timeZone: string = DEFAULT_BUSINESS_TIME_ZONE): LocalDateParts {
  const ms = assertValidInstant(instant);
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = fields['year'] ?? Number.NaN;
  const month = fields['month'] ?? Number.NaN;
  const day = fields['day'] ?? Number.NaN;
  // Some ICU versions still print midnight as 24 even with h23.
  const hour = (fields['hour'] ?? Number.NaN) % 24;
  const minute = fields['minute'] ?? Number.NaN;
  const second = fields['second'] ?? Number.NaN;
  const millisecond = ((ms % 1000) + 1000) % 1000;
  const minuteOfDay = hour * 60 + minute;
  return {
    year,
    month,
    day,
    weekday: isoWeekdayOfUtcDay(utcMidnightMs(year, month, day)),
    hour,
    minute,
    second,
    millisecond,
    minuteOfDay,
    millisecondOfDay: minuteOfDay * MS_PER_MINUTE + second * 1000 + millisecond,
    localDate: formatYmd(year, month, day),
  };
}

/** Offset of the zone from UTC at `ms`, in milliseconds (local = utc + offset). */
function offsetAt(ms: number, timeZone: string): number {
  const parts = localParts(new Date(ms), timeZone);
  const wallClock = utcMidnightMs(parts.year, parts.month, parts.day) + parts.millisecondOfDay;
  return wallClock - ms;
}

/** Parses a strict `YYYY-MM-DD` calendar date; throws TimeFormatError otherwise. */
export function parseLocalDate(localDate: LocalDate): { year: number; month: number; day: number } {
  const match = typeof localDate === 'string' ? LOCAL_DATE_PATTERN.exec(localDate) : null;
  if (match === null) {
    throw new TimeFormatError('invalid_local_date', `Expected YYYY-MM-DD, got "${String(localDate)}"`);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const check = new Date(utcMidnightMs(year, month, day));
  if (year < 1 || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new TimeFormatError('invalid_local_date', `"${localDate}" is not a calendar date`);
  }
  return { year, month, day };
}

export function isValidLocalDate(localDate: string): boolean {
  try {
    parseLocalDate(localDate);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds of the local date's midnight on a UTC axis: handy for day arithmetic. */
function localDateToUtcMs(localDate: LocalDate): number {
  const { year, month, day } = parseLocalDate(localDate);
  return utcMidnightMs(year, month, day);
}

function utcMsToLocalDate(ms: number): LocalDate {
  const date = new Date(ms);
  return formatYmd(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** The ISO weekday of a local date (no zone needed: a date has one weekday everywhere). */
export function weekdayOfLocalDate(localDate: LocalDate): IsoWeekday {
  return isoWeekdayOfUtcDay(localDateToUtcMs(localDate));
}

export function addDaysToLocalDate(localDate: LocalDate, days: number): LocalDate {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return utcMsToLocalDate(localDateToUtcMs(localDate) + days * MS_PER_DAY);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetweenLocalDates(from: LocalDate, to: LocalDate): number {
  return Math.round((localDateToUtcMs(to) - localDateToUtcMs(from)) / MS_PER_DAY);
}

/** `YYYY-MM-DD` of the instant in the zone. */
export function formatLocalDate(instant: Date, timeZone: string = DEFAULT_BUSINESS_TIME_ZONE): LocalDate {
  return localParts(instant, timeZone).localDate;
}

/**
 * The instant at which the wall clock in `timeZone` shows `localDate` + `minuteOfDay`
 * (fractions keep seconds; 1440 means the next midnight).
 *
 * DST, as java.time and Temporal's "compatible" mode do it: a wall time inside a spring-forward
 * gap is moved forward by the gap; a wall time that occurs twice in a fall-back overlap gives the
 * earlier instant.
 */
export function zonedInstant(localDate: LocalDate, minuteOfDay: number, timeZone: string = DEFAULT_BUSINESS_TIME_ZONE): Date {
  if (!Number.isFinite(minuteOfDay) || minuteOfDay < 0 || minuteOfDay > MINUTES_PER_DAY) {
    throw new TimeFormatError('invalid_time_of_day', `minuteOfDay must be within 0..1440, got ${minuteOfDay}`);
  }
  const wallClock = localDateToUtcMs(localDate) + Math.round(minuteOfDay * MS_PER_MINUTE);
  // Offsets a day either side bracket any single transition near this wall time.
  const offsetBefore = offsetAt(wallClock - MS_PER_DAY, timeZone);
  const offsetAfter = offsetAt(wallClock + MS_PER_DAY, timeZone);
  // Fast path: no transition near this wall time (all but two days a year, or no DST at all).
  if (offsetBefore === offsetAfter) return new Date(wallClock - offsetBefore);
  const candidates = [offsetBefore, offsetAfter, offsetAt(wallClock, timeZone)]
    .map((offset) => wallClock - offset)
    .filter((ms) => offsetAt(ms, timeZone) === wallClock - ms);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  return new Date(wallClock - offsetBefore);
}

/**
 * zonedInstant for several wall times of one date. When the offset is the same from the day
 * before to the day after (no DST change near), one offset serves them all: 2 lookups a day
 * instead of 2–6 per time, which keeps long business-time walks cheap.
 */
export function zonedInstantsOnDate(
  localDate: LocalDate,
  minutesOfDay: readonly number[],
  timeZone: string = DEFAULT_BUSINESS_TIME_ZONE,
): Date[] {
  const midnight = localDateToUtcMs(localDate);
  const offsetBefore = offsetAt(midnight - MS_PER_DAY, timeZone);
  const offsetAfter = offsetAt(midnight + 2 * MS_PER_DAY, timeZone);
  if (offsetBefore !== offsetAfter) {
    return minutesOfDay.map((minute) => zonedInstant(localDate, minute, timeZone));
  }
  return minutesOfDay.map((minute) => {
    if (!Number.isFinite(minute) || minute < 0 || minute > MINUTES_PER_DAY) {
      throw new TimeFormatError('invalid_time_of_day', `minuteOfDay must be within 0..1440, got ${minute}`);
    }
    return new Date(midnight + Math.round(minute * MS_PER_MINUTE) - offsetBefore);
  });
}
