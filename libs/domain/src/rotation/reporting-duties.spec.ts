import {
  expenseClaimDeadlines,
  expenseClaimStatus,
  monthsMissingBy,
  weekStartOf,
  weeklyReportDeadlines,
  weeklyReportStatus,
  weeksMissingBy,
} from './reporting-duties';

describe('weekly report deadlines', () => {
  const week = weeklyReportDeadlines('2026-11-09'); // Monday

  it('the weekly report is due Monday 13:00 in the business time zone (Asia/Shanghai)', () => {
    expect(week.dueAt.toISOString()).toBe('2026-11-16T05:00:00.000Z');
  });

  it('none by the next Monday 13:00 → missing', () => {
    expect(week.missingAt.toISOString()).toBe('2026-11-23T05:00:00.000Z');
  });

  it('a report at 13:00 sharp is on time; one minute later is late', () => {
    expect(weeklyReportStatus(week, new Date('2026-11-16T05:00:00Z'), new Date('2026-11-30T00:00:00Z'))).toBe('on_time');
    expect(weeklyReportStatus(week, new Date('2026-11-16T05:01:00Z'), new Date('2026-11-30T00:00:00Z'))).toBe('late');
  });

  it('an absent report is pending before the due time, overdue after it, missing after the next Monday 13:00', () => {
    expect(weeklyReportStatus(week, null, new Date('2026-11-16T04:59:00Z'))).toBe('pending');
    expect(weeklyReportStatus(week, null, new Date('2026-11-16T05:01:00Z'))).toBe('overdue');
    expect(weeklyReportStatus(week, null, new Date('2026-11-23T05:00:00Z'))).toBe('missing');
  });

  it('honours another business time zone', () => {
    expect(weeklyReportDeadlines('2026-11-09', 'Europe/Berlin').dueAt.toISOString()).toBe('2026-11-16T12:00:00.000Z');
  });

  it('rejects a week that does not start on a Monday', () => {
    expect(() => weeklyReportDeadlines('2026-11-10')).toThrow(/Monday/);
    expect(() => weeklyReportDeadlines('2026-13-01')).toThrow(RangeError);
  });

  it('finds the Monday of any date', () => {
    expect(weekStartOf('2026-11-15')).toBe('2026-11-09');
    expect(weekStartOf('2026-11-09')).toBe('2026-11-09');
  });

  it('lists the weeks that have become missing, newest first', () => {
    // Monday 2026-11-23 12:00 local: the week of 11-09 becomes missing only at 13:00.
    expect(weeksMissingBy(new Date('2026-11-23T04:00:00Z'), 2).map((w) => w.weekStart)).toEqual(['2026-11-02', '2026-10-26']);
    expect(weeksMissingBy(new Date('2026-11-23T05:00:00Z'), 2).map((w) => w.weekStart)).toEqual(['2026-11-09', '2026-11-02']);
  });
});

describe('expense claim deadlines', () => {
  it('expense claims for a month are due by the 10th of the next month (end of day, local time)', () => {
    const october = expenseClaimDeadlines('2026-10');
    expect(october.dueAt.toISOString()).toBe('2026-11-10T16:00:00.000Z');
    expect(expenseClaimStatus(october, new Date('2026-11-10T15:59:59Z'), new Date('2026-12-01T00:00:00Z'))).toBe('on_time');
    expect(expenseClaimStatus(october, new Date('2026-11-10T16:00:00Z'), new Date('2026-12-01T00:00:00Z'))).toBe('late');
  });

  it('a December claim is due in January of the next year', () => {
    expect(expenseClaimDeadlines('2026-12').dueAt.toISOString()).toBe('2027-01-10T16:00:00.000Z');
  });

  it('an absent claim is pending until the deadline, then missing', () => {
    const october = expenseClaimDeadlines('2026-10');
    expect(expenseClaimStatus(october, null, new Date('2026-11-10T15:00:00Z'))).toBe('pending');
    expect(expenseClaimStatus(october, null, new Date('2026-11-10T16:00:00Z'))).toBe('missing');
  });

  it('lists the months whose claim has become missing, newest first', () => {
    expect(monthsMissingBy(new Date('2026-11-10T15:00:00Z'), 2).map((m) => m.month)).toEqual(['2026-09', '2026-08']);
    expect(monthsMissingBy(new Date('2026-11-10T16:00:00Z'), 2).map((m) => m.month)).toEqual(['2026-10', '2026-09']);
  });

  it('rejects a malformed month', () => {
    expect(() => expenseClaimDeadlines('2026-13')).toThrow(RangeError);
  });
});
