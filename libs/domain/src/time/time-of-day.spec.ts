import fc from 'fast-check';
import { TimeFormatError } from './time-errors';
import { formatTimeOfDay, isValidTimeOfDay, parseTimeOfDay } from './time-of-day';

describe('time of day', () => {
  it('parses HH:MM into minutes since midnight', () => {
    expect(parseTimeOfDay('00:00')).toBe(0);
    expect(parseTimeOfDay('09:00')).toBe(540);
    expect(parseTimeOfDay('17:45')).toBe(1065);
    expect(parseTimeOfDay('24:00')).toBe(1440);
  });

  it.each(['9:00', '24:01', '25:00', '12:60', '12:5', '1200', '', ' 09:00'])('rejects "%s"', (bad) => {
    expect(isValidTimeOfDay(bad)).toBe(false);
    expect(() => parseTimeOfDay(bad)).toThrow(TimeFormatError);
  });

  it('formats and parses back every minute of the day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1440 }), (minute) => {
        expect(parseTimeOfDay(formatTimeOfDay(minute))).toBe(minute);
      }),
    );
  });

  it('refuses to format a fraction or an out-of-day minute', () => {
    expect(() => formatTimeOfDay(1.5)).toThrow(TimeFormatError);
    expect(() => formatTimeOfDay(1441)).toThrow(TimeFormatError);
  });
});
