/**
 * Dates are shown in the deployment's business time zone (from /auth/me), whatever the browser's
 * own zone is, so that a Beijing deadline reads the same on every workstation.
 */
import dayjs, { type Dayjs } from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/auth-context';
import type { Language } from './index';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(relativeTime);

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm:ss';
export const DATE_FORMAT = 'YYYY-MM-DD';

export function dayjsLocaleOf(language: Language): string {
  return language === 'zh-CN' ? 'zh-cn' : 'en';
}

export interface BusinessTime {
  timeZone: string;
  /** An instant (ISO string) as date and time in the business zone; '—' for null. */
  dateTime: (iso: string | null | undefined) => string;
  /** "3 minutes ago" in the current language. */
  fromNow: (iso: string) => string;
  /** The instant a calendar day (picked in a date picker) starts in the business zone. */
  startOfDay: (day: Dayjs) => string;
  /** The last millisecond of a calendar day in the business zone. */
  endOfDay: (day: Dayjs) => string;
}

export function useBusinessTime(): BusinessTime {
  const { me } = useAuth();
  const { i18n } = useTranslation();
  const timeZone = me?.timeZone ?? DEFAULT_TIME_ZONE;
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'zh-CN';
  const dateTime = useCallback(
    (iso: string | null | undefined) => (iso ? dayjs(iso).tz(timeZone).format(DATE_TIME_FORMAT) : '—'),
    [timeZone],
  );
  const fromNow = useCallback((iso: string) => dayjs(iso).locale(dayjsLocaleOf(language)).fromNow(), [language]);
  const startOfDay = useCallback((day: Dayjs) => dayjs.tz(day.format(DATE_FORMAT), timeZone).startOf('day').toISOString(), [timeZone]);
  const endOfDay = useCallback((day: Dayjs) => dayjs.tz(day.format(DATE_FORMAT), timeZone).endOf('day').toISOString(), [timeZone]);
  return useMemo(() => ({ timeZone, dateTime, fromNow, startOfDay, endOfDay }), [timeZone, dateTime, fromNow, startOfDay, endOfDay]);
}
