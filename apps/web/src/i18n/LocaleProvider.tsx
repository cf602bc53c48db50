import { ConfigProvider, theme } from 'antd';
// The ES build of the locales (the bare `antd/locale/*` path pulls antd's CommonJS build in).
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Language } from './index';
import { dayjsLocaleOf } from './time';

const ANTD_LOCALES = { 'zh-CN': zhCN, en: enUS } satisfies Record<Language, unknown>;

/**
 * antd components and dayjs follow the language chosen in the header. antd's `<App>` (message,
 * modal and notification hooks) is provided by the layout, so the login page does not load them.
 */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const language: Language = i18n.resolvedLanguage === 'en' ? 'en' : 'zh-CN';
  dayjs.locale(dayjsLocaleOf(language));
  return (
    <ConfigProvider
      locale={ANTD_LOCALES[language]}
      theme={{ algorithm: theme.defaultAlgorithm, token: { colorPrimary: '#1668dc', borderRadius: 6 } }}
      componentSize="middle"
    >
      {children}
    </ConfigProvider>
  );
}
