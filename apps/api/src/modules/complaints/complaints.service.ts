import { monthKey } from '@cs/domain';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, hasRole } from '../../common/actor';
import { type AppError, forbidden, invalidInput, notFound, ruleViolated } from '../../common/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, type Page, pageFromRows } from '../../common/pagination';
import { escapeLike, queryPrepared, SEARCH_MAX_TERMS, searchTerms, SqlBatch, SqlParams } from '../../common/sql';
import { uuidV7 } from '../../common/uuid-v7';
import { assertVersion } from '../../common/version';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { OrgUnit } from '../org/org-unit.entity';
import { SchedulerService } from '../scheduler/scheduler.service';
import { ladder, levelsWithFloor, nextSlaInstant } from './complaint-sla';
import { COMPLAINT_SEARCH_JOIN, COMPLAINT_SEARCH_ORDER, complaintSearchWordSql } from './complaint-search.sql';
import { ComplaintTimelineService, outboxEventTypes, type StepRecord, type TimelineEntry } from './complaint-timeline.service';
import {
  COMPLAINT_VIEW_COLUMNS,
  type ComplaintEventList,
  type ComplaintQuery,
  type ComplaintResponse,
  type ComplaintView,
  type CreateComplaintDto,
  type QueueCountsResponse,
  toComplaintEventResponse,
  toComplaintResponse,
  unitForLevel,
  type UpdateComplaintDto,
} from './complaint.dto';
import { Complaint, ComplaintEvent } from './complaint.entity';
import { SlaPoliciesService } from './sla/sla-policies.service';

/** What the intake's first statement finds out. */
interface IntakeContext {
  now: Date;
  sla_version: string;
  unit_id: string | null;
  unit_path: string | null;
  unit_ok: boolean;
  number: string | null;
}

/** [003 客诉程度判定标准]: the same problem 3+ times in a calendar month from one customer is serious. */
export const REPEAT_RULE = 'repeat_complaint_same_month';
export const REPEAT_THRESHOLD = 3;
/** Clients' clocks drift: a receivedAt this little ahead of the server is taken as now. */
export const RECEIVED_AT_CLOCK_SKEW_MS = 60_000;
export const SLA_SWEEP_JOB = 'sla-sweep';

export const normalizePhone = (phone: string): string => phone.replace(/[\s-]/g, '');

@Injectable()
export class ComplaintsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policies: SlaPoliciesService,
    private readonly timeline: ComplaintTimelineService,
    private readonly scheduler: SchedulerService,
  ) {}

  /** Loads a complaint the actor may see (the receiving unit in their subtree), else 404; optionally locked. */
  async findInScope(actor: Actor, id: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<Complaint> {
    const rows = (await m.query(`SELECT id FROM complaint WHERE id = $1 AND receiving_unit_path LIKE $2 ${lock ? 'FOR UPDATE' : ''}`, [
      id,
      `${escapeLike(actor.orgUnitPath)}%`,
    ])) as { id: string }[];
    const complaint = rows[0] ? await m.findOneBy(Complaint, { id }) : null;
    if (!complaint) throw notFound('Complaint');
    return complaint;
  }

  async get(actor: Actor, id: string): Promise<ComplaintResponse> {
    return toComplaintResponse(await this.findInScope(actor, id));
  }

  async events(actor: Actor, id: string): Promise<ComplaintEventList> {
    await this.findInScope(actor, id);
    const events = await this.dataSource
      .getRepository(ComplaintEvent)
      .find({ where: { complaintId: id }, order: { at: 'ASC', id: 'ASC' } });
    return { items: events.map(toComplaintEventResponse) };
  }

  /**
   * One statement for the page: the filters, the keyset position and only the columns the response
   * is made from (`COMPLAINT_VIEW_COLUMNS`), mapped without entity hydration.
   */
  async list(actor: Actor, query: ComplaintQuery): Promise<Page<ComplaintResponse>> {
    const p = new SqlParams();
    const where = [`c.receiving_unit_path LIKE ${p.add(`${escapeLike(actor.orgUnitPath)}%`)}`];
    switch (query.queue) {
      case 'mine': {
        if (actor.kind !== 'user') throw invalidInput('queue', '"mine" is for users; an API key has no complaints of its own');
        const me = p.add(actor.id);
        where.push(
          `(c.owner_id = ${me} OR c.handler_id = ${me} OR c.return_visit_assignee_id = ${me}) AND c.status NOT IN ('closed', 'invalid')`,
        );
        break;
      }
      case 'my_unit':
        where.push(`c.assigned_unit_id = ${p.add(actor.orgUnitId)} AND c.status NOT IN ('closed', 'invalid')`);
        break;
      case 'escalated_to_me':
        where.push(`c.assigned_unit_id = ${p.add(actor.orgUnitId)} AND c.tier > 1 AND c.status IN ('received', 'in_progress')`);
        break;
      case 'breached':
        where.push("c.breached AND c.status IN ('received', 'in_progress')");
        break;
      case 'hq':
        where.push("(c.hq_reported OR c.assigned_unit_id = c.hq_unit_id) AND c.status NOT IN ('closed', 'invalid')");
        break;
      case undefined:
        break;
    }
    if (query.status) where.push(`c.status = ${p.add(query.status)}`);
    if (query.kind) where.push(`c.kind = ${p.add(query.kind)}`);
    if (query.severity) where.push(`c.severity = ${p.add(query.severity)}`);
    if (query.channel) where.push(`c.channel = ${p.add(query.channel)}`);
    if (query.tier !== undefined) where.push(`c.tier = ${p.add(query.tier)}`);
    if (query.breached) where.push(`c.breached = ${p.add(query.breached === 'true')}`);
    if (query.hqReported) where.push(`c.hq_reported = ${p.add(query.hqReported === 'true')}`);
    if (query.assignedUnitId) where.push(`c.assigned_unit_id = ${p.add(query.assignedUnitId)}`);
    if (query.receivingUnitId) where.push(`c.receiving_unit_id = ${p.add(query.receivingUnitId)}`);
    if (query.ownerId) where.push(`c.owner_id = ${p.add(query.ownerId)}`);
    if (query.customerId) where.push(`c.customer_id = ${p.add(query.customerId)}`);
    if (query.callerPhone) where.push(`c.caller_phone = ${p.add(normalizePhone(query.callerPhone))}`);
    if (query.category) where.push(`c.category = ${p.add(query.category)}`);
    if (query.receivedFrom) where.push(`c.received_at >= ${p.add(query.receivedFrom)}`);
    if (query.receivedTo) where.push(`c.received_at < ${p.add(query.receivedTo)}`);
    const searching = query.q !== undefined;
    if (query.q !== undefined) {
      // Every word somewhere in the number, subject, caller name or phone (see searchTerms), read
      // from the side table of searchable text (COMPLAINT_SEARCH_JOIN).
      const terms = searchTerms(query.q);
      if (terms.length > SEARCH_MAX_TERMS) throw invalidInput('q', `has more than ${SEARCH_MAX_TERMS} words`);
      for (const term of terms) where.push(complaintSearchWordSql(term, (value) => p.add(value)));
    }
    // By received time, newest first; or open ones by their current deadline (breached ones, long
    // overdue, first), answered and closed ones last. A search orders by the side table's copy of
    // the received time and id (the same values), so it can walk that table's index newest first.
    const byDue = query.sort === 'dueAt';
    const column = byDue
      ? "(CASE WHEN c.status IN ('received', 'in_progress') THEN c.due_at ELSE 'infinity'::timestamptz END)"
      : searching
        ? COMPLAINT_SEARCH_ORDER.column
        : 'c.received_at';
    const idColumn = searching && !byDue ? COMPLAINT_SEARCH_ORDER.id : 'c.id';
    const direction = byDue ? 'ASC' : 'DESC';
    const sortValue = (c: ComplaintView): string =>
      !byDue
        ? c.receivedAt.toISOString()
        : c.dueAt && (c.status === 'received' || c.status === 'in_progress')
          ? c.dueAt.toISOString()
          : 'infinity';
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      where.push(
        `(${column}, ${idColumn}) ${byDue ? '>' : '<'} (CAST(${p.add(position.v)} AS timestamptz), CAST(${p.add(position.id)} AS uuid))`,
      );
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = (await this.dataSource.query(
      `SELECT ${COMPLAINT_VIEW_COLUMNS} FROM complaint c ${searching ? COMPLAINT_SEARCH_JOIN : ''} WHERE ${where.join(' AND ')}
       ORDER BY ${column} ${direction}, ${idColumn} ${direction} LIMIT ${p.add(limit + 1)}`,
      p.values,
    )) as ComplaintView[];
    return pageFromRows(rows, limit, (c) => ({ v: sortValue(c), id: c.id }), toComplaintResponse);
  }

  /**
   * How many open complaints each queue holds for the actor (badges in the console). One count per
   * queue, each driven by that queue's own index (owner/handler/assignee, assigned unit, breached,
   * HQ partial indexes) with the scope as a filter: counting over the actor's whole scope cost a
   * scan of every open complaint under it (half a million rows for a platform at 1 M).
   */
  async queueCounts(actor: Actor): Promise<QueueCountsResponse> {
    const me = actor.kind === 'user' ? actor.id : null;
    const scope = 'c.receiving_unit_path LIKE $1';
    const open = "c.status NOT IN ('closed', 'invalid')";
    const [row] = (await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM complaint c
          WHERE $2::uuid IS NOT NULL AND (c.owner_id = $2 OR c.handler_id = $2 OR c.return_visit_assignee_id = $2) AND ${open} AND ${scope})::int AS mine,
         (SELECT count(*) FROM complaint c WHERE c.assigned_unit_id = $3 AND ${open} AND ${scope})::int AS my_unit,
         (SELECT count(*) FROM complaint c
          WHERE c.assigned_unit_id = $3 AND c.tier > 1 AND c.status IN ('received', 'in_progress') AND ${scope})::int AS escalated_to_me,
         (SELECT count(*) FROM complaint c WHERE c.breached AND c.status IN ('received', 'in_progress') AND ${scope})::int AS breached,
         (SELECT count(*) FROM complaint c WHERE (c.hq_reported OR c.assigned_unit_id = c.hq_unit_id) AND ${open} AND ${scope})::int AS hq`,
      [`${escapeLike(actor.orgUnitPath)}%`, me, actor.orgUnitId],
    )) as { mine: number; my_unit: number; escalated_to_me: number; breached: number; hq: number }[];
    return { mine: row!.mine, myUnit: row!.my_unit, escalatedToMe: row!.escalated_to_me, breached: row!.breached, hq: row!.hq };
  }

  /**
   * Two statements (one more each for an API key's owner, an internal complaint's respondent and the
   * repeat rule's count): the unit check, the context and the number; then the complaint with its
   * timeline, audit row, outbox events and notifications, all written by one statement. The
   * response is built from the values written (no re-read).
   */
  async create(actor: Actor, dto: CreateComplaintDto): Promise<ComplaintResponse> {
    const now = new Date();
    const receivedAt = dto.receivedAt ? new Date(dto.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime() + RECEIVED_AT_CLOCK_SKEW_MS) throw invalidInput('receivedAt', 'cannot be in the future');
    if (!dto.customerId && !dto.callerName && !dto.callerPhone) {
      throw invalidInput('customerId', 'or callerName or callerPhone is required: who is complaining?');
    }
    if (dto.kind === 'internal' && !dto.respondentUnitId) {
      throw invalidInput('respondentUnitId', 'is required for an internal complaint (the unit complained about)');
    }
    if (dto.kind !== 'internal' && dto.respondentUnitId) throw invalidInput('respondentUnitId', 'is only for internal complaints');
    const receivedMonth = monthKey(receivedAt, this.config.business.timeZone);
    const callerPhone = dto.callerPhone ? normalizePhone(dto.callerPhone) : null;
    const customerKey = dto.customerId ? `c:${dto.customerId}` : callerPhone ? `p:${callerPhone}` : null;
    const repeatKey = customerKey && dto.category ? `complaint-repeat:${customerKey}` : null;

    const ownerRule = this.ownerRule(actor, dto.ownerId);
    const unitId = dto.receivingUnitId ?? actor.orgUnitId;
    const scope = `${escapeLike(actor.orgUnitPath)}%`;

    const intake = async (m: EntityManager): Promise<{ complaint: Complaint; response: ComplaintResponse }> => {
      // An API key's owner and an internal complaint's respondent are looked up first; their errors
      // are raised after the unit's, as before.
      const ownerActive = ownerRule.check ? await this.isActiveUserInScope(m, actor, ownerRule.check) : true;
      const respondent =
        dto.kind === 'internal'
          ? ((
              await queryPrepared<{ id: string; path: string }>(m, 'SELECT id, path FROM org_unit WHERE id = $1', [dto.respondentUnitId])
            )[0] ?? null)
          : null;
      const othersOk = !ownerRule.error && ownerActive && (dto.kind !== 'internal' || (respondent !== null && respondent.id !== unitId));
      // The unit check, the context and the number in one statement: the number is taken only when
      // every check passes (bad input consumes none), from the month's sequence (no lock held). With
      // a repeat key it also serialises this customer's intakes (two simultaneous third complaints both count).
      const [context] = await queryPrepared<IntakeContext>(
        m,
        `SELECT now()::timestamptz(3) AS now, ${SlaPoliciesService.VERSION_SQL} AS sla_version, u.id AS unit_id, u.path AS unit_path,
                coalesce(u.path LIKE $3, false) AS unit_ok,
                CASE WHEN $1 AND u.path LIKE $3 THEN complaint_next_number($2) END AS number
                ${repeatKey ? ', pg_advisory_xact_lock(hashtext($5)) IS NULL AS locked' : ''}
         FROM (SELECT 1) AS one LEFT JOIN org_unit u ON u.id = $4`,
        [othersOk, `${receivedMonth.slice(2, 4)}${receivedMonth.slice(5, 7)}`, scope, unitId, ...(repeatKey ? [repeatKey] : [])],
      );
      const ctx = context!;
      if (!ctx.unit_ok) throw invalidInput('receivingUnitId', 'is not a unit in your scope');
      if (ownerRule.error) throw ownerRule.error;
      if (!ownerActive) throw invalidInput('ownerId', 'is not an active user in your scope');
      const unit = { id: ctx.unit_id!, path: ctx.unit_path! };
      const [hqId, platformId] = this.ancestry(unit);
      let floor: 'receiving_unit' | 'platform' | 'hq' = 'receiving_unit';
      if (dto.kind === 'internal') {
        if (!respondent) throw invalidInput('respondentUnitId', 'is not an org unit');
        if (respondent.id === unit.id) throw invalidInput('respondentUnitId', 'must be another unit than the receiving one');
        const [, respondentPlatform] = this.ancestry(respondent);
        // [000 §23–24]: between units of one platform the platform CS handles it; across platforms HQ CS.
        floor = respondentPlatform === platformId && platformId !== hqId ? 'platform' : 'hq';
      }
      if (!ctx.number) throw new Error('complaint_next_number gave no number although every check passed');
      const ownerId = ownerRule.owner!;

      const events: TimelineEntry[] = [{ type: 'created', at: receivedAt, data: { channel: dto.channel, severity: dto.severity } }];
      let severity = dto.severity;
      if (repeatKey) {
        // A statement after the lock's: its snapshot sees every intake of this customer committed before.
        const [prior] = await queryPrepared<{ n: number }>(
          m,
          `SELECT count(*)::int AS n FROM complaint
           WHERE customer_key = $1 AND received_month = $2 AND category = $3 AND status <> 'invalid'`,
          [customerKey, receivedMonth, dto.category],
        );
        const previous = prior?.n ?? 0;
        if (previous + 1 >= REPEAT_THRESHOLD && severity !== 'serious') {
          events.push({
            type: 'severity_raised',
            rule: REPEAT_RULE,
            note: `Complaint number ${previous + 1} from this customer about "${dto.category}" in ${receivedMonth}: raised to serious`,
            data: { from: severity, to: 'serious', occurrence: previous + 1, month: receivedMonth, category: dto.category },
          });
          severity = 'serious';
        }
      }

      const { policy, calendar } = await this.policies.policyFor(m, { kind: dto.kind, severity, channel: dto.channel }, ctx.sla_version);
      const { deadlines, warns } = ladder(policy, receivedAt, calendar);
      const levels = levelsWithFloor(policy, floor);
      const assignedUnitId = unitForLevel({ receivingUnitId: unit.id, platformUnitId: platformId, hqUnitId: hqId }, levels[0]!);
      const hqReasons = [
        ...(severity === 'serious' ? ['serious'] : []),
        ...(dto.channel === 'external' ? ['external'] : []),
        ...(dto.multiPlatform ? ['multi_platform'] : []),
      ];
      const hqReported = hqReasons.length > 0 || levels[0] === 'hq';
      if (hqReasons.length > 0) {
        events.push({
          type: 'reported_to_hq',
          rule: 'report_to_hq_at_intake',
          note: `Reported to HQ at intake: ${hqReasons.join(', ')}`,
          data: { reasons: hqReasons },
        });
      }
      const dueAt = deadlines[0]!;
      const warnAt = warns[0] ?? null;

      const created: Complaint = {
        // Time-ordered (see uuidV7): complaints made together share primary-key pages.
        id: uuidV7(),
        number: ctx.number,
        kind: dto.kind,
        channel: dto.channel,
        severity,
        status: 'received',
        subject: dto.subject.trim(),
        description: dto.description,
        category: dto.category ?? null,
        customerId: dto.customerId ?? null,
        callerName: dto.callerName?.trim() ?? null,
        callerPhone,
        customerKey,
        relatedOrders: dto.relatedOrders ?? [],
        // Plain objects, as the jsonb column gives them back.
        attachments: JSON.parse(JSON.stringify(dto.attachments ?? [])) as Complaint['attachments'],
        multiPlatform: dto.multiPlatform ?? false,
        hqReported,
        respondentUnitId: dto.respondentUnitId ?? null,
        receivedAt,
        receivedMonth,
        receivingUnitId: unit.id,
        receivingUnitPath: unit.path,
        platformUnitId: platformId,
        hqUnitId: hqId,
        assignedUnitId,
        ownerId,
        handlerId: null,
        policyId: policy.id,
        policySnapshot: policy,
        tier: 1,
        tierCount: policy.tiers.length,
        tierLevels: levels,
        clockStart: receivedAt,
        tierDeadlines: deadlines,
        warnTimes: warns as Date[],
        dueAt,
        warnAt,
        slaNextAt: nextSlaInstant(dueAt, warnAt),
        breached: false,
        breachedAt: null,
        escalationCount: 0,
        answeredAt: null,
        answeredTier: null,
        answer: null,
        answeredById: null,
        returnVisitSampled: null,
        returnVisitMethod: null,
        returnVisitAssigneeId: null,
        returnVisitAssignedAt: null,
        closedAt: null,
        invalidReason: null,
        reopenCount: 0,
        extensionCount: 0,
        createdByType: actor.kind,
        createdById: actor.id,
        version: 1,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      };
      const after = toComplaintResponse(created);
      const unitRoles = [
        ...(hqReported ? [{ unitId: hqId, roles: ['cs_manager' as const] }] : []),
        ...(assignedUnitId !== unit.id ? [{ unitId: assignedUnitId, roles: ['cs_manager' as const] }] : []),
      ];
      const step: StepRecord = {
        action: 'complaint.created',
        before: null,
        after,
        events,
        ...(severity !== dto.severity ? { extraOutbox: ['complaint.severity_raised'] } : {}),
        notify: {
          title: `${hqReported ? '[HQ] ' : ''}New ${severity} ${dto.kind} ${created.number}: ${created.subject}`.slice(0, 200),
          body: `Tier 1 due ${dueAt.toISOString()}`,
          unitRoles,
        },
      };
      const batch = new SqlBatch();
      const p = (value: unknown): string => batch.add(value);
      const c = created;
      batch.with(
        'complaint',
        `INSERT INTO complaint (id, number, kind, channel, severity, status, subject, description, category, customer_id, caller_name,
           caller_phone, customer_key, related_orders, attachments, multi_platform, hq_reported, respondent_unit_id, received_at,
           received_month, receiving_unit_id, receiving_unit_path, platform_unit_id, hq_unit_id, assigned_unit_id, owner_id,
           policy_id, policy_snapshot, tier, tier_count, tier_levels, clock_start, tier_deadlines, warn_times, due_at, warn_at,
           sla_next_at, created_by_type, created_by_id, created_at, updated_at, outbox_last_seq)
         VALUES (${p(c.id)}::uuid, ${p(c.number)}, ${p(c.kind)}, ${p(c.channel)}, ${p(c.severity)}, 'received', ${p(c.subject)},
           ${p(c.description)}, ${p(c.category)}, ${p(c.customerId)}::uuid, ${p(c.callerName)}, ${p(c.callerPhone)}, ${p(c.customerKey)},
           ${p(c.relatedOrders)}::text[], ${p(JSON.stringify(c.attachments))}::jsonb, ${p(c.multiPlatform)}, ${p(c.hqReported)},
           ${p(c.respondentUnitId)}::uuid, ${p(c.receivedAt)}::timestamptz, ${p(c.receivedMonth)}, ${p(c.receivingUnitId)}::uuid,
           ${p(c.receivingUnitPath)}, ${p(c.platformUnitId)}::uuid, ${p(c.hqUnitId)}::uuid, ${p(c.assignedUnitId)}::uuid,
           ${p(c.ownerId)}::uuid, ${p(c.policyId)}::uuid, ${p(JSON.stringify(c.policySnapshot))}::jsonb, 1, ${p(c.tierCount)},
           ${p(c.tierLevels)}::text[], ${p(c.clockStart)}::timestamptz, ${p(c.tierDeadlines)}::timestamptz[],
           ${p(c.warnTimes)}::timestamptz[], ${p(c.dueAt)}::timestamptz, ${p(c.warnAt)}::timestamptz,
           ${p(c.slaNextAt)}::timestamptz, ${p(c.createdByType)}, ${p(c.createdById)}::uuid, ${p(c.createdAt)}::timestamptz,
           ${p(c.updatedAt)}::timestamptz, ${p(outboxEventTypes(step).length)})`,
      );
      this.timeline.recordIn(batch, actor, step, { newComplaint: true });
      await batch.run(m);
      return { complaint: created, response: after };
    };
    // Without a repeat key, each statement is its own transaction: the checks (and number), then
    // everything written, atomically, by one statement. The repeat rule's lock needs a transaction.
    const { complaint, response } = repeatKey ? await this.dataSource.transaction(intake) : await intake(this.dataSource.manager);
    this.wakeSweep(complaint.slaNextAt);
    return response;
  }

  async update(actor: Actor, id: string, dto: UpdateComplaintDto): Promise<ComplaintResponse> {
    const result = await this.dataSource.transaction(async (m) => {
      const c = await this.findInScope(actor, id, m, true);
      assertVersion('Complaint', c.version, dto.version);
      if (c.status === 'closed' || c.status === 'invalid')
        throw ruleViolated('closed_is_final', `A ${c.status} complaint cannot be edited`);
      const before = toComplaintResponse(c);
      const changes: Partial<Complaint> = {};
      if (dto.subject !== undefined) changes.subject = dto.subject.trim();
      if (dto.description !== undefined) changes.description = dto.description;
      if (dto.category !== undefined) changes.category = dto.category;
      if (dto.callerName !== undefined) changes.callerName = dto.callerName.trim();
      if (dto.callerPhone !== undefined) changes.callerPhone = normalizePhone(dto.callerPhone);
      if (dto.relatedOrders !== undefined) changes.relatedOrders = dto.relatedOrders;
      if (dto.handlerId !== undefined) changes.handlerId = await this.activeUserInScope(m, actor, dto.handlerId, 'handlerId');
      if (dto.returnVisitAssigneeId !== undefined) {
        if (!hasRole(actor, 'cs_manager', 'ops_manager')) throw forbidden('Only a manager reassigns a return visit');
        changes.returnVisitAssigneeId = await this.activeUserInScope(m, actor, dto.returnVisitAssigneeId, 'returnVisitAssigneeId');
      }
      const changed = Object.keys(changes);
      if (changed.length === 0) return before;
      await m.update(Complaint, { id }, { ...changes, version: () => 'version + 1', updatedAt: new Date() });
      const after = toComplaintResponse(await m.findOneByOrFail(Complaint, { id }));
      await this.timeline.record(m, actor, {
        action: 'complaint.updated',
        before,
        after,
        events: [{ type: 'updated', data: { fields: changed } }],
        notify: {
          title: `Complaint ${c.number} was edited (${changed.join(', ')})`,
          users: [changes.handlerId ?? null, changes.returnVisitAssigneeId ?? null],
        },
      });
      return after;
    });
    return result;
  }

  /** Brings the sweep forward when a new deadline or warning is sooner than its next run. */
  wakeSweep(at: Date | null): void {
    if (at) this.scheduler.runNoLaterThan(SLA_SWEEP_JOB, at);
  }

  /** `[hqId, platformId]` of a unit from its materialised path; HQ itself counts as its own platform. */
  ancestry(unit: Pick<OrgUnit, 'path'>): [string, string] {
    const ids = unit.path.split('/').filter(Boolean);
    const hq = ids[0]!;
    return [hq, ids[1] ?? hq];
  }

  private async activeUserInScope(m: EntityManager, actor: Actor, userId: string, field: string): Promise<string> {
    if (!(await this.isActiveUserInScope(m, actor, userId))) throw invalidInput(field, 'is not an active user in your scope');
    return userId;
  }

  private async isActiveUserInScope(m: EntityManager, actor: Actor, userId: string): Promise<boolean> {
    const rows = (await m.query(
      `SELECT u.id FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id WHERE u.id = $1 AND u.active AND o.path LIKE $2`,
      [userId, `${escapeLike(actor.orgUnitPath)}%`],
    )) as { id: string }[];
    return rows.length > 0;
  }

  /**
   * 首问负责制: the user who takes the contact owns it; an API key names that user (`check`: the user
   * to find active in the key's scope). `error` is thrown after the unit check.
   */
  private ownerRule(actor: Actor, ownerId: string | undefined): { owner: string | null; check: string | null; error: AppError | null } {
    if (actor.kind === 'user') {
      if (ownerId !== undefined && ownerId !== actor.id) {
        return {
          owner: null,
          check: null,
          error: ruleViolated('first_contact_ownership', 'The user who takes the complaint is its owner; leave ownerId out'),
        };
      }
      return { owner: actor.id, check: null, error: null };
    }
    if (!ownerId) {
      return {
        owner: null,
        check: null,
        error: ruleViolated(
          'first_contact_owner_required',
          'A complaint created with an API key must name its first-contact owner (ownerId)',
        ),
      };
    }
    return { owner: ownerId, check: ownerId, error: null };
  }
}
