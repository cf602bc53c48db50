import fc from 'fast-check';
import {
  csTenureEligible,
  extendAppointmentTerm,
  isAllowancePayable,
  latestAppointmentTermEnd,
  payableAllowanceMonths,
  shouldTerminateOnGrades,
  validateAppointmentTerm,
  type MonthlyGrade,
} from './team-leader-appointment';
import { addDays } from './local-date';

describe('shouldTerminateOnGrades', () => {
  it('terminates at the second D in the term', () => {
    expect(shouldTerminateOnGrades(['A', 'D', 'B', 'D'])).toBe(true);
    expect(shouldTerminateOnGrades(['D', 'D'])).toBe(true);
  });

  it('does not terminate on one D or none', () => {
    expect(shouldTerminateOnGrades([])).toBe(false);
    expect(shouldTerminateOnGrades(['D', 'C', 'C', 'C'])).toBe(false);
  });

  it('is true exactly when at least two grades are D', () => {
    const grade = fc.constantFrom<MonthlyGrade>('A', 'B', 'C', 'D');
    fc.assert(
      fc.property(fc.array(grade, { maxLength: 12 }), (grades) => {
        expect(shouldTerminateOnGrades(grades)).toBe(grades.filter((value) => value === 'D').length >= 2);
      }),
    );
  });
});

describe('validateAppointmentTerm', () => {
  it('accepts a calendar-year term', () => {
    expect(validateAppointmentTerm('2026-01-01', '2026-12-31')).toEqual([]);
  });

  it('accepts a shorter term', () => {
    expect(validateAppointmentTerm('2026-07-01', '2026-12-31')).toEqual([]);
  });

  it('rejects a term of one year and one day', () => {
    expect(validateAppointmentTerm('2026-01-01', '2027-01-01')).toEqual([
      expect.objectContaining({ code: 'TERM_TOO_LONG', field: 'endsOn', message: expect.stringContaining('2026-12-31') }),
    ]);
  });

  it('rejects an end on or before the start', () => {
    expect(validateAppointmentTerm('2026-01-01', '2026-01-01').map((p) => p.code)).toEqual(['TERM_NOT_AFTER_START']);
    expect(validateAppointmentTerm('2026-01-02', '2026-01-01').map((p) => p.code)).toEqual(['TERM_NOT_AFTER_START']);
  });

  it('rejects impossible dates, naming the field', () => {
    expect(validateAppointmentTerm('2026-02-30', '2026-13-01')).toEqual([
      expect.objectContaining({ code: 'TERM_DATE_INVALID', field: 'startsOn' }),
      expect.objectContaining({ code: 'TERM_DATE_INVALID', field: 'endsOn' }),
    ]);
  });

  it('a term starting on 29 February may end on 28 February of the next year', () => {
    expect(latestAppointmentTermEnd('2024-02-29')).toBe('2025-02-28');
    expect(validateAppointmentTerm('2024-02-29', '2025-02-28')).toEqual([]);
    expect(validateAppointmentTerm('2024-02-29', '2025-03-01').map((p) => p.code)).toEqual(['TERM_TOO_LONG']);
  });

  it('a term starting on 1 March before a leap day may end on 29 February', () => {
    expect(latestAppointmentTermEnd('2023-03-01')).toBe('2024-02-29');
  });

  it('the latest end is always valid and the day after it never is', () => {
    const date = fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
      .map((value) => value.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, (startsOn) => {
        const latest = latestAppointmentTermEnd(startsOn);
        expect(validateAppointmentTerm(startsOn, latest)).toEqual([]);
        expect(validateAppointmentTerm(startsOn, addDays(latest, 1)).map((p) => p.code)).toEqual(['TERM_TOO_LONG']);
        // A one-year term is 365 or 366 days long.
        const days = (Date.parse(`${latest}T00:00:00Z`) - Date.parse(`${startsOn}T00:00:00Z`)) / 86_400_000 + 1;
        expect([365, 366]).toContain(days);
      }),
    );
  });
});

describe('extendAppointmentTerm', () => {
  it('extends a calendar-year term by one year', () => {
    expect(extendAppointmentTerm('2026-12-31', 1)).toBe('2027-12-31');
  });
  it('keeps the end of February when the next year is a leap year', () => {
    expect(extendAppointmentTerm('2027-02-28', 1)).toBe('2028-02-29');
  });
  it('zero years changes nothing', () => {
    expect(extendAppointmentTerm('2026-06-30', 0)).toBe('2026-06-30');
  });
  it('rejects negative years', () => {
    expect(() => extendAppointmentTerm('2026-06-30', -1)).toThrow(RangeError);
  });
});

describe('csTenureEligible', () => {
  it('requires one full year in the CS department', () => {
    expect(csTenureEligible('2025-01-15', '2026-01-14')).toBe(false);
    expect(csTenureEligible('2025-01-15', '2026-01-15')).toBe(true);
    expect(csTenureEligible('2025-01-15', '2030-01-01')).toBe(true);
  });
  it('someone who joined on 29 February completes the year on 1 March', () => {
    expect(csTenureEligible('2024-02-29', '2025-02-28')).toBe(false);
    expect(csTenureEligible('2024-02-29', '2025-03-01')).toBe(true);
  });
  it('a future join date is not eligible', () => {
    expect(csTenureEligible('2027-01-01', '2026-01-01')).toBe(false);
  });
  it('rejects malformed dates', () => {
    expect(() => csTenureEligible('2025-1-1', '2026-01-01')).toThrow(/joinedOn/);
  });
});

describe('isAllowancePayable', () => {
  it('is payable from the start month while the appointment is active', () => {
    expect(isAllowancePayable('2026-01-10', null, '2025-12')).toBe(false);
    expect(isAllowancePayable('2026-01-10', null, '2026-01')).toBe(true);
    expect(isAllowancePayable('2026-01-10', null, '2031-06')).toBe(true);
  });

  it('stops from the month after the appointment ends', () => {
    expect(isAllowancePayable('2026-01-01', '2026-05-10', '2026-05')).toBe(true);
    expect(isAllowancePayable('2026-01-01', '2026-05-10', '2026-06')).toBe(false);
    expect(isAllowancePayable('2026-01-01', '2026-05-31', '2026-06')).toBe(false);
  });

  it('rejects malformed input', () => {
    expect(() => isAllowancePayable('2026-01-01', null, '2026-13')).toThrow(RangeError);
    expect(() => isAllowancePayable('2026-05-01', '2026-04-30', '2026-05')).toThrow(RangeError);
  });

  it('lists the payable months in a range', () => {
    expect(payableAllowanceMonths('2026-03-15', '2026-06-01', '2026-01', '2026-08')).toEqual(['2026-03', '2026-04', '2026-05', '2026-06']);
    expect(payableAllowanceMonths('2026-11-01', null, '2026-10', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });
});
