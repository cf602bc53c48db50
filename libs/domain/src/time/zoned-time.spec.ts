import fc from 'fast-check';
import { TimeFormatError } from './time-errors';
import {
  DEFAULT_BUSINESS_TIME_ZONE,
  addDaysToLocalDate,
  daysBetweenLocalDates,
  formatLocalDate,
  isValidLocalDate,
  isValidTimeZone,
  localParts,
  parseLocalDate,
  weekdayOfLocalDate,
  zonedInstant,
  zonedInstantsOnDate,
} from './zoned-time';

const SHANGHAI = 'Asia/Shanghai';
const BERLIN = 'Europe/Berlin';

describe('localParts', () => {
  it('defaults to the Asia/Shanghai business zone', () => {
    expect(DEFAULT_BUSINESS_TIME_ZONE).toBe(SHANGHAI);
    expect(localParts(new Date('2026-02-13T09:00:00Z')).localDate).toBe('2026-02-13');
  });

  it('reads the Shanghai wall clock eight hours ahead of UTC', () => {
    const sut = localParts(new Date('2026-02-13T09:00:30.250Z'), SHANGHAI);
    expect(sut).toEqual({
      year: 2026,
      month: 2,
      day: 13,
      weekday: 5,
      hour: 17,
      minute: 0,
      second: 30,
      millisecond: 250,
      minuteOfDay: 17 * 60,
      millisecondOfDay: 17 * 3_600_000 + 30_250,
      localDate: '2026-02-13',
    });
  });

  it('rolls over to the next local date after 16:00 UTC in Shanghai', () => {
    const sut = localParts(new Date('2026-12-31T16:00:00Z'), SHANGHAI);
    expect(sut.localDate).toBe('2027-01-01');
    expect(sut.minuteOfDay).toBe(0);
    expect(sut.weekday).toBe(5);
  });

  it('reports midnight as hour 0, not 24', () => {
    expect(localParts(new Date('2026-06-30T22:00:00Z'), BERLIN).hour).toBe(0);
  });

  it('follows Berlin summer and winter time', () => {
    expect(localParts(new Date('2026-01-15T12:00:00Z'), BERLIN).hour).toBe(13);
    expect(localParts(new Date('2026-07-15T12:00:00Z'), BERLIN).hour).toBe(14);
  });

  it('numbers weekdays from Monday = 1 to Sunday = 7', () => {
    expect(localParts(new Date('2026-03-02T04:00:00Z'), SHANGHAI).weekday).toBe(1);
    expect(localParts(new Date('2026-03-08T04:00:00Z'), SHANGHAI).weekday).toBe(7);
  });

  it('rejects an invalid Date and an unknown zone with typed errors', () => {
    expect(() => localParts(new Date('nope'), SHANGHAI)).toThrow(TimeFormatError);
    expect(() => localParts(new Date(), 'Mars/Olympus_Mons')).toThrow(expect.objectContaining({ code: 'invalid_time_zone' }));
  });
});

describe('isValidTimeZone', () => {
  it.each([SHANGHAI, BERLIN, 'UTC', 'America/New_York'])('accepts %s', (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });

  it.each(['', 'Mars/Olympus_Mons', 'GMT+25'])('rejects "%s"', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});

describe('zonedInstant', () => {
  it('builds 09:00 Shanghai as 01:00 UTC', () => {
    expect(zonedInstant('2026-02-16', 9 * 60, SHANGHAI).toISOString()).toBe('2026-02-16T01:00:00.000Z');
  });

  it('uses the winter offset in January and the summer offset in July in Berlin', () => {
    expect(zonedInstant('2026-01-15', 9 * 60, BERLIN).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(zonedInstant('2026-07-15', 9 * 60, BERLIN).toISOString()).toBe('2026-07-15T07:00:00.000Z');
  });

  it('resolves the hour before and after the Berlin spring-forward change on 2026-03-29', () => {
    expect(zonedInstant('2026-03-29', 60 + 59, BERLIN).toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(zonedInstant('2026-03-29', 3 * 60, BERLIN).toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('moves a wall time inside the spring-forward gap forward by the gap', () => {
    // 02:30 does not exist; it becomes 03:30 CEST.
    const sut = zonedInstant('2026-03-29', 2 * 60 + 30, BERLIN);
    expect(sut.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(localParts(sut, BERLIN).minuteOfDay).toBe(3 * 60 + 30);
  });

  it('picks the earlier instant for a wall time repeated in the fall-back overlap', () => {
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET) on 2026-10-25.
    expect(zonedInstant('2026-10-25', 2 * 60 + 30, BERLIN).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedInstant('2026-10-25', 3 * 60, BERLIN).toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('treats minute 1440 as the next local midnight', () => {
    expect(zonedInstant('2026-02-28', 1440, SHANGHAI)).toEqual(zonedInstant('2026-03-01', 0, SHANGHAI));
  });

  it('keeps seconds given as a fractional minute', () => {
    expect(zonedInstant('2026-02-16', 9 * 60 + 0.5, SHANGHAI).toISOString()).toBe('2026-02-16T01:00:30.000Z');
  });

  it('rejects minutes outside the day and bad dates', () => {
    expect(() => zonedInstant('2026-02-16', -1, SHANGHAI)).toThrow(TimeFormatError);
    expect(() => zonedInstant('2026-02-16', 1441, SHANGHAI)).toThrow(TimeFormatError);
    expect(() => zonedInstant('2026-02-30', 0, SHANGHAI)).toThrow(TimeFormatError);
  });

  const instantArb = fc.date({
    min: new Date('1990-01-01T00:00:00Z'),
    max: new Date('2060-12-31T00:00:00Z'),
    noInvalidDate: true,
  });

  it.each([SHANGHAI, BERLIN, 'America/New_York'])('reproduces the wall clock of any instant in %s (property)', (zone) => {
    fc.assert(
      fc.property(instantArb, (instant) => {
        const parts = localParts(instant, zone);
        const rebuilt = zonedInstant(parts.localDate, parts.millisecondOfDay / 60_000, zone);
        const again = localParts(rebuilt, zone);
        expect(again.localDate).toBe(parts.localDate);
        expect(again.millisecondOfDay).toBe(parts.millisecondOfDay);
        // Only the second pass through a fall-back hour maps to a different (earlier) instant.
        expect(rebuilt.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime() - rebuilt.getTime()).toBeLessThanOrEqual(3_600_000);
      }),
    );
  });

  it('is an exact inverse of localParts in Shanghai, which has no DST (property)', () => {
    fc.assert(
      fc.property(instantArb, (instant) => {
        const parts = localParts(instant, SHANGHAI);
        expect(zonedInstant(parts.localDate, parts.millisecondOfDay / 60_000, SHANGHAI)).toEqual(instant);
      }),
    );
  });
});

describe('zonedInstantsOnDate', () => {
  it.each([SHANGHAI, BERLIN, 'America/New_York'])(
    'agrees with zonedInstant for every wall time of a date in %s, DST days included (property)',
    (zone) => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 3 * 365 }),
          fc.array(fc.integer({ min: 0, max: 1440 }), { maxLength: 6 }),
          (dayOffset, minutes) => {
            const date = addDaysToLocalDate('2025-12-01', dayOffset);
            expect(zonedInstantsOnDate(date, minutes, zone)).toEqual(minutes.map((minute) => zonedInstant(date, minute, zone)));
          },
        ),
      );
    },
  );

  it('handles the Berlin spring-forward day itself', () => {
    expect(zonedInstantsOnDate('2026-03-29', [60, 150, 180], BERLIN).map((d) => d.toISOString())).toEqual([
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
    ]);
  });

  it('rejects minutes outside the day', () => {
    expect(() => zonedInstantsOnDate('2026-07-01', [1441], SHANGHAI)).toThrow(TimeFormatError);
  });
});

describe('local dates', () => {
  it('formats the local date of an instant', () => {
    expect(formatLocalDate(new Date('2026-02-13T16:30:00Z'), SHANGHAI)).toBe('2026-02-14');
    expect(formatLocalDate(new Date('2026-02-13T16:30:00Z'), BERLIN)).toBe('2026-02-13');
  });

  it('parses strict YYYY-MM-DD calendar dates', () => {
    expect(parseLocalDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '20260101', '2026-01-01T00:00', '']) {
      expect(isValidLocalDate(bad)).toBe(false);
    }
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDaysToLocalDate('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDaysToLocalDate('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDaysToLocalDate('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDaysToLocalDate('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDaysToLocalDate('2026-03-28', 2)).toBe('2026-03-30'); // across Berlin DST: dates have no zone
  });

  it('knows the weekday of a local date', () => {
    expect(weekdayOfLocalDate('2026-02-13')).toBe(5);
    expect(weekdayOfLocalDate('2026-02-14')).toBe(6);
    expect(weekdayOfLocalDate('2026-02-15')).toBe(7);
    expect(weekdayOfLocalDate('2026-02-16')).toBe(1);
  });

  it('counts days between local dates, consistent with addDays (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20_000, max: 20_000 }), (days) => {
        const later = addDaysToLocalDate('2026-06-15', days);
        expect(daysBetweenLocalDates('2026-06-15', later)).toBe(days);
        // 2026-06-15 is a Monday.
        expect(weekdayOfLocalDate(later)).toBe((((days % 7) + 7) % 7) + 1);
      }),
    );
  });
});
