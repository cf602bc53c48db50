import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads plain, quoted and escaped fields with CRLF or LF', () => {
    expect(parseCsv('\uFEFFa,b,c\r\n"x, y","say ""hi""",\n1,2,3')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', ''],
      ['1', '2', '3'],
    ]);
  });

  it('keeps line breaks inside quotes in one record', () => {
    expect(parseCsv('name,note\n"A","line 1\nline 2"\n')).toEqual([
      ['name', 'note'],
      ['A', 'line 1\nline 2'],
    ]);
  });

  it('keeps values as text (no number or date conversion)', () => {
    expect(parseCsv('013800,2026-01-31,1e5')).toEqual([['013800', '2026-01-31', '1e5']]);
  });

  it('rejects an unclosed quote', () => {
    expect(() => parseCsv('"abc')).toThrow('not closed');
  });
});
