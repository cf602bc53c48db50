import { type BusinessCalendar, DEFAULT_SLA_POLICY, matchPolicy, type SlaPolicyRule, type SlaSubject, validatePolicy } from '@cs/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Actor } from '../../../common/actor';
import { AppError, conflict, notFound, ruleViolated } from '../../../common/errors';
import { type Page, paginate } from '../../../common/pagination';
import { assertVersion } from '../../../common/version';
import { AuditService } from '../../audit/audit.service';
import type { PolicySnapshot } from '../complaint.entity';
import {
  type CreateSlaPolicyDto,
  type SlaPolicyQuery,
  type SlaPolicyResponse,
  toSlaPolicyResponse,
  type UpdateSlaPolicyDto,
} from './sla.dto';
import { toBusinessCalendar } from './calendars.service';
import { BusinessCalendarRecord, SlaPolicyRecord } from './sla.entities';

export function toPolicyRule(p: SlaPolicyRecord): SlaPolicyRule {
  return {
    clock: p.clock,
    tiers: p.tiers,
    warnBeforeMinutes: p.warnBeforeMinutes,
    match: {
      ...(p.matchKinds ? { kinds: p.matchKinds } : {}),
      ...(p.matchSeverities ? { severities: p.matchSeverities } : {}),
      ...(p.matchChannels ? { channels: p.matchChannels } : {}),
    },
    priority: p.priority,
    active: p.active,
  };
}

/** When no active policy matches (an administrator switched them all off), the [000 §16] default applies. */
export const FALLBACK_POLICY: PolicySnapshot = {
  ...DEFAULT_SLA_POLICY,
  id: null,
  name: 'Built-in default (4 h / 24 h / 48 h)',
  calendarId: null,
};

/** Active policies and the calendars they count in, as of one `sla_config_version`. */
interface PolicyCache {
  version: string;
  candidates: (SlaPolicyRule & { record: SlaPolicyRecord })[];
  calendars: Map<string, BusinessCalendar>;
}

/** The rule's columns (tiers … active), in the order both the INSERT and the UPDATE list them. */
function ruleParams(rule: SlaPolicyRule): unknown[] {
  return [
    JSON.stringify(rule.tiers.map((t) => ({ tier: t.tier, handlerLevel: t.handlerLevel, deadlineMinutes: t.deadlineMinutes }))),
    rule.warnBeforeMinutes,
    rule.match.kinds ?? null,
    rule.match.severities ?? null,
    rule.match.channels ?? null,
    rule.priority,
    rule.active,
  ];
}

@Injectable()
export class SlaPoliciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  private cache: PolicyCache | null = null;

  /** The version any change to policies or calendars bumps (a trigger): read it with the intake's first statement. */
  static readonly VERSION_SQL = '(SELECT version::text FROM sla_config_version)';

  /**
   * Active policies and their calendars, cached per instance while `sla_config_version` is
   * `version` (read by the intake's first statement): a change on any instance is seen by the next
   * intake everywhere. The version is read before the rows, so a copy is never older than its tag.
   */
  private async activePolicies(m: EntityManager, version: string): Promise<PolicyCache> {
    if (this.cache?.version === version) return this.cache;
    const [row] = (await m.query(`SELECT version::text AS version FROM sla_config_version`)) as { version: string }[];
    const records = await m.find(SlaPolicyRecord, { where: { active: true }, order: { createdAt: 'ASC', id: 'ASC' } });
    const calendarIds = [...new Set(records.map((r) => r.calendarId).filter((id): id is string => id !== null))];
    const calendars = calendarIds.length ? await m.find(BusinessCalendarRecord, { where: { id: In(calendarIds) } }) : [];
    this.cache = {
      version: row!.version,
      candidates: records.map((r) => ({ ...toPolicyRule(r), record: r })),
      calendars: new Map(calendars.map((c) => [c.id, toBusinessCalendar(c)])),
    };
    return this.cache;
  }

  /** The policy for a new complaint, as a snapshot the complaint keeps, and the calendar it counts in. */
  async policyFor(
    m: EntityManager,
    subject: SlaSubject,
    version: string,
  ): Promise<{ policy: PolicySnapshot; calendar: BusinessCalendar | undefined }> {
    const { candidates, calendars } = await this.activePolicies(m, version);
    const best = matchPolicy(candidates, subject);
    if (!best) return { policy: FALLBACK_POLICY, calendar: undefined };
    const { record, ...rule } = best;
    const policy = { ...rule, id: record.id, name: record.name, calendarId: record.calendarId };
    return { policy, calendar: policy.clock === 'business' && policy.calendarId ? calendars.get(policy.calendarId) : undefined };
  }

  async find(id: string, m: EntityManager = this.dataSource.manager): Promise<SlaPolicyRecord> {
    const record = await m.findOneBy(SlaPolicyRecord, { id });
    if (!record) throw notFound('SLA policy');
    return record;
  }

  async get(id: string): Promise<SlaPolicyResponse> {
    return toSlaPolicyResponse(await this.find(id));
  }

  async list(query: SlaPolicyQuery): Promise<Page<SlaPolicyResponse>> {
    const qb = this.dataSource.getRepository(SlaPolicyRecord).createQueryBuilder('p');
    if (query.active) qb.andWhere('p.active = :active', { active: query.active === 'true' });
    return paginate(
      qb,
      query,
      { column: 'p.created_at', idColumn: 'p.id', direction: 'ASC' },
      (p) => p.createdAt.toISOString(),
      (p) => p.id,
      toSlaPolicyResponse,
    );
  }

  async create(actor: Actor, dto: CreateSlaPolicyDto): Promise<SlaPolicyResponse> {
    const rule: SlaPolicyRule = {
      clock: dto.clock,
      tiers: dto.tiers,
      warnBeforeMinutes: dto.warnBeforeMinutes,
      match: dto.match ?? {},
      priority: dto.priority ?? 0,
      active: dto.active ?? true,
    };
    return this.dataSource.transaction(async (m) => {
      await this.assertUsable(m, rule, dto.calendarId ?? null);
      await this.assertNameFree(m, dto.name, dto.code ?? null, null);
      const [row] = (await m.query(
        `INSERT INTO sla_policy (code, name, description, source, clock, calendar_id, tiers, warn_before_minutes,
                                 match_kinds, match_severities, match_channels, priority, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [
          dto.code ?? null,
          dto.name.trim(),
          dto.description ?? null,
          dto.source ?? null,
          rule.clock,
          rule.clock === 'business' ? dto.calendarId : (dto.calendarId ?? null),
          ...ruleParams(rule),
        ],
      )) as { id: string }[];
      const response = toSlaPolicyResponse(await this.find(row!.id, m));
      await this.audit.record(m, actor, {
        action: 'sla_policy.created',
        entityType: 'sla_policy',
        entityId: response.id,
        after: response,
      });
      return response;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateSlaPolicyDto): Promise<SlaPolicyResponse> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT 1 FROM sla_policy WHERE id = $1 FOR UPDATE', [id]);
      const record = await this.find(id, m);
      assertVersion('SLA policy', record.version, dto.version);
      const before = toSlaPolicyResponse(record);
      const current = toPolicyRule(record);
      const rule: SlaPolicyRule = {
        clock: dto.clock ?? current.clock,
        tiers: dto.tiers ?? current.tiers,
        warnBeforeMinutes: dto.warnBeforeMinutes ?? current.warnBeforeMinutes,
        match: dto.match ?? current.match,
        priority: dto.priority ?? current.priority,
        active: dto.active ?? current.active,
      };
      const calendarId = dto.calendarId ?? record.calendarId;
      await this.assertUsable(m, rule, calendarId);
      if (dto.name !== undefined) await this.assertNameFree(m, dto.name, null, id);
      await m.query(
        `UPDATE sla_policy SET name = $2, description = $3, source = $4, clock = $5, calendar_id = $6, tiers = $7,
                warn_before_minutes = $8, match_kinds = $9, match_severities = $10, match_channels = $11, priority = $12,
                active = $13, version = version + 1, updated_at = now()
         WHERE id = $1`,
        [
          id,
          dto.name?.trim() ?? record.name,
          dto.description ?? record.description,
          dto.source ?? record.source,
          rule.clock,
          calendarId,
          ...ruleParams(rule),
        ],
      );
      const after = toSlaPolicyResponse(await this.find(id, m));
      await this.audit.record(m, actor, { action: 'sla_policy.updated', entityType: 'sla_policy', entityId: id, before, after });
      return after;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const record = await this.find(id, m);
      const used = (await m.query('SELECT 1 FROM complaint WHERE policy_id = $1 LIMIT 1', [id])) as unknown[];
      if (used.length > 0) {
        throw ruleViolated(
          'policy_in_use',
          'Complaints were handled under this policy; deactivate it (active: false) instead of deleting it',
        );
      }
      await m.delete(SlaPolicyRecord, { id });
      await this.audit.record(m, actor, {
        action: 'sla_policy.deleted',
        entityType: 'sla_policy',
        entityId: id,
        before: toSlaPolicyResponse(record),
      });
    });
  }

  /** Domain validation (400 listing every problem) and, for a business clock, an existing calendar. */
  private async assertUsable(m: EntityManager, rule: SlaPolicyRule, calendarId: string | null): Promise<void> {
    const details = validatePolicy(rule).map((p) => ({ field: p.field, problem: p.problem }));
    if (rule.clock === 'business' && !calendarId) details.push({ field: 'calendarId', problem: 'is required for a business-clock policy' });
    if (details.length > 0) throw new AppError('validation_failed', details.map((d) => `${d.field}: ${d.problem}`).join('; '), details);
    if (calendarId) {
      const found = (await m.query('SELECT 1 FROM business_calendar WHERE id = $1', [calendarId])) as unknown[];
      if (found.length === 0)
        throw new AppError('validation_failed', 'calendarId: no such calendar', [{ field: 'calendarId', problem: 'no such calendar' }]);
    }
  }

  private async assertNameFree(m: EntityManager, name: string, code: string | null, exceptId: string | null): Promise<void> {
    const taken = (await m.query(`SELECT 1 FROM sla_policy WHERE (lower(name) = lower($1) OR code = $2) AND id IS DISTINCT FROM $3::uuid`, [
      name.trim(),
      code,
      exceptId,
    ])) as unknown[];
    if (taken.length > 0) throw conflict(`An SLA policy named "${name}"${code ? ` or coded "${code}"` : ''} already exists`);
  }
}
