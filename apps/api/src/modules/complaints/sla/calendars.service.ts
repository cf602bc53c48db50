import { type BusinessCalendar, ISO_WEEKDAYS, type IsoWeekday, validateCalendar, type WorkingHours } from '@cs/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../../common/actor';
import { AppError, conflict, notFound, ruleViolated } from '../../../common/errors';
import { type Page, type PageQuery, paginate } from '../../../common/pagination';
import { assertVersion } from '../../../common/version';
import { AuditService } from '../../audit/audit.service';
import { type CalendarResponse, type CreateCalendarDto, localDateString, toCalendarResponse, type UpdateCalendarDto } from './sla.dto';
import { BusinessCalendarRecord } from './sla.entities';

export function toBusinessCalendar(record: BusinessCalendarRecord): BusinessCalendar {
  const weekHours = {} as Record<IsoWeekday, WorkingHours[]>;
  for (const day of ISO_WEEKDAYS) weekHours[day] = record.weekHours[String(day)] ?? [];
  return {
    timeZone: record.timeZone,
    weekHours,
    holidays: record.holidays.map(localDateString),
    adjustedWorkdays: record.adjustedWorkdays.map(localDateString),
    ...(record.adjustedWorkdayHours ? { adjustedWorkdayHours: record.adjustedWorkdayHours } : {}),
  };
}

/** Rejects data the domain validator finds unusable: 400 listing every problem by field. */
function assertCalendarData(input: {
  timeZone: string;
  weekHours: Record<string, WorkingHours[]>;
  holidays: string[];
  adjustedWorkdays: string[];
  adjustedWorkdayHours: WorkingHours[] | null;
}): void {
  const details = Object.keys(input.weekHours)
    .filter((key) => !ISO_WEEKDAYS.map(String).includes(key))
    .map((key) => ({ field: `weekHours.${key}`, problem: 'is not an ISO weekday 1–7' }));
  const weekHours = {} as Record<IsoWeekday, WorkingHours[]>;
  for (const day of ISO_WEEKDAYS) weekHours[day] = input.weekHours[String(day)] as WorkingHours[];
  details.push(
    ...validateCalendar({
      timeZone: input.timeZone,
      weekHours,
      holidays: input.holidays,
      adjustedWorkdays: input.adjustedWorkdays,
      ...(input.adjustedWorkdayHours ? { adjustedWorkdayHours: input.adjustedWorkdayHours } : {}),
    }),
  );
  if (details.length > 0) {
    throw new AppError('validation_failed', details.map((d) => `${d.field}: ${d.problem}`).join('; '), details);
  }
}

const sortedUnique = (dates: string[]): string[] => [...dates].sort();

@Injectable()
export class CalendarsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async find(id: string, m: EntityManager = this.dataSource.manager): Promise<BusinessCalendarRecord> {
    const record = await m.findOneBy(BusinessCalendarRecord, { id });
    if (!record) throw notFound('Calendar');
    return record;
  }

  async get(id: string): Promise<CalendarResponse> {
    return toCalendarResponse(await this.find(id));
  }

  async list(query: PageQuery): Promise<Page<CalendarResponse>> {
    const qb = this.dataSource.getRepository(BusinessCalendarRecord).createQueryBuilder('c');
    return paginate(
      qb,
      query,
      { column: 'c.created_at', idColumn: 'c.id', direction: 'ASC' },
      (c) => c.createdAt.toISOString(),
      (c) => c.id,
      toCalendarResponse,
    );
  }

  async create(actor: Actor, dto: CreateCalendarDto): Promise<CalendarResponse> {
    const data = {
      timeZone: dto.timeZone,
      weekHours: dto.weekHours,
      holidays: dto.holidays ?? [],
      adjustedWorkdays: dto.adjustedWorkdays ?? [],
      adjustedWorkdayHours: dto.adjustedWorkdayHours ?? null,
    };
    assertCalendarData(data);
    return this.dataSource.transaction(async (m) => {
      await this.assertNameFree(m, dto.name, dto.code ?? null, null);
      const [row] = (await m.query(
        `INSERT INTO business_calendar (code, name, description, time_zone, week_hours, holidays, adjusted_workdays, adjusted_workday_hours)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          dto.code ?? null,
          dto.name.trim(),
          dto.description ?? null,
          data.timeZone,
          JSON.stringify(data.weekHours),
          sortedUnique(data.holidays),
          sortedUnique(data.adjustedWorkdays),
          data.adjustedWorkdayHours ? JSON.stringify(data.adjustedWorkdayHours) : null,
        ],
      )) as { id: string }[];
      const response = toCalendarResponse(await this.find(row!.id, m));
      await this.audit.record(m, actor, {
        action: 'calendar.created',
        entityType: 'business_calendar',
        entityId: response.id,
        after: response,
      });
      return response;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateCalendarDto): Promise<CalendarResponse> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT 1 FROM business_calendar WHERE id = $1 FOR UPDATE', [id]);
      const record = await this.find(id, m);
      assertVersion('Calendar', record.version, dto.version);
      const before = toCalendarResponse(record);
      const data = {
        timeZone: dto.timeZone ?? record.timeZone,
        weekHours: dto.weekHours ?? record.weekHours,
        holidays: dto.holidays ?? before.holidays,
        adjustedWorkdays: dto.adjustedWorkdays ?? before.adjustedWorkdays,
        adjustedWorkdayHours: dto.adjustedWorkdayHours ?? record.adjustedWorkdayHours,
      };
      assertCalendarData(data);
      if (dto.name !== undefined) await this.assertNameFree(m, dto.name, null, id);
      await m.query(
        `UPDATE business_calendar SET name = $2, description = $3, time_zone = $4, week_hours = $5, holidays = $6,
                adjusted_workdays = $7, adjusted_workday_hours = $8, version = version + 1, updated_at = now()
         WHERE id = $1`,
        [
          id,
          dto.name?.trim() ?? record.name,
          dto.description ?? record.description,
          data.timeZone,
          JSON.stringify(data.weekHours),
          sortedUnique(data.holidays),
          sortedUnique(data.adjustedWorkdays),
          data.adjustedWorkdayHours ? JSON.stringify(data.adjustedWorkdayHours) : null,
        ],
      );
      const after = toCalendarResponse(await this.find(id, m));
      await this.audit.record(m, actor, { action: 'calendar.updated', entityType: 'business_calendar', entityId: id, before, after });
      return after;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const record = await this.find(id, m);
      const used = (await m.query('SELECT name FROM sla_policy WHERE calendar_id = $1 LIMIT 5', [id])) as { name: string }[];
      if (used.length > 0) {
        throw ruleViolated(
          'calendar_in_use',
          `The calendar is used by SLA policies (${used.map((u) => u.name).join(', ')}); change them first`,
        );
      }
      await m.delete(BusinessCalendarRecord, { id });
      await this.audit.record(m, actor, {
        action: 'calendar.deleted',
        entityType: 'business_calendar',
        entityId: id,
        before: toCalendarResponse(record),
      });
    });
  }

  private async assertNameFree(m: EntityManager, name: string, code: string | null, exceptId: string | null): Promise<void> {
    const taken = (await m.query(
      `SELECT 1 FROM business_calendar WHERE (lower(name) = lower($1) OR code = $2) AND id IS DISTINCT FROM $3::uuid`,
      [name.trim(), code, exceptId],
    )) as unknown[];
    if (taken.length > 0) throw conflict(`A calendar named "${name}"${code ? ` or coded "${code}"` : ''} already exists`);
  }
}
