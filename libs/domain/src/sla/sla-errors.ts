export interface SlaPolicyProblem {
  /** Path of the offending value, e.g. `tiers[1].deadlineMinutes`. */
  field: string;
  problem: string;
}

/** The policy data breaks a rule of `validatePolicy`; `problems` lists every one. */
export class InvalidSlaPolicyError extends Error {
  override readonly name = 'InvalidSlaPolicyError';
  readonly code = 'invalid_sla_policy';

  constructor(readonly problems: readonly SlaPolicyProblem[]) {
    super(`Invalid SLA policy: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`);
  }
}

/** A business-clock policy was used without a business calendar. */
export class SlaCalendarRequiredError extends Error {
  override readonly name = 'SlaCalendarRequiredError';
  readonly code = 'sla_calendar_required';

  constructor() {
    super('A business-clock SLA policy needs a business calendar');
  }
}

/** The tier asked for is not one of the policy's tiers. */
export class SlaTierOutOfRangeError extends Error {
  override readonly name = 'SlaTierOutOfRangeError';
  readonly code = 'sla_tier_out_of_range';

  constructor(
    readonly tier: number,
    readonly tierCount: number,
  ) {
    super(`Tier ${tier} is not within the policy's tiers 1..${tierCount}`);
  }
}
