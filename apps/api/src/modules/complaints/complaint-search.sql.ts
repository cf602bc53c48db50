import { escapeLike } from '../../common/sql';

/** A complaint number as `complaint_next_number` makes it: `YYMM-NNNNN`; only digits and the dash. */
const NUMBER_PART = /^[0-9-]+$/;
/** A caller phone as intake stores it: an optional `+` and digits (spaces and dashes removed). */
const PHONE_PART = /^\+?[0-9][0-9-]*$/;

/**
 * A search reads the complaints' searchable text from `complaint_search` (migration
 * SearchSideTable: one row per complaint, kept by triggers, with the trigram indexes and its own
 * newest-first index), joined to the complaint by id. Newest-first pages are ordered by the side
 * table's copy of the received time, so the planner can walk that narrow table newest first for
 * common words, or read the trigram indexes for rare ones, and fetch only the matches from
 * `complaint`.
 */
export const COMPLAINT_SEARCH_JOIN = 'JOIN complaint_search s ON s.complaint_id = c.id';
/** The newest-first order of a search page: the side table's received time and id (the complaint's own). */
export const COMPLAINT_SEARCH_ORDER = { column: 's.received_at', id: 's.complaint_id' } as const;

/**
 * What one word of a complaint search (`q`, see `searchTerms`) asks of a complaint: it occurs in the
 * subject or the caller's name (case-insensitive: their lowercased copies against the lowercased
 * word), or in the number or caller phone. A word is compared with the number and the phone only
 * when it could be part of one: "template" is not tested against every number, which saves a test
 * per row read; "0042" is, with a plain `LIKE` (digits have no case). A phone word is compared
 * without its dashes, as phones are stored ("138-0013" finds 13800138000). Each arm has its trigram
 * index, so the planner can drive the search from the rarest word. The columns are those of
 * `complaint_search` (alias `s`, see COMPLAINT_SEARCH_JOIN). Shared by the API and the benchmark's
 * baseline.
 */
export function complaintSearchWordSql(word: string, param: (value: string) => string): string {
  const contains = param(`%${escapeLike(word)}%`);
  // The side table's lowercased copies (made by lower() in its triggers) against the word lowercased by the same lower().
  const lowered = `lower(${contains})`;
  const arms = [`s.subject_lc LIKE ${lowered}`, `s.caller_name_lc LIKE ${lowered}`];
  if (NUMBER_PART.test(word)) arms.unshift(`s.number LIKE ${contains}`);
  if (PHONE_PART.test(word)) arms.push(`s.caller_phone LIKE ${param(`%${escapeLike(word.replace(/-/g, ''))}%`)}`);
  return `(${arms.join(' OR ')})`;
}
