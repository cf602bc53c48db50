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
