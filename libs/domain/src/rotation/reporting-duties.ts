import { addMonthsToMonth, isLocalMonth } from '../appraisal/local-date';
import {
  addDaysToLocalDate,
  DEFAULT_BUSINESS_TIME_ZONE,
  formatLocalDate,
  isValidLocalDate,
  type LocalDate,
  weekdayOfLocalDate,
  zonedInstant,
} from '../time/zoned-time';

/**
 * Field staff reporting duties [000 第三篇 四]:
 * - the weekly work report (周工作报告) is due Monday 13:00 in the business time zone, for the week
 *   (Monday–Sunday) that just ended; submitted after that it is `late`; with none by the following
 *   Monday 13:00 it is `missing` (between the two it is `overdue`: still expected, already late);
 * - the expense claim (费用报销) of a month is due by the end of the 10th of the next month
 *   (local time); after that a submitted claim is `late` and an absent one `missing`.
 */

/** Monday 13:00 local. */
export const WEEKLY_REPORT_DUE_MINUTE = 13 * 60;
export const EXPENSE_CLAIM_DUE_DAY = 10;

export type DutyStatus = 'pending' | 'on_time' | 'late' | 'overdue' | 'missing';

export interface WeeklyReportDeadlines {
  /** Monday of the reported week. */
  weekStart: LocalDate;
  /** Monday 13:00 after the week. */
  dueAt: Date;
  /** The Monday 13:00 a week later: absent by then → missing. */
  missingAt: Date;
}

export function isWeekStart(localDate: string): boolean {
  return isValidLocalDate(localDate) && weekdayOfLocalDate(localDate) === 1;
}

/** Monday of the week containing `localDate`. */
export function weekStartOf(localDate: LocalDate): LocalDate {
  return addDaysToLocalDate(localDate, 1 - weekdayOfLocalDate(localDate));
}

export function weeklyReportDeadlines(weekStart: LocalDate, timeZone: string = DEFAULT_BUSINESS_TIME_ZONE): WeeklyReportDeadlines {
  if (!isWeekStart(weekStart)) throw new RangeError(`weekStart must be a Monday (YYYY-MM-DD), got "${weekStart}"`);
  return {
    weekStart,
    dueAt: zonedInstant(addDaysToLocalDate(weekStart, 7), WEEKLY_REPORT_DUE_MINUTE, timeZone),
    missingAt: zonedInstant(addDaysToLocalDate(weekStart, 14), WEEKLY_REPORT_DUE_MINUTE, timeZone),
  };
}

export interface ExpenseClaimDeadlines {
  /** `YYYY-MM` the claim is for. */
  month: string;
  /** The end of the 10th of the next month (= the start of the 11th), local time. */
  dueAt: Date;
}

export function expenseClaimDeadlines(month: string, timeZone: string = DEFAULT_BUSINESS_TIME_ZONE): ExpenseClaimDeadlines {
  if (!isLocalMonth(month)) throw new RangeError(`month must be YYYY-MM, got "${month}"`);
  const next = addMonthsToMonth(month, 1);
  return { month, dueAt: zonedInstant(`${next}-${String(EXPENSE_CLAIM_DUE_DAY + 1).padStart(2, '0')}`, 0, timeZone) };
}

/** Status of a weekly report given when (if ever) it was submitted, as of `now`. */
export function weeklyReportStatus(deadlines: WeeklyReportDeadlines, submittedAt: Date | null, now: Date): DutyStatus {
  if (submittedAt !== null) return submittedAt.getTime() <= deadlines.dueAt.getTime() ? 'on_time' : 'late';
  if (now.getTime() <= deadlines.dueAt.getTime()) return 'pending';
  return now.getTime() < deadlines.missingAt.getTime() ? 'overdue' : 'missing';
}

/** Status of an expense claim given when (if ever) it was submitted, as of `now`. */
export function expenseClaimStatus(deadlines: ExpenseClaimDeadlines, submittedAt: Date | null, now: Date): DutyStatus {
  if (submittedAt !== null) return submittedAt.getTime() < deadlines.dueAt.getTime() ? 'on_time' : 'late';
  return now.getTime() < deadlines.dueAt.getTime() ? 'pending' : 'missing';
}

/**
 * The weeks whose report has become missing by `now`, newest first, at most `lookbackWeeks`
 * (a scheduler catching up after downtime looks at a bounded window).
 */
export function weeksMissingBy(now: Date, lookbackWeeks: number, timeZone: string = DEFAULT_BUSINESS_TIME_ZONE): WeeklyReportDeadlines[] {
  // The week that started 14 days before this week's Monday becomes missing this Monday 13:00.
  let weekStart = addDaysToLocalDate(weekStartOf(formatLocalDate(now, timeZone)), -14);
  if (weeklyReportDeadlines(weekStart, timeZone).missingAt.getTime() > now.getTime()) weekStart = addDaysToLocalDate(weekStart, -7);
  const weeks: WeeklyReportDeadlines[] = [];
  for (let i = 0; i < lookbackWeeks; i += 1) {
    weeks.push(weeklyReportDeadlines(weekStart, timeZone));
    weekStart = addDaysToLocalDate(weekStart, -7);
  }
  return weeks;
}

/** The months whose expense claim has become missing by `now`, newest first, at most `lookbackMonths`. */
export function monthsMissingBy(now: Date, lookbackMonths: number, timeZone: string = DEFAULT_BUSINESS_TIME_ZONE): ExpenseClaimDeadlines[] {
  const thisMonth = formatLocalDate(now, timeZone).slice(0, 7);
  const months: ExpenseClaimDeadlines[] = [];
  for (let back = 1; months.length < lookbackMonths && back <= lookbackMonths + 1; back += 1) {
    const deadlines = expenseClaimDeadlines(addMonthsToMonth(thisMonth, -back), timeZone);
    if (deadlines.dueAt.getTime() <= now.getTime()) months.push(deadlines);
  }
  return months;
}
