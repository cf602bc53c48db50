export { buildCoverageUnits, coverageUnitId } from './coverage-units';
export { solveMinCostAssignment } from './min-cost-assignment';
export * from './region-class';
export * from './rotation-plan-types';
export { validateRotationPlan } from './rotation-plan-validation';
export { evaluateRotationAssignment, planRotation } from './rotation-planner';
export {
  DEFAULT_ROTATION_RULES,
  ROTATION_CYCLE_MONTHS,
  lastCompleteQuarter,
  quarterMonths,
  quarterlyRanking,
  rotationStatus,
  type FieldStaffAssignment,
  type FieldStaffRecord,
  type FieldStaffMonthlyScore,
  type QuarterlyRankEntry,
  type RotationReason,
  type RotationRules,
  type RotationStatus,
  type RotationStatusResult,
  type RotationStatusRuleCode,
} from './rotation-status';
export * from './reporting-duties';
