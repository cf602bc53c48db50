import fc from 'fast-check';
import { ShareSplitError } from './money-errors';
import { PercentShare, splitByLargestRemainder } from './largest-remainder';

const thirds: PercentShare[] = [
  { key: 'platform-east', percentHundredths: 3333 },
  { key: 'platform-west', percentHundredths: 3333 },
  { key: 'branch-7', percentHundredths: 3334 },
];

describe('splitByLargestRemainder', () => {
  it('splits 1250.00 yuan 60/40', () => {
    expect(
      splitByLargestRemainder(125000n, [
        { key: 'a', percentHundredths: 6000 },
        { key: 'b', percentHundredths: 4000 },
      ]),
    ).toEqual([
      { key: 'a', fen: 75000n },
      { key: 'b', fen: 50000n },
    ]);
  });

  it('gives the left-over fen to the largest remainder', () => {
    // Exact shares of 100.00: 33.33, 33.33, 33.34 → no remainder; of 1.00: 0.3333, 0.3333, 0.3334.
    expect(splitByLargestRemainder(100n, thirds).map((part) => part.fen)).toEqual([33n, 33n, 34n]);
    expect(splitByLargestRemainder(10000n, thirds).map((part) => part.fen)).toEqual([3333n, 3333n, 3334n]);
  });

  it('breaks equal remainders by input order', () => {
    const halves = [
      { key: 'first', percentHundredths: 5000 },
      { key: 'second', percentHundredths: 5000 },
    ];
    expect(splitByLargestRemainder(1n, halves)).toEqual([
      { key: 'first', fen: 1n },
      { key: 'second', fen: 0n },
    ]);
    expect(splitByLargestRemainder(1n, [...halves].reverse())).toEqual([
      { key: 'second', fen: 1n },
      { key: 'first', fen: 0n },
    ]);
  });

  it('gives everything to a single 100 % share', () => {
    expect(splitByLargestRemainder(99999n, [{ key: 'only', percentHundredths: 10000 }])).toEqual([{ key: 'only', fen: 99999n }]);
  });

  it('gives a 0 % share nothing and splits zero into zeros', () => {
    const shares = [
      { key: 'none', percentHundredths: 0 },
      { key: 'all', percentHundredths: 10000 },
    ];
    expect(splitByLargestRemainder(7n, shares).map((part) => part.fen)).toEqual([0n, 7n]);
    expect(splitByLargestRemainder(0n, thirds).map((part) => part.fen)).toEqual([0n, 0n, 0n]);
  });

  it.each([
    [[{ key: 'a', percentHundredths: 5000 }], 'shares_not_100_percent'],
    [
      [
        { key: 'a', percentHundredths: 6000 },
        { key: 'b', percentHundredths: 5000 },
      ],
      'shares_not_100_percent',
    ],
    [[], 'no_shares'],
    [
      [
        { key: 'a', percentHundredths: 5000 },
        { key: 'a', percentHundredths: 5000 },
      ],
      'duplicate_share_key',
    ],
    [[{ key: 'a', percentHundredths: 10000.5 }], 'invalid_share'],
    [
      [
        { key: 'a', percentHundredths: -1 },
        { key: 'b', percentHundredths: 10001 },
      ],
      'invalid_share',
    ],
    [[{ key: '', percentHundredths: 10000 }], 'invalid_share'],
  ])('rejects shares %j (%s)', (shares, code) => {
    expect(() => splitByLargestRemainder(100n, shares)).toThrow(ShareSplitError);
    expect(() => splitByLargestRemainder(100n, shares)).toThrow(expect.objectContaining({ code }));
  });

  it('rejects a negative total', () => {
    expect(() => splitByLargestRemainder(-1n, thirds)).toThrow(expect.objectContaining({ code: 'negative_total' }));
  });

  /** Random percentages in hundredths that add up to exactly 100 %. */
  const sharesArb = fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 0, maxLength: 9 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 10000];
    return points.slice(1).map((point, index) => ({
      key: `unit-${index}`,
      percentHundredths: point - (points[index] ?? 0),
    }));
  });
  const totalArb = fc.bigInt({ min: 0n, max: 99_999_999_999_999n });

  it('always adds up to the total (property)', () => {
    fc.assert(
      fc.property(totalArb, sharesArb, (total, shares) => {
        expect(splitByLargestRemainder(total, shares).reduce((sum, part) => sum + part.fen, 0n)).toBe(total);
      }),
    );
  });

  it('keeps every part within one fen of its exact share (property)', () => {
    fc.assert(
      fc.property(totalArb, sharesArb, (total, shares) => {
        splitByLargestRemainder(total, shares).forEach((part, index) => {
          const exactTimes10000 = total * BigInt(shares[index]?.percentHundredths ?? 0);
          const difference = part.fen * 10000n - exactTimes10000;
          expect(difference > -10000n && difference < 10000n).toBe(true);
        });
      }),
    );
  });

  it('is deterministic and keeps keys in input order (property)', () => {
    fc.assert(
      fc.property(totalArb, sharesArb, (total, shares) => {
        const first = splitByLargestRemainder(total, shares);
        expect(splitByLargestRemainder(total, shares)).toEqual(first);
        expect(first.map((part) => part.key)).toEqual(shares.map((share) => share.key));
      }),
    );
  });

  it('never gives less to a larger share (property)', () => {
    fc.assert(
      fc.property(totalArb, sharesArb, (total, shares) => {
        const parts = splitByLargestRemainder(total, shares);
        shares.forEach((a, i) =>
          shares.forEach((b, j) => {
            if (a.percentHundredths > b.percentHundredths) {
              expect((parts[i]?.fen ?? 0n) >= (parts[j]?.fen ?? 0n)).toBe(true);
            }
          }),
        );
      }),
    );
  });
});
