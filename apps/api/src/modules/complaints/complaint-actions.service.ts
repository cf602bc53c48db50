import { reopenedTier, validateExtension, type ExtensionViolationCode } from '@cs/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { illegalTransition, invalidInput, ruleViolated } from '../../common/errors';
import { assertVersion } from '../../common/version';
import { calendarFor, ladder, nextSlaInstant, warnFor } from './complaint-sla';
import { ComplaintTimelineService, type StepRecord } from './complaint-timeline.service';
import {
  type AnswerComplaintDto,
  type CloseComplaintDto,
  type ComplaintResponse,
  type EscalateComplaintDto,
  type ExtendComplaintDto,
  type InvalidateComplaintDto,
  type NoteComplaintDto,
  type ReturnVisitDto,
  toComplaintResponse,
  unitForLevel,
} from './complaint.dto';
import { Complaint, type ComplaintStatus, OPEN_STATUSES, ReturnVisitSamplingRule } from './complaint.entity';
import { ComplaintsService } from './complaints.service';

/** Rule names the API answers with (422) when an extension is refused. */
const EXTENSION_RULES: Record<ExtensionViolationCode, string> = {
  invalid_date: 'extension_invalid_date',
  extension_after_deadline: 'extension_only_before_deadline',
  extension_not_later: 'extension_must_be_later',
  consent_required: 'extension_requires_consent',
  consent_incomplete: 'extension_requires_consent',
  consent_in_future: 'extension_consent_in_future',
  consent_before_clock_start: 'extension_consent_before_receipt',
};

type Step = Omit<StepRecord, 'before' | 'after'> & { changes: Partial<Complaint> | null };

const isOpen = (status: ComplaintStatus): boolean => OPEN_STATUSES.includes(status);

@Injectable()
export class ComplaintActionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly complaints: ComplaintsService,
    private readonly timeline: ComplaintTimelineService,
  ) {}

  /** One step: lock the complaint in scope, check the version, apply, and leave event + audit + outbox + notifications. */
  private async step(
    actor: Actor,
    id: string,
    version: number | undefined,
    apply: (m: EntityManager, c: Complaint, now: Date) => Step | Promise<Step>,
  ): Promise<ComplaintResponse> {
    const complaint = await this.dataSource.transaction(async (m) => {
      const c = await this.complaints.findInScope(actor, id, m, true);
      if (version !== undefined) assertVersion('Complaint', c.version, version);
      const before = toComplaintResponse(c);
      const { changes, ...record } = await apply(m, c, new Date());
      if (changes) await m.update(Complaint, { id }, { ...changes, version: () => 'version + 1', updatedAt: new Date() });
      const updated = await m.findOneByOrFail(Complaint, { id });
      await this.timeline.record(m, actor, { ...record, before, after: toComplaintResponse(updated) });
      return updated;
    });
    this.complaints.wakeSweep(complaint.slaNextAt);
    return toComplaintResponse(complaint);
  }

  escalate(actor: Actor, id: string, dto: EscalateComplaintDto): Promise<ComplaintResponse> {
    return this.step(actor, id, dto.version, (_m, c) => {
      if (!isOpen(c.status)) throw illegalTransition(`A complaint that is ${c.status} cannot be escalated`);
      if (c.tier >= c.tierCount) throw illegalTransition(`Complaint ${c.number} is already at the highest tier (${c.tier})`);
      const toTier = c.tier + 1;
      const level = c.tierLevels[toTier - 1]!;
      const assignedUnitId = unitForLevel(c, level);
      const dueAt = c.tierDeadlines[toTier - 1]!;
      const warnAt = c.warnTimes[toTier - 1] ?? null;
      return {
        action: 'complaint.escalated',
        changes: {
          tier: toTier,
          assignedUnitId,
          dueAt,
          warnAt,
          slaNextAt: nextSlaInstant(dueAt, warnAt),
          status: 'in_progress',
          escalationCount: c.escalationCount + 1,
          hqReported: c.hqReported || level === 'hq',
        },
        events: [
          {
            type: 'escalated',
            fromTier: c.tier,
            toTier,
            rule: 'manual_escalation',
            note: dto.reason,
            data: { toUnitId: assignedUnitId, level, dueAt: dueAt.toISOString() },
          },
        ],
        notify: {
          title: `Complaint ${c.number} was escalated to tier ${toTier} (${level})`,
          body: dto.reason,
          unitRoles: [{ unitId: assignedUnitId, roles: ['cs_manager'] }],
        },
      };
    });
  }

  extend(actor: Actor, id: string, dto: ExtendComplaintDto): Promise<ComplaintResponse> {
    return this.step(actor, id, dto.version, async (m, c, now) => {
      if (!isOpen(c.status) || !c.dueAt) throw illegalTransition(`A complaint that is ${c.status} has no running deadline to extend`);
      if (c.breached)
        throw ruleViolated('extension_only_before_deadline', 'The last deadline has passed (breached); it cannot be extended');
      const newDueAt = new Date(dto.newDueAt);
      const check = validateExtension({
        now,
        currentDueAt: c.dueAt,
        newDueAt,
        clockStart: c.receivedAt,
        consent: dto.consent ? { consentedBy: dto.consent.by, consentedAt: new Date(dto.consent.at), method: dto.consent.channel } : null,
      });
      if (!check.ok) throw ruleViolated(EXTENSION_RULES[check.code], check.message);
      // The ladder moves with the deadline: later tiers keep their distance from the extended one.
      const shift = newDueAt.getTime() - c.dueAt.getTime();
      const calendar = await calendarFor(m, c.policySnapshot);
      const deadlines = c.tierDeadlines.map((d, i) => (i >= c.tier - 1 ? new Date(d.getTime() + shift) : d));
      const warns = c.warnTimes.map((w, i) => (i >= c.tier - 1 ? warnFor(c.policySnapshot, deadlines[i]!, calendar) : w));
      const warnAt = warns[c.tier - 1] ?? null;
      return {
        action: 'complaint.extended',
        changes: {
          tierDeadlines: deadlines,
          warnTimes: warns as Date[],
          dueAt: newDueAt,
          warnAt,
          slaNextAt: nextSlaInstant(newDueAt, warnAt),
          status: 'in_progress',
          extensionCount: c.extensionCount + 1,
        },
        events: [
          {
            type: 'extended',
            fromTier: c.tier,
            toTier: c.tier,
            deadlineAt: newDueAt,
            note: dto.reason,
            rule: 'extension_with_consent',
            data: { previousDueAt: c.dueAt.toISOString(), newDueAt: newDueAt.toISOString(), consent: dto.consent },
          },
        ],
        notify: {
          title: `Complaint ${c.number}: deadline extended to ${newDueAt.toISOString()} with the customer's consent`,
          body: dto.reason,
        },
      };
    });
  }

  note(actor: Actor, id: string, dto: NoteComplaintDto): Promise<ComplaintResponse> {
    return this.step(actor, id, dto.version, (_m, c) => {
      if (c.status === 'closed' || c.status === 'invalid') throw illegalTransition(`A ${c.status} complaint takes no more notes`);
      return {
        action: 'complaint.noted',
        changes: c.status === 'received' ? { status: 'in_progress' } : { updatedAt: new Date() },
        events: [{ type: 'note', note: dto.note }],
        notify: { title: `Complaint ${c.number}: a handling note was added`, body: dto.note.slice(0, 500) },
      };
    });
  }

  answer(actor: Actor, id: string, dto: AnswerComplaintDto): Promise<ComplaintResponse> {
    return this.step(actor, id, dto.version, (_m, c, now) => {
      if (!isOpen(c.status)) throw illegalTransition(`A complaint that is ${c.status} cannot be answered`);
      return {
        action: 'complaint.answered',
        changes: {
          status: 'answered',
          answeredAt: now,
          answeredTier: c.tier,
          answer: dto.answer,
          answeredById: actor.kind === 'user' ? actor.id : null,
          slaNextAt: null,
          warnAt: null,
        },
        events: [
          { type: 'answered', fromTier: c.tier, note: dto.answer, data: { onTime: !c.breached && (c.dueAt === null || now <= c.dueAt) } },
        ],
        notify: { title: `Complaint ${c.number} was answered (tier ${c.tier})`, body: dto.answer.slice(0, 500) },
      };
    });
  }

  returnVisit(actor: Actor, id: string, dto: ReturnVisitDto): Promise<ComplaintResponse> {
    return this.step(actor, id, dto.version, async (m, c, now) => {
      if (c.status !== 'answered' && c.status !== 'return_visit') {
        throw illegalTransition(`A return visit follows the answer; this complaint is ${c.status}`);
      }
      if (dto.method === 'onsite' && !dto.signedBy) {
        throw ruleViolated('onsite_visit_needs_signature', 'An on-site return visit records who signed for the customer (signedBy)');
      }
      const visitedAt = dto.visitedAt ? new Date(dto.visitedAt) : now;
      if (visitedAt.getTime() > now.getTime() + 60_000) throw invalidInput('visitedAt', 'cannot be in the future');
      if (c.answeredAt && visitedAt < c.answeredAt) throw invalidInput('visitedAt', 'cannot be before the answer');
      const [visit] = (await m.query(
        `INSERT INTO complaint_return_visit (complaint_id, method, outcome, notes, signed_by, visited_at, visited_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [c.id, dto.method, dto.outcome, dto.notes ?? null, dto.signedBy ?? null, visitedAt, actor.kind === 'user' ? actor.id : null],
      )) as { id: string }[];
      const visitEvent = {
        type: 'return_visit' as const,
        at: visitedAt,
        note: dto.notes ?? null,
        data: { visitId: visit!.id, method: dto.method, outcome: dto.outcome, signedBy: dto.signedBy ?? null },
      };
      if (dto.outcome === 'satisfied') {
        return {
          action: 'complaint.return_visit',
          changes: { status: 'return_visit' },
          events: [visitEvent],
          notify: { title: `Complaint ${c.number}: the customer is satisfied (${dto.method} return visit)` },
        };
      }
      // [003 六.3] An unsatisfied customer re-complains one tier higher, with a fresh deadline from now.
      const policy = c.policySnapshot;
      const answeredTier = c.answeredTier ?? c.tier;
      const toTier = reopenedTier(policy, answeredTier);
      const calendar = await calendarFor(m, policy);
      const { deadlines, warns } = ladder(policy, now, calendar);
      const level = c.tierLevels[toTier - 1]!;
      const assignedUnitId = unitForLevel(c, level);
      const dueAt = deadlines[toTier - 1]!;
      const warnAt = warns[toTier - 1] ?? null;
      return {
        action: 'complaint.return_visit',
        extraOutbox: ['complaint.reopened'],
        changes: {
          status: 'in_progress',
          tier: toTier,
          clockStart: now,
          tierDeadlines: deadlines,
          warnTimes: warns as Date[],
          dueAt,
          warnAt,
          slaNextAt: nextSlaInstant(dueAt, warnAt),
          assignedUnitId,
          breached: false,
          breachedAt: null,
          answeredAt: null,
          answeredTier: null,
          reopenCount: c.reopenCount + 1,
          hqReported: c.hqReported || level === 'hq',
        },
        events: [
          visitEvent,
          {
            type: 'reopened',
            at: now,
            fromTier: answeredTier,
            toTier,
            deadlineAt: dueAt,
            rule: 'unsatisfied_return_visit_reopens_one_tier_up',
            data: { toUnitId: assignedUnitId, level },
          },
        ],
        notify: {
          title: `Complaint ${c.number} reopened at tier ${toTier}: the customer is not satisfied`,
          body: dto.notes ?? undefined,
          unitRoles: [{ unitId: assignedUnitId, roles: ['cs_manager'] }],
        },
      };
    });
  }

  close(actor: Actor, id: string, dto: CloseComplaintDto): Promise<ComplaintResponse> {
    return this.step(actor, id, dto.version, async (m, c, now) => {
      if (c.status === 'return_visit') {
        const [satisfied] = (await m.query(
          `SELECT 1 AS ok FROM complaint_return_visit WHERE complaint_id = $1 AND outcome = 'satisfied' AND created_at >= $2 LIMIT 1`,
          [c.id, c.answeredAt ?? c.receivedAt],
        )) as { ok: number }[];
        if (!satisfied) throw illegalTransition(`Complaint ${c.number} is waiting for its return visit; record a satisfied visit first`);
      } else if (c.status === 'answered') {
        const rule = await m.findOneByOrFail(ReturnVisitSamplingRule, { id: 1 });
        if (c.severity === 'serious' && rule.seriousAlways) {
          throw illegalTransition(`Serious complaint ${c.number} needs a satisfied return visit before it is closed`);
        }
        if (c.returnVisitSampled !== false) {
          throw illegalTransition(
            c.returnVisitSampled === true
              ? `Complaint ${c.number} was picked for a return visit; record it first`
              : `Complaint ${c.number} has not been through return-visit sampling yet; record a return visit or wait for the sampling job`,
          );
        }
      } else {
        throw illegalTransition(`A complaint that is ${c.status} cannot be closed`);
      }
      return {
        action: 'complaint.closed',
        changes: { status: 'closed', closedAt: now, slaNextAt: null, warnAt: null },
        events: [{ type: 'closed', note: dto.note ?? null }],
        notify: { title: `Complaint ${c.number} was closed` },
      };
    });
  }

  invalidate(actor: Actor, id: string, dto: InvalidateComplaintDto): Promise<ComplaintResponse> {
    return this.step(actor, id, dto.version, (_m, c, now) => {
      if (c.status === 'closed' || c.status === 'invalid')
        throw illegalTransition(`A complaint that is ${c.status} cannot be judged invalid`);
      return {
        action: 'complaint.invalidated',
        changes: { status: 'invalid', invalidReason: dto.reason, closedAt: now, slaNextAt: null, warnAt: null },
        events: [{ type: 'invalidated', note: dto.reason }],
        notify: { title: `Complaint ${c.number} was judged invalid`, body: dto.reason },
      };
    });
  }
}
