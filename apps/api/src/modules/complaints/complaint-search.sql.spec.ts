import { complaintSearchWordSql } from './complaint-search.sql';

function build(word: string): { sql: string; values: string[] } {
  const values: string[] = [];
  const sql = complaintSearchWordSql(word, (value) => {
    values.push(value);
    return `$${values.length}`;
  });
  return { sql, values };
}

describe('complaintSearchWordSql', () => {
  it('tests a word with letters against the subject and the caller name only', () => {
    expect(build('Wang')).toEqual({ sql: '(s.subject_lc LIKE lower($1) OR s.caller_name_lc LIKE lower($1))', values: ['%Wang%'] });
    expect(build('B0001')).toEqual({ sql: '(s.subject_lc LIKE lower($1) OR s.caller_name_lc LIKE lower($1))', values: ['%B0001%'] });
  });

  it('tests a number-like word against the number and, without its dashes, the phone', () => {
    expect(build('2611-00042')).toEqual({
      sql: '(s.number LIKE $1 OR s.subject_lc LIKE lower($1) OR s.caller_name_lc LIKE lower($1) OR s.caller_phone LIKE $2)',
      values: ['%2611-00042%', '%261100042%'],
    });
    expect(build('4242').sql).toBe(
      '(s.number LIKE $1 OR s.subject_lc LIKE lower($1) OR s.caller_name_lc LIKE lower($1) OR s.caller_phone LIKE $2)',
    );
  });

  it('tests a word starting with + against the phone but not the number', () => {
    expect(build('+86139')).toEqual({
      sql: '(s.subject_lc LIKE lower($1) OR s.caller_name_lc LIKE lower($1) OR s.caller_phone LIKE $2)',
      values: ['%+86139%', '%+86139%'],
    });
  });

  it('escapes LIKE wildcards in every pattern', () => {
    expect(build('50%_').values).toEqual(['%50\\%\\_%']);
    expect(build('-')).toEqual({
      sql: '(s.number LIKE $1 OR s.subject_lc LIKE lower($1) OR s.caller_name_lc LIKE lower($1))',
      values: ['%-%'],
    });
  });
});
