import fc from 'fast-check';
import { lastCompleteQuarter, quarterMonths, quarterlyRanking, rotationStatus, type FieldStaffRecord } from './rotation-status';

function staffIn(since: string, overrides: Partial<FieldStaffRecord> = {}): FieldStaffRecord {
  return {
    id: 'S1',
    category: 'customer_manager',
    assignment: { regionIds: ['R1'], since },
    monthlyScores: [],
    majorErrors: [],
    ...overrides,
  };
}

const EFFECTIVE = '2026-07-01';

describe('rotationStatus', () => {
  it('12 months or more in the same region → must move', () => {
    const result = rotationStatus(staffIn('2025-06-01'), EFFECTIVE);
    expect(result.status).toBe('must_move');
    expect(result.monthsInRegion).toBe(13);
    expect(result.reasons).toEqual([{ code: 'ROT_TENURE_LIMIT', text: '13 months in region R1 (rule: ≥12 months)' }]);
  });

  it('exactly 12 months → must move; 11 months → may move', () => {
    expect(rotationStatus(staffIn('2025-07-01'), EFFECTIVE).status).toBe('must_move');
    expect(rotationStatus(staffIn('2025-07-02'), EFFECTIVE)).toMatchObject({ status: 'may_move', monthsInRegion: 11 });
  });

  it('a monthly score below 60 in the look-back → must move, even when settling in', () => {
    const result = rotationStatus(
      staffIn('2026-03-01', {
        monthlyScores: [
          { month: '2026-04', score: 55 },
          { month: '2026-05', score: 80 },
        ],
      }),
      EFFECTIVE,
    );
    expect(result.status).toBe('must_move');
    expect(result.reasons).toEqual([{ code: 'ROT_LOW_SCORE', text: 'monthly score 55 in 2026-04 (rule: below 60)' }]);
  });

  it('a score of exactly 60 is not low', () => {
    expect(rotationStatus(staffIn('2026-03-01', { monthlyScores: [{ month: '2026-04', score: 60 }] }), EFFECTIVE).status).toBe('must_stay');
  });

  it('both reasons are given when both apply', () => {
    const result = rotationStatus(staffIn('2025-01-01', { monthlyScores: [{ month: '2026-06', score: 40 }] }), EFFECTIVE);
    expect(result.reasons.map((reason) => reason.code)).toEqual(['ROT_LOW_SCORE', 'ROT_TENURE_LIMIT']);
  });

  it('looks back 6 whole months before the effective month', () => {
    const withScore = (month: string) => rotationStatus(staffIn('2025-09-01', { monthlyScores: [{ month, score: 10 }] }), EFFECTIVE).status;
    expect(withScore('2026-01')).toBe('must_move');
    expect(withScore('2026-06')).toBe('must_move');
    expect(withScore('2025-12')).toBe('may_move'); // 7 months before: outside the window
    expect(withScore('2026-07')).toBe('may_move'); // the effective month is not scored yet
  });

  it('ignores low scores from before the current assignment (the last move acted on them)', () => {
    const result = rotationStatus(staffIn('2026-04-01', { monthlyScores: [{ month: '2026-03', score: 30 }] }), EFFECTIVE);
    expect(result.status).toBe('must_stay');
  });

  it('under 6 months, no major error, no low score → must stay', () => {
    const result = rotationStatus(staffIn('2026-02-15'), EFFECTIVE);
    expect(result).toMatchObject({ status: 'must_stay', monthsInRegion: 4 });
    expect(result.reasons[0]?.code).toBe('ROT_SETTLING_IN');
  });

  it('a major error in the current assignment lifts the under-6-months protection', () => {
    const result = rotationStatus(staffIn('2026-02-15', { majorErrors: [{ on: '2026-05-03' }] }), EFFECTIVE);
    expect(result.status).toBe('may_move');
    expect(result.reasons[0]).toMatchObject({ code: 'ROT_MAJOR_ERROR' });
    expect(result.reasons[0]?.text).toContain('2026-05-03');
  });

  it('a major error from before the assignment does not count', () => {
    expect(rotationStatus(staffIn('2026-02-15', { majorErrors: [{ on: '2025-05-03' }] }), EFFECTIVE).status).toBe('must_stay');
  });

  it('a major error alone does not force a move', () => {
    expect(rotationStatus(staffIn('2025-10-01', { majorErrors: [{ on: '2026-05-03' }] }), EFFECTIVE).status).toBe('may_move');
  });

  it('6 to 11 months → may move', () => {
    const result = rotationStatus(staffIn('2026-01-01'), EFFECTIVE);
    expect(result).toMatchObject({ status: 'may_move', monthsInRegion: 6 });
    expect(result.reasons).toEqual([{ code: 'ROT_MAY_MOVE', text: '6 months in region R1' }]);
  });

  it('someone without a region may move', () => {
    expect(rotationStatus(staffIn('2026-01-01', { assignment: null }), EFFECTIVE)).toMatchObject({
      status: 'may_move',
      monthsInRegion: null,
      reasons: [{ code: 'ROT_UNASSIGNED' }],
    });
  });

  it('names all covered regions', () => {
    const result = rotationStatus(staffIn('2025-01-01', { assignment: { regionIds: ['R6', 'R5'], since: '2025-01-01' } }), EFFECTIVE);
    expect(result.reasons[0]?.text).toBe('18 months in regions R5, R6 (rule: ≥12 months)');
  });

  it('honours custom thresholds', () => {
    const rules = { lowScoreThreshold: 70, lowScoreLookbackMonths: 3, rotateAfterMonths: 24, settleInMonths: 3 };
    expect(rotationStatus(staffIn('2025-01-01'), EFFECTIVE, rules).status).toBe('may_move');
    expect(rotationStatus(staffIn('2025-01-01', { monthlyScores: [{ month: '2026-05', score: 65 }] }), EFFECTIVE, rules).status).toBe(
      'must_move',
    );
  });

  it('rejects malformed input', () => {
    expect(() => rotationStatus(staffIn('2026-02-30'), EFFECTIVE)).toThrow(RangeError);
    expect(() => rotationStatus(staffIn('2026-01-01', { monthlyScores: [{ month: '2026-5', score: 50 }] }), EFFECTIVE)).toThrow(RangeError);
    expect(() => rotationStatus(staffIn('2026-01-01', { monthlyScores: [{ month: '2026-05', score: 101 }] }), EFFECTIVE)).toThrow(
      RangeError,
    );
  });

  it('exactly one status, consistent with the rules', () => {
    const dateArb = fc
      .date({ min: new Date('2023-01-01T00:00:00Z'), max: new Date('2026-07-01T00:00:00Z'), noInvalidDate: true })
      .map((value) => value.toISOString().slice(0, 10));
    const scoreArb = fc.record({
      month: fc.integer({ min: 0, max: 23 }).map((offset) => {
        const index = 2024 * 12 + offset + 7;
        return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
      }),
      score: fc.integer({ min: 30, max: 100 }),
    });
    fc.assert(
      fc.property(dateArb, fc.array(scoreArb, { maxLength: 8 }), fc.array(dateArb, { maxLength: 2 }), (since, scores, errors) => {
        const result = rotationStatus(staffIn(since, { monthlyScores: scores, majorErrors: errors.map((on) => ({ on })) }), EFFECTIVE);
        const months = result.monthsInRegion ?? 0;
        if (months >= 12) expect(result.status).toBe('must_move');
        if (result.status === 'must_stay') expect(months).toBeLessThan(6);
        expect(result.reasons.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('quarters', () => {
  it('the last complete quarter before a date', () => {
    expect(lastCompleteQuarter('2026-07-01')).toBe('2026-Q2');
    expect(lastCompleteQuarter('2026-02-10')).toBe('2025-Q4');
    expect(lastCompleteQuarter('2026-12-31')).toBe('2026-Q3');
  });
  it('the months of a quarter', () => {
    expect(quarterMonths('2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(() => quarterMonths('2026-Q5')).toThrow(RangeError);
  });
});

describe('quarterlyRanking', () => {
  it('ranks by the average of the quarter, ties sharing a rank in id order, unscored last', () => {
    const ranking = quarterlyRanking(
      [
        {
          id: 'C',
          monthlyScores: [
            { month: '2026-04', score: 80 },
            { month: '2026-05', score: 90 },
          ],
        },
        {
          id: 'A',
          monthlyScores: [
            { month: '2026-04', score: 85 },
            { month: '2026-06', score: 85 },
            { month: '2026-07', score: 10 },
          ],
        },
        { id: 'B', monthlyScores: [{ month: '2026-06', score: 95 }] },
        { id: 'D', monthlyScores: [{ month: '2026-03', score: 99 }] },
        {
          id: 'E',
          monthlyScores: [
            { month: '2026-04', score: 70.01 },
            { month: '2026-05', score: 70 },
            { month: '2026-06', score: 70 },
          ],
        },
      ],
      '2026-Q2',
    );
    expect(ranking).toEqual([
      { staffId: 'B', averageScore: 95, monthsScored: 1, rank: 1 },
      { staffId: 'A', averageScore: 85, monthsScored: 2, rank: 2 },
      { staffId: 'C', averageScore: 85, monthsScored: 2, rank: 2 },
      { staffId: 'E', averageScore: 70, monthsScored: 3, rank: 4 },
      { staffId: 'D', averageScore: null, monthsScored: 0, rank: null },
    ]);
  });

  it('is independent of input order', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 3 }), { maxLength: 20 }), (rows) => {
        const staff = rows.map((scores, index) => ({
          id: `S${index}`,
          monthlyScores: scores.map((score, month) => ({ month: `2026-0${month + 1}`, score })),
        }));
        expect(quarterlyRanking([...staff].reverse(), '2026-Q1')).toEqual(quarterlyRanking(staff, '2026-Q1'));
      }),
    );
  });
});
