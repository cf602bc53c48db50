import { DEFAULT_SLA_POLICY, SlaPolicyRule } from './sla-policy';

export interface SeedSlaPolicy extends SlaPolicyRule {
  /** Stable identifier for seeding and upserts. */
  code: string;
  name: { zh: string; en: string };
  description: { zh: string; en: string };
  /** Seed document the rule comes from, e.g. `[000 §16]`. */
  source: string;
}

const HOUR = 60;
const DAY = 24 * HOUR;
/** One working day of the mainland calendar (09:00–12:00 + 13:00–18:00) in business minutes. */
const WORKING_DAY = 8 * HOUR;

/**
 * Policies to seed. Only the [000 §16] default is active: the others are examples from the other
 * seed documents, seeded switched off so that they do not silently override the default until
 * an administrator turns them on.
 */
export const SEED_SLA_POLICIES: readonly SeedSlaPolicy[] = [
  {
    ...DEFAULT_SLA_POLICY,
    code: 'default-three-tier',
    name: { zh: '默认三级投诉时限', en: 'Default three-tier deadlines' },
    description: {
      zh: '查询受理员4小时内答复；超时报平台客户服务部经理，24小时内答复；再超时报总公司客户服务部，48小时内答复。',
      en: 'The receiving agent answers within 4 h; then the platform CS manager by 24 h; then HQ customer service by 48 h.',
    },
    source: '[000 §16]',
  },
  {
    code: 'complaint-general-1h',
    name: { zh: '一般投诉1小时答复', en: 'General complaint answered in 1 hour' },
    description: {
      zh: '一般投诉处理时限30分钟至1小时；超时由平台4小时内、总公司24小时内处理。',
      en: 'General complaints are handled within 30 min – 1 h; overdue ones go to the platform (4 h) and HQ (24 h).',
    },
    source: '[002 客服中心职责 4]',
    clock: 'calendar',
    tiers: [
      { tier: 1, handlerLevel: 'receiving_unit', deadlineMinutes: HOUR },
      { tier: 2, handlerLevel: 'platform', deadlineMinutes: 4 * HOUR },
      { tier: 3, handlerLevel: 'hq', deadlineMinutes: DAY },
    ],
    warnBeforeMinutes: 15,
    match: { kinds: ['complaint'], severities: ['general'] },
    priority: 10,
    active: false,
  },
  {
    code: 'complaint-major-24h',
    name: { zh: '重大投诉24小时答复', en: 'Major complaint answered within 24 hours' },
    description: {
      zh: '重大（批量）投诉不得超过24小时答复，需延时须征得客户同意。',
      en: 'Major (batch) complaints are answered within 24 h at most; any delay needs the customer’s consent.',
    },
    source: '[002 客服中心职责 4]',
    clock: 'calendar',
    tiers: [
      { tier: 1, handlerLevel: 'receiving_unit', deadlineMinutes: 4 * HOUR },
      { tier: 2, handlerLevel: 'platform', deadlineMinutes: 12 * HOUR },
      { tier: 3, handlerLevel: 'hq', deadlineMinutes: DAY },
    ],
    warnBeforeMinutes: 60,
    match: { kinds: ['complaint'], severities: ['batch'] },
    priority: 10,
    active: false,
  },
  {
    code: 'complaint-serious-containment',
    name: {
      zh: '严重投诉24小时防堵、1周结案',
      en: 'Serious complaint: containment in 24 h, closure in 1 week',
    },
    description: {
      zh: '严重抱怨的防堵计划须于收到起24小时内完成（平台），整个异常1周内完成（总公司）。',
      en: 'For a serious complaint the platform puts containment in place within 24 h; HQ closes the whole case within 1 week.',
    },
    source: '[003 顾客抱怨处理办法 4.3.1]',
    clock: 'calendar',
    tiers: [
      { tier: 1, handlerLevel: 'platform', deadlineMinutes: DAY },
      { tier: 2, handlerLevel: 'hq', deadlineMinutes: 7 * DAY },
    ],
    warnBeforeMinutes: 2 * HOUR,
    match: { kinds: ['complaint'], severities: ['serious'] },
    priority: 10,
    active: false,
  },
  {
    code: 'inquiry-24h',
    name: { zh: '查询咨询24小时答复', en: 'Inquiry answered within 24 hours' },
    description: {
      zh: '能直接解答的当即解答；不能解答的登记后联系相关部门，24小时内答复客户。',
      en: 'Answer on the spot when possible; otherwise record it, ask the department concerned and answer within 24 h.',
    },
    source: '[003 客户投诉处理制度 第五条 三]',
    clock: 'calendar',
    tiers: [
      { tier: 1, handlerLevel: 'receiving_unit', deadlineMinutes: 4 * HOUR },
      { tier: 2, handlerLevel: 'platform', deadlineMinutes: DAY },
    ],
    warnBeforeMinutes: 60,
    match: { kinds: ['inquiry'] },
    priority: 10,
    active: false,
  },
  {
    code: 'written-complaint-closure-15d',
    name: { zh: '书面投诉国内15天结案', en: 'Written complaint closed within 15 days (domestic)' },
    description: {
      zh: '客户抱怨处理表自受理起国内15天内结案（国外20天，可另建策略）。',
      en: 'Complaint cases are closed within 15 days of acceptance for domestic customers (foreign: 20 days, add a policy).',
    },
    source: '[001 篇七]',
    clock: 'calendar',
    tiers: [
      { tier: 1, handlerLevel: 'receiving_unit', deadlineMinutes: 3 * DAY },
      { tier: 2, handlerLevel: 'platform', deadlineMinutes: 7 * DAY },
      { tier: 3, handlerLevel: 'hq', deadlineMinutes: 15 * DAY },
    ],
    warnBeforeMinutes: DAY,
    match: { kinds: ['complaint'], channels: ['letter', 'fax', 'email'] },
    priority: 5,
    active: false,
  },
  {
    code: 'complaint-general-3-working-days',
    name: { zh: '一般投诉3个工作日回复', en: 'General complaint answered within 3 working days' },
    description: {
      zh: '按工作时间计：一般投诉应在3个工作日内回复；逐级1个、2个工作日未答复即升级。预警在期限前1个工作日。',
      en: 'Business clock: general complaints are answered within 3 working days; escalated after 1 and 2 working days. Warned one working day before.',
    },
    source: '[003 客户投诉处理流程及管理办法 5.3.1]',
    clock: 'business',
    tiers: [
      { tier: 1, handlerLevel: 'receiving_unit', deadlineMinutes: WORKING_DAY },
      { tier: 2, handlerLevel: 'platform', deadlineMinutes: 2 * WORKING_DAY },
      { tier: 3, handlerLevel: 'hq', deadlineMinutes: 3 * WORKING_DAY },
    ],
    warnBeforeMinutes: 60,
    match: { kinds: ['complaint'], severities: ['general'], channels: ['web', 'app', 'email'] },
    priority: 10,
    active: false,
  },
];
