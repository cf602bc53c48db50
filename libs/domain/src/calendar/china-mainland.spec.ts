import { addDaysToLocalDate, weekdayOfLocalDate } from '../time/zoned-time';
import { HolidayDataUnavailableError } from './calendar-errors';
import { validateCalendar } from './calendar-validation';
import {
  CHINA_MAINLAND_HOLIDAY_YEARS,
  CHINA_MAINLAND_PUBLIC_HOLIDAYS,
  CHINA_MAINLAND_WORKING_HOURS,
  breakDates,
  chinaMainlandCalendar,
  chinaMainlandHolidayDates,
} from './china-mainland';
import { isWorkingDay, workingHoursOn } from './working-days';

const isWeekend = (date: string): boolean => weekdayOfLocalDate(date) >= 6;

function yearData(year: number) {
  const data = CHINA_MAINLAND_PUBLIC_HOLIDAYS.find((entry) => entry.year === year);
  if (data === undefined) throw new Error(`no data for ${year}`);
  return data;
}

describe('mainland China public holidays', () => {
  it('ships the current and the next year', () => {
    expect(CHINA_MAINLAND_HOLIDAY_YEARS).toEqual([2026, 2027]);
  });

  it('marks 2026 as official and 2027 as provisional', () => {
    expect(yearData(2026).provisional).toBe(false);
    expect(yearData(2027).provisional).toBe(true);
  });

  it.each(CHINA_MAINLAND_HOLIDAY_YEARS)('keeps every %i date inside its year, breaks in order', (year) => {
    const { holidays, adjustedWorkdays } = chinaMainlandHolidayDates(year);
    for (const date of [...holidays, ...adjustedWorkdays]) expect(date.startsWith(`${year}-`)).toBe(true);
    expect([...holidays].sort()).toEqual(holidays);
    expect(new Set(holidays).size).toBe(holidays.length);
  });

  it.each(CHINA_MAINLAND_HOLIDAY_YEARS)('never lists a %i date as both holiday and adjusted working day', (year) => {
    const { holidays, adjustedWorkdays } = chinaMainlandHolidayDates(year);
    expect(adjustedWorkdays.filter((date) => holidays.includes(date))).toEqual([]);
  });

  it.each(CHINA_MAINLAND_HOLIDAY_YEARS)('makes only weekend dates adjusted working days in %i', (year) => {
    expect(chinaMainlandHolidayDates(year).adjustedWorkdays.filter((date) => !isWeekend(date))).toEqual([]);
  });

  it('has the 2026 breaks of the State Council notice', () => {
    const breaks = yearData(2026).breaks.map((b) => [b.name.en, b.from, b.to, breakDates(b).length, b.adjustedWorkdays]);
    expect(breaks).toEqual([
      ["New Year's Day", '2026-01-01', '2026-01-03', 3, ['2026-01-04']],
      ['Spring Festival', '2026-02-15', '2026-02-23', 9, ['2026-02-14', '2026-02-28']],
      ['Qingming Festival', '2026-04-04', '2026-04-06', 3, []],
      ['Labour Day', '2026-05-01', '2026-05-05', 5, ['2026-05-09']],
      ['Dragon Boat Festival', '2026-06-19', '2026-06-21', 3, []],
      ['Mid-Autumn Festival', '2026-09-25', '2026-09-27', 3, []],
      ['National Day', '2026-10-01', '2026-10-07', 7, ['2026-09-20', '2026-10-10']],
    ]);
    expect(chinaMainlandHolidayDates(2026).holidays).toHaveLength(33);
  });

  it('covers the statutory days of 2026 inside the breaks', () => {
    // Lunar New Year 2026 is Feb 17 (eve Feb 16); Dragon Boat Jun 19; Mid-Autumn Sep 25.
    const statutory = [
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-04-05',
      '2026-05-01',
      '2026-05-02',
      '2026-06-19',
      '2026-09-25',
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
    ];
    const { holidays } = chinaMainlandHolidayDates(2026);
    expect(statutory.filter((date) => !holidays.includes(date))).toEqual([]);
  });

  it('joins each 2026 break to a weekend or another break (no stranded working day inside)', () => {
    for (const holidayBreak of yearData(2026).breaks) {
      const before = addDaysToLocalDate(holidayBreak.from, -1);
      const after = addDaysToLocalDate(holidayBreak.to, 1);
      const calendar = chinaMainlandCalendar([2026]);
      expect(breakDates(holidayBreak).every((date) => !isWorkingDay(calendar, date))).toBe(true);
      // Each break is bounded by working days or weekends, never by a lone weekday off.
      expect([before, after].every((date) => isWorkingDay(calendar, date) || isWeekend(date))).toBe(true);
    }
  });

  it('lists the 2027 statutory days only, with no adjusted working days yet', () => {
    const { holidays, adjustedWorkdays } = chinaMainlandHolidayDates(2027);
    expect(holidays).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
    expect(adjustedWorkdays).toEqual([]);
  });

  it('refuses a year without data', () => {
    expect(() => chinaMainlandHolidayDates(2031)).toThrow(HolidayDataUnavailableError);
    expect(() => chinaMainlandCalendar([2026, 2031])).toThrow(expect.objectContaining({ code: 'holiday_data_unavailable' }));
  });
});

describe('chinaMainlandCalendar', () => {
  const sut = chinaMainlandCalendar();

  it('is a valid calendar in Asia/Shanghai', () => {
    expect(sut.timeZone).toBe('Asia/Shanghai');
    expect(validateCalendar(sut)).toEqual([]);
  });

  it('works Monday to Friday 09:00–12:00 and 13:00–18:00 with a lunch break', () => {
    expect(workingHoursOn(sut, '2026-03-09')).toEqual(CHINA_MAINLAND_WORKING_HOURS);
    expect(workingHoursOn(sut, '2026-03-07')).toEqual([]);
    expect(workingHoursOn(sut, '2026-03-08')).toEqual([]);
  });

  it('works the adjusted Saturday 2026-02-14 and rests on Spring Festival weekdays', () => {
    expect(isWorkingDay(sut, '2026-02-14')).toBe(true);
    expect(workingHoursOn(sut, '2026-02-14')).toEqual(CHINA_MAINLAND_WORKING_HOURS);
    expect(isWorkingDay(sut, '2026-02-16')).toBe(false);
    expect(isWorkingDay(sut, '2026-02-23')).toBe(false);
    expect(isWorkingDay(sut, '2026-02-24')).toBe(true);
  });

  it('has 248 working days in 2026', () => {
    let workingDays = 0;
    for (let day = 0; day < 365; day += 1) {
      if (isWorkingDay(sut, addDaysToLocalDate('2026-01-01', day))) workingDays += 1;
    }
    expect(workingDays).toBe(248);
  });

  it('can be built for a single year', () => {
    const only2026 = chinaMainlandCalendar([2026]);
    expect(only2026.holidays).toHaveLength(33);
    expect(isWorkingDay(only2026, '2027-02-08')).toBe(true);
  });

  it('returns fresh data each time, so editing one calendar cannot change another', () => {
    const first = chinaMainlandCalendar();
    (first.weekHours[1] as Array<{ start: string; end: string }>).push({
      start: '19:00',
      end: '20:00',
    });
    expect(chinaMainlandCalendar().weekHours[1]).toEqual(CHINA_MAINLAND_WORKING_HOURS);
  });
});
