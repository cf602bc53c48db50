/**
 * i18next set-up: Chinese by default, English on request; the choice is kept in localStorage.
 * Both languages are bundled (a few KB), so switching is instant and works offline.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import * as admin from '../pages/admin/i18n';
import * as surveys from '../pages/surveys/i18n';
import * as complaints from '../pages/complaints/i18n';
import * as customers from '../pages/customers/i18n';
import * as appraisal from '../pages/appraisal/i18n';
import * as rotation from '../pages/rotation/i18n';
import { en } from './en';
import type { AreaMessages } from './translation';
import { type CoreMessages, zhCN } from './zh-CN';

/**
 * Each console area keeps its texts in `pages/<area>/i18n.ts` (`{ zhCN, en }`, same keys) and adds
 * ONE line here; its texts are then `t('<area>.some.key')`.
 */
const areas = defineAreas({
  admin,
  surveys,
  complaints,
  customers,
  appraisal,
  rotation,
});

/** The compiler checks here, too, that each area's English has every key of its Chinese. */
function defineAreas<A extends Record<string, { zhCN: object; en: object }>>(list: A & { [K in keyof A]: AreaMessages<A[K]['zhCN']> }): A {
  return list;
}

type Areas = typeof areas;
/** Every text of the console: the core dictionary plus one namespace per area. */
export type Messages = CoreMessages & { [A in keyof Areas]: Areas[A]['zhCN'] };

function merged(language: 'zhCN' | 'en'): Messages {
  const byArea = Object.fromEntries(Object.entries(areas).map(([name, area]) => [name, area[language]]));
  // Same keys in both languages (Translation<> checks each area), so the English tree fits `Messages`.
  return { ...(language === 'zhCN' ? zhCN : en), ...byArea } as Messages;
}

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const STORAGE_KEY = 'cs.lang';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: merged('zhCN') }, en: { translation: merged('en') } },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false,
});

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LANGUAGE;
}

export async function changeLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
  document.title = i18n.t('app.title');
});
document.documentElement.lang = currentLanguage();
document.title = i18n.t('app.title');

export { i18n };
