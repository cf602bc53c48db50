import fc from 'fast-check';
import { MoneyFormatError } from './money-errors';
import { MAX_AMOUNT_FEN, formatFen, isValidYuanAmount, parseYuanToFen } from './yuan';

describe('parseYuanToFen', () => {
  it.each([
    ['1250.00', 125000n],
    ['1250', 125000n],
    ['1250.5', 125050n],
    ['0.01', 1n],
    ['0', 0n],
    ['007.10', 710n],
    ['999999999999.99', MAX_AMOUNT_FEN],
  ])('reads "%s" as %p fen', (input, fen) => {
    expect(parseYuanToFen(input)).toBe(fen);
  });

  it.each(['-1.00', '+1.00', '1e3', '1.005', '1,250.00', ' 1.00', '1.00 ', '.50', '1.', '', '1000000000000', 'NaN', '０.５'])(
    'rejects "%s" with a typed error',
    (input) => {
      expect(isValidYuanAmount(input)).toBe(false);
      expect(() => parseYuanToFen(input)).toThrow(MoneyFormatError);
    },
  );

  it('rejects values that are not strings', () => {
    expect(() => parseYuanToFen(12.5 as unknown as string)).toThrow(expect.objectContaining({ code: 'invalid_money' }));
  });
});

describe('formatFen', () => {
  it('writes two decimals', () => {
    expect(formatFen(125000n)).toBe('1250.00');
    expect(formatFen(5n)).toBe('0.05');
    expect(formatFen(0n)).toBe('0.00');
    expect(formatFen(-1250n)).toBe('-12.50');
  });

  it('formats and parses back any amount NUMERIC(14,2) holds (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_AMOUNT_FEN }), (fen) => {
        expect(parseYuanToFen(formatFen(fen))).toBe(fen);
      }),
    );
  });
});
