import { ExtensionRequest, validateExtension } from './sla-extension';

const now = new Date('2026-03-09T05:00:00Z');
const currentDueAt = new Date('2026-03-09T06:00:00Z');
const newDueAt = new Date('2026-03-10T06:00:00Z');
const consent = {
  consentedBy: '王女士',
  consentedAt: new Date('2026-03-09T04:50:00Z'),
  method: 'phone',
};
const request = (overrides: Partial<ExtensionRequest> = {}): ExtensionRequest => ({
  now,
  currentDueAt,
  newDueAt,
  consent,
  ...overrides,
});

describe('validateExtension', () => {
  it('allows a later deadline before the current one passes, with recorded consent', () => {
    expect(validateExtension(request())).toEqual({ ok: true });
  });

  it('refuses once the deadline has passed', () => {
    expect(validateExtension(request({ now: currentDueAt }))).toMatchObject({
      ok: false,
      code: 'extension_after_deadline',
    });
  });

  it('refuses a new deadline that is not later', () => {
    expect(validateExtension(request({ newDueAt: currentDueAt }))).toMatchObject({
      ok: false,
      code: 'extension_not_later',
    });
    expect(validateExtension(request({ newDueAt: now }))).toMatchObject({
      code: 'extension_not_later',
    });
  });

  it("refuses without the customer's consent", () => {
    expect(validateExtension(request({ consent: null }))).toEqual({
      ok: false,
      code: 'consent_required',
      message: "Extending a deadline needs the customer's recorded consent",
    });
    expect(validateExtension(request({ consent: undefined }))).toMatchObject({
      code: 'consent_required',
    });
  });

  it('refuses consent that does not say who, when and how', () => {
    expect(validateExtension(request({ consent: { ...consent, consentedBy: ' ' } }))).toMatchObject({ code: 'consent_incomplete' });
    expect(validateExtension(request({ consent: { ...consent, method: '' } }))).toMatchObject({
      code: 'consent_incomplete',
    });
    expect(validateExtension(request({ consent: { ...consent, consentedAt: new Date('x') } }))).toMatchObject({
      code: 'consent_incomplete',
    });
  });

  it('refuses consent dated in the future', () => {
    const consentedAt = new Date(now.getTime() + 1000);
    expect(validateExtension(request({ consent: { ...consent, consentedAt } }))).toMatchObject({
      code: 'consent_in_future',
    });
  });

  it('refuses consent given before the complaint was received', () => {
    const clockStart = new Date('2026-03-09T04:55:00Z');
    expect(validateExtension(request({ clockStart }))).toMatchObject({
      code: 'consent_before_clock_start',
    });
    expect(validateExtension(request({ clockStart: new Date('2026-03-09T02:00:00Z') }))).toEqual({
      ok: true,
    });
  });

  it('refuses invalid dates', () => {
    expect(validateExtension(request({ newDueAt: new Date(Number.NaN) }))).toMatchObject({
      code: 'invalid_date',
    });
  });

  it('names the rule in a human message', () => {
    const result = validateExtension(request({ now: newDueAt }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('before it passes');
  });
});
