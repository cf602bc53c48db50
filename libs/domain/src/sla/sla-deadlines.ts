import { BusinessCalendar } from '../calendar/business-calendar';
import { addBusinessMinutes, subtractWorkingDays } from '../calendar/business-time';
import { SlaCalendarRequiredError, SlaTierOutOfRangeError } from './sla-errors';
import { SlaHandlerLevel, SlaPolicyRule, SlaTierRule, assertValidPolicy } from './sla-policy';

const MS_PER_MINUTE = 60_000;

/** Business-clock policies are warned this many working days before a deadline [003 五.3]. */
export const BUSINESS_CLOCK_WARNING_WORKING_DAYS = 1;

function instantMs(instant: Date, name: string): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

function requireCalendar(calendar: BusinessCalendar | undefined): BusinessCalendar {
  if (calendar === undefined) throw new SlaCalendarRequiredError();
  return calendar;
}

function tierRule(policy: SlaPolicyRule, tier: number): SlaTierRule {
  const rule = Number.isInteger(tier) ? policy.tiers[tier - 1] : undefined;
  if (rule === undefined) throw new SlaTierOutOfRangeError(tier, policy.tiers.length);
  return rule;
}

/**
 * When `tier` must have answered: clock start + the tier's minutes, counted on the wall clock
 * (calendar clock) or in the calendar's working time (business clock).
 */
export function tierDeadline(policy: SlaPolicyRule, tier: number, clockStart: Date, calendar?: BusinessCalendar): Date {
  assertValidPolicy(policy);
  const { deadlineMinutes } = tierRule(policy, tier);
  const startMs = instantMs(clockStart, 'clockStart');
  if (policy.clock === 'business') return addBusinessMinutes(requireCalendar(calendar), clockStart, deadlineMinutes);
  return new Date(startMs + deadlineMinutes * MS_PER_MINUTE);
}

/**
 * When to warn the handler and the owner of an approaching deadline. Calendar clock:
 * `warnBeforeMinutes` earlier. Business clock: the same local time on the previous working day
 * (one working day before, [003 五.3]) — e.g. deadline Monday 15:00 → warning Friday 15:00.
 * The result can precede the clock start (a deadline under a day away): warn at once then.
 */
export function warningAt(policy: SlaPolicyRule, deadline: Date, calendar?: BusinessCalendar): Date {
  assertValidPolicy(policy);
  const deadlineMs = instantMs(deadline, 'deadline');
  if (policy.clock === 'business') {
    return subtractWorkingDays(requireCalendar(calendar), deadline, BUSINESS_CLOCK_WARNING_WORKING_DAYS);
  }
  return new Date(deadlineMs - policy.warnBeforeMinutes * MS_PER_MINUTE);
}

export interface SlaClockState {
  policy: SlaPolicyRule;
  /** The tier currently responsible (1-based). */
  currentTier: number;
  /** receivedAt, or the reopening instant of a re-complaint. */
  clockStart: Date;
  /** Required for business-clock policies. */
  calendar?: BusinessCalendar;
  /** A clear answer stops the clock. */
  answered?: boolean;
  /** Already flagged as breached after the last tier's deadline. */
  breached?: boolean;
}

export type EscalationStep =
  | {
      type: 'escalated';
      fromTier: number;
      toTier: number;
      toHandlerLevel: SlaHandlerLevel;
      /** The missed deadline of `fromTier`: the time to record the escalation at. */
      deadlineAt: Date;
    }
  | {
      type: 'breached';
      tier: number;
      /** The missed deadline of the last tier. */
      deadlineAt: Date;
    };

/**
 * What the sweep must record now, in order: one escalation per missed tier deadline from the
 * current tier on, then a breach once the last tier's deadline has passed. A deadline counts as
 * missed from its own instant (deadline ≤ now). After downtime every missed step is returned
 * with its own deadline, so the timeline shows when each one was due.
 */
export function planEscalations(state: SlaClockState & { now: Date }): EscalationStep[] {
  assertValidPolicy(state.policy);
  const nowMs = instantMs(state.now, 'now');
  const tierCount = state.policy.tiers.length;
  tierRule(state.policy, state.currentTier);
  if (state.answered === true || state.breached === true) return [];
  const steps: EscalationStep[] = [];
  for (let tier = state.currentTier; tier <= tierCount; tier += 1) {
    const deadlineAt = tierDeadline(state.policy, tier, state.clockStart, state.calendar);
    if (deadlineAt.getTime() > nowMs) break;
    const next = state.policy.tiers[tier];
    steps.push(
      next === undefined
        ? { type: 'breached', tier, deadlineAt }
        : {
            type: 'escalated',
            fromTier: tier,
            toTier: next.tier,
            toHandlerLevel: next.handlerLevel,
            deadlineAt,
          },
    );
  }
  return steps;
}

/**
 * The deadline of the current tier — what the sweep's index orders by — or null when the clock
 * has stopped (answered) or the last deadline is already breached.
 */
export function nextDeadline(state: SlaClockState): Date | null {
  assertValidPolicy(state.policy);
  tierRule(state.policy, state.currentTier);
  if (state.answered === true || state.breached === true) return null;
  return tierDeadline(state.policy, state.currentTier, state.clockStart, state.calendar);
}

/**
 * The tier a re-complaint reopens at: one above the tier that answered, capped at the last
 * tier [003 六.3]. Its deadline then runs from the reopening instant.
 */
export function reopenedTier(policy: SlaPolicyRule, answeredAtTier: number): number {
  assertValidPolicy(policy);
  tierRule(policy, answeredAtTier);
  return Math.min(answeredAtTier + 1, policy.tiers.length);
}
