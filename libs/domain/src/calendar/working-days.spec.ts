import { BusinessCalendar, WeekHours, WorkingHours } from './business-calendar';
import { InvalidCalendarError } from './calendar-errors';
import { isWorkingDay, workingHoursOn, workingIntervals } from './working-days';

const MORNING_AND_AFTERNOON: WorkingHours[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];
const OFFICE_WEEK: WeekHours = {
  1: MORNING_AND_AFTERNOON,
  2: MORNING_AND_AFTERNOON,
  3: MORNING_AND_AFTERNOON,
  4: MORNING_AND_AFTERNOON,
  5: MORNING_AND_AFTERNOON,
  6: [],
  7: [],
};

const sut: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  weekHours: OFFICE_WEEK,
  holidays: ['2026-02-16', '2026-02-21'],
  adjustedWorkdays: ['2026-02-14'],
};

describe('isWorkingDay', () => {
  it('counts an ordinary weekday as working', () => {
    expect(isWorkingDay(sut, '2026-02-13')).toBe(true);
  });

  it('counts a weekend day as off', () => {
    expect(isWorkingDay(sut, '2026-02-15')).toBe(false);
  });

  it('counts a holiday on a weekday as off', () => {
    expect(isWorkingDay(sut, '2026-02-16')).toBe(false);
  });

  it('counts a holiday on a weekend as off', () => {
    expect(isWorkingDay(sut, '2026-02-21')).toBe(false);
  });

  it('counts an adjusted Saturday (调休) as working', () => {
    expect(isWorkingDay(sut, '2026-02-14')).toBe(true);
  });

  it('refuses to answer for an invalid calendar', () => {
    expect(() => isWorkingDay({ ...sut, timeZone: 'Nowhere' }, '2026-02-13')).toThrow(InvalidCalendarError);
  });
});

describe('workingHoursOn', () => {
  it('gives an adjusted workday the hours of a Monday', () => {
    expect(workingHoursOn(sut, '2026-02-14')).toEqual(MORNING_AND_AFTERNOON);
  });

  it('gives an adjusted workday its own hours when the calendar sets them', () => {
    const halfDay = [{ start: '09:00', end: '12:00' }];
    expect(workingHoursOn({ ...sut, adjustedWorkdayHours: halfDay }, '2026-02-14')).toEqual(halfDay);
  });

  it('gives a holiday no hours', () => {
    expect(workingHoursOn(sut, '2026-02-16')).toEqual([]);
  });
});

describe('workingIntervals', () => {
  it('turns local hours into instants in the calendar zone', () => {
    expect(workingIntervals(sut, '2026-02-13')).toEqual([
      { start: new Date('2026-02-13T01:00:00Z'), end: new Date('2026-02-13T04:00:00Z') },
      { start: new Date('2026-02-13T05:00:00Z'), end: new Date('2026-02-13T10:00:00Z') },
    ]);
  });

  it('is empty on a day off', () => {
    expect(workingIntervals(sut, '2026-02-15')).toEqual([]);
  });

  it('shortens a period that spans the Berlin spring-forward hour', () => {
    const night = [{ start: '01:00', end: '04:00' }];
    const berlin: BusinessCalendar = {
      timeZone: 'Europe/Berlin',
      weekHours: { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: night },
      holidays: [],
      adjustedWorkdays: [],
    };
    const [interval] = workingIntervals(berlin, '2026-03-29');
    expect(interval).toEqual({
      start: new Date('2026-03-29T00:00:00Z'),
      end: new Date('2026-03-29T02:00:00Z'),
    });
  });

  it('drops a period that lies entirely inside the spring-forward gap', () => {
    const berlin: BusinessCalendar = {
      timeZone: 'Europe/Berlin',
      weekHours: {
        1: [],
        2: [],
        3: [],
        4: [],
        5: [],
        6: [],
        7: [{ start: '02:00', end: '03:00' }],
      },
      holidays: [],
      adjustedWorkdays: [],
    };
    expect(workingIntervals(berlin, '2026-03-29')).toEqual([]);
    expect(workingIntervals(berlin, '2026-04-05')).toHaveLength(1);
  });
});
