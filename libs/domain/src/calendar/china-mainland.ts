import { LocalDate, addDaysToLocalDate, daysBetweenLocalDates } from '../time/zoned-time';
import { BusinessCalendar, WorkingHours } from './business-calendar';
import { HolidayDataUnavailableError } from './calendar-errors';

export const CHINA_MAINLAND_TIME_ZONE = 'Asia/Shanghai';

/**
 * 09:00–12:00 and 13:00–18:00: the statutory 8-hour day with the usual mainland one-hour lunch
 * break, so a business-clock deadline does not run while the office is at lunch. Deployments
 * with other hours edit the calendar; this is only the shipped default.
 */
export const CHINA_MAINLAND_WORKING_HOURS: readonly WorkingHours[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];

/** One public-holiday break and the weekend days worked to make up for it (调休). */
export interface PublicHolidayBreak {
  name: { zh: string; en: string };
  /** First day off. */
  from: LocalDate;
  /** Last day off (inclusive). */
  to: LocalDate;
  /** Weekend dates that are working days because of this break. */
  adjustedWorkdays: readonly LocalDate[];
}

export interface PublicHolidayYear {
  year: number;
  /** True while the State Council notice for the year is not yet published/entered. */
  provisional: boolean;
  source: string;
  breaks: readonly PublicHolidayBreak[];
}

const NEW_YEAR = { zh: '元旦', en: "New Year's Day" };
const SPRING_FESTIVAL = { zh: '春节', en: 'Spring Festival' };
const QINGMING = { zh: '清明节', en: 'Qingming Festival' };
const LABOUR_DAY = { zh: '劳动节', en: 'Labour Day' };
const DRAGON_BOAT = { zh: '端午节', en: 'Dragon Boat Festival' };
const MID_AUTUMN = { zh: '中秋节', en: 'Mid-Autumn Festival' };
const NATIONAL_DAY = { zh: '国庆节', en: 'National Day' };

/**
 * Mainland China public holidays (editable data; the API seeds its calendars from it).
 *
 * 2027 is PROVISIONAL: only the statutory days off (全国年节及纪念日放假办法, 2024 revision) are
 * listed. When the State Council publishes its 2027 arrangement (usually in November), replace the
 * 2027 breaks with the official ones — including the bridging days off and the adjusted working
 * days (调休), which cannot be derived — and set `provisional: false`.
 */
export const CHINA_MAINLAND_PUBLIC_HOLIDAYS: readonly PublicHolidayYear[] = [
  {
    year: 2026,
    provisional: false,
    source: '国务院办公厅关于2026年部分节假日安排的通知 (State Council General Office, November 2025)',
    breaks: [
      { name: NEW_YEAR, from: '2026-01-01', to: '2026-01-03', adjustedWorkdays: ['2026-01-04'] },
      {
        name: SPRING_FESTIVAL,
        from: '2026-02-15',
        to: '2026-02-23',
        adjustedWorkdays: ['2026-02-14', '2026-02-28'],
      },
      { name: QINGMING, from: '2026-04-04', to: '2026-04-06', adjustedWorkdays: [] },
      { name: LABOUR_DAY, from: '2026-05-01', to: '2026-05-05', adjustedWorkdays: ['2026-05-09'] },
      { name: DRAGON_BOAT, from: '2026-06-19', to: '2026-06-21', adjustedWorkdays: [] },
      { name: MID_AUTUMN, from: '2026-09-25', to: '2026-09-27', adjustedWorkdays: [] },
      {
        name: NATIONAL_DAY,
        from: '2026-10-01',
        to: '2026-10-07',
        adjustedWorkdays: ['2026-09-20', '2026-10-10'],
      },
    ],
  },
  {
    year: 2027,
    // Statutory days only; edit in the official arrangement and adjusted working days when published.
    provisional: true,
    source: 'Statutory holidays (全国年节及纪念日放假办法); official 2027 arrangement not yet entered',
    breaks: [
      { name: NEW_YEAR, from: '2027-01-01', to: '2027-01-01', adjustedWorkdays: [] },
      // Lunar New Year's Eve (Feb 5) + the first three days of the lunar year (Feb 6–8).
      { name: SPRING_FESTIVAL, from: '2027-02-05', to: '2027-02-08', adjustedWorkdays: [] },
      { name: QINGMING, from: '2027-04-05', to: '2027-04-05', adjustedWorkdays: [] },
      { name: LABOUR_DAY, from: '2027-05-01', to: '2027-05-02', adjustedWorkdays: [] },
      // Lunar 5/5.
      { name: DRAGON_BOAT, from: '2027-06-09', to: '2027-06-09', adjustedWorkdays: [] },
      // Lunar 8/15.
      { name: MID_AUTUMN, from: '2027-09-15', to: '2027-09-15', adjustedWorkdays: [] },
      { name: NATIONAL_DAY, from: '2027-10-01', to: '2027-10-03', adjustedWorkdays: [] },
    ],
  },
];

/** Years for which holiday data is shipped. */
export const CHINA_MAINLAND_HOLIDAY_YEARS: readonly number[] = CHINA_MAINLAND_PUBLIC_HOLIDAYS.map((y) => y.year);

/** Every date of a break, first to last. */
export function breakDates(holidayBreak: PublicHolidayBreak): LocalDate[] {
  const length = daysBetweenLocalDates(holidayBreak.from, holidayBreak.to) + 1;
  return Array.from({ length }, (_, index) => addDaysToLocalDate(holidayBreak.from, index));
}

/** Holidays and adjusted working days of one shipped year. */
export function chinaMainlandHolidayDates(year: number): {
  holidays: LocalDate[];
  adjustedWorkdays: LocalDate[];
} {
  const data = CHINA_MAINLAND_PUBLIC_HOLIDAYS.find((entry) => entry.year === year);
  if (data === undefined) throw new HolidayDataUnavailableError(year);
  return {
    holidays: data.breaks.flatMap(breakDates),
    adjustedWorkdays: data.breaks.flatMap((holidayBreak) => [...holidayBreak.adjustedWorkdays]).sort(),
  };
}

/**
 * The mainland China business calendar for the given years: Monday–Friday with
 * CHINA_MAINLAND_WORKING_HOURS, weekends off, plus each year's holidays and adjusted working days.
 * Dates outside the given years fall back to the weekly hours only.
 */
export function chinaMainlandCalendar(years: readonly number[] = CHINA_MAINLAND_HOLIDAY_YEARS): BusinessCalendar {
  const selected = [...new Set(years)].sort((a, b) => a - b).map(chinaMainlandHolidayDates);
  const workday = (): WorkingHours[] => CHINA_MAINLAND_WORKING_HOURS.map((period) => ({ ...period }));
  return {
    timeZone: CHINA_MAINLAND_TIME_ZONE,
    weekHours: {
      1: workday(),
      2: workday(),
      3: workday(),
      4: workday(),
      5: workday(),
      6: [],
      7: [],
    },
    holidays: selected.flatMap((year) => year.holidays),
    adjustedWorkdays: selected.flatMap((year) => year.adjustedWorkdays),
  };
}
