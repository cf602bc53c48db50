import { assertUniqueIds, buildCoverageUnits, byId } from './coverage-units';
import { solveMinCostAssignment } from './min-cost-assignment';
import type { FieldStaffCategory, RegionClass } from './region-class';
import type {
  CoverageUnit,
  RotationCandidate,
  RotationLineKind,
  RotationObjective,
  RotationPlan,
  RotationPlanInput,
  RotationPlanLine,
  RotationRuleCode,
  RotationViolation,
  UnstaffedRegion,
} from './rotation-plan-types';
import { validateRotationPlan } from './rotation-plan-validation';
import { describeRegions, type RotationStatus } from './rotation-status';

/**
 * The rotation planner [000 第三篇 三]: one optimal min-cost assignment per staff category.
 *
 * Rows are the category's staff plus one "vacancy" row per coverage unit; columns are the units
 * plus one "reserve" column per staff member, so a solution always exists. Costs are lexicographic
 * (scaled integer weights): rule breaches ≫ unstaffed units ≫ moves ≫ rank/class mismatch.
 * A breach (a must-mover staying, a must-stayer moving, a return to a region just left) is only
 * chosen when nothing valid exists, and leaving a unit empty is preferred to breaking a rule, so
 * an infeasible round comes back as a best-effort plan naming the empty regions and why.
 *
 * Rank/class mismatch = (rank bucket + 1) × class weight (class 1 → 3, 2 → 2, 3 → 1, reserve → 0),
 * rank bucket = 0..100 from the person's position in the category's quarterly ranking. Minimising
 * Σ rank × weight pairs the best-ranked with the highest classes (rearrangement inequality).
 */

const CLASS_WEIGHT: Record<RegionClass, number> = { 1: 3, 2: 2, 3: 1 };
const MAX_RANK_COST = 101 * CLASS_WEIGHT[1];

type Breach = 'must_move_stays' | 'must_stay_moves' | 'returns_to_previous';

interface PreparedStaff {
  candidate: RotationCandidate;
  current: ReadonlySet<string>;
  previous: ReadonlySet<string>;
  /** must_stay is relaxed to may_move when none of the person's regions is in a unit any more. */
  status: RotationStatus;
  stranded: boolean;
  rankBucket: number;
}

interface PreparedCategory {
  category: FieldStaffCategory;
  staff: PreparedStaff[];
  units: CoverageUnit[];
}

interface PreparedRound {
  units: CoverageUnit[];
  categories: PreparedCategory[];
}

interface PairAssessment {
  kind: RotationLineKind;
  move: boolean;
  breach: Breach | null;
  rankCost: number;
}

function prepareRound(input: RotationPlanInput): PreparedRound {
  assertUniqueIds(
    'staff',
    input.staff.map((person) => person.id),
  );
  const units = buildCoverageUnits(input);
  const staff = [...input.staff].sort((a, b) => byId(a.id, b.id));
  const categories = new Set<FieldStaffCategory>([...units.map((unit) => unit.category), ...staff.map((person) => person.category)]);
  const prepared = [...categories].sort(byId).map((category): PreparedCategory => {
    const categoryUnits = units.filter((unit) => unit.category === category);
    const categoryStaff = staff.filter((person) => person.category === category);
    const buckets = rankBuckets(categoryStaff);
    return {
      category,
      units: categoryUnits,
      staff: categoryStaff.map((candidate, index): PreparedStaff => {
        const current = new Set(candidate.currentRegionIds);
        const stranded =
          candidate.status === 'must_stay' &&
          current.size > 0 &&
          !categoryUnits.some((unit) => unit.regionIds.some((regionId) => current.has(regionId)));
        return {
          candidate,
          current,
          previous: new Set(candidate.previousRegionIds ?? []),
          status: stranded ? 'may_move' : candidate.status,
          stranded,
          rankBucket: buckets[index] ?? 100,
        };
      }),
    };
  });
  return { units, categories: prepared };
}

/** 0 for the best rank … 100 for the worst; unranked staff share the position after the ranked. */
function rankBuckets(staff: readonly RotationCandidate[]): number[] {
  const ranks = staff.map((person) => person.rank ?? null);
  const ranked = ranks.filter((rank): rank is number => rank !== null);
  const span = Math.max(1, staff.length - 1);
  return ranks.map((rank) => {
    const position = rank === null ? ranked.length : ranked.filter((other) => other < rank).length;
    return Math.min(100, Math.floor((200 * position + span) / (2 * span)));
  });
}

function assess(person: PreparedStaff, unit: CoverageUnit | null): PairAssessment {
  if (unit === null) {
    return {
      kind: 'reserve',
      move: person.current.size > 0,
      breach: person.status === 'must_stay' ? 'must_stay_moves' : null,
      rankCost: 0,
    };
  }
  const rankCost = (person.rankBucket + 1) * CLASS_WEIGHT[unit.staffedAsClass];
  if (unit.regionIds.some((regionId) => person.current.has(regionId))) {
    return { kind: 'stay', move: false, breach: person.status === 'must_move' ? 'must_move_stays' : null, rankCost };
  }
  let breach: Breach | null = null;
  if (person.status === 'must_stay') breach = 'must_stay_moves';
  else if (unit.regionIds.some((regionId) => person.previous.has(regionId))) breach = 'returns_to_previous';
  return { kind: 'move', move: true, breach, rankCost };
}

interface CategorySolution {
  unitOfStaff: (CoverageUnit | null)[];
  vacantUnits: CoverageUnit[];
}

function solveCategory(prepared: PreparedCategory): CategorySolution {
  const staffCount = prepared.staff.length;
  const unitCount = prepared.units.length;
  const size = staffCount + unitCount;
  // Lexicographic weights: each tier outweighs everything the tiers below can add up to.
  const moveWeight = MAX_RANK_COST * staffCount + 1;
  const vacancyWeight = (staffCount + 1) * moveWeight;
  const breachWeight = (unitCount + 1) * vacancyWeight;
  if ((size + 1) * (breachWeight + moveWeight) > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`rotation round too large for one ${prepared.category} plan: split it by platform`);
  }
  const pairCost = (assessment: PairAssessment): number =>
    (assessment.breach === null ? 0 : breachWeight) + (assessment.move ? moveWeight : 0) + assessment.rankCost;

  const costs = new Float64Array(size * size);
  prepared.staff.forEach((person, row) => {
    const offset = row * size;
    prepared.units.forEach((unit, col) => {
      costs[offset + col] = pairCost(assess(person, unit));
    });
    costs.fill(pairCost(assess(person, null)), offset + unitCount, offset + size);
  });
  for (let row = staffCount; row < size; row += 1) {
    costs.fill(vacancyWeight, row * size, row * size + unitCount);
  }
  const colOfRow = solveMinCostAssignment(costs, size, size);

  const unitOfStaff = prepared.staff.map((_, row) => {
    const col = colOfRow[row] ?? -1;
    return col >= 0 && col < unitCount ? (prepared.units[col] ?? null) : null;
  });
  const vacantUnits: CoverageUnit[] = [];
  for (let row = staffCount; row < size; row += 1) {
    const col = colOfRow[row] ?? -1;
    const unit = col >= 0 && col < unitCount ? prepared.units[col] : undefined;
    if (unit !== undefined) vacantUnits.push(unit);
  }
  return { unitOfStaff, vacantUnits };
}

/** Proposes a complete, explained rotation plan for a round. Same input → same plan. */
export function planRotation(input: RotationPlanInput): RotationPlan {
  const round = prepareRound(input);
  const lines: RotationPlanLine[] = [];
  const unstaffedRegions: UnstaffedRegion[] = [];
  const objective: RotationObjective = { ruleBreaches: 0, unstaffedUnits: 0, moves: 0, rankMismatch: 0 };
  const explanations = new Map<string, string>();

  for (const prepared of round.categories) {
    const solution = solveCategory(prepared);
    prepared.staff.forEach((person, index) => {
      const unit = solution.unitOfStaff[index] ?? null;
      const assessment = assess(person, unit);
      addToObjective(objective, assessment);
      lines.push(explainLine(person, unit, assessment, prepared));
      if (person.stranded) {
        explanations.set(
          `ROT_MUST_STAY_NOT_KEPT|${person.candidate.id}`,
          `${person.candidate.id} must stay, but ${describeRegions([...person.current].sort(byId))} no longer needs a ${prepared.category} in this round`,
        );
      }
    });
    objective.unstaffedUnits += solution.vacantUnits.length;
    for (const unit of solution.vacantUnits) {
      const why = explainVacancy(unit, prepared, solution);
      for (const regionId of unit.regionIds) {
        unstaffedRegions.push({ regionId, category: prepared.category, coverageUnitId: unit.id, why });
        explanations.set(`ROT_REGION_UNSTAFFED|${regionId}|${prepared.category}`, `region ${regionId} has no ${prepared.category}: ${why}`);
      }
    }
  }
  lines.sort((a, b) => byId(a.staffId, b.staffId));
  unstaffedRegions.sort((a, b) => byId(a.regionId, b.regionId) || byId(a.category, b.category));

  const violations = validateRotationPlan(input, lines).map((violation): RotationViolation => {
    const key =
      violation.code === 'ROT_REGION_UNSTAFFED'
        ? `${violation.code}|${violation.regionId ?? ''}|${violation.category ?? ''}`
        : `${violation.code}|${violation.staffId ?? ''}`;
    const message = explanations.get(key);
    return message === undefined ? violation : { ...violation, message };
  });
  return {
    feasible: violations.length === 0,
    lines,
    unstaffedRegions,
    violations,
    coverageUnits: round.units,
    objective,
  };
}

function addToObjective(objective: RotationObjective, assessment: PairAssessment): void {
  if (assessment.breach !== null) objective.ruleBreaches += 1;
  if (assessment.move) objective.moves += 1;
  objective.rankMismatch += assessment.rankCost;
}

/**
 * The objective of an arbitrary assignment (staff id → coverage unit id, or null for reserve) in
 * the planner's cost model; staff missing from the map count as reserve. For tests and what-ifs.
 */
export function evaluateRotationAssignment(input: RotationPlanInput, unitIdOfStaff: ReadonlyMap<string, string | null>): RotationObjective {
  const round = prepareRound(input);
  const unitsById = new Map(round.units.map((unit) => [unit.id, unit]));
  const objective: RotationObjective = { ruleBreaches: 0, unstaffedUnits: 0, moves: 0, rankMismatch: 0 };
  const filled = new Set<string>();
  for (const prepared of round.categories) {
    for (const person of prepared.staff) {
      const unitId = unitIdOfStaff.get(person.candidate.id) ?? null;
      const unit = unitId === null ? null : unitsById.get(unitId);
      if (unit === undefined || (unit !== null && unit.category !== prepared.category)) {
        throw new RangeError(`${person.candidate.id} cannot take unit ${unitId ?? ''}`);
      }
      if (unit !== null) {
        if (filled.has(unit.id)) throw new RangeError(`unit ${unit.id} is assigned twice`);
        filled.add(unit.id);
      }
      addToObjective(objective, assess(person, unit));
    }
  }
  objective.unstaffedUnits = round.units.length - filled.size;
  return objective;
}

function ordinal(rank: number): string {
  const lastTwo = rank % 100;
  const suffix = lastTwo >= 11 && lastTwo <= 13 ? 'th' : rank % 10 === 1 ? 'st' : rank % 10 === 2 ? 'nd' : rank % 10 === 3 ? 'rd' : 'th';
  return `${rank}${suffix}`;
}

function describeUnit(unit: CoverageUnit): string {
  return `class-${unit.staffedAsClass} ${describeRegions(unit.regionIds)}`;
}

const STATUS_LABEL: Record<RotationStatus, string> = {
  must_move: 'must move',
  must_stay: 'must stay',
  may_move: 'may move',
};

const BREACH_TEXT: Record<Breach, string> = {
  must_move_stays: 'rule not met: stays although they must move (no valid alternative)',
  must_stay_moves: 'rule not met: moved although they must stay (their unit is needed by another must-stay person)',
  returns_to_previous: 'rule not met: sent back to a region they just left (no valid alternative)',
};

function explainLine(
  person: PreparedStaff,
  unit: CoverageUnit | null,
  assessment: PairAssessment,
  prepared: PreparedCategory,
): RotationPlanLine {
  const candidate = person.candidate;
  const reasons = candidate.statusReasons ?? [];
  const statusText =
    reasons.length === 0
      ? STATUS_LABEL[candidate.status]
      : `${STATUS_LABEL[candidate.status]}: ${reasons.map((reason) => reason.text).join('; ')}`;
  const rankText = candidate.rank === undefined || candidate.rank === null ? 'unranked' : `ranked ${ordinal(candidate.rank)}`;
  const rulesApplied: RotationRuleCode[] = reasons.map((reason) => reason.code);
  let outcome: string;
  if (unit === null) {
    outcome = `${rankText}; ${person.current.size > 0 ? 'released to the reserve' : 'reserve'}: ${prepared.staff.length} ${prepared.category} staff for ${prepared.units.length} coverage units`;
    rulesApplied.push('ROT_RESERVE');
  } else if (assessment.kind === 'stay') {
    outcome = `kept in ${describeUnit(unit)}${candidate.status === 'may_move' ? ' (fewest moves)' : ''}`;
    rulesApplied.push(candidate.status === 'may_move' ? 'ROT_FEWEST_MOVES' : 'ROT_KEEP');
  } else {
    outcome = `${rankText} → ${describeUnit(unit)}`;
    rulesApplied.push('ROT_RANK_TO_CLASS');
  }
  if (person.previous.size > 0) rulesApplied.push('ROT_NO_RETURN');
  if (unit !== null) rulesApplied.push('ROT_STAFFING_RULE');
  const parts = [statusText, outcome];
  if (person.stranded) parts.push('their must-stay region is no longer in this round');
  if (assessment.breach !== null) parts.push(BREACH_TEXT[assessment.breach]);
  return {
    staffId: candidate.id,
    category: candidate.category,
    status: candidate.status,
    kind: assessment.kind,
    coverageUnitId: unit?.id ?? null,
    fromRegionIds: [...candidate.currentRegionIds].sort(byId),
    toRegionIds: unit === null ? [] : [...unit.regionIds],
    reason: parts.join('; '),
    rulesApplied,
  };
}

/** Why nobody could be placed in `unit`: a shortage, or each candidate's blocking rule. */
function explainVacancy(unit: CoverageUnit, prepared: PreparedCategory, solution: CategorySolution): string {
  if (prepared.staff.length === 0) return `no ${prepared.category} field staff in this round`;
  const parts: string[] = [];
  if (prepared.staff.length < prepared.units.length) {
    parts.push(`only ${prepared.staff.length} ${prepared.category} staff for ${prepared.units.length} coverage units`);
  }
  const eligible: string[] = [];
  const blocked: string[] = [];
  prepared.staff.forEach((person, index) => {
    const assessment = assess(person, unit);
    const id = person.candidate.id;
    if (assessment.breach === null) {
      const placed = solution.unitOfStaff[index];
      eligible.push(placed === null || placed === undefined ? id : `${id} (needed in ${placed.regionIds.join('+')})`);
      return;
    }
    const where = describeRegions([...person.current].sort(byId));
    switch (assessment.breach) {
      case 'must_move_stays':
        blocked.push(
          `${id} must move out of ${where} (rule: ${(person.candidate.statusReasons ?? []).map((r) => r.code).join(', ') || 'must move'})`,
        );
        break;
      case 'must_stay_moves':
        blocked.push(`${id} must stay in ${where} (rule: ROT_SETTLING_IN)`);
        break;
      case 'returns_to_previous':
        blocked.push(
          `${id} just left ${describeRegions([...person.previous].filter((regionId) => unit.regionIds.includes(regionId)).sort(byId))} (rule: ROT_NO_RETURN)`,
        );
        break;
    }
  });
  if (eligible.length === 0) {
    parts.push(`no eligible ${prepared.category}: ${blocked.join('; ')}`);
  } else {
    parts.push(`every eligible ${prepared.category} is needed elsewhere: ${eligible.join(', ')}`);
    if (blocked.length > 0) parts.push(`not eligible: ${blocked.join('; ')}`);
  }
  return parts.join('; ');
}
