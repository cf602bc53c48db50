import {
  LocalDate,
  MS_PER_MINUTE,
  addDaysToLocalDate,
  daysBetweenLocalDates,
  formatLocalDate,
  localParts,
  zonedInstant,
} from '../time/zoned-time';
import { BusinessCalendar } from './business-calendar';
import { CompiledCalendar, compileCalendar, workingIntervalsOn, workingMinutesOn } from './compiled-calendar';
import { NoWorkingTimeError } from './calendar-errors';

/**
 * How many consecutive days without working time a search crosses before giving up. Two years
 * is far beyond any real closure (Spring Festival is 9 days) and keeps a calendar with no hours
 * from looping forever.
 */
export const MAX_DAYS_WITHOUT_WORKING_TIME = 731;

function instantMs(instant: Date, name: string): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

function minutesMs(minutes: number): number {
  if (!Number.isSafeInteger(minutes) || minutes < 0) {
    throw new RangeError(`minutes must be a non-negative integer, got ${minutes}`);
  }
  return minutes * MS_PER_MINUTE;
}

function compileWithHours(calendar: BusinessCalendar, fromDate: LocalDate): CompiledCalendar {
  const compiled = compileCalendar(calendar);
  if (!compiled.hasAnyHours) throw new NoWorkingTimeError(fromDate, 0);
  return compiled;
}

/**
 * The instant `minutes` of working time after `start`, counting only time inside working
 * periods. A result that uses up a period exactly is that period's end (18:00, not the next
 * morning's 09:00). Adding 0 returns `start` unchanged, even outside working time.
 * Walks day by day, so holidays and long durations cost one step per calendar day.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  const startMs = instantMs(start, 'start');
  let remaining = minutesMs(minutes);
  if (remaining === 0) return new Date(startMs);
  let date = formatLocalDate(start, calendar.timeZone);
  const compiled = compileWithHours(calendar, date);
  let idleDays = 0;
  for (;;) {
    let worked = false;
    for (const interval of workingIntervalsOn(compiled, date)) {
      const end = interval.end.getTime();
      if (end <= startMs) continue;
      worked = true;
      const from = Math.max(interval.start.getTime(), startMs);
      if (remaining <= end - from) return new Date(from + remaining);
      remaining -= end - from;
    }
    idleDays = worked ? 0 : idleDays + 1;
    if (idleDays > MAX_DAYS_WITHOUT_WORKING_TIME) throw new NoWorkingTimeError(date, idleDays);
    date = addDaysToLocalDate(date, 1);
  }
}

/**
 * The instant `minutes` of working time before `end` (the mirror of addBusinessMinutes: a result
 * that uses up a period exactly is that period's start).
 */
export function subtractBusinessMinutes(calendar: BusinessCalendar, end: Date, minutes: number): Date {
  const endMs = instantMs(end, 'end');
  let remaining = minutesMs(minutes);
  if (remaining === 0) return new Date(endMs);
  let date = formatLocalDate(end, calendar.timeZone);
  const compiled = compileWithHours(calendar, date);
  let idleDays = 0;
  for (;;) {
    let worked = false;
    for (const interval of workingIntervalsOn(compiled, date).reverse()) {
      const start = interval.start.getTime();
      if (start >= endMs) continue;
      worked = true;
      const to = Math.min(interval.end.getTime(), endMs);
      if (remaining <= to - start) return new Date(to - remaining);
      remaining -= to - start;
    }
    idleDays = worked ? 0 : idleDays + 1;
    if (idleDays > MAX_DAYS_WITHOUT_WORKING_TIME) throw new NoWorkingTimeError(date, idleDays);
    date = addDaysToLocalDate(date, -1);
  }
}

/**
 * Working minutes in [from, to) — fractional when the instants are not on whole minutes;
 * negative when `to` is before `from`.
 */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const fromMs = instantMs(from, 'from');
  const toMs = instantMs(to, 'to');
  if (toMs < fromMs) return -businessMinutesBetween(calendar, to, from);
  const compiled = compileCalendar(calendar);
  const firstDate = formatLocalDate(from, calendar.timeZone);
  const days = daysBetweenLocalDates(firstDate, formatLocalDate(to, calendar.timeZone));
  let totalMs = 0;
  for (let offset = 0; offset <= days; offset += 1) {
    for (const interval of workingIntervalsOn(compiled, addDaysToLocalDate(firstDate, offset))) {
      const overlap = Math.min(interval.end.getTime(), toMs) - Math.max(interval.start.getTime(), fromMs);
      if (overlap > 0) totalMs += overlap;
    }
  }
  return totalMs / MS_PER_MINUTE;
}

/** True when `instant` lies inside a working period (start inclusive, end exclusive). */
export function isWorkingInstant(calendar: BusinessCalendar, instant: Date): boolean {
  const ms = instantMs(instant, 'instant');
  const compiled = compileCalendar(calendar);
  return workingIntervalsOn(compiled, formatLocalDate(instant, calendar.timeZone)).some(
    (interval) => interval.start.getTime() <= ms && ms < interval.end.getTime(),
  );
}

function stepToWorkingDay(compiled: CompiledCalendar, localDate: LocalDate, step: 1 | -1): LocalDate {
  let date = localDate;
  for (let idleDays = 0; idleDays <= MAX_DAYS_WITHOUT_WORKING_TIME; idleDays += 1) {
    date = addDaysToLocalDate(date, step);
    if (workingMinutesOn(compiled, date).length > 0) return date;
  }
  throw new NoWorkingTimeError(localDate, MAX_DAYS_WITHOUT_WORKING_TIME);
}

/** The first working date strictly after `localDate`. */
export function nextWorkingDay(calendar: BusinessCalendar, localDate: LocalDate): LocalDate {
  return stepToWorkingDay(compileWithHours(calendar, localDate), localDate, 1);
}

/** The last working date strictly before `localDate`. */
export function previousWorkingDay(calendar: BusinessCalendar, localDate: LocalDate): LocalDate {
  return stepToWorkingDay(compileWithHours(calendar, localDate), localDate, -1);
}

/**
 * The same local wall-clock time on the `days`-th working day after `start`'s local date
 * (before it when `days` is negative). The start date itself need not be a working day.
 */
export function addWorkingDays(calendar: BusinessCalendar, start: Date, days: number): Date {
  instantMs(start, 'start');
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  if (days === 0) return new Date(start.getTime());
  const parts = localParts(start, calendar.timeZone);
  const compiled = compileWithHours(calendar, parts.localDate);
  let date = parts.localDate;
  for (let count = 0; count < Math.abs(days); count += 1) {
    date = stepToWorkingDay(compiled, date, days > 0 ? 1 : -1);
  }
  return zonedInstant(date, parts.millisecondOfDay / MS_PER_MINUTE, calendar.timeZone);
}

/** The same local time on the `days`-th working day before `end`'s local date. */
export function subtractWorkingDays(calendar: BusinessCalendar, end: Date, days: number): Date {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return addWorkingDays(calendar, end, -days);
}
