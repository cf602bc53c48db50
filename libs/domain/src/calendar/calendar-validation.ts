import { ISO_WEEKDAYS, IsoWeekday, isValidLocalDate, isValidTimeZone, weekdayOfLocalDate } from '../time/zoned-time';
import { isReadonlyArray } from '../time/readonly-array';
import { isValidTimeOfDay, parseTimeOfDay } from '../time/time-of-day';
import { BusinessCalendar } from './business-calendar';
import { CalendarProblem, InvalidCalendarError } from './calendar-errors';

function hoursProblems(hours: unknown, field: string): CalendarProblem[] {
  if (!Array.isArray(hours)) return [{ field, problem: 'must be a list of {start, end} periods' }];
  const problems: CalendarProblem[] = [];
  let previousEnd = -1;
  hours.forEach((period: unknown, index) => {
    const at = `${field}[${index}]`;
    const { start, end } = (period ?? {}) as Partial<Record<'start' | 'end', unknown>>;
    const startOk = typeof start === 'string' && isValidTimeOfDay(start) && start !== '24:00';
    const endOk = typeof end === 'string' && isValidTimeOfDay(end);
    if (!startOk)
      problems.push({
        field: `${at}.start`,
        problem: `"${String(start)}" is not a time HH:MM (00:00–23:59)`,
      });
    if (!endOk)
      problems.push({
        field: `${at}.end`,
        problem: `"${String(end)}" is not a time HH:MM (00:00–24:00)`,
      });
    if (!startOk || !endOk) return;
    const startMinute = parseTimeOfDay(start);
    const endMinute = parseTimeOfDay(end);
    if (endMinute <= startMinute) {
      problems.push({ field: at, problem: `ends (${end}) at or before it starts (${start})` });
    }
    if (startMinute < previousEnd) {
      problems.push({
        field: at,
        problem: 'overlaps or comes before the previous period; list periods in order',
      });
    }
    previousEnd = Math.max(previousEnd, endMinute);
  });
  return problems;
}

function dateListProblems(dates: unknown, field: string): CalendarProblem[] {
  if (!Array.isArray(dates)) return [{ field, problem: 'must be a list of YYYY-MM-DD dates' }];
  const problems: CalendarProblem[] = [];
  const seen = new Set<unknown>();
  dates.forEach((date: unknown, index) => {
    if (typeof date !== 'string' || !isValidLocalDate(date)) {
      problems.push({
        field: `${field}[${index}]`,
        problem: `"${String(date)}" is not a date YYYY-MM-DD`,
      });
    } else if (seen.has(date)) {
      problems.push({ field: `${field}[${index}]`, problem: `${date} is listed twice` });
    }
    seen.add(date);
  });
  return problems;
}

/** Every problem in the calendar data; [] when it is usable. */
export function validateCalendar(calendar: BusinessCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (typeof calendar.timeZone !== 'string' || !isValidTimeZone(calendar.timeZone)) {
    problems.push({
      field: 'timeZone',
      problem: `"${String(calendar.timeZone)}" is not a known IANA time zone`,
    });
  }
  const weekHours: Partial<Record<IsoWeekday, unknown>> = calendar.weekHours ?? {};
  for (const weekday of ISO_WEEKDAYS) {
    problems.push(...hoursProblems(weekHours[weekday], `weekHours.${weekday}`));
  }
  if (calendar.adjustedWorkdayHours !== undefined) {
    problems.push(...hoursProblems(calendar.adjustedWorkdayHours, 'adjustedWorkdayHours'));
  }
  problems.push(...dateListProblems(calendar.holidays, 'holidays'));
  problems.push(...dateListProblems(calendar.adjustedWorkdays, 'adjustedWorkdays'));
  if (isReadonlyArray(calendar.holidays) && isReadonlyArray(calendar.adjustedWorkdays)) {
    const holidays = new Set(calendar.holidays);
    const adjustedHours = calendar.adjustedWorkdayHours ?? calendar.weekHours?.[1];
    calendar.adjustedWorkdays.forEach((date, index) => {
      const field = `adjustedWorkdays[${index}]`;
      if (holidays.has(date)) {
        problems.push({ field, problem: `${date} is both a holiday and an adjusted working day` });
      }
      if (!isValidLocalDate(date)) return;
      const weekdayHours = calendar.weekHours?.[weekdayOfLocalDate(date)];
      if (Array.isArray(weekdayHours) && weekdayHours.length > 0) {
        problems.push({
          field,
          problem: `${date} is already a working day by its weekday; likely a wrong date`,
        });
      }
      if (Array.isArray(adjustedHours) && adjustedHours.length === 0) {
        problems.push({
          field,
          problem: 'adjusted working days need hours (Monday has none; set adjustedWorkdayHours)',
        });
      }
    });
  }
  return problems;
}

/** Throws InvalidCalendarError unless the calendar is valid. */
export function assertValidCalendar(calendar: BusinessCalendar): void {
  const problems = validateCalendar(calendar);
  if (problems.length > 0) throw new InvalidCalendarError(problems);
}
