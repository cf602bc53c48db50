import { divideRoundHalfUp, fromHundredths, toHundredths } from '../appraisal/fixed-point';
import { addMonthsToMonth, completeMonthsBetween, isLocalMonth, monthOfDate, parseLocalDate } from '../appraisal/local-date';
import type { FieldStaffCategory } from './region-class';

/**
 * Who must move, who must stay and who may move at a rotation round [000 第三篇 三(一) 1–2]:
 * - a monthly score below 60 → must be reassigned (每月外派绩效考核得分低于60分者,相应做岗位调整);
 * - one year or more in the same region → must rotate (同一地区任期满一年者,原则上都要进行区域调整);
 * - under six months, no major error and no score below 60 → must stay (未满半年,无重大失误岗位不调整);
 * - everyone else may move.
 *
 * Look-back for low scores: the `lowScoreLookbackMonths` (default 6 = one rotation cycle) whole
 * calendar months before the effective date's month, and only months of the current assignment.
 * A low score earned before the last move was already acted on by that move; the effective month
 * itself is not yet scored. A major error does not force a move on its own: it only removes the
 * under-six-months protection.
 */

export type RotationStatus = 'must_move' | 'must_stay' | 'may_move';

export type RotationStatusRuleCode =
  'ROT_LOW_SCORE' | 'ROT_TENURE_LIMIT' | 'ROT_SETTLING_IN' | 'ROT_MAJOR_ERROR' | 'ROT_MAY_MOVE' | 'ROT_UNASSIGNED';

export interface RotationReason {
  code: RotationStatusRuleCode;
  /** A short human sentence, e.g. "13 months in region R1 (rule: ≥12 months)". */
  text: string;
}

export interface FieldStaffAssignment {
  regionIds: string[];
  /** First day in the current region(s), `YYYY-MM-DD`. */
  since: string;
}

export interface FieldStaffMonthlyScore {
  /** `YYYY-MM` */
  month: string;
  /** 0..100 */
  score: number;
}

export interface FieldStaffRecord {
  id: string;
  category: FieldStaffCategory;
  /** null for someone not currently placed in any region. */
  assignment: FieldStaffAssignment | null;
  monthlyScores: FieldStaffMonthlyScore[];
  majorErrors: { on: string }[];
}

export interface RotationRules {
  lowScoreThreshold: number;
  lowScoreLookbackMonths: number;
  rotateAfterMonths: number;
  settleInMonths: number;
}

export const DEFAULT_ROTATION_RULES: Readonly<RotationRules> = {
  lowScoreThreshold: 60,
  lowScoreLookbackMonths: 6,
  rotateAfterMonths: 12,
  settleInMonths: 6,
};

/** Rotation rounds run every half year [三(二) 5]. */
export const ROTATION_CYCLE_MONTHS = 6;

export interface RotationStatusResult {
  staffId: string;
  status: RotationStatus;
  /** Whole months in the current region(s) at the effective date; null when unassigned. */
  monthsInRegion: number | null;
  reasons: RotationReason[];
}

export function describeRegions(regionIds: readonly string[]): string {
  return regionIds.length === 1 ? `region ${regionIds[0] ?? ''}` : `regions ${regionIds.join(', ')}`;
}

function assertScores(staff: FieldStaffRecord): void {
  for (const entry of staff.monthlyScores) {
    if (!isLocalMonth(entry.month)) {
      throw new RangeError(`${staff.id}: score month must be YYYY-MM, got "${entry.month}"`);
    }
    if (!Number.isFinite(entry.score) || entry.score < 0 || entry.score > 100) {
      throw new RangeError(`${staff.id}: monthly score must be within 0..100, got ${entry.score}`);
    }
  }
}

export function rotationStatus(
  staff: FieldStaffRecord,
  effectiveDate: string,
  rules: RotationRules = DEFAULT_ROTATION_RULES,
): RotationStatusResult {
  parseLocalDate(effectiveDate, 'effectiveDate');
  assertScores(staff);
  const assignment = staff.assignment;
  if (assignment === null || assignment.regionIds.length === 0) {
    return {
      staffId: staff.id,
      status: 'may_move',
      monthsInRegion: null,
      reasons: [{ code: 'ROT_UNASSIGNED', text: 'no current region' }],
    };
  }
  parseLocalDate(assignment.since, `${staff.id} assignment.since`);
  const where = describeRegions([...assignment.regionIds].sort());
  const monthsInRegion = completeMonthsBetween(assignment.since, effectiveDate);

  const effectiveMonth = monthOfDate(effectiveDate);
  const windowStart = addMonthsToMonth(effectiveMonth, -rules.lowScoreLookbackMonths);
  const assignmentMonth = monthOfDate(assignment.since);
  const lowScores = staff.monthlyScores
    .filter(
      (entry) =>
        entry.score < rules.lowScoreThreshold &&
        entry.month >= windowStart &&
        entry.month >= assignmentMonth &&
        entry.month < effectiveMonth,
    )
    .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const majorErrors = staff.majorErrors
    .map((error) => error.on)
    .filter((on) => on >= assignment.since && on <= effectiveDate)
    .sort();

  const mustMove: RotationReason[] = [];
  if (lowScores.length > 0) {
    const listed = lowScores.map((entry) => `${entry.score} in ${entry.month}`).join(', ');
    mustMove.push({
      code: 'ROT_LOW_SCORE',
      text: `monthly score ${listed} (rule: below ${rules.lowScoreThreshold})`,
    });
  }
  if (monthsInRegion >= rules.rotateAfterMonths) {
    mustMove.push({
      code: 'ROT_TENURE_LIMIT',
      text: `${monthsInRegion} months in ${where} (rule: ≥${rules.rotateAfterMonths} months)`,
    });
  }
  if (mustMove.length > 0) return { staffId: staff.id, status: 'must_move', monthsInRegion, reasons: mustMove };

  if (monthsInRegion < rules.settleInMonths) {
    if (majorErrors.length === 0) {
      return {
        staffId: staff.id,
        status: 'must_stay',
        monthsInRegion,
        reasons: [
          {
            code: 'ROT_SETTLING_IN',
            text: `${monthsInRegion} months in ${where}, no major error, no score below ${rules.lowScoreThreshold} (rule: under ${rules.settleInMonths} months)`,
          },
        ],
      };
    }
    return {
      staffId: staff.id,
      status: 'may_move',
      monthsInRegion,
      reasons: [
        {
          code: 'ROT_MAJOR_ERROR',
          text: `${monthsInRegion} months in ${where} but a major error on ${majorErrors.join(', ')} lifts the under-${rules.settleInMonths}-months protection`,
        },
      ],
    };
  }
  return {
    staffId: staff.id,
    status: 'may_move',
    monthsInRegion,
    reasons: [{ code: 'ROT_MAY_MOVE', text: `${monthsInRegion} months in ${where}` }],
  };
}

/** `YYYY-Qn` of the last complete quarter before the quarter containing `date`. */
export function lastCompleteQuarter(date: string): string {
  const { year, month } = parseLocalDate(date, 'date');
  const quarter = Math.floor((month - 1) / 3) + 1;
  return quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
}

/** The three `YYYY-MM` months of a `YYYY-Qn` quarter. */
export function quarterMonths(quarter: string): string[] {
  const match = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!match) throw new RangeError(`quarter must be YYYY-Qn, got "${quarter}"`);
  const first = (Number(match[2]) - 1) * 3 + 1;
  return [0, 1, 2].map((offset) => `${match[1] ?? ''}-${String(first + offset).padStart(2, '0')}`);
}

export interface QuarterlyRankEntry {
  staffId: string;
  /** Average of the quarter's monthly scores, rounded half up to two decimals; null if none. */
  averageScore: number | null;
  monthsScored: number;
  /** Competition rank (1, 2, 2, 4); null when the quarter has no scores. */
  rank: number | null;
}

/**
 * Quarterly ranking by average monthly score [三(一) 1)], the basis of rotation choices. Ties share
 * a rank and are listed by id; staff without scores in the quarter come last, unranked.
 */
export function quarterlyRanking(staff: readonly Pick<FieldStaffRecord, 'id' | 'monthlyScores'>[], quarter: string): QuarterlyRankEntry[] {
  const months = new Set(quarterMonths(quarter));
  const averaged = staff.map((person) => {
    const scores = person.monthlyScores.filter((entry) => months.has(entry.month));
    const hundredths = scores.map((entry) => {
      const value = toHundredths(entry.score);
      if (value === null) throw new RangeError(`${person.id}: score ${entry.score} has more than two decimals`);
      return value;
    });
    const total = hundredths.reduce((sum, value) => sum + value, 0);
    const average = scores.length === 0 ? null : divideRoundHalfUp(total, scores.length);
    return { staffId: person.id, averageHundredths: average, monthsScored: scores.length };
  });
  averaged.sort((a, b) => {
    if (a.averageHundredths !== b.averageHundredths) {
      if (a.averageHundredths === null) return 1;
      if (b.averageHundredths === null) return -1;
      return b.averageHundredths - a.averageHundredths;
    }
    return a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0;
  });
  const ranked: QuarterlyRankEntry[] = [];
  averaged.forEach((entry, index) => {
    const previous = averaged[index - 1];
    const previousRanked = ranked[index - 1];
    let rank: number | null = null;
    if (entry.averageHundredths !== null) {
      rank =
        previous !== undefined && previousRanked !== undefined && previous.averageHundredths === entry.averageHundredths
          ? previousRanked.rank
          : index + 1;
    }
    ranked.push({
      staffId: entry.staffId,
      averageScore: entry.averageHundredths === null ? null : fromHundredths(entry.averageHundredths),
      monthsScored: entry.monthsScored,
      rank,
    });
  });
  return ranked;
}
