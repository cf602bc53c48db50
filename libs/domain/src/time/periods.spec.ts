import fc from 'fast-check';
import { TimeFormatError } from './time-errors';
import { addMonthsToMonthKey, monthDates, monthKey, monthRange, parseMonthKey, parseQuarter, quarterKey, quarterRange } from './periods';
import { formatLocalDate, localParts } from './zoned-time';

const SHANGHAI = 'Asia/Shanghai';
const BERLIN = 'Europe/Berlin';

describe('month keys', () => {
  it('takes the month of the local date, not the UTC date', () => {
    const lastEveningOfMarchUtc = new Date('2026-03-31T17:00:00Z');
    expect(monthKey(lastEveningOfMarchUtc, SHANGHAI)).toBe('2026-04');
    expect(monthKey(lastEveningOfMarchUtc, BERLIN)).toBe('2026-03');
    expect(monthKey(lastEveningOfMarchUtc)).toBe('2026-04');
  });

  it('parses strict YYYY-MM keys', () => {
    expect(parseMonthKey('2026-07')).toEqual({ year: 2026, month: 7 });
    for (const bad of ['2026-7', '2026-13', '2026-00', '26-07', '2026/07']) {
      expect(() => parseMonthKey(bad)).toThrow(TimeFormatError);
    }
  });

  it('adds months across year ends', () => {
    expect(addMonthsToMonthKey('2026-12', 1)).toBe('2027-01');
    expect(addMonthsToMonthKey('2026-01', -1)).toBe('2025-12');
    expect(addMonthsToMonthKey('2026-05', 24)).toBe('2028-05');
  });

  it('lists the first and last day of a month', () => {
    expect(monthDates('2026-02')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(monthDates('2028-02')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
  });

  it('gives a month as a half-open instant range at local midnights', () => {
    expect(monthRange('2026-03', SHANGHAI)).toEqual({
      start: new Date('2026-02-28T16:00:00Z'),
      end: new Date('2026-03-31T16:00:00Z'),
    });
    // Berlin's March contains the spring-forward change: the month is one hour shorter.
    const berlin = monthRange('2026-03', BERLIN);
    expect(berlin.start.toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(berlin.end.toISOString()).toBe('2026-03-31T22:00:00.000Z');
  });

  it('puts every instant into the range of its own month key (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01Z'),
          max: new Date('2050-01-01Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(SHANGHAI, BERLIN),
        (instant, zone) => {
          const range = monthRange(monthKey(instant, zone), zone);
          expect(range.start.getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(instant.getTime()).toBeLessThan(range.end.getTime());
        },
      ),
    );
  });
});

describe('quarters', () => {
  it('parses 2026-Q3 into July 1 .. September 30', () => {
    expect(parseQuarter('2026-Q3')).toEqual({
      year: 2026,
      quarter: 3,
      start: '2026-07-01',
      end: '2026-09-30',
    });
    expect(parseQuarter('2026-Q1')).toEqual({
      year: 2026,
      quarter: 1,
      start: '2026-01-01',
      end: '2026-03-31',
    });
    expect(parseQuarter('2026-Q4').end).toBe('2026-12-31');
  });

  it.each(['2026-Q0', '2026-Q5', '2026Q3', '2026-q3', '2026-3'])('rejects "%s"', (bad) => {
    expect(() => parseQuarter(bad)).toThrow(expect.objectContaining({ code: 'invalid_quarter_key' }));
  });

  it('names the quarter of an instant in the zone', () => {
    expect(quarterKey(new Date('2026-06-30T17:00:00Z'), SHANGHAI)).toBe('2026-Q3');
    expect(quarterKey(new Date('2026-06-30T17:00:00Z'), BERLIN)).toBe('2026-Q2');
  });

  it('gives a quarter as a half-open instant range', () => {
    const sut = quarterRange('2026-Q4', SHANGHAI);
    expect(formatLocalDate(sut.start, SHANGHAI)).toBe('2026-10-01');
    expect(localParts(sut.end, SHANGHAI)).toMatchObject({
      localDate: '2027-01-01',
      minuteOfDay: 0,
    });
  });
});
