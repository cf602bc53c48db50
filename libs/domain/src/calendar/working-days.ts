import { LocalDate, weekdayOfLocalDate } from '../time/zoned-time';
import { BusinessCalendar, WorkingHours, WorkingInterval } from './business-calendar';
import { compileCalendar, workingIntervalsOn, workingMinutesOn } from './compiled-calendar';

/** True when the date has working hours: not a holiday, and a working weekday or an adjusted workday. */
export function isWorkingDay(calendar: BusinessCalendar, localDate: LocalDate): boolean {
  return workingMinutesOn(compileCalendar(calendar), localDate).length > 0;
}

/** The date's working periods in local time (`[]` on days off). */
export function workingHoursOn(calendar: BusinessCalendar, localDate: LocalDate): WorkingHours[] {
  const compiled = compileCalendar(calendar);
  if (compiled.holidays.has(localDate)) return [];
  const hours = compiled.adjustedWorkdays.has(localDate)
    ? (calendar.adjustedWorkdayHours ?? calendar.weekHours[1])
    : calendar.weekHours[weekdayOfLocalDate(localDate)];
  return hours.map((period) => ({ ...period }));
}

/** The date's working periods as instants in the calendar's zone. */
export function workingIntervals(calendar: BusinessCalendar, localDate: LocalDate): WorkingInterval[] {
  return workingIntervalsOn(compileCalendar(calendar), localDate);
}
