import fc from 'fast-check';
import { addDays, addMonthsToMonth, completeMonthsBetween, isLocalDate, monthAnniversary, parseLocalDate } from './local-date';

const dateArb = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
  .map((value) => value.toISOString().slice(0, 10));

describe('local dates', () => {
  it('validates calendar dates', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-04-31')).toBe(false);
    expect(isLocalDate('2025-4-1')).toBe(false);
    expect(isLocalDate('2025-04-01T00:00')).toBe(false);
    expect(() => parseLocalDate('nope', 'since')).toThrow(/since/);
  });

  it('adds days across months and years', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('shifts months', () => {
    expect(addMonthsToMonth('2026-01', -1)).toBe('2025-12');
    expect(addMonthsToMonth('2026-11', 14)).toBe('2028-01');
  });

  it('an anniversary in a shorter month rolls to the 1st of the next month', () => {
    expect(monthAnniversary('2025-01-31', 1)).toBe('2025-03-01');
    expect(monthAnniversary('2024-02-29', 12)).toBe('2025-03-01');
    expect(monthAnniversary('2024-02-29', 48)).toBe('2028-02-29');
    expect(monthAnniversary('2025-01-15', 1)).toBe('2025-02-15');
  });

  it('counts complete months', () => {
    expect(completeMonthsBetween('2025-01-31', '2025-02-28')).toBe(0);
    expect(completeMonthsBetween('2025-01-31', '2025-03-01')).toBe(1);
    expect(completeMonthsBetween('2025-07-01', '2026-06-30')).toBe(11);
    expect(completeMonthsBetween('2025-07-01', '2026-07-01')).toBe(12);
    expect(completeMonthsBetween('2026-07-01', '2025-07-01')).toBe(0);
  });

  it('complete months agree with anniversaries', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        const [start, asOf] = a <= b ? [a, b] : [b, a];
        const months = completeMonthsBetween(start, asOf);
        expect(monthAnniversary(start, months) <= asOf).toBe(true);
        expect(monthAnniversary(start, months + 1) > asOf).toBe(true);
      }),
    );
  });

  it('addDays round-trips', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -1000, max: 1000 }), (date, days) => {
        expect(addDays(addDays(date, days), -days)).toBe(date);
      }),
    );
  });
});
