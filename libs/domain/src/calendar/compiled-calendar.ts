import { ISO_WEEKDAYS, IsoWeekday, LocalDate, weekdayOfLocalDate, zonedInstantsOnDate } from '../time/zoned-time';
import { parseTimeOfDay } from '../time/time-of-day';
import { BusinessCalendar, WorkingHours, WorkingInterval } from './business-calendar';
import { assertValidCalendar } from './calendar-validation';

// Internal to the calendar folder: not exported from the package.

/**
 * A validated calendar with set lookups, built once per public call so that walking many days
 * does not re-scan the date lists.
 */
export interface CompiledCalendar {
  timeZone: string;
  /** Working periods per weekday as [startMinute, endMinute). */
  weekMinutes: Readonly<Record<IsoWeekday, ReadonlyArray<readonly [number, number]>>>;
  adjustedMinutes: ReadonlyArray<readonly [number, number]>;
  holidays: ReadonlySet<LocalDate>;
  adjustedWorkdays: ReadonlySet<LocalDate>;
  /** True when some weekday or adjusted date has hours at all. */
  hasAnyHours: boolean;
}

function toMinutes(hours: readonly WorkingHours[]): Array<readonly [number, number]> {
  return hours.map((period) => [parseTimeOfDay(period.start), parseTimeOfDay(period.end)] as const);
}

export function compileCalendar(calendar: BusinessCalendar): CompiledCalendar {
  assertValidCalendar(calendar);
  const weekMinutes = {} as Record<IsoWeekday, ReadonlyArray<readonly [number, number]>>;
  for (const weekday of ISO_WEEKDAYS) weekMinutes[weekday] = toMinutes(calendar.weekHours[weekday]);
  const adjustedMinutes = toMinutes(calendar.adjustedWorkdayHours ?? calendar.weekHours[1]);
  return {
    timeZone: calendar.timeZone,
    weekMinutes,
    adjustedMinutes,
    holidays: new Set(calendar.holidays),
    adjustedWorkdays: new Set(calendar.adjustedWorkdays),
    hasAnyHours:
      ISO_WEEKDAYS.some((weekday) => weekMinutes[weekday].length > 0) ||
      (calendar.adjustedWorkdays.length > 0 && adjustedMinutes.length > 0),
  };
}

export function workingMinutesOn(compiled: CompiledCalendar, localDate: LocalDate): ReadonlyArray<readonly [number, number]> {
  if (compiled.holidays.has(localDate)) return [];
  if (compiled.adjustedWorkdays.has(localDate)) return compiled.adjustedMinutes;
  return compiled.weekMinutes[weekdayOfLocalDate(localDate)];
}

export function workingIntervalsOn(compiled: CompiledCalendar, localDate: LocalDate): WorkingInterval[] {
  const periods = workingMinutesOn(compiled, localDate);
  if (periods.length === 0) return [];
  const boundaries = zonedInstantsOnDate(localDate, periods.flat(), compiled.timeZone);
  const intervals: WorkingInterval[] = [];
  for (let index = 0; index < boundaries.length; index += 2) {
    const start = boundaries[index];
    const end = boundaries[index + 1];
    // A period swallowed by a DST gap has no real time in it.
    if (start !== undefined && end !== undefined && end.getTime() > start.getTime()) {
      intervals.push({ start, end });
    }
  }
  return intervals;
}
