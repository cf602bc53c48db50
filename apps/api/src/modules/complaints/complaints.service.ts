import { monthKey } from '@cs/domain';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, hasRole } from '../../common/actor';
import { forbidden, invalidInput, notFound, ruleViolated } from '../../common/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, type Page, pageFromRows } from '../../common/pagination';
import { escapeLike, SqlParams } from '../../common/sql';
import { assertVersion } from '../../common/version';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { OrgUnit } from '../org/org-unit.entity';
import { SchedulerService } from '../scheduler/scheduler.service';
import { calendarFor, ladder, levelsWithFloor, nextSlaInstant } from './complaint-sla';
import { ComplaintTimelineService, type TimelineEntry } from './complaint-timeline.service';
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
    if (query.q) {
      const q = p.add(`%${escapeLike(query.q.trim())}%`);
      where.push(`(c.number ILIKE ${q} OR c.subject ILIKE ${q} OR c.caller_name ILIKE ${q} OR c.caller_phone LIKE ${q})`);
    }
    // By received time, newest first; or open ones by their current deadline (breached ones, long
    // overdue, first), answered and closed ones last.
    const byDue = query.sort === 'dueAt';
    const column = byDue
      ? "(CASE WHEN c.status IN ('received', 'in_progress') THEN c.due_at ELSE 'infinity'::timestamptz END)"
      : 'c.received_at';
    const direction = byDue ? 'ASC' : 'DESC';
    const sortValue = (c: ComplaintView): string =>
      !byDue
        ? c.receivedAt.toISOString()
        : c.dueAt && (c.status === 'received' || c.status === 'in_progress')
          ? c.dueAt.toISOString()
          : 'infinity';
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      where.push(`(${column}, c.id) ${byDue ? '>' : '<'} (CAST(${p.add(position.v)} AS timestamptz), CAST(${p.add(position.id)} AS uuid))`);
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = (await this.dataSource.query(
      `SELECT ${COMPLAINT_VIEW_COLUMNS} FROM complaint c WHERE ${where.join(' AND ')}
       ORDER BY ${column} ${direction}, c.id ${direction} LIMIT ${p.add(limit + 1)}`,
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
    const timeZone = this.config.business.timeZone;
    // Checks first, so bad input allocates no number and changes nothing. Then the number, in a
    // short transaction of its own: holding the month's counter row to the intake's commit
    // serialised every intake of the month (measured: 7.5 req/s). (Its own transaction rather than
    // autocommit also keeps the embedded server from interleaving these statements with others.)
    const { receiving, ownerId, hqId, platformId, floor, number } = await this.dataSource.transaction(async (pre) => {
      const unit = await this.unitInScope(pre, actor, dto.receivingUnitId ?? actor.orgUnitId, 'receivingUnitId');
      const owner = await this.resolveOwner(pre, actor, dto.ownerId);
      const [hq, platform] = this.ancestry(unit);
      let minimumLevel: 'receiving_unit' | 'platform' | 'hq' = 'receiving_unit';
      if (dto.kind === 'internal') {
        const respondent = await pre.findOneBy(OrgUnit, { id: dto.respondentUnitId! });
        if (!respondent) throw invalidInput('respondentUnitId', 'is not an org unit');
        if (respondent.id === unit.id) throw invalidInput('respondentUnitId', 'must be another unit than the receiving one');
        const [, respondentPlatform] = this.ancestry(respondent);
        // [000 §23–24]: between units of one platform the platform CS handles it; across platforms HQ CS.
        minimumLevel = respondentPlatform === platform && platform !== hq ? 'platform' : 'hq';
      }
      const allocated = await this.nextNumber(pre, monthKey(receivedAt, timeZone));
      return { receiving: unit, ownerId: owner, hqId: hq, platformId: platform, floor: minimumLevel, number: allocated };
    });

    const created = await this.dataSource.transaction(async (m) => {
      const callerPhone = dto.callerPhone ? normalizePhone(dto.callerPhone) : null;
      const customerKey = dto.customerId ? `c:${dto.customerId}` : callerPhone ? `p:${callerPhone}` : null;
      const receivedMonth = monthKey(receivedAt, timeZone);
      const events: TimelineEntry[] = [{ type: 'created', at: receivedAt, data: { channel: dto.channel, severity: dto.severity } }];

      let severity = dto.severity;
      if (customerKey && dto.category) {
        // Serialise intakes of one customer so two simultaneous third complaints both count.
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`complaint-repeat:${customerKey}`]);
        const [prior] = (await m.query(
          `SELECT count(*)::int AS n FROM complaint
           WHERE customer_key = $1 AND received_month = $2 AND category = $3 AND status <> 'invalid'`,
          [customerKey, receivedMonth, dto.category],
        )) as { n: number }[];
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

      const policy = await this.policies.policyFor(m, { kind: dto.kind, severity, channel: dto.channel });
      const calendar = await calendarFor(m, policy);
      const { deadlines, warns } = ladder(policy, receivedAt, calendar);
      const levels = levelsWithFloor(policy, floor);
      const units = { receivingUnitId: receiving.id, platformUnitId: platformId, hqUnitId: hqId };
      const assignedUnitId = unitForLevel(units, levels[0]!);
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

      const [row] = (await m.query(
        `INSERT INTO complaint (number, kind, channel, severity, status, subject, description, category, customer_id, caller_name,
           caller_phone, customer_key, related_orders, attachments, multi_platform, hq_reported, respondent_unit_id, received_at,
           received_month, receiving_unit_id, receiving_unit_path, platform_unit_id, hq_unit_id, assigned_unit_id, owner_id,
           policy_id, policy_snapshot, tier, tier_count, tier_levels, clock_start, tier_deadlines, warn_times, due_at, warn_at,
           sla_next_at, created_by_type, created_by_id)
         VALUES ($1, $2, $3, $4, 'received', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
           $23, $24, $25, $26, 1, $27, $28, $17, $29, $30, $31, $32, $33, $34, $35)
         RETURNING id`,
        [
          number,
          dto.kind,
          dto.channel,
          severity,
          dto.subject.trim(),
          dto.description,
          dto.category ?? null,
          dto.customerId ?? null,
          dto.callerName?.trim() ?? null,
          callerPhone,
          customerKey,
          dto.relatedOrders ?? [],
          JSON.stringify(dto.attachments ?? []),
          dto.multiPlatform ?? false,
          hqReported,
          dto.respondentUnitId ?? null,
          receivedAt,
          receivedMonth,
          receiving.id,
          receiving.path,
          platformId,
          hqId,
          assignedUnitId,
          ownerId,
          policy.id,
          JSON.stringify(policy),
          policy.tiers.length,
          levels,
          deadlines,
          warns,
          dueAt,
          warnAt,
          nextSlaInstant(dueAt, warnAt),
          actor.kind,
          actor.id,
        ],
      )) as { id: string }[];
      const complaint = await m.findOneByOrFail(Complaint, { id: row!.id });
      const after = toComplaintResponse(complaint);
      const unitRoles = [
        ...(hqReported ? [{ unitId: hqId, roles: ['cs_manager' as const] }] : []),
        ...(assignedUnitId !== receiving.id ? [{ unitId: assignedUnitId, roles: ['cs_manager' as const] }] : []),
      ];
      await this.timeline.record(m, actor, {
        action: 'complaint.created',
        before: null,
        after,
        events,
        ...(severity !== dto.severity ? { extraOutbox: ['complaint.severity_raised'] } : {}),
        notify: {
          title: `${hqReported ? '[HQ] ' : ''}New ${severity} ${dto.kind} ${number}: ${dto.subject.trim()}`.slice(0, 200),
          body: `Tier 1 due ${dueAt.toISOString()}`,
          unitRoles,
        },
      });
      return complaint;
    });
    this.wakeSweep(created.slaNextAt);
    return toComplaintResponse(created);
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
  ancestry(unit: OrgUnit): [string, string] {
    const ids = unit.path.split('/').filter(Boolean);
    const hq = ids[0]!;
    return [hq, ids[1] ?? hq];
  }

  private async unitInScope(m: EntityManager, actor: Actor, id: string, field: string): Promise<OrgUnit> {
    const unit = await m.findOneBy(OrgUnit, { id });
    if (!unit || !unit.path.startsWith(actor.orgUnitPath)) throw invalidInput(field, 'is not a unit in your scope');
    return unit;
  }

  private async activeUserInScope(m: EntityManager, actor: Actor, userId: string, field: string): Promise<string> {
    const rows = (await m.query(
      `SELECT u.id FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id WHERE u.id = $1 AND u.active AND o.path LIKE $2`,
      [userId, `${escapeLike(actor.orgUnitPath)}%`],
    )) as { id: string }[];
    if (!rows[0]) throw invalidInput(field, 'is not an active user in your scope');
    return rows[0].id;
  }

  /** 首问负责制: the user who takes the contact owns it; an API key names that user. */
  private async resolveOwner(m: EntityManager, actor: Actor, ownerId: string | undefined): Promise<string> {
    if (actor.kind === 'user') {
      if (ownerId !== undefined && ownerId !== actor.id) {
        throw ruleViolated('first_contact_ownership', 'The user who takes the complaint is its owner; leave ownerId out');
      }
      return actor.id;
    }
    if (!ownerId) {
      throw ruleViolated('first_contact_owner_required', 'A complaint created with an API key must name its first-contact owner (ownerId)');
    }
    return this.activeUserInScope(m, actor, ownerId, 'ownerId');
  }

  /** `YYMM-NNNNN`: month of receipt and a monthly serial from an upserted counter row (safe under concurrency). */
  private async nextNumber(m: EntityManager, receivedMonth: string): Promise<string> {
    const key = `${receivedMonth.slice(2, 4)}${receivedMonth.slice(5, 7)}`;
    const [row] = (await m.query(
      `INSERT INTO complaint_number_counter AS k (month_key, last_serial) VALUES ($1, 1)
       ON CONFLICT (month_key) DO UPDATE SET last_serial = k.last_serial + 1
       RETURNING last_serial`,
      [key],
    )) as { last_serial: number }[];
    return `${key}-${String(row!.last_serial).padStart(5, '0')}`;
  }
}
