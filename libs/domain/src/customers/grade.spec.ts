import fc from 'fast-check';
import { type GradeInputs, isHqFiled, suggestGrade } from './grade';

const base: GradeInputs = {
  kind: 'long_term',
  annualBusinessFen: 0n,
  monthlyShipmentVolume: 0,
  shipmentFrequency: 'occasional',
  previousAnnualBusinessFen: null,
  complaintsLast12Months: 0,
};

describe('suggestGrade', () => {
  it('suggests A for a large, daily, growing long-term customer', () => {
    const s = suggestGrade({
      ...base,
      annualBusinessFen: 150_000_000n,
      shipmentFrequency: 'daily',
      monthlyShipmentVolume: 2000,
      previousAnnualBusinessFen: 100_000_000n,
    });
    expect(s.grade).toBe('A');
    expect(s.factors.find((f) => f.factor === 'trend')).toMatchObject({ points: 1, note: '+50% year on year' });
  });

  it('suggests D for a small occasional shipper', () => {
    expect(suggestGrade({ ...base, kind: 'potential_large', annualBusinessFen: 500_000n }).grade).toBe('D');
  });

  it('lowers the grade for a falling trend and many complaints', () => {
    const steady = { ...base, annualBusinessFen: 40_000_000n, shipmentFrequency: 'weekly' as const };
    expect(suggestGrade(steady).grade).toBe('B');
    expect(suggestGrade({ ...steady, previousAnnualBusinessFen: 60_000_000n, complaintsLast12Months: 4 }).grade).toBe('C');
    expect(suggestGrade({ ...steady, complaintsLast12Months: 12 }).factors.find((f) => f.factor === 'complaints')?.points).toBe(-2);
  });

  it('never suggests a better grade for less business, all else equal', () => {
    const order = { A: 0, B: 1, C: 2, D: 3 };
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10_000_000_000n }), fc.bigInt({ min: 0n, max: 10_000_000_000n }), (a, b) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        expect(order[suggestGrade({ ...base, annualBusinessFen: low }).grade]).toBeGreaterThanOrEqual(
          order[suggestGrade({ ...base, annualBusinessFen: high }).grade],
        );
      }),
    );
  });

  it('explains every factor', () => {
    expect(suggestGrade(base).factors.map((f) => f.factor)).toEqual(['volume', 'frequency', 'shipments', 'trend', 'complaints', 'kind']);
  });
});

describe('isHqFiled', () => {
  it('files customers with at least 1,000,000 yuan a year with HQ', () => {
    expect(isHqFiled(100_000_000n)).toBe(true);
    expect(isHqFiled(99_999_999n)).toBe(false);
  });
});
