import fc from 'fast-check';
import {
  scoreAppraisal,
  validateAppraisalScheme,
  validateAppraisalScores,
  type AppraisalScheme,
  type AppraisalScoring,
} from './appraisal-scheme';

const teamLeaderScheme: AppraisalScheme = {
  dimensions: [
    { key: 'production', name: '生产管理', weight: 40, minimum: 60 },
    { key: 'coaching', name: '督导交流', weight: 30 },
    { key: 'teamBuilding', name: '团队建设', weight: 20 },
    { key: 'kpi', name: 'KPI', weight: 10, minimum: 50 },
  ],
  vetoItems: [
    { key: 'majorLoss', name: '重大损失' },
    { key: 'discipline', name: '严重违纪' },
  ],
};

function scored(result: AppraisalScoring) {
  if (!result.ok) throw new Error(`expected a score, got ${JSON.stringify(result.problems)}`);
  return result.score;
}

function problemCodes(result: AppraisalScoring): string[] {
  return result.ok ? [] : result.problems.map((problem) => `${problem.code}:${problem.key ?? ''}`);
}

describe('validateAppraisalScheme', () => {
  it('accepts a scheme whose weights sum to 100', () => {
    expect(validateAppraisalScheme(teamLeaderScheme)).toEqual([]);
  });

  it('accepts two-decimal weights that sum to exactly 100 despite float noise', () => {
    const scheme: AppraisalScheme = {
      dimensions: [
        { key: 'a', name: 'A', weight: 33.33 },
        { key: 'b', name: 'B', weight: 33.33 },
        { key: 'c', name: 'C', weight: 33.34 },
      ],
      vetoItems: [],
    };
    expect(validateAppraisalScheme(scheme)).toEqual([]);
  });

  it('rejects weights that do not sum to 100', () => {
    const problems = validateAppraisalScheme({
      dimensions: [
        { key: 'a', name: 'A', weight: 50 },
        { key: 'b', name: 'B', weight: 49.99 },
      ],
      vetoItems: [],
    });
    expect(problems.map((problem) => problem.code)).toEqual(['SCHEME_WEIGHT_SUM']);
    expect(problems[0]?.message).toContain('99.99');
  });

  it('rejects a scheme without dimensions', () => {
    expect(validateAppraisalScheme({ dimensions: [], vetoItems: [] }).map((p) => p.code)).toEqual(['SCHEME_NO_DIMENSIONS']);
  });

  it('rejects zero and negative weights, naming the dimension', () => {
    const problems = validateAppraisalScheme({
      dimensions: [
        { key: 'a', name: 'A', weight: 110 },
        { key: 'b', name: 'B', weight: 0 },
        { key: 'c', name: 'C', weight: -10 },
      ],
      vetoItems: [],
    });
    expect(problems.filter((p) => p.code === 'SCHEME_WEIGHT_NOT_POSITIVE').map((p) => p.key)).toEqual(['b', 'c']);
  });

  it('rejects weights with more than two decimals', () => {
    const problems = validateAppraisalScheme({
      dimensions: [
        { key: 'a', name: 'A', weight: 50.005 },
        { key: 'b', name: 'B', weight: 49.995 },
      ],
      vetoItems: [],
    });
    expect(problems.map((p) => `${p.code}:${p.key ?? ''}`)).toEqual(['SCHEME_WEIGHT_PRECISION:a', 'SCHEME_WEIGHT_PRECISION:b']);
  });

  it('rejects duplicate keys across dimensions and veto items', () => {
    const problems = validateAppraisalScheme({
      dimensions: [
        { key: 'a', name: 'A', weight: 50 },
        { key: 'a', name: 'A again', weight: 50 },
      ],
      vetoItems: [{ key: 'a', name: 'veto A' }],
    });
    expect(problems.map((p) => `${p.code}:${p.key ?? ''}`)).toEqual(['SCHEME_DUPLICATE_KEY:a', 'SCHEME_DUPLICATE_KEY:a']);
  });

  it('rejects empty keys', () => {
    const problems = validateAppraisalScheme({
      dimensions: [{ key: ' ', name: 'blank', weight: 100 }],
      vetoItems: [],
    });
    expect(problems.map((p) => p.code)).toEqual(['SCHEME_KEY_EMPTY']);
  });

  it('rejects a minimum outside 0..scoreMax', () => {
    const problems = validateAppraisalScheme({
      dimensions: [
        { key: 'a', name: 'A', weight: 50, minimum: 11 },
        { key: 'b', name: 'B', weight: 50, minimum: -1 },
      ],
      vetoItems: [],
      scoreMax: 10,
    });
    expect(problems.map((p) => `${p.code}:${p.key ?? ''}`)).toEqual(['SCHEME_MINIMUM_OUT_OF_RANGE:a', 'SCHEME_MINIMUM_OUT_OF_RANGE:b']);
  });

  it('accepts a minimum equal to scoreMax or 0', () => {
    expect(
      validateAppraisalScheme({
        dimensions: [
          { key: 'a', name: 'A', weight: 50, minimum: 100 },
          { key: 'b', name: 'B', weight: 50, minimum: 0 },
        ],
        vetoItems: [],
      }),
    ).toEqual([]);
  });

  it('rejects a non-positive scoreMax', () => {
    const problems = validateAppraisalScheme({ dimensions: [{ key: 'a', name: 'A', weight: 100 }], vetoItems: [], scoreMax: 0 });
    expect(problems.map((p) => p.code)).toEqual(['SCHEME_SCORE_MAX_INVALID']);
  });
});

describe('scoreAppraisal', () => {
  const allScores = { production: 90, coaching: 80, teamBuilding: 70, kpi: 60 };

  it('computes the weighted sum', () => {
    const score = scored(scoreAppraisal(teamLeaderScheme, allScores, []));
    // 90×0.4 + 80×0.3 + 70×0.2 + 60×0.1 = 36 + 24 + 14 + 6
    expect(score.finalScore).toBe(80);
    expect(score.finalScoreHundredths).toBe(8000);
    expect(score).toMatchObject({ belowMinimum: [], vetoed: [], capped: false, eligibleForTopGroup: true, forcedBottom: false });
  });

  it('rounds half up to two decimals, computed without float drift', () => {
    const scheme: AppraisalScheme = {
      dimensions: [
        { key: 'a', name: 'A', weight: 33.33 },
        { key: 'b', name: 'B', weight: 33.33 },
        { key: 'c', name: 'C', weight: 33.34 },
      ],
      vetoItems: [],
    };
    // 0.3333 × (85.5 + 90.25) + 0.3334 × 77.75 = 58.577475 + 25.92185 = 84.499325 → 84.50
    expect(scored(scoreAppraisal(scheme, { a: 85.5, b: 90.25, c: 77.75 }, [])).finalScore).toBe(84.5);
    // exactly .005 rounds up: 0.5 × 0.01 + 0.5 × 0 = 0.005 → 0.01
    const halves: AppraisalScheme = {
      dimensions: [
        { key: 'a', name: 'A', weight: 50 },
        { key: 'b', name: 'B', weight: 50 },
      ],
      vetoItems: [],
    };
    expect(scored(scoreAppraisal(halves, { a: 0.01, b: 0 }, [])).finalScore).toBe(0.01);
    expect(scored(scoreAppraisal(halves, { a: 0.1, b: 0.2 }, [])).finalScore).toBe(0.15);
  });

  it('a dimension below its minimum caps the leader out of the top group', () => {
    const score = scored(scoreAppraisal(teamLeaderScheme, { ...allScores, production: 59.99, kpi: 100 }, []));
    expect(score.belowMinimum).toEqual(['production']);
    expect(score.capped).toBe(true);
    expect(score.eligibleForTopGroup).toBe(false);
    expect(score.forcedBottom).toBe(false);
  });

  it('a score exactly at the minimum is not below it', () => {
    const score = scored(scoreAppraisal(teamLeaderScheme, { ...allScores, production: 60, kpi: 50 }, []));
    expect(score.belowMinimum).toEqual([]);
    expect(score.eligibleForTopGroup).toBe(true);
  });

  it('lists every dimension below its minimum in scheme order', () => {
    const score = scored(scoreAppraisal(teamLeaderScheme, { production: 10, coaching: 100, teamBuilding: 100, kpi: 10 }, []));
    expect(score.belowMinimum).toEqual(['production', 'kpi']);
  });

  it('a veto caps the leader and forces the bottom group, but leaves the score untouched', () => {
    const score = scored(
      scoreAppraisal(teamLeaderScheme, { production: 100, coaching: 100, teamBuilding: 100, kpi: 100 }, ['discipline', 'majorLoss']),
    );
    expect(score.finalScore).toBe(100);
    expect(score.vetoed).toEqual(['majorLoss', 'discipline']);
    expect(score).toMatchObject({ capped: true, eligibleForTopGroup: false, forcedBottom: true });
  });

  it('reports a missing score naming the dimension', () => {
    const result = scoreAppraisal(teamLeaderScheme, { production: 90, coaching: 80, teamBuilding: 70 }, []);
    expect(problemCodes(result)).toEqual(['SCORE_MISSING:kpi']);
  });

  it('rejects unknown dimensions and veto items', () => {
    const result = scoreAppraisal(teamLeaderScheme, { ...allScores, charisma: 50 }, ['late', 'majorLoss', 'majorLoss']);
    expect(problemCodes(result)).toEqual(['SCORE_UNKNOWN_DIMENSION:charisma', 'VETO_UNKNOWN:late', 'VETO_DUPLICATE:majorLoss']);
  });

  it('rejects scores outside 0..scoreMax and with more than two decimals', () => {
    const result = scoreAppraisal(teamLeaderScheme, { production: 100.01, coaching: -1, teamBuilding: 70.123, kpi: Number.NaN }, []);
    expect(problemCodes(result)).toEqual([
      'SCORE_OUT_OF_RANGE:production',
      'SCORE_OUT_OF_RANGE:coaching',
      'SCORE_PRECISION:teamBuilding',
      'SCORE_PRECISION:kpi',
    ]);
  });

  it('does not mistake inherited object properties for scores', () => {
    const result = scoreAppraisal({ dimensions: [{ key: 'constructor', name: 'odd', weight: 100 }], vetoItems: [] }, {}, []);
    expect(problemCodes(result)).toEqual(['SCORE_MISSING:constructor']);
  });

  it('reports scheme problems before scoring', () => {
    const result = scoreAppraisal({ dimensions: [{ key: 'a', name: 'A', weight: 90 }], vetoItems: [] }, { a: 50 }, []);
    expect(problemCodes(result)).toEqual(['SCHEME_WEIGHT_SUM:']);
  });

  it('honours a custom scoreMax', () => {
    const scheme: AppraisalScheme = { dimensions: [{ key: 'a', name: 'A', weight: 100 }], vetoItems: [], scoreMax: 5 };
    expect(scored(scoreAppraisal(scheme, { a: 4.5 }, [])).finalScore).toBe(4.5);
    expect(validateAppraisalScores(scheme, { a: 6 }, []).map((p) => p.code)).toEqual(['SCORE_OUT_OF_RANGE']);
  });

  describe('properties', () => {
    const hundredths = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((value) => value / 100);
    const schemeArbitrary = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }).map((parts): AppraisalScheme => {
      // Scale integer parts to hundredths of a percent summing to exactly 100.
      const total = parts.reduce((sum, part) => sum + part, 0);
      const weights = parts.map((part) => Math.floor((part * 10_000) / total));
      weights[0] = (weights[0] ?? 0) + 10_000 - weights.reduce((sum, weight) => sum + weight, 0);
      return {
        dimensions: weights.map((weight, index) => ({ key: `d${index}`, name: `D${index}`, weight: weight / 100 })),
        vetoItems: [{ key: 'veto', name: 'Veto' }],
      };
    });
    const schemeWithScores = schemeArbitrary.chain((scheme) =>
      fc.tuple(
        fc.constant(scheme),
        fc.array(hundredths(100), { minLength: scheme.dimensions.length, maxLength: scheme.dimensions.length }),
      ),
    );
    const toRecord = (scheme: AppraisalScheme, values: number[]): Record<string, number> =>
      Object.fromEntries(scheme.dimensions.map((dimension, index) => [dimension.key, values[index] ?? 0]));

    it('the final score lies between the lowest and highest dimension score', () => {
      fc.assert(
        fc.property(schemeWithScores, ([scheme, values]) => {
          expect(validateAppraisalScheme(scheme)).toEqual([]);
          const score = scored(scoreAppraisal(scheme, toRecord(scheme, values), []));
          expect(score.finalScore).toBeGreaterThanOrEqual(Math.min(...values));
          expect(score.finalScore).toBeLessThanOrEqual(Math.max(...values));
        }),
      );
    });

    it('the final score is within half a hundredth of the exact weighted sum', () => {
      fc.assert(
        fc.property(schemeWithScores, ([scheme, values]) => {
          const exact = scheme.dimensions.reduce((sum, dimension, index) => sum + ((values[index] ?? 0) * dimension.weight) / 100, 0);
          const score = scored(scoreAppraisal(scheme, toRecord(scheme, values), []));
          expect(Math.abs(score.finalScore - exact)).toBeLessThanOrEqual(0.005 + 1e-9);
          expect(Number.isInteger(score.finalScoreHundredths)).toBe(true);
        }),
      );
    });

    it('equal dimension scores give exactly that score', () => {
      fc.assert(
        fc.property(schemeArbitrary, hundredths(100), (scheme, value) => {
          const score = scored(
            scoreAppraisal(
              scheme,
              toRecord(
                scheme,
                scheme.dimensions.map(() => value),
              ),
              [],
            ),
          );
          expect(score.finalScore).toBe(value);
        }),
      );
    });

    it('raising one dimension never lowers the final score', () => {
      fc.assert(
        fc.property(schemeWithScores, fc.nat(), hundredths(100), ([scheme, values], which, bump) => {
          const index = which % values.length;
          const raised = [...values];
          raised[index] = Math.min(100, Math.round(((raised[index] ?? 0) + bump) * 100) / 100);
          const before = scored(scoreAppraisal(scheme, toRecord(scheme, values), [])).finalScore;
          const after = scored(scoreAppraisal(scheme, toRecord(scheme, raised), [])).finalScore;
          expect(after).toBeGreaterThanOrEqual(before);
        }),
      );
    });
  });
});
