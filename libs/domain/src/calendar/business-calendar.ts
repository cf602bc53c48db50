import { IsoWeekday, LocalDate } from '../time/zoned-time';
import { TimeOfDay } from '../time/time-of-day';

/** One working period of a day in local wall-clock time, `start` < `end` (`end` may be `24:00`). */
export interface WorkingHours {
  start: TimeOfDay;
  end: TimeOfDay;
}

export type WeekHours = Readonly<Record<IsoWeekday, readonly WorkingHours[]>>;

export interface BusinessCalendar {
  /** IANA zone the hours and dates are read in. */
  timeZone: string;
  /** Sorted, non-overlapping working periods for each ISO weekday (1 = Monday); [] = day off. */
  weekHours: WeekHours;
  /** `YYYY-MM-DD` dates that are off even when their weekday has hours (public holidays). */
  holidays: readonly LocalDate[];
  /** 调休: weekend dates worked like a normal working day. */
  adjustedWorkdays: readonly LocalDate[];
  /** Hours of an adjusted workday; defaults to Monday's hours. */
  adjustedWorkdayHours?: readonly WorkingHours[];
}

/** A working period of one date as instants: `start` ≤ t < `end`. */
export interface WorkingInterval {
  start: Date;
  end: Date;
}
