import { type BusinessCalendar, type SlaHandlerLevel, SLA_HANDLER_LEVELS, tierDeadline, warningAt } from '@cs/domain';
import type { EntityManager } from 'typeorm';
import { BusinessCalendarRecord } from './sla/sla.entities';
import { toBusinessCalendar } from './sla/calendars.service';
import type { PolicySnapshot } from './complaint.entity';

/** The calendar a business-clock policy counts in (undefined for a calendar clock). */
export async function calendarFor(m: EntityManager, policy: PolicySnapshot): Promise<BusinessCalendar | undefined> {
  if (policy.clock !== 'business' || !policy.calendarId) return undefined;
  const record = await m.findOneBy(BusinessCalendarRecord, { id: policy.calendarId });
  return record ? toBusinessCalendar(record) : undefined;
}

/** Precomputed per-tier deadlines and warning times, so the sweep is plain SQL for both clocks. */
export function ladder(
  policy: PolicySnapshot,
  clockStart: Date,
  calendar: BusinessCalendar | undefined,
): { deadlines: Date[]; warns: (Date | null)[] } {
  const deadlines = policy.tiers.map((t) => tierDeadline(policy, t.tier, clockStart, calendar));
  return { deadlines, warns: deadlines.map((d) => warnFor(policy, d, calendar)) };
}

/** No warning for a calendar-clock policy that warns 0 minutes before. */
export function warnFor(policy: PolicySnapshot, deadline: Date, calendar: BusinessCalendar | undefined): Date | null {
  if (policy.clock === 'calendar' && policy.warnBeforeMinutes === 0) return null;
  if (policy.clock === 'business' && !calendar) {
    return new Date(deadline.getTime() - policy.warnBeforeMinutes * 60_000);
  }
  return warningAt(policy, deadline, calendar);
}

/** Handler levels raised to at least `floor` (internal complaints start at platform or HQ CS). */
export function levelsWithFloor(policy: PolicySnapshot, floor: SlaHandlerLevel): SlaHandlerLevel[] {
  const min = SLA_HANDLER_LEVELS.indexOf(floor);
  return policy.tiers.map((t) => SLA_HANDLER_LEVELS[Math.max(min, SLA_HANDLER_LEVELS.indexOf(t.handlerLevel))]!);
}

/** The next instant the sweep must look at: the pending warning, else the deadline. */
export function nextSlaInstant(dueAt: Date, warnAt: Date | null): Date {
  return warnAt && warnAt.getTime() < dueAt.getTime() ? warnAt : dueAt;
}
