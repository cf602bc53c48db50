import { isReadonlyArray } from '../time/readonly-array';
import { InvalidSlaPolicyError, SlaPolicyProblem } from './sla-errors';

/** `calendar`: every minute counts (24×7). `business`: only working time of a business calendar. */
export type SlaClock = 'calendar' | 'business';
export const SLA_CLOCKS: readonly SlaClock[] = ['calendar', 'business'];

/** Who handles a tier, lowest first: the receiving agent's unit, the platform CS manager, HQ CS. */
export type SlaHandlerLevel = 'receiving_unit' | 'platform' | 'hq';
export const SLA_HANDLER_LEVELS: readonly SlaHandlerLevel[] = ['receiving_unit', 'platform', 'hq'];

export interface SlaTierRule {
  /** 1-based position in the escalation ladder. */
  tier: number;
  handlerLevel: SlaHandlerLevel;
  /**
   * Minutes from the clock start (receivedAt, or the reopening instant of a re-complaint) by which
   * this tier must answer; business minutes for a business-clock policy.
   */
  deadlineMinutes: number;
}

/** Which complaints a policy covers; an absent list matches any value. */
export interface SlaPolicyMatch {
  kinds?: readonly string[];
  severities?: readonly string[];
  channels?: readonly string[];
}

export interface SlaPolicyRule {
  clock: SlaClock;
  tiers: readonly SlaTierRule[];
  /**
   * Calendar clock: warn this many minutes before each deadline. Business-clock policies are
   * warned one working day before instead ([003 五.3]); see `warningAt`.
   */
  warnBeforeMinutes: number;
  match: SlaPolicyMatch;
  /** Higher wins when several policies match. */
  priority: number;
  /** An inactive policy is never matched; absent means active. */
  active?: boolean;
}

/** [000 §16]: agent 4 h, platform CS manager 24 h, HQ CS 48 h from receipt; warn 1 h before. */
export const DEFAULT_SLA_POLICY: SlaPolicyRule = {
  clock: 'calendar',
  tiers: [
    { tier: 1, handlerLevel: 'receiving_unit', deadlineMinutes: 4 * 60 },
    { tier: 2, handlerLevel: 'platform', deadlineMinutes: 24 * 60 },
    { tier: 3, handlerLevel: 'hq', deadlineMinutes: 48 * 60 },
  ],
  warnBeforeMinutes: 60,
  match: {},
  priority: 0,
};

const MATCH_DIMENSIONS = ['kinds', 'severities', 'channels'] as const;

function matchProblems(match: SlaPolicyMatch | undefined): SlaPolicyProblem[] {
  if (match === null || typeof match !== 'object') return [{ field: 'match', problem: 'must be an object' }];
  const problems: SlaPolicyProblem[] = [];
  for (const dimension of MATCH_DIMENSIONS) {
    const values: unknown = match[dimension];
    const field = `match.${dimension}`;
    if (values === undefined) continue;
    if (!Array.isArray(values)) {
      problems.push({ field, problem: 'must be a list of values' });
    } else if (values.length === 0) {
      problems.push({ field, problem: 'is empty; leave it out to match any value' });
    } else if (values.some((value) => typeof value !== 'string' || value.length === 0)) {
      problems.push({ field, problem: 'must contain non-empty strings' });
    } else if (new Set(values).size !== values.length) {
      problems.push({ field, problem: 'lists a value twice' });
    }
  }
  return problems;
}

/** Every problem in the policy; [] when it is usable. */
export function validatePolicy(policy: SlaPolicyRule): SlaPolicyProblem[] {
  const problems: SlaPolicyProblem[] = [];
  if (!SLA_CLOCKS.includes(policy.clock)) {
    problems.push({ field: 'clock', problem: `must be one of ${SLA_CLOCKS.join(', ')}` });
  }
  if (!isReadonlyArray(policy.tiers) || policy.tiers.length === 0) {
    problems.push({ field: 'tiers', problem: 'needs at least one tier' });
  } else {
    let previousDeadline = 0;
    let previousLevel = 0;
    policy.tiers.forEach((rule, index) => {
      const at = `tiers[${index}]`;
      if (rule.tier !== index + 1) {
        problems.push({
          field: `${at}.tier`,
          problem: `must be ${index + 1}: tiers are numbered 1..n in order`,
        });
      }
      const level = SLA_HANDLER_LEVELS.indexOf(rule.handlerLevel);
      if (level < 0) {
        problems.push({
          field: `${at}.handlerLevel`,
          problem: `must be one of ${SLA_HANDLER_LEVELS.join(', ')}`,
        });
      } else if (level < previousLevel) {
        problems.push({
          field: `${at}.handlerLevel`,
          problem: 'cannot hand a complaint back down to a lower level',
        });
      } else {
        previousLevel = level;
      }
      if (!Number.isSafeInteger(rule.deadlineMinutes) || rule.deadlineMinutes <= 0) {
        problems.push({
          field: `${at}.deadlineMinutes`,
          problem: 'must be a positive whole number of minutes',
        });
      } else if (rule.deadlineMinutes <= previousDeadline) {
        problems.push({
          field: `${at}.deadlineMinutes`,
          problem: "must be later than the previous tier's deadline",
        });
      } else {
        previousDeadline = rule.deadlineMinutes;
      }
    });
  }
  if (!Number.isSafeInteger(policy.warnBeforeMinutes) || policy.warnBeforeMinutes < 0) {
    problems.push({
      field: 'warnBeforeMinutes',
      problem: 'must be a whole number of minutes, 0 or more',
    });
  } else if (policy.clock === 'calendar') {
    const firstDeadline = isReadonlyArray(policy.tiers) ? policy.tiers[0]?.deadlineMinutes : undefined;
    if (firstDeadline !== undefined && policy.warnBeforeMinutes >= firstDeadline) {
      problems.push({
        field: 'warnBeforeMinutes',
        problem: "must be shorter than the first tier's deadline",
      });
    }
  }
  if (!Number.isSafeInteger(policy.priority)) {
    problems.push({ field: 'priority', problem: 'must be a whole number' });
  }
  problems.push(...matchProblems(policy.match));
  return problems;
}

/** Throws InvalidSlaPolicyError unless the policy is valid. */
export function assertValidPolicy(policy: SlaPolicyRule): void {
  const problems = validatePolicy(policy);
  if (problems.length > 0) throw new InvalidSlaPolicyError(problems);
}

/** What a policy is matched against. */
export interface SlaSubject {
  kind: string;
  severity: string;
  channel: string;
}

function constrained(values: readonly string[] | undefined): values is readonly string[] {
  return values !== undefined && values.length > 0;
}

/** How many of kind / severity / channel the policy constrains (0–3). */
export function policySpecificity(policy: SlaPolicyRule): number {
  return MATCH_DIMENSIONS.filter((dimension) => constrained(policy.match[dimension])).length;
}

export function policyMatches(policy: SlaPolicyRule, subject: SlaSubject): boolean {
  if (policy.active === false) return false;
  const { kinds, severities, channels } = policy.match;
  return (
    (!constrained(kinds) || kinds.includes(subject.kind)) &&
    (!constrained(severities) || severities.includes(subject.severity)) &&
    (!constrained(channels) || channels.includes(subject.channel))
  );
}

/**
 * The policy for a complaint: among active matching policies the highest `priority` wins, then
 * the most specific (most constrained dimensions), then the earliest in the list — so the result
 * never depends on anything but the input. Null when nothing matches.
 */
export function matchPolicy<P extends SlaPolicyRule>(policies: readonly P[], subject: SlaSubject): P | null {
  let best: P | null = null;
  for (const candidate of policies) {
    if (!policyMatches(candidate, subject)) continue;
    if (
      best === null ||
      candidate.priority > best.priority ||
      (candidate.priority === best.priority && policySpecificity(candidate) > policySpecificity(best))
    ) {
      best = candidate;
    }
  }
  return best;
}
