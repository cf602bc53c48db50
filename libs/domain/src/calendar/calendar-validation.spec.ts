import { BusinessCalendar, WeekHours, WorkingHours } from './business-calendar';
import { assertValidCalendar, validateCalendar } from './calendar-validation';
import { InvalidCalendarError } from './calendar-errors';

const NINE_TO_SIX: WorkingHours[] = [{ start: '09:00', end: '18:00' }];
const OFFICE_WEEK: WeekHours = {
  1: NINE_TO_SIX,
  2: NINE_TO_SIX,
  3: NINE_TO_SIX,
  4: NINE_TO_SIX,
  5: NINE_TO_SIX,
  6: [],
  7: [],
};

function calendarWith(overrides: Partial<BusinessCalendar> = {}): BusinessCalendar {
  return {
    timeZone: 'Asia/Shanghai',
    weekHours: OFFICE_WEEK,
    holidays: [],
    adjustedWorkdays: [],
    ...overrides,
  };
}

function fieldsOf(calendar: BusinessCalendar): string[] {
  return validateCalendar(calendar).map((problem) => problem.field);
}

describe('validateCalendar', () => {
  it('accepts a Monday–Friday office calendar with a holiday and an adjusted Saturday', () => {
    expect(validateCalendar(calendarWith({ holidays: ['2026-02-16'], adjustedWorkdays: ['2026-02-14'] }))).toEqual([]);
  });

  it('accepts a round-the-clock calendar ending at 24:00', () => {
    const allDay = [{ start: '00:00', end: '24:00' }];
    const weekHours: WeekHours = {
      1: allDay,
      2: allDay,
      3: allDay,
      4: allDay,
      5: allDay,
      6: allDay,
      7: allDay,
    };
    expect(validateCalendar(calendarWith({ weekHours }))).toEqual([]);
  });

  it('accepts back-to-back periods that touch', () => {
    const split = [
      { start: '09:00', end: '12:00' },
      { start: '12:00', end: '18:00' },
    ];
    expect(validateCalendar(calendarWith({ weekHours: { ...OFFICE_WEEK, 1: split } }))).toEqual([]);
  });

  it('rejects an unknown time zone', () => {
    expect(fieldsOf(calendarWith({ timeZone: 'Asia/Beijing' }))).toEqual(['timeZone']);
  });

  it.each([
    ['9:00', '18:00', 'weekHours.1[0].start'],
    ['09:00', '18:60', 'weekHours.1[0].end'],
    ['24:00', '24:00', 'weekHours.1[0].start'],
  ])('rejects a malformed time %s–%s', (start, end, field) => {
    expect(fieldsOf(calendarWith({ weekHours: { ...OFFICE_WEEK, 1: [{ start, end }] } }))).toContain(field);
  });

  it('rejects a period that ends at or before its start', () => {
    const weekHours = {
      ...OFFICE_WEEK,
      2: [{ start: '18:00', end: '09:00' }],
      3: [{ start: '09:00', end: '09:00' }],
    };
    expect(fieldsOf(calendarWith({ weekHours }))).toEqual(['weekHours.2[0]', 'weekHours.3[0]']);
  });

  it('rejects overlapping and unsorted periods', () => {
    const overlapping = [
      { start: '09:00', end: '13:00' },
      { start: '12:00', end: '18:00' },
    ];
    const unsorted = [
      { start: '13:00', end: '18:00' },
      { start: '09:00', end: '12:00' },
    ];
    expect(fieldsOf(calendarWith({ weekHours: { ...OFFICE_WEEK, 1: overlapping, 2: unsorted } }))).toEqual([
      'weekHours.1[1]',
      'weekHours.2[1]',
    ]);
  });

  it('rejects a weekday without a list of hours', () => {
    const weekHours = { ...OFFICE_WEEK } as Partial<Record<number, unknown>>;
    delete weekHours[7];
    expect(fieldsOf(calendarWith({ weekHours: weekHours as WeekHours }))).toEqual(['weekHours.7']);
  });

  it('rejects malformed and duplicate dates', () => {
    const calendar = calendarWith({
      holidays: ['2026-02-16', '2026-2-17', '2026-02-16', '2026-02-30'],
    });
    expect(fieldsOf(calendar)).toEqual(['holidays[1]', 'holidays[2]', 'holidays[3]']);
  });

  it('rejects a date that is both a holiday and an adjusted working day', () => {
    const problems = validateCalendar(calendarWith({ holidays: ['2026-02-14'], adjustedWorkdays: ['2026-02-14'] }));
    expect(problems).toEqual([
      {
        field: 'adjustedWorkdays[0]',
        problem: '2026-02-14 is both a holiday and an adjusted working day',
      },
    ]);
  });

  it('rejects an adjusted working day that is already a working weekday', () => {
    expect(fieldsOf(calendarWith({ adjustedWorkdays: ['2026-02-13'] }))).toEqual(['adjustedWorkdays[0]']);
  });

  it('rejects adjusted working days when there are no hours to give them', () => {
    const weekHours = { ...OFFICE_WEEK, 1: [] };
    expect(fieldsOf(calendarWith({ weekHours, adjustedWorkdays: ['2026-02-14'] }))).toEqual(['adjustedWorkdays[0]']);
    expect(
      validateCalendar(
        calendarWith({
          weekHours,
          adjustedWorkdays: ['2026-02-14'],
          adjustedWorkdayHours: NINE_TO_SIX,
        }),
      ),
    ).toEqual([]);
  });

  it('checks explicit adjusted-workday hours like weekday hours', () => {
    const adjustedWorkdayHours = [{ start: '10:00', end: '09:00' }];
    expect(fieldsOf(calendarWith({ adjustedWorkdayHours }))).toEqual(['adjustedWorkdayHours[0]']);
  });

  it('lists every problem at once', () => {
    const calendar = calendarWith({
      timeZone: 'Nowhere',
      holidays: ['x'],
      adjustedWorkdays: ['y'],
    });
    expect(fieldsOf(calendar)).toEqual(['timeZone', 'holidays[0]', 'adjustedWorkdays[0]']);
  });
});

describe('assertValidCalendar', () => {
  it('throws a typed error carrying the problems', () => {
    expect(() => assertValidCalendar(calendarWith({ timeZone: 'Nowhere' }))).toThrow(InvalidCalendarError);
    try {
      assertValidCalendar(calendarWith({ timeZone: 'Nowhere' }));
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_calendar', problems: [{ field: 'timeZone' }] });
    }
  });

  it('passes a valid calendar', () => {
    expect(() => assertValidCalendar(calendarWith())).not.toThrow();
  });
});
