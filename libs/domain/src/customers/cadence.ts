/**
 * Visit and verification cadences [001 篇六, 篇八 6.5]: a customer whose project was delivered
 * less than a year ago is visited monthly, older ones (and customers without a delivered
 * project) quarterly; every archive is re-verified each quarter.
 */
export type VisitCadence = 'monthly' | 'quarterly';

export const REVERIFY_EVERY_MONTHS = 3;

/** Adds calendar months to an ISO date, clamping to the month's last day (Jan 31 + 1 → Feb 28/29). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export function visitCadence(projectDeliveredOn: string | null, today: string): VisitCadence {
  return projectDeliveredOn !== null && projectDeliveredOn > addMonths(today, -12) ? 'monthly' : 'quarterly';
}

/** The date the next visit is due: a cadence after the last visit (or after the archive was opened). */
export function nextVisitDue(input: {
  lastVisitOn: string | null;
  openedOn: string;
  projectDeliveredOn: string | null;
  today: string;
}): string {
  const from = input.lastVisitOn ?? input.openedOn;
  return addMonths(from, visitCadence(input.projectDeliveredOn, input.today) === 'monthly' ? 1 : 3);
}

export function reverificationDue(verifiedOn: string): string {
  return addMonths(verifiedOn, REVERIFY_EVERY_MONTHS);
}
