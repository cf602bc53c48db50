import fc from 'fast-check';
import { normalizePhone, normalizePhones } from './phone';

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['(021) 6432-1234', '02164321234'],
    ['021-64321234', '02164321234'],
    ['+86 21 6432 1234', '02164321234'],
    ['0086 21 6432 1234', '02164321234'],
    ['95546', '95546'],
  ])('normalises %s to %s', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it.each(['', 'abc', '138-0013-800x', '12', '+', '1'.repeat(21), 'call 13800138000'])('rejects %j', (raw) => {
    expect(normalizePhone(raw)).toBeNull();
  });

  it('is idempotent: a normalised number normalises to itself', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (mobile) => {
        const once = normalizePhone(mobile);
        expect(once).toBe(mobile);
        expect(normalizePhone(once!)).toBe(once);
      }),
    );
  });

  it('ignores separators anywhere in a mobile number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), fc.array(fc.constantFrom(' ', '-', '.'), { maxLength: 11 }), (mobile, seps) => {
        const spaced = mobile
          .split('')
          .map((d, i) => d + (seps[i] ?? ''))
          .join('');
        expect(normalizePhone(spaced)).toBe(mobile);
      }),
    );
  });

  it('deduplicates and reports invalid entries', () => {
    expect(normalizePhones(['13800138000', '+86 138 0013 8000', 'nope'])).toEqual({ normalized: ['13800138000'], invalid: ['nope'] });
  });
});
