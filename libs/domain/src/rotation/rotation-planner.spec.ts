import fc from 'fast-check';
import type { FieldStaffCategory } from './region-class';
import type { RotationCandidate, RotationObjective, RotationPlan, RotationPlanInput, RotationRegion } from './rotation-plan-types';
import { validateRotationPlan } from './rotation-plan-validation';
import { evaluateRotationAssignment, planRotation } from './rotation-planner';

const CLASS_1 = 250_000;
const CLASS_2 = 150_000;
const CLASS_3 = 50_000;

function region(id: string, salesUnits: number, adjacentRegionIds: string[] = [], extra: Partial<RotationRegion> = {}): RotationRegion {
  return { id, salesUnits, highFailureModels: false, oneStopService: false, adjacentRegionIds, ...extra };
}

function person(
  id: string,
  status: RotationCandidate['status'],
  currentRegionIds: string[],
  extra: Partial<RotationCandidate> = {},
): RotationCandidate {
  return { id, category: 'customer_manager', status, currentRegionIds, ...extra };
}

function destinations(plan: RotationPlan): Record<string, string> {
  return Object.fromEntries(plan.lines.map((line) => [line.staffId, line.toRegionIds.join('+') || '(reserve)']));
}

function lineOf(plan: RotationPlan, staffId: string) {
  const line = plan.lines.find((candidate) => candidate.staffId === staffId);
  if (line === undefined) throw new Error(`no line for ${staffId}`);
  return line;
}

describe('planRotation', () => {
  it('moves the must-movers, keeps the must-stayers and explains each line', () => {
    const plan = planRotation({
      regions: [region('R1', CLASS_2), region('R2', CLASS_2), region('R7', CLASS_1)],
      staff: [
        person('S1', 'must_move', ['R1'], {
          rank: 2,
          statusReasons: [{ code: 'ROT_TENURE_LIMIT', text: '13 months in region R1 (rule: ≥12 months)' }],
        }),
        person('S2', 'must_stay', ['R2'], {
          rank: 1,
          statusReasons: [
            { code: 'ROT_SETTLING_IN', text: '3 months in region R2, no major error, no score below 60 (rule: under 6 months)' },
          ],
        }),
        person('S3', 'may_move', ['R7'], { rank: 3 }),
      ],
    });
    expect(plan.feasible).toBe(true);
    expect(plan.violations).toEqual([]);
    expect(plan.unstaffedRegions).toEqual([]);
    expect(destinations(plan)).toEqual({ S1: 'R7', S2: 'R2', S3: 'R1' });
    expect(lineOf(plan, 'S1')).toMatchObject({
      kind: 'move',
      fromRegionIds: ['R1'],
      toRegionIds: ['R7'],
      reason: 'must move: 13 months in region R1 (rule: ≥12 months); ranked 2nd → class-1 region R7',
      rulesApplied: ['ROT_TENURE_LIMIT', 'ROT_RANK_TO_CLASS', 'ROT_STAFFING_RULE'],
    });
    expect(lineOf(plan, 'S2')).toMatchObject({ kind: 'stay', toRegionIds: ['R2'] });
    expect(lineOf(plan, 'S2').reason).toContain('kept in class-2 region R2');
    expect(lineOf(plan, 'S3').reason).toBe('may move; ranked 3rd → class-2 region R1');
    expect(plan.objective).toMatchObject({ ruleBreaches: 0, unstaffedUnits: 0, moves: 2 });
  });

  it('keeps may-move staff where they are when nothing forces a change (fewest moves)', () => {
    const plan = planRotation({
      regions: [region('R1', CLASS_1), region('R2', CLASS_3)],
      staff: [person('S1', 'may_move', ['R2'], { rank: 1 }), person('S2', 'may_move', ['R1'], { rank: 2 })],
    });
    expect(destinations(plan)).toEqual({ S1: 'R2', S2: 'R1' });
    expect(lineOf(plan, 'S1').reason).toBe('may move; kept in class-3 region R2 (fewest moves)');
    expect(plan.objective.moves).toBe(0);
  });

  it('sends better-ranked movers to higher-class regions', () => {
    const plan = planRotation({
      regions: [
        region('A', CLASS_3),
        region('B', CLASS_1),
        region('C', CLASS_2),
        region('X', CLASS_3),
        region('Y', CLASS_3),
        region('Z', CLASS_3),
      ],
      staff: [
        person('S1', 'must_move', ['X'], { rank: 3 }),
        person('S2', 'must_move', ['Y'], { rank: 1 }),
        person('S3', 'must_move', ['Z'], { rank: 2 }),
        person('K1', 'must_stay', ['X']),
        person('K2', 'must_stay', ['Y']),
        person('K3', 'must_stay', ['Z']),
      ],
    });
    expect(plan.feasible).toBe(true);
    expect(destinations(plan)).toMatchObject({ S2: 'B', S3: 'C', S1: 'A' });
  });

  it('finds the valid plan where taking the best-ranked first fails', () => {
    // Greedy (best-ranked person takes the best slot): S1 takes class-1 R1, then S2 can only go
    // to R2, which they just left → infeasible. The optimal assignment swaps them.
    const input: RotationPlanInput = {
      regions: [region('R1', CLASS_1), region('R2', CLASS_2)],
      staff: [person('S1', 'may_move', [], { rank: 1 }), person('S2', 'may_move', [], { rank: 2, previousRegionIds: ['R2'] })],
    };
    const greedy = greedyAssignment(input);
    expect(validateRotationPlan(input, greedy).map((violation) => violation.code)).toEqual(['ROT_RETURN_TO_PREVIOUS']);

    const plan = planRotation(input);
    expect(plan.feasible).toBe(true);
    expect(destinations(plan)).toEqual({ S1: 'R2', S2: 'R1' });
  });

  it('finds fewer moves than the greedy choice', () => {
    // Greedy gives the class-1 vacancy left by S0 to the best-ranked person, S1, whose region R2
    // must then be filled by S3: three moves. The optimum fills R1 with the reserve S3: two.
    const input: RotationPlanInput = {
      regions: [region('R1', CLASS_1), region('R2', CLASS_2), region('R9', CLASS_3)],
      staff: [
        person('S0', 'must_move', ['R1'], { rank: 4 }),
        person('S1', 'may_move', ['R2'], { rank: 1 }),
        person('S3', 'may_move', [], { rank: 2 }),
        person('S4', 'must_stay', ['R9'], { rank: 3 }),
      ],
    };
    const plan = planRotation(input);
    expect(plan.feasible).toBe(true);
    expect(destinations(plan)).toEqual({ S0: '(reserve)', S1: 'R2', S3: 'R1', S4: 'R9' });
    const greedy = evaluateRotationAssignment(
      input,
      new Map([
        ['S1', 'customer_manager:R1'],
        ['S3', 'customer_manager:R2'],
        ['S4', 'customer_manager:R9'],
        ['S0', null],
      ]),
    );
    expect(plan.objective.moves).toBeLessThan(greedy.moves);
  });

  it('reports precisely a region that only someone who just left it could fill', () => {
    const plan = planRotation({
      regions: [region('R1', CLASS_2), region('R2', CLASS_2)],
      staff: [
        person('S1', 'must_move', ['R1'], {
          statusReasons: [{ code: 'ROT_LOW_SCORE', text: 'monthly score 50 in 2026-05 (rule: below 60)' }],
        }),
        person('S2', 'may_move', ['R9'], { previousRegionIds: ['R1'] }),
      ],
    });
    expect(plan.feasible).toBe(false);
    expect(destinations(plan)).toEqual({ S1: 'R2', S2: '(reserve)' });
    expect(plan.unstaffedRegions).toEqual([
      {
        regionId: 'R1',
        category: 'customer_manager',
        coverageUnitId: 'customer_manager:R1',
        why: 'no eligible customer_manager: S1 must move out of region R1 (rule: ROT_LOW_SCORE); S2 just left region R1 (rule: ROT_NO_RETURN)',
      },
    ]);
    expect(plan.violations).toEqual([
      expect.objectContaining({ code: 'ROT_REGION_UNSTAFFED', regionId: 'R1', message: expect.stringContaining('S2 just left region R1') }),
    ]);
  });

  it('reports a shortage of staff per category', () => {
    const plan = planRotation({
      regions: [region('R1', CLASS_1), region('R2', CLASS_2), region('R3', CLASS_2)],
      staff: [person('S1', 'may_move', ['R1'], { rank: 1 }), person('S2', 'may_move', ['R3'], { rank: 2 })],
    });
    expect(plan.feasible).toBe(false);
    expect(plan.unstaffedRegions.map((entry) => entry.regionId)).toEqual(['R2']);
    expect(plan.unstaffedRegions[0]?.why).toContain('only 2 customer_manager staff for 3 coverage units');
    expect(plan.objective.moves).toBe(0);
  });

  it('reports a must-stay person whose region left the round', () => {
    const plan = planRotation({
      regions: [region('R1', CLASS_2)],
      staff: [person('S1', 'must_stay', ['GONE']), person('S2', 'must_move', ['R1'])],
    });
    expect(plan.feasible).toBe(false);
    expect(destinations(plan)).toEqual({ S1: 'R1', S2: '(reserve)' });
    expect(plan.violations).toEqual([
      {
        code: 'ROT_MUST_STAY_NOT_KEPT',
        staffId: 'S1',
        message: 'S1 must stay, but region GONE no longer needs a customer_manager in this round',
      },
    ]);
  });

  it('two must-stay people on one region: one rule must give, and the plan says so', () => {
    const plan = planRotation({
      regions: [region('R1', CLASS_2), region('R2', CLASS_2)],
      staff: [person('S1', 'must_stay', ['R1']), person('S2', 'must_stay', ['R1'])],
    });
    expect(plan.feasible).toBe(false);
    expect(plan.objective.ruleBreaches).toBe(1);
    expect(plan.violations.map((violation) => violation.code)).toEqual(['ROT_MUST_STAY_NOT_KEPT']);
  });

  it('puts extra staff in the reserve, worst-ranked first among equals, with a reason', () => {
    const plan = planRotation({
      regions: [region('R1', CLASS_2)],
      staff: [person('S1', 'may_move', [], { rank: 2 }), person('S2', 'may_move', [], { rank: 1 }), person('S3', 'may_move', [])],
    });
    expect(plan.feasible).toBe(true);
    expect(destinations(plan)).toEqual({ S1: '(reserve)', S2: 'R1', S3: '(reserve)' });
    expect(lineOf(plan, 'S3')).toMatchObject({
      kind: 'reserve',
      reason: 'may move; unranked; reserve: 3 customer_manager staff for 1 coverage units',
      rulesApplied: ['ROT_RESERVE'],
    });
  });

  it('a must-mover may be released to the reserve when there are more staff than units', () => {
    const plan = planRotation({
      regions: [region('R1', CLASS_2)],
      staff: [person('S1', 'must_move', ['R1']), person('S2', 'must_stay', ['R1'])],
    });
    expect(plan.feasible).toBe(true);
    expect(lineOf(plan, 'S1')).toMatchObject({ kind: 'reserve', toRegionIds: [] });
    expect(lineOf(plan, 'S1').reason).toContain('released to the reserve');
  });

  it('one field staff covers a group of adjacent class-3 regions', () => {
    const plan = planRotation({
      regions: [region('R5', CLASS_3, ['R6']), region('R6', CLASS_3, ['R7']), region('R7', CLASS_3), region('R8', CLASS_1)],
      staff: [person('S1', 'must_move', ['R8'], { rank: 1 }), person('S2', 'must_move', ['R5', 'R6', 'R7'], { rank: 2 })],
    });
    expect(plan.feasible).toBe(true);
    expect(destinations(plan)).toEqual({ S1: 'R5+R6+R7', S2: 'R8' });
    expect(lineOf(plan, 'S1').reason).toBe('must move; ranked 1st → class-3 regions R5, R6, R7');
  });

  it('respects categories and plans each category separately', () => {
    const both: FieldStaffCategory[] = ['customer_manager', 'technician'];
    const plan = planRotation({
      regions: [region('R1', CLASS_1, [], { requiredCategories: both }), region('R2', CLASS_2, [], { requiredCategories: both })],
      staff: [
        person('C1', 'must_move', ['R1']),
        person('C2', 'must_move', ['R2']),
        person('T1', 'must_move', ['R1'], { category: 'technician' }),
        person('T2', 'must_move', ['R2'], { category: 'technician' }),
      ],
    });
    expect(plan.feasible).toBe(true);
    expect(destinations(plan)).toEqual({ C1: 'R2', C2: 'R1', T1: 'R2', T2: 'R1' });
    expect(plan.coverageUnits.map((unit) => unit.id)).toEqual([
      'customer_manager:R1',
      'customer_manager:R2',
      'technician:R1',
      'technician:R2',
    ]);
  });

  it('a category nobody needs goes to the reserve', () => {
    const plan = planRotation({ regions: [], staff: [person('T1', 'may_move', ['R1'], { category: 'spare_parts' })] });
    expect(plan.feasible).toBe(true);
    expect(lineOf(plan, 'T1').kind).toBe('reserve');
  });

  it('an empty round is a feasible empty plan', () => {
    expect(planRotation({ regions: [], staff: [] })).toMatchObject({ feasible: true, lines: [], violations: [] });
  });

  it('rejects duplicate staff ids', () => {
    expect(() => planRotation({ regions: [], staff: [person('S1', 'may_move', []), person('S1', 'may_move', [])] })).toThrow(
      /duplicate staff id "S1"/,
    );
  });

  it('is deterministic: the order of the input does not matter', () => {
    const input = randomRound(7, 40, 30);
    const shuffled: RotationPlanInput = {
      regions: [...input.regions].reverse(),
      staff: [...input.staff].reverse(),
    };
    expect(planRotation(shuffled)).toEqual(planRotation(input));
  });

  it('plans 200 staff over 300 regions quickly', () => {
    const regionIds = Array.from({ length: 300 }, (_, index) => `R${String(index).padStart(3, '0')}`);
    const regions = regionIds.map((id, index) =>
      region(
        id,
        index % 10 === 0 ? CLASS_1 : index % 10 < 3 ? CLASS_2 : CLASS_3,
        [regionIds[index + 1], regionIds[index + 5]].filter((other): other is string => other !== undefined),
        {
          oneStopService: index % 17 === 0,
        },
      ),
    );
    const statuses = ['must_move', 'must_stay', 'may_move'] as const;
    const staff = Array.from({ length: 200 }, (_, index) =>
      person(`S${String(index).padStart(3, '0')}`, statuses[index % 3] ?? 'may_move', [regionIds[(index * 7) % 300] ?? ''], {
        previousRegionIds: [regionIds[(index * 11) % 300] ?? ''],
        rank: index + 1,
      }),
    );
    const input: RotationPlanInput = { regions, staff };
    const started = Date.now();
    const plan = planRotation(input);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(plan.lines).toHaveLength(200);
    expect(plan.feasible).toBe(true);
    expect(validateRotationPlan(input, plan.lines)).toEqual([]);
  });

  it('plans a random 200 × 300 round quickly, feasible or not', () => {
    const input = randomRound(42, 200, 300);
    const started = Date.now();
    const plan = planRotation(input);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(plan.lines).toHaveLength(200);
  });

  describe('properties', () => {
    const roundArb = fc.record({
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      staffCount: fc.integer({ min: 0, max: 5 }),
      regionCount: fc.integer({ min: 0, max: 4 }),
    });

    it('the plan is optimal: exhaustive search finds nothing better', () => {
      fc.assert(
        fc.property(roundArb, ({ seed, staffCount, regionCount }) => {
          const input = randomRound(seed, staffCount, regionCount);
          const plan = planRotation(input);
          expect(plan.objective).toEqual(bruteForceOptimum(input, plan));
        }),
        { numRuns: 200 },
      );
    });

    it('a feasible plan passes validation; an infeasible one says why', () => {
      fc.assert(
        fc.property(roundArb, ({ seed, staffCount, regionCount }) => {
          const input = randomRound(seed, staffCount, regionCount);
          const plan = planRotation(input);
          const violations = validateRotationPlan(input, plan.lines);
          expect(violations.map((violation) => violation.code)).toEqual(plan.violations.map((violation) => violation.code));
          expect(plan.feasible).toBe(violations.length === 0);
          if (plan.objective.ruleBreaches === 0 && plan.objective.unstaffedUnits === 0) {
            const stranded = plan.violations.every((violation) => violation.code === 'ROT_MUST_STAY_NOT_KEPT');
            expect(stranded).toBe(true);
          }
          expect(plan.unstaffedRegions.length > 0).toBe(plan.objective.unstaffedUnits > 0);
          for (const line of plan.lines) expect(line.reason.length).toBeGreaterThan(0);
        }),
        { numRuns: 300 },
      );
    });
  });
});

/** Best-ranked first, each taking the highest-class free region (the naive approach). */
function greedyAssignment(input: RotationPlanInput) {
  const free = [...input.regions].sort((a, b) => b.salesUnits - a.salesUnits);
  return [...input.staff]
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity))
    .map((candidate) => {
      const next = free.shift();
      return { staffId: candidate.id, toRegionIds: next === undefined ? [] : [next.id] };
    });
}

function lexicographicLess(a: RotationObjective, b: RotationObjective): boolean {
  const keys: (keyof RotationObjective)[] = ['ruleBreaches', 'unstaffedUnits', 'moves', 'rankMismatch'];
  for (const key of keys) {
    if (a[key] !== b[key]) return a[key] < b[key];
  }
  return false;
}

function bruteForceOptimum(input: RotationPlanInput, plan: RotationPlan): RotationObjective {
  const staff = [...input.staff].sort((a, b) => (a.id < b.id ? -1 : 1));
  let best: RotationObjective | null = null;
  const chosen = new Map<string, string | null>();
  const taken = new Set<string>();
  const search = (index: number): void => {
    const candidate = staff[index];
    if (candidate === undefined) {
      const objective = evaluateRotationAssignment(input, chosen);
      if (best === null || lexicographicLess(objective, best)) best = objective;
      return;
    }
    chosen.set(candidate.id, null);
    search(index + 1);
    for (const unit of plan.coverageUnits) {
      if (unit.category !== candidate.category || taken.has(unit.id)) continue;
      taken.add(unit.id);
      chosen.set(candidate.id, unit.id);
      search(index + 1);
      taken.delete(unit.id);
    }
    chosen.delete(candidate.id);
  };
  search(0);
  if (best === null) throw new Error('no assignment');
  return best;
}

/** A reproducible pseudo-random round (mulberry32), mixing every status and rule. */
function randomRound(seed: number, staffCount: number, regionCount: number): RotationPlanInput {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const regionIds = Array.from({ length: regionCount }, (_, index) => `R${String(index).padStart(3, '0')}`);
  const regions: RotationRegion[] = regionIds.map((id, index) => ({
    id,
    salesUnits: pick([CLASS_1, CLASS_2, CLASS_2, CLASS_3, CLASS_3, CLASS_3, CLASS_3]),
    highFailureModels: next() < 0.1,
    oneStopService: next() < 0.1,
    adjacentRegionIds: [regionIds[index + 1], regionIds[index + 7]].filter((other): other is string => other !== undefined && next() < 0.7),
    requiredCategories: next() < 0.2 ? ['customer_manager', 'technician'] : ['customer_manager'],
  }));
  const staff: RotationCandidate[] = Array.from({ length: staffCount }, (_, index) => {
    const current = regionIds.length === 0 || next() < 0.1 ? [] : [pick(regionIds)];
    return {
      id: `S${String(index).padStart(3, '0')}`,
      category: next() < 0.8 ? 'customer_manager' : 'technician',
      status: pick(['must_move', 'must_stay', 'may_move', 'may_move'] as const),
      currentRegionIds: next() < 0.05 ? ['GONE'] : current,
      previousRegionIds: regionIds.length > 0 && next() < 0.4 ? [pick(regionIds)] : [],
      rank: next() < 0.9 ? 1 + Math.floor(next() * Math.max(1, staffCount)) : null,
    };
  });
  return { regions, staff };
}
