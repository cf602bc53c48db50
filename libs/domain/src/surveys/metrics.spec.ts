import fc from 'fast-check';
import { meetsTarget, netPromoterScore, percentOrNull } from './metrics';

describe('survey ratios', () => {
  it('is null, not 0 or NaN, when there is nothing to divide by', () => {
    expect(percentOrNull(0, 0)).toBeNull();
    expect(netPromoterScore([])).toBeNull();
    expect(meetsTarget(null, 95)).toBeNull();
  });

  it('rounds percentages to two places', () => {
    expect(percentOrNull(1, 3)).toBe(33.33);
    expect(percentOrNull(2, 3)).toBe(66.67);
    expect(percentOrNull(19, 20)).toBe(95);
    expect(meetsTarget(95, 95)).toBe(true);
    expect(meetsTarget(94.99, 95)).toBe(false);
  });

  it('computes NPS as promoters minus detractors', () => {
    expect(netPromoterScore([10, 9, 8, 7, 0])).toBe(20);
    expect(netPromoterScore([0, 6])).toBe(-100);
  });

  it('stays within 0–100 and NPS within −100–100', () => {
    fc.assert(
      fc.property(fc.nat(10000), fc.nat(10000), (a, b) => {
        const [part, whole] = a <= b ? [a, b] : [b, a];
        const p = percentOrNull(part, whole);
        if (whole === 0) expect(p).toBeNull();
        else {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(100);
        }
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1 }), (scores) => {
        const n = netPromoterScore(scores)!;
        expect(n).toBeGreaterThanOrEqual(-100);
        expect(n).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('rejects a part larger than the whole', () => {
    expect(() => percentOrNull(3, 2)).toThrow(RangeError);
  });
});
