import fc from 'fast-check';
import {
  distributionGroupSize,
  forcedDistribution,
  yearEndOutcome,
  type DistributionEntry,
  type GradedEntry,
  type YearEndGrade,
} from './forced-distribution';

const GRADE_ORDER: Record<YearEndGrade, number> = { excellent: 2, good: 1, fair: 0 };

function gradesById(graded: GradedEntry[]): Record<string, YearEndGrade> {
  return Object.fromEntries(graded.map((entry) => [entry.id, entry.grade]));
}

function countGrades(graded: GradedEntry[]): Record<YearEndGrade, number> {
  const counts: Record<YearEndGrade, number> = { excellent: 0, good: 0, fair: 0 };
  for (const entry of graded) counts[entry.grade] += 1;
  return counts;
}

function leaders(scores: number[]): DistributionEntry[] {
  return scores.map((score, index) => ({ id: `L${String(index + 1).padStart(2, '0')}`, score }));
}

describe('distributionGroupSize', () => {
  it.each([
    [10, 30, 3],
    [1, 30, 0],
    [2, 30, 1],
    [5, 30, 2], // 1.5 rounds half up
    [15, 30, 5], // 4.5 rounds half up
    [7, 30, 2], // 2.1
    [8, 30, 2], // 2.4
    [9, 30, 3], // 2.7
    [0, 30, 0],
    [3, 50, 2],
    [4, 100, 4],
    [4, 0, 0],
  ])('N=%i at %i%% is %i', (count, percent, size) => {
    expect(distributionGroupSize(count, percent)).toBe(size);
  });

  it('rejects fractional or out-of-range percents', () => {
    expect(() => distributionGroupSize(10, 30.5)).toThrow(RangeError);
    expect(() => distributionGroupSize(10, 101)).toThrow(RangeError);
    expect(() => distributionGroupSize(-1, 30)).toThrow(RangeError);
  });
});

describe('forcedDistribution', () => {
  it('10 distinct scores: 3 excellent, 4 good, 3 fair', () => {
    const graded = forcedDistribution(leaders([91, 85, 78, 99, 60, 72, 88, 70, 65, 80]));
    expect(countGrades(graded)).toEqual({ excellent: 3, good: 4, fair: 3 });
    expect(graded.map((entry) => entry.score)).toEqual([99, 91, 88, 85, 80, 78, 72, 70, 65, 60]);
    expect(graded.map((entry) => entry.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(graded.map((entry) => entry.grade)).toEqual([
      'excellent',
      'excellent',
      'excellent',
      'good',
      'good',
      'good',
      'good',
      'fair',
      'fair',
      'fair',
    ]);
  });

  it('a lone leader: round-half-up(0.3) = 0, so they are good', () => {
    expect(forcedDistribution(leaders([75]))).toMatchObject([{ id: 'L01', rank: 1, grade: 'good', basis: 'middle' }]);
  });

  it('N=5: 1.5 rounds to 2, so 2 excellent, 1 good, 2 fair', () => {
    const graded = forcedDistribution(leaders([90, 80, 70, 60, 50]));
    expect(graded.map((entry) => entry.grade)).toEqual(['excellent', 'excellent', 'good', 'fair', 'fair']);
  });

  it('no leaders, no grades', () => {
    expect(forcedDistribution([])).toEqual([]);
  });

  it('uses competition ranking for ties (1, 2, 2, 4) and orders equal scores by id', () => {
    const graded = forcedDistribution([
      { id: 'b', score: 80 },
      { id: 'a', score: 90 },
      { id: 'd', score: 70 },
      { id: 'c', score: 80 },
    ]);
    expect(graded.map((entry) => [entry.id, entry.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });

  it('all scores equal: everyone is excellent (all are tied with the last member of the top group)', () => {
    // The top group has 3 places; the 3rd place scores 80 and so does everyone else. A tie on the
    // boundary gets the better grade, and that reaches every leader; the bottom group is empty
    // because its would-be members are tied with leaders above the cut.
    const graded = forcedDistribution(leaders(Array.from({ length: 10 }, () => 80)));
    expect(countGrades(graded)).toEqual({ excellent: 10, good: 0, fair: 0 });
    expect(graded.every((entry) => entry.rank === 1)).toBe(true);
    expect(graded.filter((entry) => entry.basis === 'top_boundary_tie')).toHaveLength(7);
  });

  it('ties at the top boundary enlarge the top group', () => {
    const graded = forcedDistribution(leaders([95, 90, 85, 85, 85, 70, 65, 60, 55, 50]));
    expect(countGrades(graded)).toEqual({ excellent: 5, good: 2, fair: 3 });
    expect(graded.map((entry) => entry.basis)).toEqual([
      'top_group',
      'top_group',
      'top_group',
      'top_boundary_tie',
      'top_boundary_tie',
      'middle',
      'middle',
      'bottom_group',
      'bottom_group',
      'bottom_group',
    ]);
  });

  it('ties at the bottom boundary shrink the bottom group', () => {
    const graded = forcedDistribution(leaders([95, 90, 85, 80, 75, 70, 60, 60, 60, 50]));
    // The bottom 3 would be 60, 60, 50 but one 60 sits above the cut: all 60s are good.
    expect(gradesById(graded)).toMatchObject({ L07: 'good', L08: 'good', L09: 'good', L10: 'fair' });
    expect(countGrades(graded)).toEqual({ excellent: 3, good: 6, fair: 1 });
    expect(graded.filter((entry) => entry.basis === 'bottom_boundary_tie').map((entry) => entry.id)).toEqual(['L08', 'L09']);
  });

  it('a tie that spans both boundaries goes to the better grade and the groups never overlap', () => {
    // N=2: top 1, bottom 1; the two are tied, both excellent.
    expect(forcedDistribution(leaders([70, 70])).map((entry) => entry.grade)).toEqual(['excellent', 'excellent']);
    // N=3 with 50/50 percents: sizes 2 and 2 exceed N; the middle leader is excellent, not fair.
    expect(forcedDistribution(leaders([90, 80, 70]), { topPercent: 50, bottomPercent: 50 }).map((entry) => entry.grade)).toEqual([
      'excellent',
      'excellent',
      'fair',
    ]);
  });

  it('a vetoed leader is fair regardless of score and takes a bottom-group place', () => {
    const entries = leaders([99, 91, 88, 85, 80, 78, 72, 70, 65, 60]).map((entry) =>
      entry.id === 'L01' ? { ...entry, vetoed: true } : entry,
    );
    const graded = forcedDistribution(entries);
    expect(gradesById(graded)).toMatchObject({ L01: 'fair', L02: 'excellent', L03: 'excellent', L04: 'excellent' });
    expect(graded.find((entry) => entry.id === 'L01')).toMatchObject({ rank: 1, basis: 'vetoed' });
    // Bottom group of 3 = the vetoed leader + the two lowest scores.
    expect(graded.filter((entry) => entry.grade === 'fair').map((entry) => entry.id)).toEqual(['L01', 'L09', 'L10']);
    expect(countGrades(graded)).toEqual({ excellent: 3, good: 4, fair: 3 });
  });

  it('more vetoes than bottom places: every vetoed leader is fair and nobody else is', () => {
    const entries = leaders([90, 80, 70, 60, 50]).map((entry, index) => ({ ...entry, vetoed: index < 3 }));
    const graded = forcedDistribution(entries);
    expect(gradesById(graded)).toEqual({ L01: 'fair', L02: 'fair', L03: 'fair', L04: 'excellent', L05: 'excellent' });
  });

  it('a leader excluded from the top group is good and passes their place to the next eligible leader', () => {
    const entries = leaders([99, 91, 88, 85, 80, 78, 72, 70, 65, 60]).map((entry) =>
      entry.id === 'L02' ? { ...entry, excludedFromTop: true } : entry,
    );
    const graded = forcedDistribution(entries);
    expect(gradesById(graded)).toMatchObject({ L01: 'excellent', L02: 'good', L03: 'excellent', L04: 'excellent', L05: 'good' });
    expect(graded.find((entry) => entry.id === 'L02')?.basis).toBe('excluded_from_top');
    expect(countGrades(graded)).toEqual({ excellent: 3, good: 4, fair: 3 });
  });

  it('a leader excluded from the top group can still fall in the bottom group', () => {
    const entries = leaders([99, 91, 88, 85, 80, 78, 72, 70, 65, 60]).map((entry) =>
      entry.id === 'L10' ? { ...entry, excludedFromTop: true } : entry,
    );
    expect(gradesById(forcedDistribution(entries)).L10).toBe('fair');
  });

  it('keeps extra fields of the input entries', () => {
    const graded = forcedDistribution([{ id: 'x', score: 1, name: 'Li Lei' }]);
    expect(graded[0]?.name).toBe('Li Lei');
  });

  it('rejects duplicate ids, non-finite scores and bad percents', () => {
    expect(() =>
      forcedDistribution([
        { id: 'a', score: 1 },
        { id: 'a', score: 2 },
      ]),
    ).toThrow(/duplicate id "a"/);
    expect(() => forcedDistribution([{ id: 'a', score: Number.NaN }])).toThrow(RangeError);
    expect(() => forcedDistribution([], { topPercent: 60, bottomPercent: 50 })).toThrow(RangeError);
  });

  it('does not depend on the input order', () => {
    const entries = leaders([80, 70, 80, 60, 90, 70]);
    expect(forcedDistribution([...entries].reverse())).toEqual(forcedDistribution(entries));
  });

  describe('properties', () => {
    const scoreArb = fc.integer({ min: 0, max: 20 }).map((value) => value * 5);
    const plainEntries = fc.array(scoreArb, { maxLength: 60 }).map((scores) => scores.map((score, index) => ({ id: `id${index}`, score })));
    const flaggedEntries = fc
      .array(fc.record({ score: scoreArb, vetoed: fc.boolean(), excludedFromTop: fc.boolean() }), { maxLength: 60 })
      .map((rows) => rows.map((row, index) => ({ id: `id${index}`, ...row })));
    const percents = fc
      .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }))
      .filter(([top, bottom]) => top + bottom <= 100)
      .map(([topPercent, bottomPercent]) => ({ topPercent, bottomPercent }));

    it('grade counts sum to N and every entry is graded once', () => {
      fc.assert(
        fc.property(flaggedEntries, percents, (entries, options) => {
          const graded = forcedDistribution(entries, options);
          const counts = countGrades(graded);
          expect(counts.excellent + counts.good + counts.fair).toBe(entries.length);
          expect(new Set(graded.map((entry) => entry.id)).size).toBe(entries.length);
        }),
      );
    });

    it('without flags the top group has at least min(topSize, N) members', () => {
      fc.assert(
        fc.property(plainEntries, percents, (entries, options) => {
          const topSize = distributionGroupSize(entries.length, options.topPercent);
          expect(countGrades(forcedDistribution(entries, options)).excellent).toBeGreaterThanOrEqual(Math.min(topSize, entries.length));
        }),
      );
    });

    it('with distinct scores and no flags the group sizes are exact', () => {
      fc.assert(
        fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { maxLength: 60 }), percents, (scores, options) => {
          const counts = countGrades(forcedDistribution(leaders(scores), options));
          const topSize = distributionGroupSize(scores.length, options.topPercent);
          const bottomSize = distributionGroupSize(scores.length, options.bottomPercent);
          expect(counts.excellent).toBe(topSize);
          expect(counts.fair).toBe(Math.min(bottomSize, scores.length - topSize));
        }),
      );
    });

    it('equal scores without flags get the same grade', () => {
      fc.assert(
        fc.property(plainEntries, percents, (entries, options) => {
          const graded = forcedDistribution(entries, options);
          const gradeByScore = new Map<number, YearEndGrade>();
          for (const entry of graded) {
            const seen = gradeByScore.get(entry.score);
            if (seen !== undefined) expect(entry.grade).toBe(seen);
            gradeByScore.set(entry.score, entry.grade);
          }
        }),
      );
    });

    it('a higher score never gets a worse grade without flags (monotonic)', () => {
      fc.assert(
        fc.property(plainEntries, percents, (entries, options) => {
          const graded = forcedDistribution(entries, options);
          for (let index = 1; index < graded.length; index += 1) {
            const higher = graded[index - 1];
            const lower = graded[index];
            if (higher === undefined || lower === undefined) continue;
            expect(higher.score).toBeGreaterThanOrEqual(lower.score);
            expect(GRADE_ORDER[higher.grade]).toBeGreaterThanOrEqual(GRADE_ORDER[lower.grade]);
          }
        }),
      );
    });

    it('flags are honoured: vetoed is fair, excluded is never excellent', () => {
      fc.assert(
        fc.property(flaggedEntries, percents, (entries, options) => {
          for (const entry of forcedDistribution(entries, options)) {
            if (entry.vetoed === true) expect(entry.grade).toBe('fair');
            if (entry.excludedFromTop === true) expect(entry.grade).not.toBe('excellent');
          }
        }),
      );
    });

    it('among unflagged entries, a higher score never gets a worse grade even with flags around', () => {
      fc.assert(
        fc.property(flaggedEntries, percents, (entries, options) => {
          const plain = forcedDistribution(entries, options).filter((entry) => entry.vetoed !== true && entry.excludedFromTop !== true);
          for (let index = 1; index < plain.length; index += 1) {
            const higher = plain[index - 1];
            const lower = plain[index];
            if (higher === undefined || lower === undefined) continue;
            expect(GRADE_ORDER[higher.grade]).toBeGreaterThanOrEqual(GRADE_ORDER[lower.grade]);
          }
        }),
      );
    });

    it('ranks are competition ranks: 1 + the number of strictly higher scores', () => {
      fc.assert(
        fc.property(plainEntries, (entries) => {
          for (const entry of forcedDistribution(entries)) {
            expect(entry.rank).toBe(1 + entries.filter((other) => other.score > entry.score).length);
          }
        }),
      );
    });
  });
});

describe('yearEndOutcome', () => {
  it('excellent: term extended one year and promotion priority', () => {
    expect(yearEndOutcome('excellent')).toEqual({ extendTermYears: 1, promotionPriority: true, vacatePost: false });
  });
  it('good: term extended one year', () => {
    expect(yearEndOutcome('good')).toEqual({ extendTermYears: 1, promotionPriority: false, vacatePost: false });
  });
  it('fair: the post becomes vacant for reselection', () => {
    expect(yearEndOutcome('fair')).toEqual({ extendTermYears: 0, promotionPriority: false, vacatePost: true });
  });
});
