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

/** One term of an appointment; `index` 0 is the first term, each extension [8.3] adds one. */
export interface AppointmentTermWindow {
  index: number;
  startsOn: string;
  endsOn: string;
}

/**
 * The consecutive terms of an appointment: the first runs [startsOn, firstTermEndsOn]; each
 * automatic extension [8.3] adds a term from the day after the previous end, one year long.
 */
export function appointmentTerms(startsOn: string, firstTermEndsOn: string, extensions: number): AppointmentTermWindow[] {
  parseLocalDate(startsOn, 'startsOn');
  parseLocalDate(firstTermEndsOn, 'firstTermEndsOn');
  if (firstTermEndsOn < startsOn) throw new RangeError(`firstTermEndsOn ${firstTermEndsOn} is before startsOn ${startsOn}`);
  if (!Number.isInteger(extensions) || extensions < 0) {
    throw new RangeError(`extensions must be a non-negative integer, got ${extensions}`);
  }
  const terms: AppointmentTermWindow[] = [{ index: 0, startsOn, endsOn: firstTermEndsOn }];
  for (let index = 1; index <= extensions; index += 1) {
    const previous = terms[index - 1]!;
    terms.push({ index, startsOn: addDays(previous.endsOn, 1), endsOn: extendAppointmentTerm(previous.endsOn, 1) });
  }
  return terms;
}

/**
 * The term a monthly grade for `month` (`YYYY-MM`) counts in [9.2.2 聘期内]: the term containing the
 * first day of the month, or — for the month the appointment starts in — the first term. Null
 * when the month lies outside every term.
 */
export function termOfMonth(startsOn: string, firstTermEndsOn: string, extensions: number, month: string): AppointmentTermWindow | null {
  parseLocalMonth(month);
  const terms = appointmentTerms(startsOn, firstTermEndsOn, extensions);
  const firstDay = `${month}-01`;
  const day = firstDay < startsOn && month === monthOfDate(startsOn) ? startsOn : firstDay;
  return terms.find((term) => day >= term.startsOn && day <= term.endsOn) ?? null;
}

export interface RecordedMonthlyGrade {
  month: string;
  grade: MonthlyGrade;
}

/**
 * [9.2.2] Whether the grades recorded so far make the appointment end automatically: two D's in
 * one term (grades of other terms do not add up). Returns the term that holds them, or null.
 */
export function termEndedByDGrades(
  startsOn: string,
  firstTermEndsOn: string,
  extensions: number,
  grades: readonly RecordedMonthlyGrade[],
): AppointmentTermWindow | null {
  const byTerm = new Map<number, MonthlyGrade[]>();
  const terms = appointmentTerms(startsOn, firstTermEndsOn, extensions);
  for (const recorded of grades) {
    const term = termOfMonth(startsOn, firstTermEndsOn, extensions, recorded.month);
    if (term === null) continue;
    byTerm.set(term.index, [...(byTerm.get(term.index) ?? []), recorded.grade]);
  }
  return terms.find((term) => shouldTerminateOnGrades(byTerm.get(term.index) ?? [])) ?? null;
}

export interface AllowanceMonth {
  month: string;
  payable: boolean;
  /** Fen (1/100 yuan) due for the month: the monthly allowance when payable, else 0. */
  amountFen: bigint;
}

/**
 * [7.1.3] The allowance schedule for [fromMonth, toMonth]: the full monthly allowance for every
 * month from the start month through the month the appointment ends, nothing from the month
 * after. At most 120 months per call (a schedule is for display, not for bulk payroll).
 */
export function allowanceSchedule(
  startsOn: string,
  endedOn: string | null,
  monthlyAllowanceFen: bigint,
  fromMonth: string,
  toMonth: string,
): AllowanceMonth[] {
  if (monthlyAllowanceFen < 0n) throw new RangeError('monthlyAllowanceFen must not be negative');
  if (!isLocalMonth(fromMonth) || !isLocalMonth(toMonth)) {
    throw new RangeError(`fromMonth and toMonth must be months YYYY-MM, got "${fromMonth}", "${toMonth}"`);
  }
  if (fromMonth > toMonth) throw new RangeError(`fromMonth ${fromMonth} is after toMonth ${toMonth}`);
  const months: AllowanceMonth[] = [];
  for (let month = fromMonth; month <= toMonth; month = addMonthsToMonth(month, 1)) {
    if (months.length >= MAX_ALLOWANCE_SCHEDULE_MONTHS) {
      throw new RangeError(`a schedule covers at most ${MAX_ALLOWANCE_SCHEDULE_MONTHS} months`);
    }
    const payable = isAllowancePayable(startsOn, endedOn, month);
    months.push({ month, payable, amountFen: payable ? monthlyAllowanceFen : 0n });
  }
  return months;
}

export const MAX_ALLOWANCE_SCHEDULE_MONTHS = 120;

/** [6.2.1] The first day a person who joined the CS department on `joinedOn` is eligible. */
export function csTenureEligibleFrom(joinedOn: string): string {
  return monthAnniversary(joinedOn, MIN_CS_TENURE_MONTHS);
}
