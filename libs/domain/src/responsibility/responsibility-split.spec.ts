import fc from 'fast-check';
import { formatFen, parseYuanToFen, PercentFormatError, MoneyFormatError } from '../money';
import { planResponsibilitySplit, ResponsibilityRuleError } from './responsibility-split';

const HQ = 'hq';
const share = (unitId: string, percent: string, platformId: string | null = 'p1') => ({ unitId, percent, platformId });

/** Random percents in hundredths that add up to exactly 100 %. */
const hundredthsSumming100 = fc.array(fc.integer({ min: 1, max: 9999 }), { minLength: 0, maxLength: 8 }).map((cuts) => {
  const points = [...new Set(cuts)].sort((a, b) => a - b);
  const bounds = [0, ...points, 10_000];
  return bounds.slice(1).map((b, i) => b - bounds[i]!);
});

const toPercent = (h: number): string => `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;

describe('planResponsibilitySplit', () => {
  it('splits the compensation by percent: 1250.00 at 60/40 is 750.00 and 500.00', () => {
    const plan = planResponsibilitySplit({
      compensation: '1250',
      complaintPlatformId: 'p1',
      hqUnitId: HQ,
      shares: [share('a', '60'), share('b', '40.00')],
    });
    expect(plan.compensation).toBe('1250.00');
    expect(plan.shares.map((s) => [s.unitId, s.percent, s.amount])).toEqual([
      ['a', '60.00', '750.00'],
      ['b', '40.00', '500.00'],
    ]);
  });

  it('gives the left-over fen by largest remainder, ties to the unit listed first', () => {
    const plan = planResponsibilitySplit({
      compensation: '100.00',
      complaintPlatformId: 'p1',
      hqUnitId: HQ,
      shares: [share('a', '33.33'), share('b', '33.33'), share('c', '33.34')],
    });
    expect(plan.shares.map((s) => s.amount)).toEqual(['33.33', '33.33', '33.34']);
    const tie = planResponsibilitySplit({
      compensation: '0.01',
      complaintPlatformId: 'p1',
      hqUnitId: HQ,
      shares: [share('x', '50'), share('y', '50')],
    });
    expect(tie.shares.map((s) => s.amount)).toEqual(['0.01', '0.00']);
  });

  it.each([
    [[share('a', '50'), share('b', '49.99')], 'responsibility_shares_sum_to_100'],
    [[share('a', '60'), share('b', '50')], 'responsibility_shares_sum_to_100'],
    [[share('a', '100'), share('b', '0')], 'responsibility_share_positive'],
    [[share('a', '50'), share('a', '50')], 'responsibility_unit_listed_once'],
    [[], 'responsibility_needs_shares'],
  ])('refuses %j naming the rule %s', (shares, rule) => {
    expect(() => planResponsibilitySplit({ compensation: '10', complaintPlatformId: 'p1', hqUnitId: HQ, shares })).toThrow(
      expect.objectContaining({ rule }) as ResponsibilityRuleError,
    );
  });

  it('refuses percents with three decimals and malformed amounts', () => {
    expect(() =>
      planResponsibilitySplit({ compensation: '10', complaintPlatformId: 'p1', hqUnitId: HQ, shares: [share('a', '33.333')] }),
    ).toThrow(PercentFormatError);
    expect(() =>
      planResponsibilitySplit({ compensation: '-1', complaintPlatformId: 'p1', hqUnitId: HQ, shares: [share('a', '100')] }),
    ).toThrow(MoneyFormatError);
  });

  it('is approved by the platform when only that platform is involved, by HQ across platforms or when HQ is named', () => {
    const base = { compensation: '0', complaintPlatformId: 'p1', hqUnitId: HQ };
    expect(planResponsibilitySplit({ ...base, shares: [share('a', '70'), share('b', '30')] })).toMatchObject({
      crossPlatform: false,
      approverUnitId: 'p1',
    });
    expect(planResponsibilitySplit({ ...base, shares: [share('a', '70'), share('b', '30', 'p2')] })).toMatchObject({
      crossPlatform: true,
      approverUnitId: HQ,
    });
    // The complaint's own platform counts: a p1 complaint pinned wholly on p2 is a matter between platforms.
    expect(planResponsibilitySplit({ ...base, shares: [share('b', '100', 'p2')] })).toMatchObject({ crossPlatform: true });
    expect(planResponsibilitySplit({ ...base, shares: [share(HQ, '100', null)] })).toMatchObject({ crossPlatform: true });
  });

  it('property: amounts always add up to the compensation, each within 1 fen of its exact share', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999_999_999n }), hundredthsSumming100, (fen, parts) => {
        const plan = planResponsibilitySplit({
          compensation: formatFen(fen),
          complaintPlatformId: 'p1',
          hqUnitId: HQ,
          shares: parts.map((h, i) => share(`u${i}`, toPercent(h))),
        });
        const amounts = plan.shares.map((s) => parseYuanToFen(s.amount));
        expect(amounts.reduce((a, b) => a + b, 0n)).toBe(fen);
        plan.shares.forEach((s, i) => {
          const exactTimes10000 = fen * BigInt(parts[i]!);
          const diff = amounts[i]! * 10_000n - exactTimes10000;
          expect(diff > -10_000n && diff < 10_000n).toBe(true);
          expect(s.percentHundredths).toBe(parts[i]);
        });
      }),
    );
  });

  it('property: any sum other than exactly 100 % is refused with the sum rule', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 6 })
          .filter((p) => p.reduce((a, b) => a + b, 0) !== 10_000),
        (parts) => {
          expect(() =>
            planResponsibilitySplit({
              compensation: '1.00',
              complaintPlatformId: 'p1',
              hqUnitId: HQ,
              shares: parts.map((h, i) => share(`u${i}`, toPercent(h))),
            }),
          ).toThrow(expect.objectContaining({ rule: 'responsibility_shares_sum_to_100' }) as ResponsibilityRuleError);
        },
      ),
    );
  });

  it('property: cross-platform exactly when more than one platform (or HQ) is involved', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('p1', 'p2', 'p3'),
        fc.array(fc.constantFrom<string | null>('p1', 'p2', 'p3', null), { minLength: 1, maxLength: 5 }),
        (complaintPlatform, unitPlatforms) => {
          const n = unitPlatforms.length;
          const base = Math.floor(10_000 / n);
          const parts = unitPlatforms.map((_, i) => (i === 0 ? 10_000 - base * (n - 1) : base));
          const plan = planResponsibilitySplit({
            compensation: '99.99',
            complaintPlatformId: complaintPlatform,
            hqUnitId: HQ,
            shares: unitPlatforms.map((p, i) => share(`u${i}`, toPercent(parts[i]!), p)),
          });
          const involved = new Set([complaintPlatform, ...unitPlatforms]);
          const expected = involved.size > 1;
          expect(plan.crossPlatform).toBe(expected);
          expect(plan.approverUnitId).toBe(expected ? HQ : complaintPlatform);
        },
      ),
    );
  });
});
