/**
 * Fills a DEVELOPMENT system with a demo organisation and demo users, through the public API of a
 * running server (so it works the same on the embedded database and on PostgreSQL).
 *
 *   DEMO_API_URL=http://localhost:3000 ADMIN_USERNAME=admin ADMIN_PASSWORD=... pnpm demo
 *
 * It refuses to run with NODE_ENV=production, and prints the demo accounts it creates. Running it
 * twice is harmless: existing units and users (by name/username) are reused.
 */

interface Unit {
  id: string;
  name: string;
  kind: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const DEMO_PASSWORD = 'demo-password-2026';

/** The demo organisation: HQ (existing root) → platforms → branches → sales offices. */
const DEMO_TREE: Array<{ name: string; code: string; branches: Array<{ name: string; code: string; offices: string[] }> }> = [
  {
    name: '华东平台网络运营中心',
    code: 'EAST',
    branches: [
      { name: '上海分公司', code: 'SH', offices: ['浦东营业部', '徐汇营业部'] },
      { name: '杭州分公司', code: 'HZ', offices: ['西湖营业部'] },
    ],
  },
  {
    name: '华南平台网络运营中心',
    code: 'SOUTH',
    branches: [{ name: '广州分公司', code: 'GZ', offices: ['天河营业部'] }],
  },
];

/** Demo users: username → unit name (or 'HQ'), roles. */
const DEMO_USERS: Array<{ username: string; displayName: string; unit: string; roles: string[]; joinedOn: string }> = [
  { username: 'hq.manager', displayName: '总部客服经理 王敏', unit: 'HQ', roles: ['cs_manager'], joinedOn: '2019-03-01' },
  { username: 'hq.ops', displayName: '总部运营经理 李强', unit: 'HQ', roles: ['ops_manager'], joinedOn: '2018-07-01' },
  { username: 'hq.quality', displayName: '质量考评 赵丽', unit: 'HQ', roles: ['quality_evaluator'], joinedOn: '2020-05-01' },
  { username: 'hq.hr', displayName: '人力资源 孙静', unit: 'HQ', roles: ['hr'], joinedOn: '2017-01-01' },
  {
    username: 'east.manager',
    displayName: '华东客服经理 周杰',
    unit: '华东平台网络运营中心',
    roles: ['cs_manager'],
    joinedOn: '2020-01-01',
  },
  { username: 'east.ops', displayName: '华东运营经理 吴刚', unit: '华东平台网络运营中心', roles: ['ops_manager'], joinedOn: '2019-06-01' },
  {
    username: 'east.channel',
    displayName: '华东渠道经理 郑伟',
    unit: '华东平台网络运营中心',
    roles: ['channel_manager', 'channel_engineer'],
    joinedOn: '2021-02-01',
  },
  { username: 'sh.agent1', displayName: '上海受理员 陈晨', unit: '上海分公司', roles: ['agent'], joinedOn: '2022-04-01' },
  { username: 'sh.agent2', displayName: '上海受理员 林琳', unit: '上海分公司', roles: ['agent', 'team_leader'], joinedOn: '2021-09-01' },
  { username: 'hz.agent', displayName: '杭州受理员 何欢', unit: '杭州分公司', roles: ['agent'], joinedOn: '2023-03-01' },
  {
    username: 'south.manager',
    displayName: '华南客服经理 黄磊',
    unit: '华南平台网络运营中心',
    roles: ['cs_manager'],
    joinedOn: '2020-08-01',
  },
  { username: 'gz.agent', displayName: '广州受理员 梁爽', unit: '广州分公司', roles: ['agent'], joinedOn: '2022-11-01' },
];

class DemoClient {
  constructor(
    private readonly baseUrl: string,
    private token = '',
  ) {}

  async login(username: string, password: string): Promise<void> {
    const body = await this.call<{ accessToken: string }>('POST', '/api/v1/auth/login', { username, password });
    this.token = body.accessToken;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page: Page<T> = await this.call<Page<T>>(
        'GET',
        `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }
}

async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    process.stderr.write('Refusing to create demo data with NODE_ENV=production.\n');
    process.exit(2);
  }
  const baseUrl = (process.env.DEMO_API_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const username = process.env.ADMIN_USERNAME;
  const password = process.env.ADMIN_PASSWORD;
  if (!username || !password) {
    process.stderr.write('Set ADMIN_USERNAME and ADMIN_PASSWORD (an admin of the running system).\n');
    process.exit(2);
  }
  process.stdout.write(`DEMO DATA for development only → ${baseUrl}\n`);
  const client = new DemoClient(baseUrl);
  await client.login(username, password);

  const units = await client.all<Unit>('/api/v1/org-units');
  const hq = units.find((u) => u.kind === 'hq');
  if (!hq) throw new Error('No HQ unit found');
  const byName = new Map(units.map((u) => [u.name, u]));
  byName.set('HQ', hq);
  const ensureUnit = async (name: string, code: string, kind: string, parentId: string): Promise<Unit> => {
    const existing = byName.get(name);
    if (existing) return existing;
    const created = await client.call<Unit>('POST', '/api/v1/org-units', { name, code, kind, parentId });
    byName.set(name, created);
    return created;
  };
  for (const platform of DEMO_TREE) {
    const p = await ensureUnit(platform.name, platform.code, 'platform', hq.id);
    for (const branch of platform.branches) {
      const b = await ensureUnit(branch.name, branch.code, 'branch', p.id);
      for (const [i, office] of branch.offices.entries()) await ensureUnit(office, `${branch.code}-${i + 1}`, 'sales_office', b.id);
    }
  }

  const existingUsers = new Set((await client.all<{ username: string }>('/api/v1/users')).map((u) => u.username));
  for (const user of DEMO_USERS) {
    if (existingUsers.has(user.username)) continue;
    const unit = byName.get(user.unit);
    if (!unit) throw new Error(`Unknown demo unit ${user.unit}`);
    await client.call('POST', '/api/v1/users', {
      username: user.username,
      displayName: user.displayName,
      orgUnitId: unit.id,
      roles: user.roles,
      joinedOn: user.joinedOn,
      password: DEMO_PASSWORD,
    });
  }
  process.stdout.write(`Demo organisation ready. Demo users (password "${DEMO_PASSWORD}"):\n`);
  for (const user of DEMO_USERS) process.stdout.write(`  ${user.username.padEnd(14)} ${user.roles.join(', ').padEnd(28)} ${user.unit}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
