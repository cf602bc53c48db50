import {
  addDays,
  addMonthsToMonth,
  completeMonthsBetween,
  isLocalDate,
  isLocalMonth,
  monthAnniversary,
  monthOfDate,
  parseLocalDate,
  parseLocalMonth,
} from './local-date';

/**
 * Team-leader appointments [000 第二篇 6–9]. Dates are local calendar dates `YYYY-MM-DD` in the
 * business time zone; `endsOn` is inclusive (the last day of the term).
 */

export type MonthlyGrade = 'A' | 'B' | 'C' | 'D';

/** [9.2.2] 聘期内绩效成绩累计出现2个D: the appointment ends automatically at the second D. */
export const TERMINATING_D_GRADE_COUNT = 2;

/** Maximum appointment term [8.1] 一般不超过一年, and minimum CS tenure to be selected [6.2.1]. */
export const MAX_TERM_MONTHS = 12;
export const MIN_CS_TENURE_MONTHS = 12;

/** True when the grades recorded in the current term contain two or more D's. */
export function shouldTerminateOnGrades(gradesInCurrentTerm: readonly MonthlyGrade[]): boolean {
  return gradesInCurrentTerm.filter((grade) => grade === 'D').length >= TERMINATING_D_GRADE_COUNT;
}

export type AppointmentTermProblemCode = 'TERM_DATE_INVALID' | 'TERM_NOT_AFTER_START' | 'TERM_TOO_LONG';

export interface AppointmentTermProblem {
  code: AppointmentTermProblemCode;
  field: 'startsOn' | 'endsOn';
  message: string;
}

/**
 * The last day a term starting on `startsOn` may run to: the day before its one-year anniversary
 * (2026-01-01 → 2026-12-31; 2024-02-29 → 2025-02-28, the anniversary rolling to 1 March).
 */
export function latestAppointmentTermEnd(startsOn: string): string {
  return addDays(monthAnniversary(startsOn, MAX_TERM_MONTHS), -1);
}

/** Problems with a term; empty when endsOn is after startsOn and the term is at most one year. */
export function validateAppointmentTerm(startsOn: string, endsOn: string): AppointmentTermProblem[] {
  const problems: AppointmentTermProblem[] = [];
  if (!isLocalDate(startsOn)) {
    problems.push({ code: 'TERM_DATE_INVALID', field: 'startsOn', message: `startsOn must be a date YYYY-MM-DD, got "${startsOn}"` });
  }
  if (!isLocalDate(endsOn)) {
    problems.push({ code: 'TERM_DATE_INVALID', field: 'endsOn', message: `endsOn must be a date YYYY-MM-DD, got "${endsOn}"` });
  }
  if (problems.length > 0) return problems;
  if (endsOn <= startsOn) {
    problems.push({ code: 'TERM_NOT_AFTER_START', field: 'endsOn', message: `endsOn ${endsOn} must be after startsOn ${startsOn}` });
    return problems;
  }
  const latest = latestAppointmentTermEnd(startsOn);
  if (endsOn > latest) {
    problems.push({
      code: 'TERM_TOO_LONG',
      field: 'endsOn',
      message: `a term is at most one year: starting ${startsOn} it must end by ${latest}, got ${endsOn}`,
    });
  }
  return problems;
}

/** The new last day of a term extended by whole years [8.3] (2026-12-31 + 1 → 2027-12-31). */
export function extendAppointmentTerm(endsOn: string, years: number): string {
  if (!Number.isInteger(years) || years < 0) {
    throw new RangeError(`years must be a non-negative integer, got ${years}`);
  }
  return addDays(monthAnniversary(addDays(endsOn, 1), 12 * years), -1);
}

/** [6.2.1] At least one full year in the CS department on `asOf`. */
export function csTenureEligible(joinedOn: string, asOf: string): boolean {
  parseLocalDate(joinedOn, 'joinedOn');
  parseLocalDate(asOf, 'asOf');
  return completeMonthsBetween(joinedOn, asOf) >= MIN_CS_TENURE_MONTHS;
}

/**
 * [7.1.3] Whether the post allowance is payable for calendar month `month` (`YYYY-MM`): from the
 * month the appointment starts through the month it ends (whole months; proration, if any, is a
 * payroll concern). `endedOn` is null while the appointment is active.
 */
export function isAllowancePayable(startsOn: string, endedOn: string | null, month: string): boolean {
  parseLocalMonth(month);
  const startMonth = monthOfDate(startsOn);
  if (endedOn !== null) {
    parseLocalDate(endedOn, 'endedOn');
    if (endedOn < startsOn) throw new RangeError(`endedOn ${endedOn} is before startsOn ${startsOn}`);
  }
  return month >= startMonth && (endedOn === null || month <= monthOfDate(endedOn));
}

/** The payable months within [fromMonth, toMonth], oldest first. */
export function payableAllowanceMonths(startsOn: string, endedOn: string | null, fromMonth: string, toMonth: string): string[] {
  if (!isLocalMonth(fromMonth) || !isLocalMonth(toMonth)) {
    throw new RangeError(`fromMonth and toMonth must be months YYYY-MM, got "${fromMonth}", "${toMonth}"`);
  }
  const months: string[] = [];
  for (let month = fromMonth; month <= toMonth; month = addMonthsToMonth(month, 1)) {
    if (isAllowancePayable(startsOn, endedOn, month)) months.push(month);
  }
  return months;
}
