/**
 * Phone numbers as callers type them ("+86 138-0013-8000", "(021) 6432 1234", "0086 13800138000")
 * reduced to one comparable form, so the intake lookup can use an exact, indexed match.
 *
 * - every character but digits is dropped (a leading "+" only marks the country prefix);
 * - a mainland country prefix (+86 / 0086 / 86) in front of a mobile (1xxxxxxxxxx) or a
 *   landline with area code is removed, so local and international spellings meet;
 * - the result must have 5–20 digits, otherwise it is not a phone number (null).
 */
export function normalizePhone(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  if (!/^[+(\d][\d\s\-().]*$/.test(trimmed)) return null;
  let digits = trimmed.replace(/\D/g, '');
  let mainlandInternational = false;
  if (digits.startsWith('0086')) {
    digits = digits.slice(4);
    mainlandInternational = true;
  } else if (trimmed.startsWith('+86')) {
    digits = digits.slice(2);
    mainlandInternational = true;
  } else if (digits.length === 13 && digits.startsWith('861')) {
    digits = digits.slice(2);
  }
  // A landline written internationally drops its trunk 0 ("+86 21 6432 1234" = "021 6432 1234").
  if (mainlandInternational && /^[2-9]/.test(digits)) digits = `0${digits}`;
  if (digits.length < 5 || digits.length > 20) return null;
  return digits;
}

/** Distinct normalised forms of a list of phones; throws on the first one that is not a phone. */
export function normalizePhones(raws: readonly string[]): { normalized: string[]; invalid: string[] } {
  const normalized = new Set<string>();
  const invalid: string[] = [];
  for (const raw of raws) {
    const n = normalizePhone(raw);
    if (n === null) invalid.push(raw);
    else normalized.add(n);
  }
  return { normalized: [...normalized], invalid };
}
