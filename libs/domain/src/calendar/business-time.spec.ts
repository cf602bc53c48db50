import fc from 'fast-check';
import { formatLocalDate, localParts, zonedInstant } from '../time/zoned-time';
import { parseTimeOfDay } from '../time/time-of-day';
import { BusinessCalendar, WeekHours, WorkingHours } from './business-calendar';
import {
  addBusinessMinutes,
  addWorkingDays,
  businessMinutesBetween,
  isWorkingInstant,
  nextWorkingDay,
  previousWorkingDay,
  subtractBusinessMinutes,
  subtractWorkingDays,
} from './business-time';
import { InvalidCalendarError, NoWorkingTimeError } from './calendar-errors';
import { chinaMainlandCalendar } from './china-mainland';
import { workingIntervals } from './working-days';

const NINE_TO_SIX: WorkingHours[] = [{ start: '09:00', end: '18:00' }];
const ALL_DAY: WorkingHours[] = [{ start: '00:00', end: '24:00' }];

function weekdaysOnly(hours: WorkingHours[]): WeekHours {
  return { 1: hours, 2: hours, 3: hours, 4: hours, 5: hours, 6: [], 7: [] };
}

const officeCalendar: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  weekHours: weekdaysOnly(NINE_TO_SIX),
  holidays: [],
  adjustedWorkdays: [],
};
const china = chinaMainlandCalendar();
const roundTheClock: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weekHours: { 1: ALL_DAY, 2: ALL_DAY, 3: ALL_DAY, 4: ALL_DAY, 5: ALL_DAY, 6: ALL_DAY, 7: ALL_DAY },
  holidays: [],
  adjustedWorkdays: [],
};
// Night and Sunday hours so that working periods straddle Berlin's DST changes.
const berlinShifts: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weekHours: {
    1: [
      { start: '00:30', end: '03:30' },
      { start: '08:00', end: '12:00' },
    ],
    2: NINE_TO_SIX,
    3: NINE_TO_SIX,
    4: NINE_TO_SIX,
    5: NINE_TO_SIX,
    6: [],
    7: [{ start: '01:00', end: '04:00' }],
  },
  holidays: ['2026-12-25'],
  adjustedWorkdays: [],
};

/** An instant written as local wall time, e.g. at(cal, '2026-02-13', '17:00'). */
function at(calendar: BusinessCalendar, localDate: string, time: string): Date {
  return zonedInstant(localDate, parseTimeOfDay(time), calendar.timeZone);
}

/** 'YYYY-MM-DD HH:MM' on the calendar's wall clock. */
function wallClock(calendar: BusinessCalendar, instant: Date): string {
  const parts = localParts(instant, calendar.timeZone);
  return `${parts.localDate} ${String(parts.hour).padStart(2, '0')}:${String(parts.minute).padStart(2, '0')}`;
}

describe('addBusinessMinutes', () => {
  it('carries four business hours from Friday 17:00 over the weekend to Monday 12:00', () => {
    const sut = addBusinessMinutes(officeCalendar, at(officeCalendar, '2026-03-06', '17:00'), 240);
    expect(wallClock(officeCalendar, sut)).toBe('2026-03-09 12:00');
  });

  it('lands on Saturday 12:00 when that Saturday is an adjusted working day', () => {
    const calendar = { ...officeCalendar, adjustedWorkdays: ['2026-03-07'] };
    const sut = addBusinessMinutes(calendar, at(calendar, '2026-03-06', '17:00'), 240);
    expect(wallClock(calendar, sut)).toBe('2026-03-07 12:00');
  });

  it('stays within the same period when there is room', () => {
    expect(wallClock(officeCalendar, addBusinessMinutes(officeCalendar, at(officeCalendar, '2026-03-09', '10:15'), 30))).toBe(
      '2026-03-09 10:45',
    );
  });

  it('ends at 18:00 (not the next morning) when the minutes use up the day exactly', () => {
    expect(wallClock(officeCalendar, addBusinessMinutes(officeCalendar, at(officeCalendar, '2026-03-09', '14:00'), 240))).toBe(
      '2026-03-09 18:00',
    );
  });

  it('starts counting at opening time when received before hours', () => {
    expect(wallClock(officeCalendar, addBusinessMinutes(officeCalendar, at(officeCalendar, '2026-03-09', '06:00'), 60))).toBe(
      '2026-03-09 10:00',
    );
  });

  it('skips the lunch break', () => {
    expect(wallClock(china, addBusinessMinutes(china, at(china, '2026-03-09', '11:30'), 60))).toBe('2026-03-09 13:30');
  });

  it('returns the start unchanged for zero minutes, even outside working time', () => {
    const saturday = at(officeCalendar, '2026-03-07', '10:00');
    expect(addBusinessMinutes(officeCalendar, saturday, 0)).toEqual(saturday);
  });

  it('keeps the seconds of the start', () => {
    const start = new Date(at(officeCalendar, '2026-03-09', '10:00').getTime() + 42_500);
    expect(addBusinessMinutes(officeCalendar, start, 5).getTime() - start.getTime()).toBe(5 * 60_000);
  });

  it('uses the adjusted Saturday before the Spring Festival: 4 h from Friday 2026-02-13 17:00 is Saturday 12:00', () => {
    expect(wallClock(china, addBusinessMinutes(china, at(china, '2026-02-13', '17:00'), 240))).toBe('2026-02-14 12:00');
  });

  it('jumps the nine-day Spring Festival break when Saturday is used up', () => {
    // 1 h Friday + 8 h on the adjusted Saturday, then the break (Feb 15–23), then 1 h on Tuesday.
    expect(wallClock(china, addBusinessMinutes(china, at(china, '2026-02-13', '17:00'), 600))).toBe('2026-02-24 10:00');
  });

  it('counts fifteen working days across the Spring Festival', () => {
    // Feb 9–13, Sat 14, Feb 24–27, Sat 28, Mar 2–5 are the fifteen working days.
    const sut = addBusinessMinutes(china, at(china, '2026-02-09', '09:00'), 15 * 8 * 60);
    expect(wallClock(china, sut)).toBe('2026-03-05 18:00');
  });

  it('handles durations of years without stepping minute by minute', () => {
    const sut = addBusinessMinutes(officeCalendar, at(officeCalendar, '2026-01-05', '09:00'), 5 * 52 * 9 * 60);
    // 52 weeks of five days from Monday 2026-01-05 end on Friday 2027-01-01.
    expect(wallClock(officeCalendar, sut)).toBe('2027-01-01 18:00');
  });

  it('throws a typed error for a calendar without any working hours', () => {
    const closed: BusinessCalendar = { ...officeCalendar, weekHours: weekdaysOnly([]) };
    expect(() => addBusinessMinutes(closed, at(closed, '2026-03-09', '09:00'), 60)).toThrow(NoWorkingTimeError);
  });

  it('gives up after two years of holidays instead of looping forever', () => {
    const holidays = Array.from({ length: 1000 }, (_, day) => formatLocalDate(new Date(Date.UTC(2026, 0, 1 + day, 4)), 'Asia/Shanghai'));
    const shut: BusinessCalendar = { ...officeCalendar, holidays };
    expect(() => addBusinessMinutes(shut, at(shut, '2026-01-01', '09:00'), 60)).toThrow(
      expect.objectContaining({ code: 'no_working_time' }),
    );
    expect(() => subtractBusinessMinutes(shut, at(shut, '2028-09-01', '09:00'), 60)).toThrow(NoWorkingTimeError);
  });

  it('rejects negative or fractional minutes and invalid calendars', () => {
    const start = at(officeCalendar, '2026-03-09', '09:00');
    expect(() => addBusinessMinutes(officeCalendar, start, -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(officeCalendar, start, 1.5)).toThrow(RangeError);
    expect(() => addBusinessMinutes(officeCalendar, new Date(Number.NaN), 1)).toThrow(RangeError);
    expect(() => addBusinessMinutes({ ...officeCalendar, holidays: ['soon'] }, start, 1)).toThrow(InvalidCalendarError);
  });

  it('counts real elapsed time across the Berlin spring-forward night (01:00–04:00 holds two hours)', () => {
    const sut = addBusinessMinutes(berlinShifts, at(berlinShifts, '2026-03-29', '01:00'), 150);
    // 120 minutes on Sunday night, then 30 from Monday 00:30.
    expect(wallClock(berlinShifts, sut)).toBe('2026-03-30 01:00');
  });

  it('counts the repeated hour of the Berlin fall-back night (01:00–04:00 holds four hours)', () => {
    expect(businessMinutesBetween(berlinShifts, at(berlinShifts, '2026-10-25', '00:00'), at(berlinShifts, '2026-10-25', '12:00'))).toBe(
      240,
    );
  });
});

describe('subtractBusinessMinutes', () => {
  it('goes back from Monday 12:00 over the weekend to Friday 17:00', () => {
    expect(wallClock(officeCalendar, subtractBusinessMinutes(officeCalendar, at(officeCalendar, '2026-03-09', '12:00'), 240))).toBe(
      '2026-03-06 17:00',
    );
  });

  it('goes back over the Spring Festival to the adjusted Saturday', () => {
    expect(wallClock(china, subtractBusinessMinutes(china, at(china, '2026-02-24', '10:00'), 120))).toBe('2026-02-14 17:00');
  });

  it('ends at the opening time when the minutes use up the day exactly', () => {
    expect(wallClock(china, subtractBusinessMinutes(china, at(china, '2026-03-10', '18:00'), 480))).toBe('2026-03-10 09:00');
  });

  it('returns the end unchanged for zero minutes', () => {
    const sunday = at(officeCalendar, '2026-03-08', '10:00');
    expect(subtractBusinessMinutes(officeCalendar, sunday, 0)).toEqual(sunday);
  });
});

describe('businessMinutesBetween', () => {
  it('counts only working time between two instants', () => {
    expect(businessMinutesBetween(china, at(china, '2026-03-06', '17:00'), at(china, '2026-03-09', '10:00'))).toBe(120);
  });

  it('is zero across a holiday break', () => {
    expect(businessMinutesBetween(china, at(china, '2026-02-14', '18:00'), at(china, '2026-02-24', '09:00'))).toBe(0);
  });

  it('is negative when the end comes first', () => {
    expect(businessMinutesBetween(china, at(china, '2026-03-09', '10:00'), at(china, '2026-03-06', '17:00'))).toBe(-120);
  });

  it('keeps fractions of a minute', () => {
    const start = at(china, '2026-03-09', '10:00');
    expect(businessMinutesBetween(china, start, new Date(start.getTime() + 30_000))).toBe(0.5);
  });

  it('counts a whole 2026 mainland working year: 248 days of 8 hours', () => {
    expect(businessMinutesBetween(china, at(china, '2026-01-01', '00:00'), at(china, '2027-01-01', '00:00'))).toBe(248 * 480);
  });
});

describe('working days', () => {
  it('finds the next working day after the Spring Festival break', () => {
    expect(nextWorkingDay(china, '2026-02-14')).toBe('2026-02-24');
    expect(nextWorkingDay(china, '2026-02-13')).toBe('2026-02-14');
  });

  it('finds the previous working day before the break', () => {
    expect(previousWorkingDay(china, '2026-02-24')).toBe('2026-02-14');
    expect(previousWorkingDay(china, '2026-01-05')).toBe('2026-01-04');
  });

  it('moves to the same local time on a later working day', () => {
    expect(wallClock(china, addWorkingDays(china, at(china, '2026-02-13', '15:00'), 2))).toBe('2026-02-24 15:00');
  });

  it('moves to the same local time on an earlier working day', () => {
    expect(wallClock(china, subtractWorkingDays(china, at(china, '2026-02-24', '15:00'), 1))).toBe('2026-02-14 15:00');
    expect(wallClock(china, addWorkingDays(china, at(china, '2026-03-09', '12:00'), -1))).toBe('2026-03-06 12:00');
  });

  it('counts from a day off to the next working day as one', () => {
    expect(wallClock(china, addWorkingDays(china, at(china, '2026-03-07', '10:00'), 1))).toBe('2026-03-09 10:00');
  });

  it('keeps the same wall-clock time across a DST change', () => {
    const sut = addWorkingDays(berlinShifts, at(berlinShifts, '2026-03-27', '15:00'), 1);
    expect(wallClock(berlinShifts, sut)).toBe('2026-03-29 15:00');
  });

  it('returns the start for zero days', () => {
    const start = at(china, '2026-03-07', '10:00');
    expect(addWorkingDays(china, start, 0)).toEqual(start);
  });

  it('throws when there is no working day to find', () => {
    const closed: BusinessCalendar = { ...officeCalendar, weekHours: weekdaysOnly([]) };
    expect(() => nextWorkingDay(closed, '2026-03-09')).toThrow(NoWorkingTimeError);
  });
});

describe('business time properties', () => {
  const calendars: Array<[string, BusinessCalendar]> = [
    ['the Monday–Friday office', officeCalendar],
    ['mainland China 2026–2027', china],
    ['Berlin shifts across DST', berlinShifts],
  ];
  const instantArb = fc.date({
    min: new Date('2025-12-01T00:00:00Z'),
    max: new Date('2027-12-31T00:00:00Z'),
    noInvalidDate: true,
  });
  const minutesArb = fc.integer({ min: 0, max: 15 * 9 * 60 });

  function isIntervalEnd(calendar: BusinessCalendar, instant: Date): boolean {
    const date = formatLocalDate(instant, calendar.timeZone);
    const previous = formatLocalDate(new Date(instant.getTime() - 86_400_000), calendar.timeZone);
    return [previous, date].some((day) => workingIntervals(calendar, day).some((interval) => interval.end.getTime() === instant.getTime()));
  }

  describe.each(calendars)('with %s', (_name, calendar) => {
    it('never moves earlier when more minutes are added', () => {
      fc.assert(
        fc.property(instantArb, minutesArb, minutesArb, (start, a, b) => {
          const [fewer, more] = a <= b ? [a, b] : [b, a];
          expect(addBusinessMinutes(calendar, start, fewer).getTime()).toBeLessThanOrEqual(
            addBusinessMinutes(calendar, start, more).getTime(),
          );
        }),
        { numRuns: 60 },
      );
    });

    it('measures back exactly the minutes that were added', () => {
      fc.assert(
        fc.property(instantArb, minutesArb, (start, minutes) => {
          expect(businessMinutesBetween(calendar, start, addBusinessMinutes(calendar, start, minutes))).toBe(minutes);
        }),
        { numRuns: 60 },
      );
    });

    it('lands inside a working period or exactly at its end', () => {
      fc.assert(
        fc.property(instantArb, fc.integer({ min: 1, max: 15 * 9 * 60 }), (start, minutes) => {
          const deadline = addBusinessMinutes(calendar, start, minutes);
          expect(isWorkingInstant(calendar, deadline) || isIntervalEnd(calendar, deadline)).toBe(true);
        }),
        { numRuns: 60 },
      );
    });

    it('adds in steps the same as at once', () => {
      fc.assert(
        fc.property(instantArb, minutesArb, minutesArb, (start, a, b) => {
          const stepwise = addBusinessMinutes(calendar, addBusinessMinutes(calendar, start, a), b);
          expect(stepwise).toEqual(addBusinessMinutes(calendar, start, a + b));
        }),
        { numRuns: 60 },
      );
    });

    it('undoes an addition by subtracting from a working instant', () => {
      fc.assert(
        fc.property(instantArb, minutesArb, (start, minutes) => {
          fc.pre(isWorkingInstant(calendar, start));
          expect(subtractBusinessMinutes(calendar, addBusinessMinutes(calendar, start, minutes), minutes)).toEqual(start);
        }),
        { numRuns: 40 },
      );
    });

    it('measures back exactly the minutes that were subtracted', () => {
      fc.assert(
        fc.property(instantArb, minutesArb, (end, minutes) => {
          expect(businessMinutesBetween(calendar, subtractBusinessMinutes(calendar, end, minutes), end)).toBe(minutes);
        }),
        { numRuns: 60 },
      );
    });
  });

  it('equals plain elapsed time on a round-the-clock calendar, DST included', () => {
    fc.assert(
      fc.property(instantArb, minutesArb, (start, minutes) => {
        expect(addBusinessMinutes(roundTheClock, start, minutes).getTime()).toBe(start.getTime() + minutes * 60_000);
      }),
      { numRuns: 60 },
    );
  });
});
