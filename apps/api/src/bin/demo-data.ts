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
  { username: 'sh.field1', displayName: '驻外客户经理 高远', unit: '上海分公司', roles: ['field_staff'], joinedOn: '2021-05-01' },
  { username: 'hz.field1', displayName: '驻外技术员 钱多', unit: '杭州分公司', roles: ['field_staff'], joinedOn: '2022-02-01' },
];

/** Demo customers (owning unit by name) with their contacts. */
const DEMO_CUSTOMERS: Array<{
  name: string;
  unit: string;
  kind: string;
  shipmentFrequency: string;
  annualBusinessVolume: string;
  phones: string[];
  address: string;
  contacts: Array<{ name: string; title: string; phone: string; isPrincipal?: boolean }>;
}> = [
  {
    name: '上海联华电器有限公司',
    unit: '上海分公司',
    kind: 'long_term',
    shipmentFrequency: 'daily',
    annualBusinessVolume: '3850000.00',
    phones: ['021-58881234'],
    address: '上海市浦东新区张杨路 1200 号',
    contacts: [
      { name: '张伟', title: '采购总监', phone: '13800138001', isPrincipal: true },
      { name: '刘芳', title: '物流主管', phone: '13800138002' },
    ],
  },
  {
    name: '杭州西子家居有限公司',
    unit: '杭州分公司',
    kind: 'large_occasional',
    shipmentFrequency: 'monthly',
    annualBusinessVolume: '920000.00',
    phones: ['0571-87654321'],
    address: '杭州市西湖区文三路 88 号',
    contacts: [{ name: '陈静', title: '总经理', phone: '13900139001', isPrincipal: true }],
  },
  {
    name: '广州天河数码城',
    unit: '广州分公司',
    kind: 'potential_large',
    shipmentFrequency: 'weekly',
    annualBusinessVolume: '1500000.00',
    phones: ['020-38889999'],
    address: '广州市天河区天河路 299 号',
    contacts: [{ name: '黄海', title: '运营经理', phone: '13700137001', isPrincipal: true }],
  },
];

/** Demo complaints: receiving unit, hours ago received, and what happens to it afterwards. */
const DEMO_COMPLAINTS: Array<{
  subject: string;
  unit: string;
  customer?: string;
  kind: string;
  channel: string;
  severity: string;
  hoursAgo: number;
  then?: 'answer' | 'close';
}> = [
  {
    subject: '【演示】货物破损，要求赔偿',
    unit: '上海分公司',
    customer: '上海联华电器有限公司',
    kind: 'complaint',
    channel: 'phone',
    severity: 'general',
    hoursAgo: 1,
  },
  {
    subject: '【演示】派送延误三天',
    unit: '上海分公司',
    customer: '上海联华电器有限公司',
    kind: 'complaint',
    channel: 'web',
    severity: 'general',
    hoursAgo: 3,
  },
  { subject: '【演示】快递员态度差', unit: '上海分公司', kind: 'complaint', channel: 'phone', severity: 'general', hoursAgo: 30 },
  {
    subject: '【演示】批量包裹丢失',
    unit: '上海分公司',
    customer: '上海联华电器有限公司',
    kind: 'complaint',
    channel: 'email',
    severity: 'batch',
    hoursAgo: 72,
  },
  {
    subject: '【演示】签收后发现少件',
    unit: '杭州分公司',
    customer: '杭州西子家居有限公司',
    kind: 'complaint',
    channel: 'phone',
    severity: 'general',
    hoursAgo: 8,
  },
  { subject: '【演示】运费计算有误', unit: '杭州分公司', kind: 'inquiry', channel: 'app', severity: 'general', hoursAgo: 2 },
  {
    subject: '【演示】大件家具严重损坏',
    unit: '杭州分公司',
    customer: '杭州西子家居有限公司',
    kind: 'complaint',
    channel: 'visit',
    severity: 'serious',
    hoursAgo: 120,
  },
  {
    subject: '【演示】建议增加夜间取件',
    unit: '广州分公司',
    kind: 'suggestion',
    channel: 'suggestion_box',
    severity: 'general',
    hoursAgo: 5,
  },
  {
    subject: '【演示】电子面单打印不清',
    unit: '广州分公司',
    customer: '广州天河数码城',
    kind: 'complaint',
    channel: 'web',
    severity: 'general',
    hoursAgo: 50,
  },
  {
    subject: '【演示】查询不到物流轨迹',
    unit: '广州分公司',
    customer: '广州天河数码城',
    kind: 'inquiry',
    channel: 'phone',
    severity: 'general',
    hoursAgo: 4,
  },
  {
    subject: '【演示】理赔进度咨询',
    unit: '上海分公司',
    customer: '上海联华电器有限公司',
    kind: 'complaint',
    channel: 'phone',
    severity: 'general',
    hoursAgo: 6,
    then: 'answer',
  },
  {
    subject: '【演示】重复收取保价费',
    unit: '杭州分公司',
    kind: 'complaint',
    channel: 'phone',
    severity: 'general',
    hoursAgo: 10,
    then: 'close',
  },
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
  const users = await client.all<{ id: string; username: string }>('/api/v1/users');
  const userId = (name: string): string => {
    const found = users.find((u) => u.username === name);
    if (!found) throw new Error(`Unknown demo user ${name}`);
    return found.id;
  };
  const unitId = (name: string): string => {
    const found = byName.get(name);
    if (!found) throw new Error(`Unknown demo unit ${name}`);
    return found.id;
  };

  // Customers with contacts (reused by name).
  const customers = new Map((await client.all<{ id: string; name: string }>('/api/v1/customers')).map((c) => [c.name, c.id]));
  for (const c of DEMO_CUSTOMERS) {
    if (customers.has(c.name)) continue;
    const created = await client.call<{ id: string }>('POST', '/api/v1/customers', {
      name: c.name,
      kind: c.kind,
      owningUnitId: unitId(c.unit),
      shipmentFrequency: c.shipmentFrequency,
      annualBusinessVolume: c.annualBusinessVolume,
      phones: c.phones,
      address: c.address,
    });
    customers.set(c.name, created.id);
    for (const contact of c.contacts) await client.call('POST', `/api/v1/customers/${created.id}/contacts`, contact);
  }

  // Complaints in different states (skipped when the demo complaints exist already). Some were
  // received days ago, so the SLA sweep below escalates them and marks them overdue.
  const existingComplaints = await client.call<Page<{ subject: string }>>('GET', '/api/v1/complaints?limit=200');
  if (!existingComplaints.items.some((c) => c.subject.startsWith('【演示】'))) {
    for (const c of DEMO_COMPLAINTS) {
      const created = await client.call<{ id: string; version: number }>('POST', '/api/v1/complaints', {
        kind: c.kind,
        channel: c.channel,
        severity: c.severity,
        subject: c.subject,
        description: `${c.subject}（演示数据）`,
        callerName: '王先生',
        callerPhone: '13600136000',
        receivingUnitId: unitId(c.unit),
        ...(c.customer ? { customerId: customers.get(c.customer) } : {}),
        receivedAt: new Date(Date.now() - c.hoursAgo * 3_600_000).toISOString(),
      });
      if (c.then) {
        await client.call('POST', `/api/v1/complaints/${created.id}/answer`, {
          answer: '已核实情况并与客户沟通，按规定处理完毕。',
          version: created.version,
        });
      }
    }
  }
  // The one to close gets its (satisfied) return visit first, as the rules require.
  const toClose = DEMO_COMPLAINTS.filter((c) => c.then === 'close').map((c) => c.subject);
  for (const c of (await client.call<Page<{ id: string; subject: string; status: string }>>('GET', '/api/v1/complaints?limit=200')).items) {
    if (!toClose.includes(c.subject) || c.status !== 'answered') continue;
    const visited = await client.call<{ version: number }>('POST', `/api/v1/complaints/${c.id}/return-visits`, {
      method: 'phone',
      outcome: 'satisfied',
      notes: '电话回访，客户满意。',
    });
    await client.call('POST', `/api/v1/complaints/${c.id}/close`, { note: '客户确认无异议。', version: visited.version });
  }
  await client.call('POST', '/api/v1/scheduler/jobs/sla-sweep/run');

  // Rotation: regions and field staff.
  const regions = new Map((await client.all<{ id: string; name: string }>('/api/v1/regions')).map((r) => [r.name, r.id]));
  for (const r of [
    { name: '苏州区域', salesUnits: 180_000, orgUnitId: unitId('上海分公司') },
    { name: '宁波区域', salesUnits: 60_000, orgUnitId: unitId('杭州分公司') },
    { name: '佛山区域', salesUnits: 20_000, orgUnitId: unitId('广州分公司'), oneStopService: true },
  ]) {
    if (!regions.has(r.name)) regions.set(r.name, (await client.call<{ id: string }>('POST', '/api/v1/regions', r)).id);
  }
  const fieldStaff = new Set((await client.all<{ userId: string }>('/api/v1/field-staff')).map((f) => f.userId));
  for (const f of [
    { username: 'sh.field1', category: 'customer_manager' },
    { username: 'hz.field1', category: 'technician' },
  ]) {
    if (!fieldStaff.has(userId(f.username))) {
      await client.call('POST', '/api/v1/field-staff', {
        userId: userId(f.username),
        category: f.category,
        channelEngineerId: userId('east.channel'),
      });
    }
  }

  // Appraisal: a team and its team leader's appointment.
  const teams = await client.all<{ id: string; name: string }>('/api/v1/teams');
  let team = teams.find((t) => t.name === '上海受理一班');
  team ??= await client.call<{ id: string; name: string }>('POST', '/api/v1/teams', {
    name: '上海受理一班',
    orgUnitId: unitId('上海分公司'),
    postType: 'inbound',
    description: '上海分公司电话受理班组',
  });
  const appointments = await client.all<{ userId: string }>('/api/v1/team-leader-appointments');
  if (!appointments.some((a) => a.userId === userId('sh.agent2'))) {
    const year = new Date().getFullYear();
    await client.call('POST', '/api/v1/team-leader-appointments', {
      userId: userId('sh.agent2'),
      teamId: team.id,
      postType: 'inbound',
      startsOn: `${year}-01-01`,
      endsOn: `${year}-12-31`,
      monthlyAllowance: '300.00',
    });
  }

  process.stdout.write(`Demo organisation ready. Demo users (password "${DEMO_PASSWORD}"):\n`);
  for (const user of DEMO_USERS) process.stdout.write(`  ${user.username.padEnd(14)} ${user.roles.join(', ').padEnd(28)} ${user.unit}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
