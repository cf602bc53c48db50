import { addMonthsToMonthKey, type MonthKey, monthKey, parseMonthKey } from '../time';

/** Months further back than this are not caught up automatically (they can be generated on demand). */
export const MONTHLY_REPORT_CATCH_UP_MONTHS = 12;

export interface MonthlyReportScheduleInput {
  now: Date;
  timeZone: string;
  /** Months that already have a stored report. */
  existing: readonly MonthKey[];
  /** The month of the earliest complaint on record; null when there is none. */
  earliestDataMonth: MonthKey | null;
}

function compareMonths(a: MonthKey, b: MonthKey): number {
  const x = parseMonthKey(a);
  const y = parseMonthKey(b);
  return x.year * 12 + x.month - (y.year * 12 + y.month);
}

/**
 * Which monthly reports are due now, oldest first: every finished month that has no stored report,
 * from the month of the earliest data (at most 12 months back) up to the previous month. The previous
 * month is always due once it has ended, even without data (a report of zeros is still a report).
 * Computed from the data, never from "what happened since the last run", so a job that was down
 * catches up on its next run.
 */
export function monthlyReportsDue(input: MonthlyReportScheduleInput): MonthKey[] {
  const previous = addMonthsToMonthKey(monthKey(input.now, input.timeZone), -1);
  const oldestAllowed = addMonthsToMonthKey(previous, -(MONTHLY_REPORT_CATCH_UP_MONTHS - 1));
  let first = previous;
  if (input.earliestDataMonth !== null && compareMonths(input.earliestDataMonth, previous) < 0) {
    first = compareMonths(input.earliestDataMonth, oldestAllowed) < 0 ? oldestAllowed : input.earliestDataMonth;
  }
  const have = new Set(input.existing);
  const due: MonthKey[] = [];
  for (let month = first; compareMonths(month, previous) <= 0; month = addMonthsToMonthKey(month, 1)) {
    if (!have.has(month)) due.push(month);
  }
  return due;
}
