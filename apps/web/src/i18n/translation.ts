/**
 * The shape a translation must have: the same keys as the Chinese dictionary, every leaf a string.
 * An area writes `export const en: Translation<typeof zhCN> = {…}` so that a missing key fails to
 * compile (and an extra one too, as an object literal's excess property).
 */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };

/** What each area's `pages/<area>/i18n.ts` exports. */
export interface AreaMessages<T> {
  zhCN: T;
  en: Translation<T>;
}
