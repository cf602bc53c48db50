import fc from 'fast-check';
import { regionClass, staffedAsClass, staffingRule } from './region-class';

describe('regionClass', () => {
  it.each([
    [250_000, false, 1],
    [200_000, false, 1],
    [199_999, false, 2],
    [199_999, true, 1],
    [100_000, true, 1],
    [100_000, false, 2],
    [99_999, true, 3],
    [0, false, 3],
  ] as const)('%i units, high-failure models %s → class %i', (salesUnits, highFailureModels, expected) => {
    expect(regionClass({ salesUnits, highFailureModels })).toBe(expected);
  });

  it('rejects negative or non-finite sales', () => {
    expect(() => regionClass({ salesUnits: -1, highFailureModels: false })).toThrow(RangeError);
    expect(() => regionClass({ salesUnits: Number.NaN, highFailureModels: false })).toThrow(RangeError);
  });

  it('more sales never lower the class, and high-failure models never lower it', () => {
    fc.assert(
      fc.property(fc.nat({ max: 400_000 }), fc.nat({ max: 400_000 }), fc.boolean(), (a, b, highFailureModels) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(regionClass({ salesUnits: high, highFailureModels })).toBeLessThanOrEqual(
          regionClass({ salesUnits: low, highFailureModels }),
        );
        expect(regionClass({ salesUnits: a, highFailureModels: true })).toBeLessThanOrEqual(
          regionClass({ salesUnits: a, highFailureModels: false }),
        );
      }),
    );
  });
});

describe('staffedAsClass', () => {
  it('a one-stop service point makes any region staffed as class 3', () => {
    expect(staffedAsClass({ salesUnits: 500_000, highFailureModels: true, oneStopService: true })).toBe(3);
  });
  it('otherwise the sales class applies', () => {
    expect(staffedAsClass({ salesUnits: 150_000, highFailureModels: false, oneStopService: false })).toBe(2);
  });
});

describe('staffingRule', () => {
  it('class 1: one field staff and a channel assistant', () => {
    expect(staffingRule(1)).toEqual({ fieldStaff: 1, channelAssistant: true, mayCoverAdjacent: false });
  });
  it('class 2: one field staff', () => {
    expect(staffingRule(2)).toEqual({ fieldStaff: 1, channelAssistant: false, mayCoverAdjacent: false });
  });
  it('class 3: one field staff may cover adjacent class-3 regions', () => {
    expect(staffingRule(3)).toEqual({ fieldStaff: 1, channelAssistant: false, mayCoverAdjacent: true });
  });
});
