import fc from 'fast-check';
import { competitionRank } from './competition-ranking';
import { rankWithRewardTiers, validateRewardTiers, type RewardTier } from './reward-tiers';

const quarterlyTiers: RewardTier[] = [
  { name: '1st–3rd', fromRank: 1, toRank: 3 },
  { name: '4th–8th', fromRank: 4, toRank: 8 },
];

describe('competitionRank', () => {
  it('gives tied scores the same rank and skips the next ranks', () => {
    const ranked = competitionRank([
      { id: 'd', score: 70 },
      { id: 'c', score: 80 },
      { id: 'b', score: 80 },
      { id: 'a', score: 90 },
    ]);
    expect(ranked.map((entry) => `${entry.id}${entry.rank}`)).toEqual(['a1', 'b2', 'c2', 'd4']);
  });

  it('orders ids by code unit, not by locale', () => {
    const ranked = competitionRank([
      { id: 'b', score: 1 },
      { id: 'B', score: 1 },
      { id: 'a', score: 1 },
    ]);
    expect(ranked.map((entry) => entry.id)).toEqual(['B', 'a', 'b']);
  });

  it('does not mutate its input', () => {
    const input = [
      { id: 'a', score: 1 },
      { id: 'b', score: 2 },
    ];
    competitionRank(input);
    expect(input.map((entry) => entry.id)).toEqual(['a', 'b']);
  });

  it('is independent of input order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 30 }), (scores) => {
        const entries = scores.map((score, index) => ({ id: `s${index}`, score }));
        expect(competitionRank([...entries].reverse())).toEqual(competitionRank(entries));
      }),
    );
  });
});

describe('rankWithRewardTiers', () => {
  it('puts ranks 1–3 and 4–8 in their tiers and the rest in none', () => {
    const entries = Array.from({ length: 10 }, (_, index) => ({ id: `s${index}`, score: 100 - index }));
    const tiered = rankWithRewardTiers(entries, quarterlyTiers);
    expect(tiered.map((entry) => entry.tier)).toEqual([
      '1st–3rd',
      '1st–3rd',
      '1st–3rd',
      '4th–8th',
      '4th–8th',
      '4th–8th',
      '4th–8th',
      '4th–8th',
      null,
      null,
    ]);
  });

  it('a tie on the last rank of a tier puts every tied entry in that tier', () => {
    const tiered = rankWithRewardTiers(
      [
        { id: 'a', score: 95 },
        { id: 'b', score: 90 },
        { id: 'c', score: 85 },
        { id: 'd', score: 85 },
        { id: 'e', score: 80 },
      ],
      quarterlyTiers,
    );
    expect(tiered.map((entry) => [entry.id, entry.rank, entry.tier])).toEqual([
      ['a', 1, '1st–3rd'],
      ['b', 2, '1st–3rd'],
      ['c', 3, '1st–3rd'],
      ['d', 3, '1st–3rd'],
      ['e', 5, '4th–8th'],
    ]);
  });

  it('rejects overlapping or inverted tiers', () => {
    expect(
      validateRewardTiers([
        { name: 'x', fromRank: 1, toRank: 3 },
        { name: 'y', fromRank: 3, toRank: 5 },
      ]),
    ).toEqual(['tiers "x" and "y" overlap']);
    expect(validateRewardTiers([{ name: 'x', fromRank: 4, toRank: 2 }])).toHaveLength(1);
    expect(validateRewardTiers([{ name: '', fromRank: 0, toRank: 2 }])).toHaveLength(2);
    expect(() => rankWithRewardTiers([], [{ name: 'x', fromRank: 2, toRank: 1 }])).toThrow(RangeError);
  });

  it('accepts gaps between tiers', () => {
    expect(
      validateRewardTiers([
        { name: 'x', fromRank: 1, toRank: 1 },
        { name: 'y', fromRank: 5, toRank: 9 },
      ]),
    ).toEqual([]);
  });

  it('every entry is in the tier whose range contains its rank', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 30 }), (scores) => {
        const tiered = rankWithRewardTiers(
          scores.map((score, index) => ({ id: `s${index}`, score })),
          quarterlyTiers,
        );
        for (const entry of tiered) {
          const expected = entry.rank <= 3 ? '1st–3rd' : entry.rank <= 8 ? '4th–8th' : null;
          expect(entry.tier).toBe(expected);
        }
      }),
    );
  });
});
