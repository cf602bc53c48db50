import { CHINA_MAINLAND_HOLIDAY_YEARS, SEED_SLA_POLICIES, chinaMainlandCalendar } from '@cs/domain';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export const CHINA_MAINLAND_CALENDAR_CODE = 'china-mainland';

/**
 * Seeds, once, the editable defaults: the mainland China business calendar for the shipped years
 * (this year and next) and the SLA policies of `SEED_SLA_POLICIES` (the [000 §16] 4 h/24 h/48 h
 * default active, the examples from the other seed documents switched off). Administrators edit
 * or delete them through the API afterwards; a migration never runs twice, so they stay edited.
 */
export class ComplaintsSeed1763900150001 implements MigrationInterface {
  name = 'ComplaintsSeed1763900150001';

  async up(q: QueryRunner): Promise<void> {
    const calendar = chinaMainlandCalendar(CHINA_MAINLAND_HOLIDAY_YEARS);
    const [row] = (await q.query(
      `INSERT INTO business_calendar (code, name, description, time_zone, week_hours, holidays, adjusted_workdays)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        CHINA_MAINLAND_CALENDAR_CODE,
        '中国大陆工作日历 China mainland',
        `Mon–Fri 09:00–12:00, 13:00–18:00; official public holidays and adjusted working days (调休) for ${CHINA_MAINLAND_HOLIDAY_YEARS.join(', ')}. Edit when the State Council publishes a new arrangement.`,
        calendar.timeZone,
        JSON.stringify(calendar.weekHours),
        calendar.holidays,
        calendar.adjustedWorkdays,
      ],
    )) as { id: string }[];
    for (const policy of SEED_SLA_POLICIES) {
      await q.query(
        `INSERT INTO sla_policy (code, name, description, source, clock, calendar_id, tiers, warn_before_minutes,
                                 match_kinds, match_severities, match_channels, priority, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          policy.code,
          `${policy.name.zh} ${policy.name.en}`.slice(0, 120),
          `${policy.description.zh}\n${policy.description.en}`,
          policy.source,
          policy.clock,
          policy.clock === 'business' ? row!.id : null,
          JSON.stringify(policy.tiers),
          policy.warnBeforeMinutes,
          policy.match.kinds ?? null,
          policy.match.severities ?? null,
          policy.match.channels ?? null,
          policy.priority,
          policy.active !== false,
        ],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM sla_policy WHERE code = ANY($1)`, [SEED_SLA_POLICIES.map((p) => p.code)]);
    await q.query(`DELETE FROM business_calendar WHERE code = $1`, [CHINA_MAINLAND_CALENDAR_CODE]);
  }
}
