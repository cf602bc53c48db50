import fc from 'fast-check';
import { PercentFormatError } from './money-errors';
import { formatPercentHundredths, parsePercent } from './percent';

describe('parsePercent', () => {
  it.each([
    ['33.33', 3333],
    ['50', 5000],
    ['12.5', 1250],
    ['0', 0],
    ['100', 10000],
    ['100.00', 10000],
    ['0.01', 1],
  ])('reads "%s" as %p hundredths', (input, hundredths) => {
    expect(parsePercent(input)).toBe(hundredths);
  });

  it.each(['100.01', '101', '-5', '33.333', '1e2', '33,3', '', '.5', '50%'])('rejects "%s"', (input) => {
    expect(() => parsePercent(input)).toThrow(PercentFormatError);
  });

  it('formats and parses back every percentage (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10000 }), (hundredths) => {
        expect(parsePercent(formatPercentHundredths(hundredths))).toBe(hundredths);
      }),
    );
  });

  it('formats hundredths with two decimals', () => {
    expect(formatPercentHundredths(3333)).toBe('33.33');
    expect(formatPercentHundredths(5)).toBe('0.05');
    expect(() => formatPercentHundredths(-1)).toThrow(RangeError);
  });
});
