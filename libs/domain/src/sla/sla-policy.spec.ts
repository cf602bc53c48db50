import fc from 'fast-check';
import { SEED_SLA_POLICIES } from './seed-sla-policies';
import { InvalidSlaPolicyError } from './sla-errors';
import {
  DEFAULT_SLA_POLICY,
  SlaPolicyRule,
  SlaSubject,
  assertValidPolicy,
  matchPolicy,
  policySpecificity,
  validatePolicy,
} from './sla-policy';

function policyWith(overrides: Partial<SlaPolicyRule>): SlaPolicyRule {
  return { ...DEFAULT_SLA_POLICY, ...overrides };
}

function fieldsOf(policy: SlaPolicyRule): string[] {
  return validatePolicy(policy).map((problem) => problem.field);
}

describe('DEFAULT_SLA_POLICY [000 §16]', () => {
  it('gives the receiving agent 4 hours, the platform CS manager 24 hours and HQ 48 hours', () => {
    expect(DEFAULT_SLA_POLICY.tiers).toEqual([
      { tier: 1, handlerLevel: 'receiving_unit', deadlineMinutes: 240 },
      { tier: 2, handlerLevel: 'platform', deadlineMinutes: 1440 },
      { tier: 3, handlerLevel: 'hq', deadlineMinutes: 2880 },
    ]);
  });

  it('runs on the calendar clock, warns an hour before, and matches every complaint', () => {
    expect(DEFAULT_SLA_POLICY).toMatchObject({
      clock: 'calendar',
      warnBeforeMinutes: 60,
      match: {},
      priority: 0,
    });
    expect(validatePolicy(DEFAULT_SLA_POLICY)).toEqual([]);
  });
});

describe('SEED_SLA_POLICIES', () => {
  it.each(SEED_SLA_POLICIES.map((policy) => [policy.code, policy] as const))('seeds a valid policy %s', (_code, policy) => {
    expect(validatePolicy(policy)).toEqual([]);
  });

  it('has unique codes, Chinese and English names, and a source for every policy', () => {
    expect(new Set(SEED_SLA_POLICIES.map((policy) => policy.code)).size).toBe(SEED_SLA_POLICIES.length);
    for (const policy of SEED_SLA_POLICIES) {
      expect(policy.name.zh).not.toBe('');
      expect(policy.name.en).not.toBe('');
      expect(policy.description.zh).not.toBe('');
      expect(policy.description.en).not.toBe('');
      expect(policy.source).toMatch(/^\[00\d /);
    }
  });

  it('keeps only the [000 §16] default active, so the examples never override it unasked', () => {
    const active = SEED_SLA_POLICIES.filter((policy) => policy.active !== false);
    expect(active.map((policy) => policy.code)).toEqual(['default-three-tier']);
    expect(matchPolicy(SEED_SLA_POLICIES, { kind: 'complaint', severity: 'general', channel: 'phone' })?.code).toBe('default-three-tier');
  });

  it('includes at least one business-clock example', () => {
    expect(SEED_SLA_POLICIES.some((policy) => policy.clock === 'business')).toBe(true);
  });

  it('answers normal complaints within an hour and major ones within 24 hours [002]', () => {
    const byCode = new Map(SEED_SLA_POLICIES.map((policy) => [policy.code, policy]));
    expect(byCode.get('complaint-general-1h')?.tiers[0]?.deadlineMinutes).toBe(60);
    expect(byCode.get('complaint-major-24h')?.tiers.at(-1)?.deadlineMinutes).toBe(1440);
    expect(byCode.get('complaint-serious-containment')?.tiers.map((t) => t.deadlineMinutes)).toEqual([1440, 10080]);
    expect(byCode.get('inquiry-24h')?.tiers.at(-1)?.deadlineMinutes).toBe(1440);
    expect(byCode.get('written-complaint-closure-15d')?.tiers.at(-1)?.deadlineMinutes).toBe(15 * 1440);
  });
});

describe('validatePolicy', () => {
  it('requires tiers numbered 1..n in order', () => {
    const tiers = [
      { tier: 1, handlerLevel: 'receiving_unit', deadlineMinutes: 60 },
      { tier: 3, handlerLevel: 'platform', deadlineMinutes: 120 },
    ] as const;
    expect(fieldsOf(policyWith({ tiers, warnBeforeMinutes: 10 }))).toEqual(['tiers[1].tier']);
  });

  it('requires at least one tier', () => {
    expect(fieldsOf(policyWith({ tiers: [] }))).toEqual(['tiers']);
  });

  it('requires strictly increasing deadlines', () => {
    const tiers = [
      { tier: 1, handlerLevel: 'receiving_unit', deadlineMinutes: 240 },
      { tier: 2, handlerLevel: 'platform', deadlineMinutes: 240 },
    ] as const;
    expect(fieldsOf(policyWith({ tiers }))).toEqual(['tiers[1].deadlineMinutes']);
  });

  it.each([0, -5, 1.5, Number.NaN])('rejects a deadline of %p minutes', (deadlineMinutes) => {
    const tiers = [{ tier: 1, handlerLevel: 'receiving_unit', deadlineMinutes }] as const;
    expect(fieldsOf(policyWith({ tiers, warnBeforeMinutes: 0 }))).toContain('tiers[0].deadlineMinutes');
  });

  it('refuses to hand a complaint back down to a lower level', () => {
    const tiers = [
      { tier: 1, handlerLevel: 'platform', deadlineMinutes: 240 },
      { tier: 2, handlerLevel: 'receiving_unit', deadlineMinutes: 480 },
    ] as const;
    expect(fieldsOf(policyWith({ tiers }))).toEqual(['tiers[1].handlerLevel']);
  });

  it('allows two tiers at the same level', () => {
    const tiers = [
      { tier: 1, handlerLevel: 'platform', deadlineMinutes: 240 },
      { tier: 2, handlerLevel: 'platform', deadlineMinutes: 480 },
    ] as const;
    expect(validatePolicy(policyWith({ tiers }))).toEqual([]);
  });

  it('rejects an unknown handler level and clock', () => {
    const tiers = [{ tier: 1, handlerLevel: 'ceo' as 'hq', deadlineMinutes: 240 }];
    expect(fieldsOf(policyWith({ tiers, clock: 'lunar' as 'calendar' }))).toEqual(['clock', 'tiers[0].handlerLevel']);
  });

  it('rejects a negative warning', () => {
    expect(fieldsOf(policyWith({ warnBeforeMinutes: -1 }))).toEqual(['warnBeforeMinutes']);
  });

  it('accepts a zero warning', () => {
    expect(validatePolicy(policyWith({ warnBeforeMinutes: 0 }))).toEqual([]);
  });

  it('rejects a calendar-clock warning that would come before the clock starts', () => {
    expect(fieldsOf(policyWith({ warnBeforeMinutes: 240 }))).toEqual(['warnBeforeMinutes']);
    expect(validatePolicy(policyWith({ warnBeforeMinutes: 240, clock: 'business' }))).toEqual([]);
  });

  it('rejects a fractional priority', () => {
    expect(fieldsOf(policyWith({ priority: 0.5 }))).toEqual(['priority']);
  });

  it('rejects empty, blank and repeated match values', () => {
    const match = { kinds: [], severities: [''], channels: ['phone', 'phone'] };
    expect(fieldsOf(policyWith({ match }))).toEqual(['match.kinds', 'match.severities', 'match.channels']);
  });

  it('throws a typed error listing the problems', () => {
    expect(() => assertValidPolicy(policyWith({ tiers: [] }))).toThrow(InvalidSlaPolicyError);
    expect(() => assertValidPolicy(policyWith({ tiers: [] }))).toThrow(expect.objectContaining({ code: 'invalid_sla_policy' }));
  });
});

describe('matchPolicy', () => {
  const general = { ...DEFAULT_SLA_POLICY, name: 'general' };
  const complaints = { ...DEFAULT_SLA_POLICY, name: 'complaints', match: { kinds: ['complaint'] } };
  const seriousComplaints = {
    ...DEFAULT_SLA_POLICY,
    name: 'serious complaints',
    match: { kinds: ['complaint'], severities: ['serious'] },
  };
  const external = {
    ...DEFAULT_SLA_POLICY,
    name: 'external',
    match: { channels: ['external'] },
    priority: 5,
  };
  const subject = (overrides: Partial<SlaSubject> = {}): SlaSubject => ({
    kind: 'complaint',
    severity: 'general',
    channel: 'phone',
    ...overrides,
  });

  it('prefers the most specific policy at equal priority', () => {
    const policies = [general, complaints, seriousComplaints];
    expect(matchPolicy(policies, subject({ severity: 'serious' }))?.name).toBe('serious complaints');
    expect(matchPolicy(policies, subject())?.name).toBe('complaints');
    expect(matchPolicy(policies, subject({ kind: 'inquiry' }))?.name).toBe('general');
  });

  it('lets a higher priority beat a more specific policy', () => {
    expect(matchPolicy([seriousComplaints, external], subject({ severity: 'serious', channel: 'external' }))?.name).toBe('external');
  });

  it('breaks a full tie by list order', () => {
    const first = { ...complaints, name: 'first' };
    const second = { ...complaints, name: 'second' };
    expect(matchPolicy([first, second], subject())?.name).toBe('first');
    expect(matchPolicy([second, first], subject())?.name).toBe('second');
  });

  it('skips inactive policies', () => {
    expect(matchPolicy([general, { ...seriousComplaints, active: false }], subject({ severity: 'serious' }))?.name).toBe('general');
  });

  it('returns null when nothing matches', () => {
    expect(matchPolicy([complaints], subject({ kind: 'suggestion' }))).toBeNull();
    expect(matchPolicy([], subject())).toBeNull();
  });

  it('treats an empty list as "any value"', () => {
    expect(matchPolicy([{ ...general, match: { kinds: [] } }], subject())).not.toBeNull();
  });

  const kinds = ['inquiry', 'complaint', 'suggestion'];
  const severities = ['general', 'batch', 'serious'];
  const channels = ['phone', 'web', 'external'];
  const subsetArb = (values: string[]) => fc.option(fc.subarray(values, { minLength: 1 }), { nil: undefined });
  const policyArb = fc
    .record({
      match: fc.record({
        kinds: subsetArb(kinds),
        severities: subsetArb(severities),
        channels: subsetArb(channels),
      }),
      priority: fc.integer({ min: 0, max: 3 }),
      active: fc.boolean(),
    })
    .map((fields) => ({ ...DEFAULT_SLA_POLICY, ...fields }));
  const subjectArb = fc.record({
    kind: fc.constantFrom(...kinds),
    severity: fc.constantFrom(...severities),
    channel: fc.constantFrom(...channels),
  });

  it('picks the first of the best-ranked matching policies (property)', () => {
    fc.assert(
      fc.property(fc.array(policyArb, { maxLength: 8 }), subjectArb, (policies, target) => {
        const rank = (p: SlaPolicyRule) => p.priority * 10 + policySpecificity(p);
        const matching = policies.filter(
          (p) =>
            p.active &&
            (p.match.kinds ?? kinds).includes(target.kind) &&
            (p.match.severities ?? severities).includes(target.severity) &&
            (p.match.channels ?? channels).includes(target.channel),
        );
        const bestRank = Math.max(...matching.map(rank));
        const expected = matching.find((p) => rank(p) === bestRank) ?? null;
        expect(matchPolicy(policies, target)).toBe(expected);
      }),
    );
  });
});
