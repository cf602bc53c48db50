import type { RotationCandidate, RotationPlanInput, RotationRegion } from './rotation-plan-types';
import { validateRotationPlan } from './rotation-plan-validation';
import { planRotation } from './rotation-planner';

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

const input: RotationPlanInput = {
  regions: [
    region('R1', 250_000),
    region('R2', 150_000),
    region('R3', 10, ['R4']),
    region('R4', 10, ['R5']),
    region('R5', 10),
    region('R6', 10),
  ],
  staff: [
    person('S1', 'must_move', ['R1']),
    person('S2', 'must_stay', ['R2']),
    person('S3', 'may_move', ['R3', 'R4'], { previousRegionIds: ['R1'] }),
    person('S4', 'may_move', ['R5', 'R6']),
  ],
};

const validPlan = [
  { staffId: 'S1', toRegionIds: ['R3', 'R4', 'R5'] },
  { staffId: 'S2', toRegionIds: ['R2'] },
  { staffId: 'S3', toRegionIds: ['R6'] },
  { staffId: 'S4', toRegionIds: ['R1'] },
];

function codes(lines: { staffId: string; toRegionIds: string[] }[]): string[] {
  return validateRotationPlan(input, lines).map((violation) => violation.code);
}

function edit(staffId: string, toRegionIds: string[]) {
  return validPlan.map((line) => (line.staffId === staffId ? { staffId, toRegionIds } : line));
}

describe('validateRotationPlan', () => {
  it('accepts a valid plan', () => {
    expect(validateRotationPlan(input, validPlan)).toEqual([]);
  });

  it("accepts the planner's own plan", () => {
    const plan = planRotation(input);
    expect(plan.feasible).toBe(true);
    expect(validateRotationPlan(input, plan.lines)).toEqual([]);
  });

  it('flags a must-mover who stays', () => {
    const lines = [
      { staffId: 'S1', toRegionIds: ['R1'] },
      { staffId: 'S2', toRegionIds: ['R2'] },
      { staffId: 'S3', toRegionIds: ['R3', 'R4', 'R5'] },
      { staffId: 'S4', toRegionIds: ['R6'] },
    ];
    expect(validateRotationPlan(input, lines)).toEqual([
      { code: 'ROT_MUST_MOVE_NOT_MOVED', staffId: 'S1', message: 'S1 must move but stays in region R1' },
    ]);
  });

  it('flags a must-stayer who is moved or released', () => {
    expect(codes(edit('S2', []))).toEqual(['ROT_MUST_STAY_NOT_KEPT', 'ROT_REGION_UNSTAFFED']);
  });

  it('flags a return to the region just left', () => {
    const lines = [
      { staffId: 'S1', toRegionIds: ['R6'] },
      { staffId: 'S2', toRegionIds: ['R2'] },
      { staffId: 'S3', toRegionIds: ['R1'] },
      { staffId: 'S4', toRegionIds: ['R3', 'R4', 'R5'] },
    ];
    expect(validateRotationPlan(input, lines)).toEqual([
      { code: 'ROT_RETURN_TO_PREVIOUS', staffId: 'S3', regionId: 'R1', message: 'S3 just left region R1 and may not be sent back' },
    ]);
  });

  it('flags unstaffed and overstaffed regions', () => {
    expect(validateRotationPlan(input, edit('S3', ['R2']))).toEqual([
      {
        code: 'ROT_REGION_OVERSTAFFED',
        regionId: 'R2',
        category: 'customer_manager',
        message: 'region R2 has 2 customer_manager field staff (S2, S3); the staffing rule allows one',
      },
      { code: 'ROT_REGION_UNSTAFFED', regionId: 'R6', category: 'customer_manager', message: 'region R6 has no customer_manager' },
    ]);
  });

  it('a class-1 or class-2 region needs a dedicated field staff', () => {
    const lines = edit('S4', ['R1', 'R6']).map((line) => (line.staffId === 'S3' ? { staffId: 'S3', toRegionIds: [] } : line));
    expect(validateRotationPlan(input, lines)).toEqual([
      {
        code: 'ROT_DEDICATED_REGION_SHARED',
        staffId: 'S4',
        regionId: 'R1',
        message: 'class-1 region R1 needs a dedicated field staff, but S4 also covers R6',
      },
    ]);
  });

  it('grouped class-3 regions must be adjacent and within the size limit', () => {
    const lines = [
      { staffId: 'S1', toRegionIds: ['R3', 'R4', 'R5', 'R6'] },
      { staffId: 'S2', toRegionIds: ['R2'] },
      { staffId: 'S3', toRegionIds: [] },
      { staffId: 'S4', toRegionIds: ['R1'] },
    ];
    expect(codes(lines)).toEqual(['ROT_GROUP_TOO_LARGE', 'ROT_GROUP_NOT_ADJACENT']);
  });

  it('flags unknown staff and regions, duplicate and missing lines', () => {
    const lines = [
      { staffId: 'S1', toRegionIds: ['R3', 'R4', 'R5'] },
      { staffId: 'S1', toRegionIds: ['R6'] },
      { staffId: 'S2', toRegionIds: ['R2'] },
      { staffId: 'S4', toRegionIds: ['R1', 'R99'] },
      { staffId: 'NOBODY', toRegionIds: ['R6'] },
    ];
    expect(codes(lines)).toEqual([
      'ROT_DUPLICATE_LINE',
      'ROT_UNKNOWN_STAFF',
      'ROT_MISSING_LINE',
      'ROT_UNKNOWN_REGION',
      'ROT_REGION_UNSTAFFED',
    ]);
  });

  it('flags a person sent to a region that does not need their category', () => {
    const technicians: RotationPlanInput = {
      regions: [region('R1', 150_000)],
      staff: [person('T1', 'may_move', [], { category: 'technician' }), person('C1', 'may_move', ['R1'])],
    };
    expect(
      validateRotationPlan(technicians, [
        { staffId: 'T1', toRegionIds: ['R1'] },
        { staffId: 'C1', toRegionIds: ['R1'] },
      ]).map((violation) => violation.code),
    ).toEqual(['ROT_CATEGORY_NOT_REQUIRED']);
  });

  it('ignores duplicate region ids within a line', () => {
    expect(validateRotationPlan(input, edit('S3', ['R6', 'R6']))).toEqual([]);
  });
});
