import fc from 'fast-check';
import { addDays, addMonthsToMonth, monthOfDate } from './local-date';
import {
  allowanceSchedule,
  appointmentTerms,
  csTenureEligible,
  csTenureEligibleFrom,
  type MonthlyGrade,
  termEndedByDGrades,
  termOfMonth,
} from './team-leader-appointment';

const dateArb = fc
  .record({ year: fc.integer({ min: 2000, max: 2040 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);

describe('appointmentTerms', () => {
  it('lists the first term and one year per extension, back to back', () => {
    expect(appointmentTerms('2026-01-01', '2026-12-31', 2)).toEqual([
      { index: 0, startsOn: '2026-01-01', endsOn: '2026-12-31' },
      { index: 1, startsOn: '2027-01-01', endsOn: '2027-12-31' },
      { index: 2, startsOn: '2028-01-01', endsOn: '2028-12-31' },
    ]);
  });

  it('terms never overlap and never leave a gap', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 360 }), fc.integer({ min: 0, max: 5 }), (start, days, extensions) => {
        const terms = appointmentTerms(start, addDays(start, days), extensions);
        expect(terms).toHaveLength(extensions + 1);
        for (let i = 1; i < terms.length; i += 1) expect(terms[i]!.startsOn).toBe(addDays(terms[i - 1]!.endsOn, 1));
      }),
    );
  });

  it('rejects a negative extension count', () => {
    expect(() => appointmentTerms('2026-01-01', '2026-12-31', -1)).toThrow(RangeError);
  });
});

describe('termOfMonth', () => {
  it('puts a month in the term containing its first day', () => {
    expect(termOfMonth('2026-01-01', '2026-12-31', 1, '2026-12')?.index).toBe(0);
    expect(termOfMonth('2026-01-01', '2026-12-31', 1, '2027-01')?.index).toBe(1);
  });

  it('counts the start month in the first term even when the term starts mid-month', () => {
    expect(termOfMonth('2026-03-15', '2027-03-14', 0, '2026-03')?.index).toBe(0);
  });

  it('answers null outside every term', () => {
    expect(termOfMonth('2026-01-01', '2026-12-31', 0, '2027-01')).toBeNull();
    expect(termOfMonth('2026-01-01', '2026-12-31', 0, '2025-12')).toBeNull();
  });
});

describe('termEndedByDGrades [9.2.2]', () => {
  it('a second D within the current term ends the appointment', () => {
    const grades = [
      { month: '2026-02', grade: 'D' as const },
      { month: '2026-05', grade: 'B' as const },
      { month: '2026-07', grade: 'D' as const },
    ];
    expect(termEndedByDGrades('2026-01-01', '2026-12-31', 0, grades)?.index).toBe(0);
  });

  it("D's in two different terms do not add up", () => {
    const grades = [
      { month: '2026-11', grade: 'D' as const },
      { month: '2027-02', grade: 'D' as const },
    ];
    expect(termEndedByDGrades('2026-01-01', '2026-12-31', 1, grades)).toBeNull();
  });

  it('ends exactly when some term holds two or more D grades', () => {
    const grade = fc.constantFrom<MonthlyGrade>('A', 'B', 'C', 'D');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 23 }), grade), { maxLength: 24 }), (pairs) => {
        const byMonth = new Map<string, MonthlyGrade>();
        for (const [offset, value] of pairs) {
          byMonth.set(`${2026 + Math.floor(offset / 12)}-${String((offset % 12) + 1).padStart(2, '0')}`, value);
        }
        const grades = [...byMonth].map(([month, value]) => ({ month, grade: value }));
        const dIn = (year: string): number => grades.filter((g) => g.grade === 'D' && g.month.startsWith(year)).length;
        const expected = dIn('2026') >= 2 || dIn('2027') >= 2;
        expect(termEndedByDGrades('2026-01-01', '2026-12-31', 1, grades) !== null).toBe(expected);
      }),
    );
  });
});

describe('allowanceSchedule [7.1.3]', () => {
  it('pays from the start month through the month the appointment ends, nothing from the month after', () => {
    const schedule = allowanceSchedule('2026-01-10', '2026-04-15', 80000n, '2025-12', '2026-06');
    expect(schedule.map((m) => [m.month, m.amountFen])).toEqual([
      ['2025-12', 0n],
      ['2026-01', 80000n],
      ['2026-02', 80000n],
      ['2026-03', 80000n],
      ['2026-04', 80000n],
      ['2026-05', 0n],
      ['2026-06', 0n],
    ]);
  });

  it('keeps paying while the appointment is active', () => {
    expect(allowanceSchedule('2026-01-01', null, 50000n, '2026-11', '2027-01').every((m) => m.payable)).toBe(true);
  });

  it('rejects reversed ranges, overlong ranges and negative amounts', () => {
    expect(() => allowanceSchedule('2026-01-01', null, 1n, '2026-05', '2026-04')).toThrow(RangeError);
    expect(() => allowanceSchedule('2026-01-01', null, 1n, '2000-01', '2026-04')).toThrow(RangeError);
    expect(() => allowanceSchedule('2026-01-01', null, -1n, '2026-01', '2026-04')).toThrow(RangeError);
  });

  it('the total due is the allowance times the payable months', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 400 }), fc.bigInt({ min: 0n, max: 10_000_000n }), (start, days, fen) => {
        const ended = addDays(start, days);
        const from = addMonthsToMonth(monthOfDate(start), -3);
        const schedule = allowanceSchedule(start, ended, fen, from, addMonthsToMonth(from, 100));
        const total = schedule.reduce((sum, m) => sum + m.amountFen, 0n);
        expect(total).toBe(fen * BigInt(schedule.filter((m) => m.payable).length));
      }),
    );
  });
});

describe('csTenureEligibleFrom [6.2.1]', () => {
  it('is the one-year anniversary of joining', () => {
    expect(csTenureEligibleFrom('2025-03-01')).toBe('2026-03-01');
    expect(csTenureEligibleFrom('2024-02-29')).toBe('2025-03-01');
  });

  it('agrees with csTenureEligible on every date', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -30, max: 800 }), (joined, offset) => {
        const asOf = addDays(joined, offset);
        expect(csTenureEligible(joined, asOf)).toBe(asOf >= csTenureEligibleFrom(joined));
      }),
    );
  });
});
