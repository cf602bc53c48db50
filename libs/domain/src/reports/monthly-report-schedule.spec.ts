import fc from 'fast-check';
import { addMonthsToMonthKey, monthKey } from '../time';
import { MONTHLY_REPORT_CATCH_UP_MONTHS, monthlyReportsDue } from './monthly-report-schedule';

const TZ = 'Asia/Shanghai';

describe('monthlyReportsDue', () => {
  it('is due for the previous month as soon as the month has ended in the business time zone', () => {
    // 2026-11-30T16:00Z is 2026-12-01 00:00 in Shanghai.
    expect(monthlyReportsDue({ now: new Date('2026-11-30T15:59:59Z'), timeZone: TZ, existing: [], earliestDataMonth: null })).toEqual([
      '2026-10',
    ]);
    expect(monthlyReportsDue({ now: new Date('2026-11-30T16:00:00Z'), timeZone: TZ, existing: [], earliestDataMonth: null })).toEqual([
      '2026-11',
    ]);
  });

  it('is idempotent: nothing is due when the previous month has a report', () => {
    expect(
      monthlyReportsDue({ now: new Date('2026-12-05T00:00:00Z'), timeZone: TZ, existing: ['2026-11'], earliestDataMonth: '2026-11' }),
    ).toEqual([]);
  });

  it('catches up every missing month since the earliest data after downtime, at most twelve back', () => {
    expect(
      monthlyReportsDue({ now: new Date('2026-12-05T00:00:00Z'), timeZone: TZ, existing: ['2026-09'], earliestDataMonth: '2026-08' }),
    ).toEqual(['2026-08', '2026-10', '2026-11']);
    const due = monthlyReportsDue({ now: new Date('2026-12-05T00:00:00Z'), timeZone: TZ, existing: [], earliestDataMonth: '2020-01' });
    expect(due).toHaveLength(MONTHLY_REPORT_CATCH_UP_MONTHS);
    expect(due[0]).toBe('2025-12');
  });

  it('property: due months are finished, missing, ascending, within the catch-up window, and include the previous month unless stored', () => {
    const month = fc
      .integer({ min: 2020 * 12, max: 2030 * 12 })
      .map((i) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2021-01-01T00:00:00Z'), max: new Date('2029-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.array(month, { maxLength: 20 }),
        fc.option(month, { nil: null }),
        (now, existing, earliest) => {
          const due = monthlyReportsDue({ now, timeZone: TZ, existing, earliestDataMonth: earliest });
          const current = monthKey(now, TZ);
          const previous = addMonthsToMonthKey(current, -1);
          const oldest = addMonthsToMonthKey(previous, -(MONTHLY_REPORT_CATCH_UP_MONTHS - 1));
          for (const m of due) {
            expect(m < current).toBe(true);
            expect(m >= oldest).toBe(true);
            expect(existing).not.toContain(m);
          }
          expect([...due].sort()).toEqual(due);
          expect(new Set(due).size).toBe(due.length);
          expect(due.includes(previous)).toBe(!existing.includes(previous));
          // Running again after storing what was due leaves nothing to do.
          expect(monthlyReportsDue({ now, timeZone: TZ, existing: [...existing, ...due], earliestDataMonth: earliest })).toEqual([]);
        },
      ),
    );
  });
});
