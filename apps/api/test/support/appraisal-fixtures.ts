import { formatLocalDate } from '@cs/domain';
import { bearer, createUser, type TestApp } from './test-app';

/** Today in the business time zone (the API judges dates the same way). */
export function localToday(): string {
  return formatLocalDate(new Date(), 'Asia/Shanghai');
}

export function thisYear(): number {
  return Number(localToday().slice(0, 4));
}

export function monthsAgo(count: number): string {
  const [year, month] = localToday().split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

let serial = 0;

export async function createTeam(t: TestApp, token: string, orgUnitId: string, name?: string): Promise<string> {
  serial += 1;
  const res = await t.http
    .post('/api/v1/teams')
    .set(...bearer(token))
    .send({ name: name ?? `Team ${serial}`, orgUnitId, postType: 'inbound' });
  if (res.status !== 201) throw new Error(`createTeam: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { id: string }).id;
}

/** An eligible person (joined two years before the start), their team and an active appointment. */
export async function appointLeader(
  t: TestApp,
  token: string,
  orgUnitId: string,
  input: { startsOn?: string; endsOn?: string; monthlyAllowance?: string; name?: string } = {},
): Promise<{ appointmentId: string; userId: string; teamId: string; userToken: string }> {
  serial += 1;
  const year = thisYear();
  const startsOn = input.startsOn ?? `${year}-01-01`;
  const user = await createUser(t, {
    username: input.name ?? `leader${serial}_${Math.random().toString(36).slice(2, 7)}`,
    orgUnitId,
    roles: ['agent'],
    joinedOn: `${Number(startsOn.slice(0, 4)) - 2}-01-01`,
  });
  const teamId = await createTeam(t, token, orgUnitId);
  const res = await t.http
    .post('/api/v1/team-leader-appointments')
    .set(...bearer(token))
    .send({
      userId: user.id,
      teamId,
      postType: 'inbound',
      startsOn,
      endsOn: input.endsOn ?? `${startsOn.slice(0, 4)}-12-31`,
      monthlyAllowance: input.monthlyAllowance ?? '800.00',
    });
  if (res.status !== 201) throw new Error(`appointLeader: ${res.status} ${JSON.stringify(res.body)}`);
  return { appointmentId: (res.body as { id: string }).id, userId: user.id, teamId, userToken: user.token };
}

/** A user with two years in the department, created without logging in (keeps the login limiter quiet). */
async function quickUser(t: TestApp, orgUnitId: string, tag: string): Promise<string> {
  const res = await t.http
    .post('/api/v1/users')
    .set(...bearer(t.adminToken))
    .send({
      username: `tl.${tag}`.slice(0, 64),
      displayName: tag,
      orgUnitId,
      roles: ['agent'],
      joinedOn: `${thisYear() - 2}-01-01`,
      password: 'long-enough-password',
    });
  if (res.status !== 201) throw new Error(`quickUser: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { id: string }).id;
}

async function quickAppointment(t: TestApp, orgUnitId: string, tag: string): Promise<{ appointmentId: string; teamId: string }> {
  const userId = await quickUser(t, orgUnitId, tag);
  const teamId = await createTeam(t, t.adminToken, orgUnitId, `Team ${tag}`);
  const year = thisYear();
  const res = await t.http
    .post('/api/v1/team-leader-appointments')
    .set(...bearer(t.adminToken))
    .send({ userId, teamId, postType: 'inbound', startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, monthlyAllowance: '800.00' });
  if (res.status !== 201) throw new Error(`quickAppointment: ${res.status} ${JSON.stringify(res.body)}`);
  return { appointmentId: (res.body as { id: string }).id, teamId };
}

async function quickScheme(t: TestApp, orgUnitId: string, tag: string): Promise<string> {
  const res = await t.http
    .post('/api/v1/appraisal-schemes')
    .set(...bearer(t.adminToken))
    .send({ name: `Scheme ${tag}`, orgUnitId, dimensions: [{ key: 'kpi', name: 'KPI', weight: 100 }], vetoItems: [] });
  if (res.status !== 201) throw new Error(`quickScheme: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { id: string }).id;
}

type RecordFactory = (t: TestApp, unitId: string, tag: string) => Promise<string>;

/** How to make each appraisal record inside a unit, for the data-scope matrix (authorization-matrix.e2e.spec.ts). */
export const APPRAISAL_SCOPED_RECORDS: Record<string, { reader: string; create: RecordFactory }> = {
  '/api/v1/teams/{id}': { reader: 'hr', create: (t, unitId, tag) => createTeam(t, t.adminToken, unitId, `Team ${tag}`) },
  '/api/v1/team-leader-appointments/{id}': {
    reader: 'hr',
    create: async (t, unitId, tag) => (await quickAppointment(t, unitId, tag)).appointmentId,
  },
  '/api/v1/team-leader-vacancies/{id}': {
    reader: 'hr',
    create: async (t, unitId, tag) => {
      const { appointmentId } = await quickAppointment(t, unitId, `v.${tag}`);
      const res = await t.http
        .post(`/api/v1/team-leader-appointments/${appointmentId}/major-losses`)
        .set(...bearer(t.adminToken))
        .send({ occurredOn: `${thisYear()}-01-02`, description: 'loss' });
      return (res.body as { vacancyId: string }).vacancyId;
    },
  },
  '/api/v1/appraisal-schemes/{id}': { reader: 'hr', create: quickScheme },
  '/api/v1/appraisal-cycles/{id}': {
    reader: 'hr',
    create: async (t, unitId, tag) => {
      const schemeId = await quickScheme(t, unitId, `c.${tag}`);
      const { appointmentId } = await quickAppointment(t, unitId, `c.${tag}`);
      const res = await t.http
        .post('/api/v1/appraisal-cycles')
        .set(...bearer(t.adminToken))
        .send({ year: thisYear(), schemeId, orgUnitId: unitId, appointmentIds: [appointmentId] });
      if (res.status !== 201) throw new Error(`cycle: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { id: string }).id;
    },
  },
  '/api/v1/service-staff-rankings/{id}': {
    reader: 'hr',
    create: async (t, unitId, tag) => {
      const userId = await quickUser(t, unitId, `r.${tag}`);
      const res = await t.http
        .post('/api/v1/service-staff-rankings')
        .set(...bearer(t.adminToken))
        .send({ quarter: `${thisYear()}-Q1`, title: `Ranking ${tag}`, orgUnitId: unitId, entries: [{ userId, score: 90 }] });
      if (res.status !== 201) throw new Error(`ranking: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { id: string }).id;
    },
  },
};
