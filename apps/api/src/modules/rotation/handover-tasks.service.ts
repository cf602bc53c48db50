import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { invalidInput, notFound, ruleViolated } from '../../common/errors';
import { DEFAULT_PAGE_SIZE, decodeCursor, type Page, pageFromRows } from '../../common/pagination';
import { assertVersion } from '../../common/version';
import { AuditService } from '../audit/audit.service';
import type { ChecklistEntry } from './handover-checklist';
import type { HandoverTaskQuery, HandoverTaskResponse, UpdateHandoverTaskDto } from './rotation.dto';
import { ownRecordsOnly } from './rotation-scope';

interface TaskRow {
  id: string;
  round_id: string;
  org_unit_id: string;
  staff_id: string;
  staff_name: string;
  staff_user_id: string;
  region_id: string;
  region_name: string;
  direction: 'outgoing' | 'incoming';
  counterpart_staff_id: string | null;
  counterpart_name: string | null;
  due_on: string;
  checklist: ChecklistEntry[];
  done_at: Date | null;
  version: number;
  created_at: Date;
}

const TASK_SELECT = `SELECT t.id, t.round_id, rr.org_unit_id, t.staff_id, u.display_name AS staff_name, s.user_id AS staff_user_id,
    t.region_id, rg.name AS region_name, t.direction, t.counterpart_staff_id, cu.display_name AS counterpart_name,
    t.due_on::text AS due_on, t.checklist, t.done_at, t.version, t.created_at
  FROM handover_task t
  JOIN rotation_round rr ON rr.id = t.round_id
  JOIN org_unit o ON o.id = rr.org_unit_id
  JOIN field_staff s ON s.id = t.staff_id
  JOIN app_user u ON u.id = s.user_id
  JOIN region rg ON rg.id = t.region_id
  LEFT JOIN field_staff cs ON cs.id = t.counterpart_staff_id
  LEFT JOIN app_user cu ON cu.id = cs.user_id`;

function toTaskResponse(row: TaskRow): HandoverTaskResponse {
  return {
    id: row.id,
    roundId: row.round_id,
    staffId: row.staff_id,
    staffName: row.staff_name,
    regionId: row.region_id,
    regionName: row.region_name,
    direction: row.direction,
    counterpartStaffId: row.counterpart_staff_id,
    counterpartName: row.counterpart_name,
    dueOn: row.due_on,
    checklist: row.checklist,
    done: row.done_at !== null,
    doneAt: row.done_at?.toISOString() ?? null,
    version: row.version,
  };
}

@Injectable()
export class HandoverTasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: HandoverTaskQuery): Promise<Page<HandoverTaskResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [`${actor.orgUnitPath}%`];
    const where = ['o.path LIKE $1'];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (ownRecordsOnly(actor)) add('s.user_id = ?', actor.id);
    if (query.roundId) add('t.round_id = ?', query.roundId);
    if (query.staffId) add('t.staff_id = ?', query.staffId);
    if (query.done) where.push(query.done === 'true' ? 't.done_at IS NOT NULL' : 't.done_at IS NULL');
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      params.push(String(position.v), position.id);
      where.push(`(t.created_at, t.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `${TASK_SELECT} WHERE ${where.join(' AND ')} ORDER BY t.created_at, t.id LIMIT $${params.length}`,
      params,
    )) as TaskRow[];
    return pageFromRows(rows, limit, (row) => ({ v: row.created_at.toISOString(), id: row.id }), toTaskResponse);
  }

  private async findRow(m: EntityManager, actor: Actor, id: string): Promise<TaskRow> {
    const rows = (await m.query(`${TASK_SELECT} WHERE t.id = $1 AND o.path LIKE $2`, [id, `${actor.orgUnitPath}%`])) as TaskRow[];
    const row = rows[0];
    if (!row || (ownRecordsOnly(actor) && row.staff_user_id !== actor.id)) throw notFound('Handover task');
    return row;
  }

  async get(actor: Actor, id: string): Promise<HandoverTaskResponse> {
    return toTaskResponse(await this.findRow(this.dataSource.manager, actor, id));
  }

  /** Ticks checklist items; `done: true` needs every item ticked; ticking the last item completes the task. */
  async update(actor: Actor, id: string, dto: UpdateHandoverTaskDto): Promise<HandoverTaskResponse> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.findRow(m, actor, id);
      await m.query('SELECT 1 FROM handover_task WHERE id = $1 FOR UPDATE', [id]);
      assertVersion('Handover task', row.version, dto.version);
      const before = toTaskResponse(row);
      const checklist = row.checklist.map((item) => ({ ...item }));
      for (const tick of dto.checklist ?? []) {
        const item = checklist.find((entry) => entry.key === tick.key);
        if (!item) throw invalidInput('checklist', `has no item "${tick.key}"`);
        item.done = tick.done;
      }
      const allDone = checklist.every((item) => item.done);
      let done = row.done_at !== null;
      if (dto.done === true && !allDone) {
        const open = checklist.filter((item) => !item.done).map((item) => item.key);
        throw ruleViolated(
          'handover_checklist_complete',
          `The task can be done only when every checklist item is ticked; open: ${open.join(', ')}`,
        );
      }
      if (dto.done !== undefined) done = dto.done;
      else if (dto.checklist !== undefined) done = allDone;
      if (!allDone) done = false;
      await m.query(
        `UPDATE handover_task SET checklist = $2, done_at = CASE WHEN $3 THEN coalesce(done_at, now()) ELSE NULL END,
           version = version + 1, updated_at = now() WHERE id = $1`,
        [id, JSON.stringify(checklist), done],
      );
      const after = toTaskResponse(await this.findRow(m, actor, id));
      await this.audit.record(m, actor, {
        action: 'handover_task.updated',
        entityType: 'handover_task',
        entityId: id,
        orgUnitId: row.org_unit_id,
        before,
        after,
      });
      return after;
    });
  }
}
