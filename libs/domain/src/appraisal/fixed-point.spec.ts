import fc from 'fast-check';
import { divideRoundHalfUp, toHundredths } from './fixed-point';

describe('fixed point', () => {
  it('reads two-decimal numbers exactly and rejects more decimals', () => {
    expect(toHundredths(0.29)).toBe(29);
    expect(toHundredths(87.555)).toBeNull();
    expect(toHundredths(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('divides rounding half away from zero', () => {
    expect(divideRoundHalfUp(5, 10)).toBe(1);
    expect(divideRoundHalfUp(4, 10)).toBe(0);
    expect(divideRoundHalfUp(-5, 10)).toBe(-1);
    expect(divideRoundHalfUp(15, 10)).toBe(2);
  });

  it('matches exact rational rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 1e6 }), (numerator, denominator) => {
        const expected =
          BigInt(numerator) >= 0n
            ? (2n * BigInt(numerator) + BigInt(denominator)) / (2n * BigInt(denominator))
            : -((2n * -BigInt(numerator) + BigInt(denominator)) / (2n * BigInt(denominator)));
        expect(divideRoundHalfUp(numerator, denominator)).toBe(Number(expected));
      }),
    );
  });
});
