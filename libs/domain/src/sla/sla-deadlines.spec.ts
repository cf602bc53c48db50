import fc from 'fast-check';
import { BusinessCalendar } from '../calendar/business-calendar';
import { chinaMainlandCalendar } from '../calendar/china-mainland';
import { localParts, zonedInstant } from '../time/zoned-time';
import { parseTimeOfDay } from '../time/time-of-day';
import { SEED_SLA_POLICIES } from './seed-sla-policies';
import { InvalidSlaPolicyError, SlaCalendarRequiredError, SlaTierOutOfRangeError } from './sla-errors';
import { EscalationStep, nextDeadline, planEscalations, reopenedTier, tierDeadline, warningAt } from './sla-deadlines';
import { DEFAULT_SLA_POLICY, SlaPolicyRule } from './sla-policy';

const HOUR = 3_600_000;
const receivedAt = new Date('2026-03-09T02:00:00Z'); // Monday 10:00 in Shanghai
const hoursAfterReceipt = (hours: number) => new Date(receivedAt.getTime() + hours * HOUR);
const china = chinaMainlandCalendar();
const businessPolicy = SEED_SLA_POLICIES.find((policy) => policy.clock === 'business') as SlaPolicyRule;

function shanghai(localDate: string, time: string): Date {
  return zonedInstant(localDate, parseTimeOfDay(time), 'Asia/Shanghai');
}

function wallClock(instant: Date): string {
  const parts = localParts(instant, 'Asia/Shanghai');
  return `${parts.localDate} ${String(parts.hour).padStart(2, '0')}:${String(parts.minute).padStart(2, '0')}`;
}

function planDefault(hoursElapsed: number, currentTier = 1, extra: { answered?: boolean; breached?: boolean } = {}) {
  return planEscalations({
    policy: DEFAULT_SLA_POLICY,
    currentTier,
    clockStart: receivedAt,
    now: hoursAfterReceipt(hoursElapsed),
    ...extra,
  });
}

describe('tierDeadline', () => {
  it('counts calendar-clock tiers in plain minutes from receipt', () => {
    expect(tierDeadline(DEFAULT_SLA_POLICY, 1, receivedAt)).toEqual(hoursAfterReceipt(4));
    expect(tierDeadline(DEFAULT_SLA_POLICY, 2, receivedAt)).toEqual(hoursAfterReceipt(24));
    expect(tierDeadline(DEFAULT_SLA_POLICY, 3, receivedAt)).toEqual(hoursAfterReceipt(48));
  });

  it('counts business-clock tiers in working time', () => {
    const friday = shanghai('2026-02-13', '17:00');
    // 1 h on Friday + 7 h on the adjusted Saturday, then the Spring Festival break.
    expect(wallClock(tierDeadline(businessPolicy, 1, friday, china))).toBe('2026-02-14 17:00');
    expect(wallClock(tierDeadline(businessPolicy, 2, friday, china))).toBe('2026-02-24 17:00');
    expect(wallClock(tierDeadline(businessPolicy, 3, friday, china))).toBe('2026-02-25 17:00');
  });

  it('needs a calendar for a business-clock policy', () => {
    expect(() => tierDeadline(businessPolicy, 1, receivedAt)).toThrow(SlaCalendarRequiredError);
  });

  it.each([0, 4, 1.5])('rejects tier %p of a three-tier policy', (tier) => {
    expect(() => tierDeadline(DEFAULT_SLA_POLICY, tier, receivedAt)).toThrow(SlaTierOutOfRangeError);
  });

  it('refuses an invalid policy', () => {
    expect(() => tierDeadline({ ...DEFAULT_SLA_POLICY, tiers: [] }, 1, receivedAt)).toThrow(InvalidSlaPolicyError);
  });
});

describe('warningAt', () => {
  it('warns one hour before a calendar-clock deadline', () => {
    expect(warningAt(DEFAULT_SLA_POLICY, hoursAfterReceipt(4))).toEqual(hoursAfterReceipt(3));
  });

  it('warns one working day before a business-clock deadline, at the same local time', () => {
    expect(wallClock(warningAt(businessPolicy, shanghai('2026-03-10', '15:00'), china))).toBe('2026-03-09 15:00');
  });

  it('warns on the previous working day across a weekend and the Spring Festival', () => {
    expect(wallClock(warningAt(businessPolicy, shanghai('2026-03-09', '12:00'), china))).toBe('2026-03-06 12:00');
    expect(wallClock(warningAt(businessPolicy, shanghai('2026-02-24', '17:00'), china))).toBe('2026-02-14 17:00');
  });

  it('needs a calendar for a business-clock policy', () => {
    expect(() => warningAt(businessPolicy, receivedAt)).toThrow(SlaCalendarRequiredError);
  });
});

describe('planEscalations', () => {
  it('does nothing before the first deadline', () => {
    expect(planDefault(3.99)).toEqual([]);
  });

  it('escalates to the platform manager after four hours', () => {
    expect(planDefault(4)).toEqual([
      {
        type: 'escalated',
        fromTier: 1,
        toTier: 2,
        toHandlerLevel: 'platform',
        deadlineAt: hoursAfterReceipt(4),
      },
    ]);
  });

  it('escalates to HQ customer service after 24 hours', () => {
    expect(planDefault(25, 2)).toEqual([
      {
        type: 'escalated',
        fromTier: 2,
        toTier: 3,
        toHandlerLevel: 'hq',
        deadlineAt: hoursAfterReceipt(24),
      },
    ]);
  });

  it('flags a breach after 48 hours at HQ', () => {
    expect(planDefault(48, 3)).toEqual([{ type: 'breached', tier: 3, deadlineAt: hoursAfterReceipt(48) }]);
  });

  it('catches up after downtime: 49 h unanswered at tier 1 gives two escalations and a breach, each at its own time', () => {
    expect(planDefault(49)).toEqual([
      {
        type: 'escalated',
        fromTier: 1,
        toTier: 2,
        toHandlerLevel: 'platform',
        deadlineAt: hoursAfterReceipt(4),
      },
      {
        type: 'escalated',
        fromTier: 2,
        toTier: 3,
        toHandlerLevel: 'hq',
        deadlineAt: hoursAfterReceipt(24),
      },
      { type: 'breached', tier: 3, deadlineAt: hoursAfterReceipt(48) },
    ]);
  });

  it('never escalates an answered complaint', () => {
    expect(planDefault(100, 1, { answered: true })).toEqual([]);
  });

  it('does not flag a breach twice', () => {
    expect(planDefault(100, 3, { breached: true })).toEqual([]);
  });

  it('continues from a manually raised tier', () => {
    // Reported up to the platform after 1 h; the platform's own deadline (24 h) is not yet due.
    expect(planDefault(5, 2)).toEqual([]);
  });

  it('reopens a re-complaint one tier higher with a fresh deadline from the reopening', () => {
    const reopenedAt = hoursAfterReceipt(72);
    const tier = reopenedTier(DEFAULT_SLA_POLICY, 1);
    expect(tier).toBe(2);
    expect(nextDeadline({ policy: DEFAULT_SLA_POLICY, currentTier: tier, clockStart: reopenedAt })).toEqual(hoursAfterReceipt(72 + 24));
    expect(reopenedTier(DEFAULT_SLA_POLICY, 3)).toBe(3);
  });

  it('escalates a business-clock complaint only as working time passes', () => {
    const friday = shanghai('2026-02-13', '17:00');
    const plan = (now: Date) =>
      planEscalations({
        policy: businessPolicy,
        currentTier: 1,
        clockStart: friday,
        now,
        calendar: china,
      });
    expect(plan(shanghai('2026-02-14', '16:59'))).toEqual([]);
    expect(plan(shanghai('2026-02-23', '23:59')).map((step) => step.type)).toEqual(['escalated']);
    expect(plan(shanghai('2026-02-26', '09:00')).map((step) => step.type)).toEqual(['escalated', 'escalated', 'breached']);
  });

  function applySteps(tier: number, steps: EscalationStep[]): { tier: number; breached: boolean } {
    let state = { tier, breached: false };
    for (const step of steps) {
      state = step.type === 'escalated' ? { ...state, tier: step.toTier } : { ...state, breached: true };
    }
    return state;
  }

  it('records each missed deadline exactly once, however the sweep runs are spaced (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 80 * 60 }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 80 * 60 }),
        (runMinutes, finalMinutes) => {
          const runs = [...runMinutes, finalMinutes].sort((a, b) => a - b);
          let state = { tier: 1, breached: false };
          const recorded: EscalationStep[] = [];
          for (const minutes of runs) {
            const now = new Date(receivedAt.getTime() + minutes * 60_000);
            const steps = planEscalations({
              policy: DEFAULT_SLA_POLICY,
              currentTier: state.tier,
              clockStart: receivedAt,
              now,
              breached: state.breached,
            });
            recorded.push(...steps);
            state = state.breached ? state : applySteps(state.tier, steps);
            // Running again at the same instant has nothing left to do.
            expect(
              planEscalations({
                policy: DEFAULT_SLA_POLICY,
                currentTier: state.tier,
                clockStart: receivedAt,
                now,
                breached: state.breached,
              }),
            ).toEqual([]);
          }
          const last = runs[runs.length - 1] ?? 0;
          const oneShot = planDefault(last / 60);
          expect(recorded).toEqual(oneShot);
          expect(recorded.map((step) => step.deadlineAt.getTime())).toEqual(
            [4, 24, 48].filter((hours) => hours * 60 <= last).map((hours) => hoursAfterReceipt(hours).getTime()),
          );
        },
      ),
    );
  });
});

describe('nextDeadline', () => {
  const state = { policy: DEFAULT_SLA_POLICY, clockStart: receivedAt };

  it('is the deadline of the current tier', () => {
    expect(nextDeadline({ ...state, currentTier: 1 })).toEqual(hoursAfterReceipt(4));
    expect(nextDeadline({ ...state, currentTier: 3 })).toEqual(hoursAfterReceipt(48));
  });

  it('is null once breached or answered', () => {
    expect(nextDeadline({ ...state, currentTier: 3, breached: true })).toBeNull();
    expect(nextDeadline({ ...state, currentTier: 2, answered: true })).toBeNull();
  });

  it('uses working time for a business-clock policy', () => {
    const calendarState = {
      policy: businessPolicy,
      clockStart: shanghai('2026-03-06', '17:00'),
      calendar: china as BusinessCalendar,
    };
    // One working day (8 h): 1 h on Friday, Monday 09:00–12:00, then 13:00–17:00 after lunch.
    expect(wallClock(nextDeadline({ ...calendarState, currentTier: 1 }) as Date)).toBe('2026-03-09 17:00');
  });

  it('rejects a tier the policy does not have', () => {
    expect(() => nextDeadline({ ...state, currentTier: 4 })).toThrow(SlaTierOutOfRangeError);
  });
});
