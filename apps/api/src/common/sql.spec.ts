import { escapeLike, SEARCH_MAX_TERMS, searchTerms } from './sql';

describe('searchTerms', () => {
  it('splits on any whitespace, the full-width space included, and drops empty words', () => {
    expect(searchTerms('  wang\t4242\n')).toEqual(['wang', '4242']);
    expect(searchTerms('王\u3000投诉')).toEqual(['王', '投诉']);
    expect(searchTerms('   ')).toEqual([]);
    expect(searchTerms('')).toEqual([]);
  });

  it('keeps the first spelling of a word repeated in another case', () => {
    expect(searchTerms('Wang wang WANG late')).toEqual(['Wang', 'late']);
  });

  it('counts words so a caller can refuse more than the limit', () => {
    const many = Array.from({ length: SEARCH_MAX_TERMS + 1 }, (_, i) => `w${i}`).join(' ');
    expect(searchTerms(many)).toHaveLength(SEARCH_MAX_TERMS + 1);
  });
});

describe('escapeLike', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
});
