/** The customer's recorded agreement to a later deadline [002, 003 五.3]. */
export interface ExtensionConsent {
  /** Who consented (the customer or their representative). */
  consentedBy: string;
  consentedAt: Date;
  /** How consent was given: phone, onsite, sms, email, … */
  method: string;
}

export interface ExtensionRequest {
  now: Date;
  currentDueAt: Date;
  newDueAt: Date;
  consent: ExtensionConsent | null | undefined;
  /** When the clock started; consent older than this cannot be about this complaint. */
  clockStart?: Date;
}

export type ExtensionViolationCode =
  | 'invalid_date'
  | 'extension_after_deadline'
  | 'extension_not_later'
  | 'consent_required'
  | 'consent_incomplete'
  | 'consent_in_future'
  | 'consent_before_clock_start';

export type ExtensionCheck = { ok: true } | { ok: false; code: ExtensionViolationCode; message: string };

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && Number.isFinite(value.getTime());
}

function violation(code: ExtensionViolationCode, message: string): ExtensionCheck {
  return { ok: false, code, message };
}

/**
 * Whether a handler may move a deadline later: only before it has passed, only to a later time,
 * and only with the customer's recorded consent (who, when, how), given before now.
 */
export function validateExtension(request: ExtensionRequest): ExtensionCheck {
  const { now, currentDueAt, newDueAt, consent, clockStart } = request;
  if (!isValidDate(now) || !isValidDate(currentDueAt) || !isValidDate(newDueAt)) {
    return violation('invalid_date', 'now, currentDueAt and newDueAt must be valid dates');
  }
  if (now.getTime() >= currentDueAt.getTime()) {
    return violation(
      'extension_after_deadline',
      `A deadline can only be extended before it passes; it was due at ${currentDueAt.toISOString()}`,
    );
  }
  if (newDueAt.getTime() <= currentDueAt.getTime()) {
    return violation('extension_not_later', `The new deadline must be later than the current one (${currentDueAt.toISOString()})`);
  }
  if (consent === null || consent === undefined) {
    return violation('consent_required', "Extending a deadline needs the customer's recorded consent");
  }
  if (
    typeof consent.consentedBy !== 'string' ||
    consent.consentedBy.trim() === '' ||
    typeof consent.method !== 'string' ||
    consent.method.trim() === '' ||
    !isValidDate(consent.consentedAt)
  ) {
    return violation('consent_incomplete', 'Consent must record who consented, when, and how');
  }
  if (consent.consentedAt.getTime() > now.getTime()) {
    return violation('consent_in_future', 'Consent cannot be recorded as given in the future');
  }
  if (isValidDate(clockStart) && consent.consentedAt.getTime() < clockStart.getTime()) {
    return violation(
      'consent_before_clock_start',
      `Consent given before the complaint was received (${clockStart.toISOString()}) cannot cover it`,
    );
  }
  return { ok: true };
}
