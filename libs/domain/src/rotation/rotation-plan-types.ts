import type { FieldStaffCategory, RegionClass } from './region-class';
import type { RotationReason, RotationStatus, RotationStatusRuleCode } from './rotation-status';

/** Rule codes a plan line cites in `rulesApplied`. */
export type RotationRuleCode =
  RotationStatusRuleCode | 'ROT_KEEP' | 'ROT_FEWEST_MOVES' | 'ROT_RANK_TO_CLASS' | 'ROT_RESERVE' | 'ROT_NO_RETURN' | 'ROT_STAFFING_RULE';

/** One line per rule code, for legends in the console and the API docs. */
export const ROTATION_RULE_DESCRIPTIONS: Readonly<Record<RotationRuleCode, string>> = {
  ROT_LOW_SCORE: 'A monthly score below 60 in the last 6 months of the current assignment: must be reassigned.',
  ROT_TENURE_LIMIT: '12 months or more in the same region: must rotate.',
  ROT_SETTLING_IN: 'Under 6 months in the region, no major error and no score below 60: must stay.',
  ROT_MAJOR_ERROR: 'A major error in the current assignment lifts the under-6-months protection: may move.',
  ROT_MAY_MOVE: 'Neither must move nor must stay: may move; the quarterly ranking decides.',
  ROT_UNASSIGNED: 'No current region: may be placed anywhere.',
  ROT_KEEP: 'Kept in their current region as the rules require.',
  ROT_FEWEST_MOVES: 'Kept in place because the plan moves as few people as possible.',
  ROT_RANK_TO_CLASS: 'Among movers, better-ranked staff go to higher-class regions.',
  ROT_RESERVE: 'More staff than coverage units: not needed in any unit this round.',
  ROT_NO_RETURN: 'Nobody is sent back to the region they just left.',
  ROT_STAFFING_RULE: 'Class 1/2: one dedicated field staff per region; class 3: one per group of adjacent regions.',
};

export interface RotationRegion {
  id: string;
  salesUnits: number;
  highFailureModels: boolean;
  oneStopService: boolean;
  /** Neighbouring regions; adjacency is treated as symmetric (either side may list it). */
  adjacentRegionIds: string[];
  /** One field staff of each listed category; default ['customer_manager']. */
  requiredCategories?: FieldStaffCategory[];
}

export interface RotationCandidate {
  id: string;
  category: FieldStaffCategory;
  /** From `rotationStatus` at the round's effective date. */
  status: RotationStatus;
  /** From `rotationStatus`; used to explain the plan's lines. */
  statusReasons?: RotationReason[];
  currentRegionIds: string[];
  /** The region(s) this person left at the previous rotation: they are not sent back. */
  previousRegionIds?: string[];
  /** Quarterly rank (1 = best); null or absent = unranked (treated as last). */
  rank?: number | null;
}

export interface RotationPlanOptions {
  /** Most class-3 regions one field staff covers; default 3. */
  maxClass3GroupSize?: number;
}

export interface RotationPlanInput {
  regions: RotationRegion[];
  staff: RotationCandidate[];
  options?: RotationPlanOptions;
}

export const DEFAULT_MAX_CLASS_3_GROUP_SIZE = 3;
export const DEFAULT_REQUIRED_CATEGORIES: readonly FieldStaffCategory[] = ['customer_manager'];

/** What one field staff must cover: one class-1/2 region, or a connected group of class-3 regions. */
export interface CoverageUnit {
  /** `<category>:<regionId>+<regionId>…` */
  id: string;
  category: FieldStaffCategory;
  /** Sorted. */
  regionIds: string[];
  staffedAsClass: RegionClass;
  /** Class 1 also needs a channel assistant (not planned here). */
  channelAssistant: boolean;
}

export type RotationLineKind = 'stay' | 'move' | 'reserve';

export interface RotationPlanLine {
  staffId: string;
  category: FieldStaffCategory;
  status: RotationStatus;
  kind: RotationLineKind;
  coverageUnitId: string | null;
  fromRegionIds: string[];
  /** Empty for a reserve line. */
  toRegionIds: string[];
  reason: string;
  rulesApplied: RotationRuleCode[];
}

/** The part of a line a human edits; enough to validate a plan. */
export type RotationPlanAssignment = Pick<RotationPlanLine, 'staffId' | 'toRegionIds'>;

export type RotationViolationCode =
  | 'ROT_UNKNOWN_STAFF'
  | 'ROT_DUPLICATE_LINE'
  | 'ROT_MISSING_LINE'
  | 'ROT_UNKNOWN_REGION'
  | 'ROT_CATEGORY_NOT_REQUIRED'
  | 'ROT_REGION_UNSTAFFED'
  | 'ROT_REGION_OVERSTAFFED'
  | 'ROT_DEDICATED_REGION_SHARED'
  | 'ROT_GROUP_NOT_ADJACENT'
  | 'ROT_GROUP_TOO_LARGE'
  | 'ROT_MUST_MOVE_NOT_MOVED'
  | 'ROT_MUST_STAY_NOT_KEPT'
  | 'ROT_RETURN_TO_PREVIOUS';

export interface RotationViolation {
  code: RotationViolationCode;
  staffId?: string;
  regionId?: string;
  category?: FieldStaffCategory;
  message: string;
}

export interface UnstaffedRegion {
  regionId: string;
  category: FieldStaffCategory;
  coverageUnitId: string;
  why: string;
}

export interface RotationObjective {
  /** Assignments that break a rule (only when no valid plan exists). */
  ruleBreaches: number;
  unstaffedUnits: number;
  /** People whose regions change (including release to the reserve). */
  moves: number;
  /** Σ (rank bucket + 1) × class weight; lower = better-ranked staff in higher-class regions. */
  rankMismatch: number;
}

export interface RotationPlan {
  feasible: boolean;
  lines: RotationPlanLine[];
  unstaffedRegions: UnstaffedRegion[];
  violations: RotationViolation[];
  coverageUnits: CoverageUnit[];
  objective: RotationObjective;
}
